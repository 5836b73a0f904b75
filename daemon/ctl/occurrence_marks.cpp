#include "ctl/occurrence_marks.hpp"

#include "core/plan/occurrence_lookup.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

namespace agendad::ctl {

namespace {

/// The snoozes ending in [from, until) whose occurrence is still in `schedule`, by their end.
std::vector<core::Reminder> snoozes_between(const core::Schedule& schedule,
                                            const OccurrenceMarks& marks, core::Instant from,
                                            core::Instant until) {
    std::vector<core::Reminder> out;
    for (const auto& [key, at] : marks.snoozed) {
        if (at < from || at >= until)
            continue;
        const core::Event* event = core::find_event(schedule, key.event_id);
        if (event == nullptr)
            continue;
        if (const auto occurrence = core::find_occurrence(*event, schedule.settings, key.start, at))
            out.push_back(core::Reminder{event, *occurrence, nullptr, at, nullptr});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.fire_at < b.fire_at; });
    return out;
}

} // namespace

std::set<std::string, std::less<>> OccurrenceMarks::snoozed_events() const {
    std::set<std::string, std::less<>> out;
    for (const auto& [key, at] : snoozed)
        out.insert(key.event_id);
    return out;
}

void for_each_listed(const core::Schedule& schedule, const std::vector<core::Reminder>& planned,
                     const OccurrenceMarks& marks, core::Instant from, core::Instant until,
                     const std::function<void(const core::Reminder&, bool snoozed)>& each) {
    const auto snoozes = snoozes_between(schedule, marks, from, until);
    // Looked up by views, so that no reminder copies its event's id to be looked up.
    std::set<std::pair<std::string_view, core::Instant>> dismissed;
    for (const auto& key : marks.dismissed)
        dismissed.emplace(key.event_id, key.start);
    auto snooze = snoozes.begin();
    for (const core::Reminder& reminder : planned) {
        for (; snooze != snoozes.end() && snooze->fire_at < reminder.fire_at; ++snooze)
            each(*snooze, true);
        if (!dismissed.empty() && dismissed.contains(std::pair<std::string_view, core::Instant>{
                                      reminder.event->id, reminder.occurrence.start}))
            continue;
        each(reminder, false);
    }
    for (; snooze != snoozes.end(); ++snooze)
        each(*snooze, true);
}

} // namespace agendad::ctl
