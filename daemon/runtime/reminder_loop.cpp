#include "runtime/reminder_loop.hpp"

#include "core/plan/occurrence_lookup.hpp"
#include "core/plan/planner.hpp"
#include "core/text/plural.hpp"
#include "core/text/reminder_text.hpp"
#include "runtime/history.hpp"
#include "runtime/log.hpp"

#include <algorithm>

namespace agendad::runtime {

namespace {

core::Instant whole_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::floor<std::chrono::seconds>(t);
}

ReminderKey key_of(const core::Reminder& r) {
    return ReminderKey{r.event->id, r.occurrence.start, r.lead->text};
}

// At most this many "too old to show" lines are logged after one downtime.
constexpr std::size_t old_lines_logged = 20;

// Planning skips at most this many instants whose reminders are all dismissed; past them it
// arms a wake-up at the last one skipped and looks further from there.
constexpr int dismissed_instants_skipped = 64;

} // namespace

ReminderLoop::ReminderLoop(const core::Clock& clock, TimerSource& timer, core::Sink& sink,
                           StateStore& store, const core::Zone* user_zone, Options options)
    : clock_(clock), timer_(timer), sink_(sink), store_(store), user_zone_(user_zone),
      options_(std::move(options)) {
    timer_.set_handler([this](TimerWake wake) { on_timer(wake); });
}

void ReminderLoop::start() {
    state_ = store_.load();
    const auto now = whole_seconds(clock_.now());
    // First start ever: nothing can have been missed. A horizon in the future means the clock
    // went back while we were down.
    horizon_ = state_.horizon ? std::min(*state_.horizon, now) : now;
}

void ReminderLoop::replace_schedule(std::shared_ptr<const core::Schedule> schedule) {
    const auto precise_now = clock_.now();
    if (schedule_) {
        // Nothing due under the old schedule is lost, and the new one plans only what is ahead,
        // from one second back so that a reminder due in this very second still fires (the
        // delivered set keeps it from firing twice). Events that did not change keep their
        // place in the queue.
        run_due(precise_now);
        horizon_ = whole_seconds(precise_now) - std::chrono::seconds{1};
        queue_.replace(*schedule, horizon_);
    } else {
        queue_.reset(*schedule, horizon_);
    }
    schedule_ = std::move(schedule);
    events_by_id_.clear();
    run_due(precise_now);
    arm();
}

void ReminderLoop::on_timer(TimerWake wake) {
    const auto precise_now = clock_.now();
    const auto now = whole_seconds(precise_now);
    if (wake == TimerWake::clock_changed) {
        log::write(log::Level::info, "the wall clock was set; planning again");
        if (now < horizon_) {
            horizon_ = now;
            if (schedule_)
                queue_.reset(*schedule_, horizon_);
        }
    }
    run_due(precise_now);
    arm();
}

void ReminderLoop::save() {
    state_.horizon = horizon_;
    store_.save(state_);
}

std::chrono::seconds ReminderLoop::catch_up_reach(core::Instant now) const {
    const auto& span = schedule_->settings.catch_up;
    return now - span.before(now, *schedule_->settings.zone);
}

bool ReminderLoop::dismissed(const core::Reminder& reminder) const {
    return !state_.dismissed.empty() &&
           state_.dismissed.contains(OccurrenceKey{reminder.event->id, reminder.occurrence.start});
}

void ReminderLoop::run_due(std::chrono::system_clock::time_point precise_now) {
    const auto now = whole_seconds(precise_now);
    if (!schedule_)
        return;
    std::vector<core::Delivery> deliveries; // in the planner's order
    std::vector<ReminderKey> fresh;         // added to state_.delivered: the journal's lines
    std::size_t missed_count = 0;
    std::size_t too_old = 0;
    if (now > horizon_) {
        const auto reach = catch_up_reach(now);
        const auto from =
            std::max(horizon_ + std::chrono::seconds{1}, now - std::max(reach, options_.lookback));
        queue_.skip_through(from - std::chrono::seconds{1});
        const auto due = queue_.take_through(now);
        for (const auto& reminder : due) {
            if (dismissed(reminder))
                continue;
            auto key = key_of(reminder);
            if (state_.delivered.contains(key))
                continue;
            const auto late = now - reminder.fire_at;
            if (late <= options_.grace) {
                deliveries.push_back(core::make_delivery(reminder, now, false));
            } else if (reminder.occurrence.end > now || late <= reach) {
                deliveries.push_back(core::make_delivery(reminder, now, true));
                ++missed_count;
            } else {
                // Not shown, but not silently: `agendactl log --missed` lists it.
                record_history(state_.history,
                               core::HistoryEntry{reminder.fire_at, core::HistoryKind::missed,
                                                  reminder.event->id, reminder.event->title,
                                                  reminder.lead->text, reminder.occurrence.start},
                               now);
                if (++too_old <= old_lines_logged)
                    log::write(log::Level::info,
                               fmt::format("missed reminder not shown (older than catch_up): {}",
                                           core::reminder_line(reminder, *user_zone_)),
                               {{"EVENT_ID", reminder.event->id},
                                {"FIRE_AT", core::rfc3339_utc(reminder.fire_at)}});
                continue;
            }
            fresh.push_back(key);
            state_.delivered.insert(std::move(key));
        }
        if (too_old > old_lines_logged)
            log::write(log::Level::info, fmt::format("{} more missed reminders not shown",
                                                     too_old - old_lines_logged));
        horizon_ = now;
        // Entries can only matter again for occurrences within the look-back window (plus a
        // day, as an all-day event's reminders fire after its midnight start).
        prune_state(state_, now - std::max(reach, options_.lookback) - std::chrono::days{2});
        state_.horizon = horizon_;
    }
    std::vector<core::Delivery> snoozed;
    const bool took_snoozes = take_due_snoozes(now, snoozed);
    if (deliveries.empty() && too_old == 0 && !took_snoozes)
        return; // nothing new to remember

    // Said once the state is saved, of the deliveries in the planner's order.
    const std::size_t on_time = deliveries.size() - missed_count;
    const auto last_due = deliveries.empty() ? core::Instant{} : deliveries.back().fire_at;
    // The order of handing over: many missed at once make one "while you were away" digest,
    // first, then those on time, then the snoozes.
    std::size_t digest_size = 0;
    if (missed_count > options_.digest_above) {
        std::stable_partition(deliveries.begin(), deliveries.end(),
                              [](const core::Delivery& d) { return d.missed; });
        digest_size = missed_count;
    }
    // The history entries go in the same write as the reminders themselves: one save per
    // firing, and a crash cannot leave a delivered reminder without its entry.
    record_handed_over(state_, deliveries);
    record_handed_over(state_, snoozed);
    // Taken snoozes are removed from the state, which the journal's lines cannot say.
    if (took_snoozes)
        store_.save(state_);
    else
        store_.save_firing(state_, fresh);

    if (on_time > 0 && log::verbose()) {
        const auto lateness =
            std::chrono::duration_cast<std::chrono::microseconds>(precise_now - last_due);
        log::write(log::Level::debug,
                   fmt::format("delivering {} due at {}, {:.3f} ms after the instant",
                               core::counted(on_time, "reminder"), core::rfc3339_utc(last_due),
                               static_cast<double>(lateness.count()) / 1000.0),
                   {{"LATENESS_USEC", std::to_string(lateness.count())}});
    }
    if (digest_size > 0)
        sink_.deliver_digest(std::span<const core::Delivery>{deliveries.data(), digest_size});
    for (std::size_t i = digest_size; i < deliveries.size(); ++i)
        sink_.deliver(deliveries[i]);
    for (const auto& delivery : snoozed)
        sink_.deliver(delivery);
}

bool ReminderLoop::take_due_snoozes(core::Instant now, std::vector<core::Delivery>& out) {
    std::vector<std::pair<OccurrenceKey, core::Instant>> due;
    for (auto it = state_.snoozed.begin(); it != state_.snoozed.end();) {
        if (it->second > now) {
            ++it;
            continue;
        }
        due.emplace_back(it->first, it->second);
        it = state_.snoozed.erase(it);
    }
    std::stable_sort(due.begin(), due.end(),
                     [](const auto& a, const auto& b) { return a.second < b.second; });
    for (const auto& [key, until] : due) {
        const core::Event* event = find_event(key.event_id);
        const auto occurrence =
            event ? core::find_occurrence(*event, schedule_->settings, key.start, now)
                  : std::nullopt;
        if (!occurrence) {
            log::write(log::Level::info,
                       fmt::format("snoozed reminder dropped: {} is no longer in the schedule",
                                   event ? fmt::format("the occurrence of [{}] at {}", key.event_id,
                                                       core::rfc3339_utc(key.start))
                                         : fmt::format("event [{}]", key.event_id)),
                       {{"EVENT_ID", key.event_id}});
            continue;
        }
        out.push_back(core::make_delivery(*event, *occurrence, std::string{core::snooze_lead},
                                          until, now, now - until > options_.grace));
    }
    return !due.empty();
}

void ReminderLoop::snooze(const OccurrenceKey& occurrence, core::Instant until) {
    state_.dismissed.erase(occurrence);
    state_.snoozed[occurrence] = until;
    state_.horizon = horizon_;
    store_.save(state_);
    arm();
}

void ReminderLoop::dismiss(const OccurrenceKey& occurrence) {
    state_.snoozed.erase(occurrence);
    state_.dismissed.insert(occurrence);
    state_.horizon = horizon_;
    store_.save(state_);
    arm();
}

void ReminderLoop::change_state(const std::function<void(State&)>& change) {
    change(state_);
    state_.horizon = horizon_;
    store_.save(state_);
}

void ReminderLoop::set_open_bubbles(core::OpenBubbles bubbles) {
    if (bubbles == state_.bubbles)
        return;
    state_.bubbles = std::move(bubbles);
    // Written with the next save, or within the store's coalescing delay if none comes: a
    // crash may lose the latest ids (their bubbles then stop working), never a reminder.
    store_.save_soon([this] { save(); });
}

std::expected<std::vector<core::Delivery>, core::PlanTooLarge>
ReminderLoop::upcoming(core::Instant from, core::Instant until, std::size_t limit) const {
    std::vector<core::Delivery> out;
    if (!schedule_)
        return out;
    auto reminders = core::reminders_within(
        *schedule_, from, until, core::PlanBudget{.occurrences = 1'000'000, .reminders = limit});
    if (!reminders)
        return std::unexpected(std::move(reminders.error()));
    for (const auto& reminder : *reminders) {
        if (!dismissed(reminder))
            out.push_back(core::make_delivery(reminder, reminder.fire_at, false));
    }
    for (const auto& [key, at] : state_.snoozed) {
        if (at < from || at >= until)
            continue;
        const core::Event* event = find_event(key.event_id);
        if (!event)
            continue;
        if (const auto occurrence =
                core::find_occurrence(*event, schedule_->settings, key.start, at))
            out.push_back(core::make_delivery(*event, *occurrence, std::string{core::snooze_lead},
                                              at, at, false));
    }
    std::stable_sort(out.begin(), out.end(), [](const core::Delivery& a, const core::Delivery& b) {
        return a.fire_at < b.fire_at;
    });
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

void ReminderLoop::arm() {
    next_deadline_.reset();
    next_.reset();
    next_title_.clear();
    next_lead_.clear();
    if (schedule_) {
        // The queue's next reminders not dismissed.
        const auto ahead = queue_.look_ahead(
            [this](const core::Reminder& r) { return !dismissed(r); }, dismissed_instants_skipped);
        const auto& next = ahead.reminders;
        if (!next.empty()) {
            next_deadline_ = next.front().fire_at;
            next_ = core::make_delivery(next.front(), next.front().fire_at, false);
            next_title_ = next.front().event->title;
            next_lead_ = core::describe_lead(next.front());
            if (next.size() > 1)
                next_title_ += fmt::format(" (+{} more)", next.size() - 1);
        } else if (ahead.gave_up_at) {
            // A long run of dismissed reminders: look on from there.
            next_deadline_ = ahead.gave_up_at;
        }
        // The earliest snooze, when it comes first.
        const auto earliest =
            std::min_element(state_.snoozed.begin(), state_.snoozed.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        if (earliest != state_.snoozed.end() &&
            (!next_deadline_ || earliest->second < *next_deadline_)) {
            const auto& [key, until] = *earliest;
            next_deadline_ = until;
            next_.reset();
            next_title_ = key.event_id;
            next_lead_ = "snoozed";
            if (const core::Event* event = find_event(key.event_id)) {
                next_title_ = event->title;
                if (const auto occurrence =
                        core::find_occurrence(*event, schedule_->settings, key.start, until))
                    next_ = core::make_delivery(*event, *occurrence, std::string{core::snooze_lead},
                                                until, until, false);
            }
        }
    }
    if (next_deadline_)
        timer_.arm(*next_deadline_);
    else
        timer_.disarm();
    if (options_.on_planned)
        options_.on_planned();
}

std::string ReminderLoop::status() const {
    if (!schedule_)
        return "no schedule loaded";
    if (!next_deadline_)
        return "no reminders ahead";
    // date::format("%a %F %H:%M %Z") by hand: it builds a stream and a locale, and this runs at
    // every firing (sd_notify's STATUS=).
    static constexpr const char* weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    const auto info = user_zone_->get_info(*next_deadline_);
    const date::sys_seconds local{next_deadline_->time_since_epoch() + info.offset};
    const auto day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss time{local - day};
    return fmt::format("next: {}, {}, at {} {:04}-{:02}-{:02} {:02}:{:02} {}", next_title_,
                       next_lead_, weekdays[date::weekday{day}.c_encoding()],
                       static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()), time.hours().count(),
                       time.minutes().count(), info.abbrev);
}

} // namespace agendad::runtime
