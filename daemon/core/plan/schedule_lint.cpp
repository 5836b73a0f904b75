#include "core/plan/schedule_lint.hpp"

#include "core/plan/occurrences.hpp"
#include "core/plan/reminder_queue.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace agendad::core {

namespace {

/// How many occurrences from `now` are looked at before the event is taken to remind: a rule
/// with that many occurrences left, all with their reminders past, is not worth a warning.
constexpr int occurrences_looked_at = 1000;

/// A reminder of `event` that fires at or after `now`: the first found, or `now` itself when
/// `occurrences_looked_at` occurrences from `now` had none (taken to remind); none when the
/// event has no reminder left.
std::optional<Instant> reminder_from(const Event& event, const Settings& settings, Instant now) {
    // fire_at <= anchor for every lead, so occurrences anchored before `now` are past already.
    OccurrenceCursor cursor{event, settings, now};
    for (int looked = 0; looked < occurrences_looked_at; ++looked) {
        const auto occurrence = cursor.next();
        if (!occurrence)
            return std::nullopt;
        for (const auto& lead : event.remind)
            if (const Instant fire_at = lead.before(occurrence->anchor, *event.zone);
                fire_at >= now)
                return fire_at;
    }
    return now;
}

Diagnostic warning(const Schedule& schedule, SourcePosition at, std::string message) {
    return Diagnostic{schedule.path, at.line, at.column, Severity::warning, std::move(message)};
}

} // namespace

namespace {

using Verdict = NeverRemindsMemo::Verdict;

/// The warnings about event `i`; `verdict` is what a check of the same times found before
/// (unknown if none), and becomes what this one found.
void check_event(const Schedule& schedule, std::size_t i, Instant now,
                 const std::set<std::string, std::less<>>& snoozed, Verdict& verdict,
                 Diagnostics& warnings) {
    const Event& event = schedule.events[i];
    if (!event.calendar.empty())
        return; // a calendar's past events are its history, not a mistake in the file
    // Named only when warned about: formatting every event's name cost more than the check.
    const auto name = [&] { return fmt::format("event[{}] \"{}\"", i + 1, event.title); };
    // A verdict holds from its check on (a reminder past stays past), a "yes" until the
    // reminder that proved it (none is reused once the clock went back before the last check).
    const bool still = verdict.reminds != Verdict::Reminds::unknown &&
                       (verdict.reminds == Verdict::Reminds::no || now <= verdict.reminds_through);
    if (!event.remind.empty() && !snoozed.contains(event.id)) {
        if (!still) {
            const auto reminder = reminder_from(event, schedule.settings, now);
            verdict.reminds = reminder ? Verdict::Reminds::yes : Verdict::Reminds::no;
            verdict.reminds_through = reminder.value_or(now);
        }
        if (verdict.reminds == Verdict::Reminds::no)
            warnings.push_back(warning(
                schedule, event.position,
                event.repeat
                    ? fmt::format("{}: its repeat rule has ended, with no reminder left to come; "
                                  "it will never remind",
                                  name())
                    : fmt::format("{}: every reminder is in the past; it will never remind",
                                  name())));
    } else if (!still) {
        verdict.reminds = Verdict::Reminds::unknown; // not looked at: snoozed, or no leads
    }
    if (!event.repeat || verdict.excepts_match)
        return;
    bool match = true;
    for (std::size_t k = 0; k < event.except_times.size(); ++k) {
        const LocalTime skipped = event.except_times[k];
        const auto first = event.repeat->starting_at(skipped).next();
        if (first && *first == skipped)
            continue;
        match = false;
        warnings.push_back(warning(
            schedule, event.except_time_positions.at(k),
            fmt::format("{}: except {} matches no occurrence of its repeat rule; it skips nothing",
                        name(), date::format("%FT%T", skipped))));
    }
    for (std::size_t k = 0; k < event.except_days.size(); ++k) {
        const LocalDays skipped = event.except_days[k];
        const auto first = event.repeat->starting_at(LocalTime{skipped}).next();
        if (first && *first < LocalTime{skipped + date::days{1}})
            continue;
        match = false;
        warnings.push_back(
            warning(schedule, event.except_day_positions.at(k),
                    fmt::format("{}: except {} is a day without an occurrence of its repeat rule; "
                                "it skips nothing",
                                name(), date::format("%F", skipped))));
    }
    verdict.excepts_match = match;
}

} // namespace

Diagnostics never_reminds(const Schedule& schedule, Instant now,
                          const std::set<std::string, std::less<>>& snoozed) {
    Diagnostics warnings;
    for (std::size_t i = 0; i < schedule.events.size(); ++i) {
        Verdict verdict;
        check_event(schedule, i, now, snoozed, verdict, warnings);
    }
    sort_in_file_order(warnings);
    return warnings;
}

Diagnostics never_reminds(const std::shared_ptr<const Schedule>& schedule, Instant now,
                          const std::set<std::string, std::less<>>& snoozed,
                          NeverRemindsMemo& memo) {
    const auto old = memo.checked_.lock();
    // A clock put back before the last check makes every verdict suspect: all are found again.
    const bool reuse = old != nullptr && now >= memo.checked_at_ &&
                       old->settings.all_day_at == schedule->settings.all_day_at;
    std::optional<EventMatcher> old_events;
    if (reuse)
        old_events.emplace(old->events);
    std::vector<Verdict> verdicts(schedule->events.size());
    Diagnostics warnings;
    for (std::size_t i = 0; i < schedule->events.size(); ++i) {
        const Event& event = schedule->events[i];
        if (reuse && event.calendar.empty()) {
            const auto found = old_events->find(event);
            if (found &&
                (&old->events[*found] == &event || same_reminder_times(old->events[*found], event)))
                verdicts[i] = memo.verdicts_[*found];
        }
        check_event(*schedule, i, now, snoozed, verdicts[i], warnings);
    }
    memo.checked_ = schedule;
    memo.verdicts_ = std::move(verdicts);
    memo.checked_at_ = now;
    sort_in_file_order(warnings);
    return warnings;
}

} // namespace agendad::core
