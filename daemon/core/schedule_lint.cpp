#include "core/schedule_lint.hpp"

#include "core/occurrences.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <tuple>

namespace agendad::core {

namespace {

/// How many occurrences from `now` are looked at before the event is taken to remind: a rule
/// with that many occurrences left, all with their reminders past, is not worth a warning.
constexpr int occurrences_looked_at = 1000;

/// Whether some reminder of `event` fires at or after `now`.
bool reminds_after(const Event& event, const Settings& settings, Instant now) {
    // fire_at <= anchor for every lead, so occurrences anchored before `now` are past already.
    OccurrenceCursor cursor{event, settings, now};
    for (int looked = 0; looked < occurrences_looked_at; ++looked) {
        const auto occurrence = cursor.next();
        if (!occurrence)
            return false;
        for (const auto& lead : event.remind)
            if (lead.before(occurrence->anchor, *event.zone) >= now)
                return true;
    }
    return true;
}

Diagnostic warning(const Schedule& schedule, SourcePosition at, std::string message) {
    return Diagnostic{schedule.path, at.line, at.column, Severity::warning, std::move(message)};
}

} // namespace

Diagnostics never_reminds(const Schedule& schedule, Instant now,
                          const std::set<std::string, std::less<>>& snoozed) {
    Diagnostics warnings;
    for (std::size_t i = 0; i < schedule.events.size(); ++i) {
        const Event& event = schedule.events[i];
        if (!event.calendar.empty())
            continue; // a calendar's past events are its history, not a mistake in the file
        // Named only when warned about: formatting every event's name cost more than the check.
        const auto name = [&] { return fmt::format("event[{}] \"{}\"", i + 1, event.title); };
        if (!event.remind.empty() && !snoozed.contains(event.id) &&
            !reminds_after(event, schedule.settings, now))
            warnings.push_back(warning(
                schedule, event.position,
                event.repeat
                    ? fmt::format("{}: its repeat rule has ended, with no reminder left to come; "
                                  "it will never remind",
                                  name())
                    : fmt::format("{}: every reminder is in the past; it will never remind",
                                  name())));
        if (!event.repeat)
            continue;
        for (std::size_t k = 0; k < event.except_times.size(); ++k) {
            const LocalTime skipped = event.except_times[k];
            const auto first = event.repeat->starting_at(skipped).next();
            if (first && *first == skipped)
                continue;
            warnings.push_back(warning(
                schedule, event.except_time_positions.at(k),
                fmt::format("{}: except {} matches no occurrence of its repeat rule; it skips "
                            "nothing",
                            name(), date::format("%FT%T", skipped))));
        }
        for (std::size_t k = 0; k < event.except_days.size(); ++k) {
            const LocalDays skipped = event.except_days[k];
            const auto first = event.repeat->starting_at(LocalTime{skipped}).next();
            if (first && *first < LocalTime{skipped + date::days{1}})
                continue;
            warnings.push_back(warning(
                schedule, event.except_day_positions.at(k),
                fmt::format("{}: except {} is a day without an occurrence of its repeat rule; "
                            "it skips nothing",
                            name(), date::format("%F", skipped))));
        }
    }
    std::stable_sort(warnings.begin(), warnings.end(), [](const auto& a, const auto& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return warnings;
}

} // namespace agendad::core
