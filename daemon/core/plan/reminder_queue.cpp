#include "core/plan/reminder_queue.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace agendad::core {

namespace {

// A min-heap through std's max-heap algorithms; ties in any order, since what is taken
// together is sorted with fires_before.
struct Later {
    template <typename E>
    bool operator()(const E& a, const E& b) const {
        return a.at > b.at;
    }
};

bool same_alarm(const Alarm& a, const Alarm& b) {
    return a.related == b.related && a.lead == b.lead && a.at == b.at;
}

bool same_rule(const std::optional<Recurrence>& a, const std::optional<Recurrence>& b) {
    // A rule is its text bound to the event's start, zone and all-day flag, compared beside it.
    return a.has_value() == b.has_value() && (!a || a->text() == b->text());
}

// The same on packed entries: instant first, then index.
struct LaterKey {
    template <typename E>
    bool operator()(const E& a, const E& b) const {
        return a.key > b.key;
    }
};

} // namespace

bool same_reminder_times(const Event& a, const Event& b) {
    return a.zone == b.zone && a.all_day == b.all_day && a.start == b.start &&
           a.start_instant == b.start_instant && a.duration == b.duration && a.remind == b.remind &&
           same_rule(a.repeat, b.repeat) && a.except_times == b.except_times &&
           a.except_days == b.except_days && a.extra_times == b.extra_times &&
           std::equal(a.alarms.begin(), a.alarms.end(), b.alarms.begin(), b.alarms.end(),
                      same_alarm);
}

std::optional<std::uint32_t> EventMatcher::find(const Event& event) {
    if (guess_ < old_.size()) {
        const Event& candidate = old_[guess_];
        if (&candidate == &event || candidate.id == event.id)
            return guess_++;
    }
    if (!indexed_) {
        by_id_.reserve(old_.size());
        for (std::uint32_t i = 0; i < old_.size(); ++i)
            by_id_.emplace(old_[i].id, i);
        indexed_ = true;
    }
    const auto found = by_id_.find(event.id);
    if (found == by_id_.end())
        return std::nullopt;
    guess_ = found->second + 1;
    return found->second;
}

void ReminderQueue::push(Entry entry) {
    heap_.push_back(entry);
    std::push_heap(heap_.begin(), heap_.end(), LaterKey{});
}

ReminderQueue::Entry ReminderQueue::pop() {
    std::pop_heap(heap_.begin(), heap_.end(), LaterKey{});
    const Entry top = heap_.back();
    heap_.pop_back();
    return top;
}

void ReminderQueue::plan(std::uint32_t index, Instant after) {
    // Only the instant is kept; the reminders are built again when it comes.
    const auto step = next_event_step(schedule_->events[index], schedule_->settings, after);
    if (!step.reminders.empty())
        heap_.push_back(Entry::of(step.reminders.front().fire_at, index));
}

void ReminderQueue::reset(const Schedule& schedule, Instant after) {
    schedule_ = &schedule;
    position_ = after;
    heap_.clear();
    heap_.shrink_to_fit();
    for (std::uint32_t i = 0; i < schedule.events.size(); ++i)
        plan(i, after);
    heap_.shrink_to_fit();
    std::make_heap(heap_.begin(), heap_.end(), LaterKey{});
}

void ReminderQueue::replace(const Schedule& schedule, Instant after) {
    if (schedule_ == nullptr || schedule.settings.all_day_at != schedule_->settings.all_day_at) {
        reset(schedule, after);
        return;
    }
    const Schedule& old = *schedule_;
    // Each old event's pending instant.
    std::vector<std::optional<Instant>> pending(old.events.size());
    for (const Entry& entry : heap_)
        pending[entry.event()] = entry.at();
    EventMatcher old_events{old.events};

    schedule_ = &schedule;
    heap_.clear();
    for (std::uint32_t i = 0; i < schedule.events.size(); ++i) {
        const Event& event = schedule.events[i];
        const auto found = old_events.find(event);
        // An event shared by both schedules (a calendar's, a kept one) is the same object.
        if (found &&
            (&old.events[*found] == &event || same_reminder_times(old.events[*found], event))) {
            if (const auto at = pending[*found])
                heap_.push_back(Entry::of(*at, i));
        } else {
            plan(i, after);
        }
    }
    std::make_heap(heap_.begin(), heap_.end(), LaterKey{});
    position_ = std::min(position_, after);
}

std::optional<Instant> ReminderQueue::next_instant() const {
    if (heap_.empty())
        return std::nullopt;
    return heap_.front().at();
}

std::vector<Reminder> ReminderQueue::peek() const {
    return look_ahead([](const Reminder&) { return true; }, 1).reminders;
}

ReminderQueue::Ahead ReminderQueue::look_ahead(const std::function<bool(const Reminder&)>& keep,
                                               int max_instants) const {
    // The k smallest entries of a heap without touching it: a small heap of candidates, each
    // a node of the big one (whose children become candidates once it is taken) or an event
    // already stepped past here (at its following instant). Each event is in it at most once.
    constexpr auto stepped = static_cast<std::size_t>(-1);
    struct Candidate {
        Instant at;
        std::uint32_t event;
        std::size_t node; ///< in heap_, or `stepped`
    };
    Ahead ahead;
    std::vector<Candidate> candidates;
    if (!heap_.empty())
        candidates.push_back(Candidate{heap_[0].at(), heap_[0].event(), 0});
    const auto add = [&](Candidate c) {
        candidates.push_back(c);
        std::push_heap(candidates.begin(), candidates.end(), Later{});
    };
    for (int examined = 0; examined < max_instants && !candidates.empty(); ++examined) {
        const Instant at = candidates.front().at;
        std::vector<Reminder> found;
        while (!candidates.empty() && candidates.front().at == at) {
            std::pop_heap(candidates.begin(), candidates.end(), Later{});
            const Candidate c = candidates.back();
            candidates.pop_back();
            if (c.node != stepped) {
                for (const std::size_t child : {2 * c.node + 1, 2 * c.node + 2})
                    if (child < heap_.size())
                        add(Candidate{heap_[child].at(), heap_[child].event(), child});
            }
            auto step = next_event_step(schedule_->events[c.event], schedule_->settings,
                                        at - std::chrono::seconds{1});
            for (auto& reminder : step.reminders)
                if (keep(reminder))
                    found.push_back(reminder);
            if (step.following)
                add(Candidate{*step.following, c.event, stepped});
        }
        if (!found.empty()) {
            std::sort(found.begin(), found.end(), fires_before);
            ahead.reminders = std::move(found);
            return ahead;
        }
        if (examined + 1 == max_instants)
            ahead.gave_up_at = at;
    }
    return ahead;
}

std::vector<Reminder> ReminderQueue::take_through(Instant until) {
    std::vector<Reminder> out;
    while (!heap_.empty() && heap_.front().at() <= until) {
        const Entry entry = pop();
        auto step = next_event_step(schedule_->events[entry.event()], schedule_->settings,
                                    entry.at() - std::chrono::seconds{1});
        out.insert(out.end(), step.reminders.begin(), step.reminders.end());
        if (step.following)
            push(Entry::of(*step.following, entry.event()));
    }
    std::sort(out.begin(), out.end(), fires_before);
    position_ = std::max(position_, until);
    return out;
}

void ReminderQueue::skip_through(Instant until) {
    while (!heap_.empty() && heap_.front().at() <= until) {
        const Entry entry = pop();
        const auto step = next_event_step(schedule_->events[entry.event()], schedule_->settings,
                                          std::max(until, entry.at()));
        if (!step.reminders.empty())
            push(Entry::of(step.reminders.front().fire_at, entry.event()));
    }
    position_ = std::max(position_, until);
}

} // namespace agendad::core
