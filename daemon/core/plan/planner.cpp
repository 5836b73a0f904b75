#include "core/plan/planner.hpp"

#include "core/plan/reminder_order.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace agendad::core {

namespace {

std::chrono::seconds longest_lead(const Event& event) {
    std::chrono::seconds longest{0};
    for (const auto& lead : event.remind)
        longest = std::max(longest, lead.longest());
    for (const auto& alarm : event.alarms)
        if (alarm.related != Alarm::Related::instant)
            longest = std::max(longest, alarm.lead.longest());
    return longest;
}

// How long after an occurrence's anchor its own alarms may still fire: their offsets after the
// start or end (a calendar day is at most two exact ones here), plus the event's length for those
// counted from the end. Zero for events without alarms, so TOML events walk as before.
std::chrono::seconds latest_alarm(const Event& event, const Settings& settings) {
    std::chrono::seconds latest{0};
    for (const auto& alarm : event.alarms) {
        if (alarm.related == Alarm::Related::instant)
            continue;
        auto after = std::max(std::chrono::seconds{0}, -alarm.lead.exact) +
                     std::chrono::seconds{2LL * 86400 * std::max(0, -alarm.lead.calendar_days)};
        if (alarm.related == Alarm::Related::end)
            after += event.duration.longest();
        if (event.all_day)
            after += std::chrono::abs(settings.all_day_at) + std::chrono::days{1};
        latest = std::max(latest, after);
    }
    return latest;
}

// The occurrence an absolute alarm belongs to: the first one anchored at or after it, else the
// series' first. It fires once, whatever the rule.
std::optional<Occurrence> occurrence_for(const Event& event, const Settings& settings, Instant at) {
    if (auto next = OccurrenceCursor{event, settings, at}.next())
        return next;
    const Instant first = resolve_local(*event.zone, event.start) - std::chrono::days{3};
    return OccurrenceCursor{event, settings, first}.next();
}

// Occurrences left to examine; unlimited unless a caller gives a budget.
using Allowance = std::size_t;
constexpr Allowance unlimited = static_cast<Allowance>(-1);

// Calls `visit(reminder)` for each reminder of `event` whose fire instant is in [from, until),
// occurrence by occurrence; `until` may shrink while it runs (next_reminders_after narrows it).
// Each occurrence examined takes one from `allowance`; false when it ran out first.
template <typename Visit>
bool for_each_reminder(const Event& event, const Settings& settings, Instant from,
                       const Instant& until, Allowance& allowance, Visit&& visit) {
    if (event.remind.empty() && event.alarms.empty())
        return true;
    // Only `remind` leads and alarms relative to an occurrence need the walk below; an absolute
    // alarm fires once at its own instant. Without this, an event whose alarms are all absolute
    // walked every occurrence up to `until` for nothing: an hourly series to the year 9999 held
    // the loop for seconds (found by fuzz_ics).
    const bool relative =
        !event.remind.empty() ||
        std::any_of(event.alarms.begin(), event.alarms.end(),
                    [](const Alarm& alarm) { return alarm.related != Alarm::Related::instant; });
    const auto reach = longest_lead(event);
    // fire_at <= anchor for every lead, so occurrences anchored before `from` cannot fire in
    // the window; those anchored beyond until + the longest lead cannot either. Alarms after the
    // start or counted from the end move the first occurrence to look at back by `latest_alarm`.
    OccurrenceCursor occurrences{event, settings, from - latest_alarm(event, settings)};
    while (auto occurrence = relative ? occurrences.next() : std::nullopt) {
        const Instant earliest = event.alarms.empty()
                                     ? occurrence->anchor
                                     : std::min(occurrence->anchor, occurrence->start);
        if (earliest - reach >= until)
            break;
        if (allowance == 0)
            return false;
        if (allowance != unlimited)
            --allowance;
        for (const auto& lead : event.remind) {
            const Instant fire_at = lead.before(occurrence->anchor, *event.zone);
            if (fire_at >= from && fire_at < until)
                visit(Reminder{&event, *occurrence, &lead, fire_at, nullptr});
        }
        for (const auto& alarm : event.alarms) {
            if (alarm.related == Alarm::Related::instant)
                continue;
            const Instant base =
                alarm.related == Alarm::Related::end ? occurrence->end : occurrence->start;
            const Instant fire_at = alarm.lead.before(base, *event.zone);
            if (fire_at >= from && fire_at < until)
                visit(Reminder{&event, *occurrence, &alarm.lead, fire_at, &alarm});
        }
    }
    for (const auto& alarm : event.alarms) {
        if (alarm.related != Alarm::Related::instant || alarm.at < from || alarm.at >= until)
            continue;
        if (auto occurrence = occurrence_for(event, settings, alarm.at))
            visit(Reminder{&event, *occurrence, &alarm.lead, alarm.at, &alarm});
    }
    return true;
}

} // namespace

bool fires_before(const Reminder& a, const Reminder& b) {
    // Field by field rather than through tuples, which would compare the strings every time.
    if (a.fire_at != b.fire_at)
        return a.fire_at < b.fire_at;
    if (a.occurrence.start != b.occurrence.start)
        return a.occurrence.start < b.occurrence.start;
    if (const int order = a.event->title.compare(b.event->title); order != 0)
        return order < 0;
    if (const int order = a.event->id.compare(b.event->id); order != 0)
        return order < 0;
    return a.lead->longest() > b.lead->longest();
}

std::vector<Reminder> reminders_between(const Schedule& schedule, Instant from, Instant until) {
    return *reminders_within(schedule, from, until, {unlimited, unlimited});
}

std::expected<std::vector<Reminder>, PlanTooLarge>
reminders_within(const Schedule& schedule, Instant from, Instant until, PlanBudget budget) {
    from = clamp_instant(from);
    until = clamp_instant(until);
    std::vector<Reminder> out;
    Allowance allowance = budget.occurrences;
    for (const auto& event : schedule.events) {
        const bool within = for_each_reminder(event, schedule.settings, from, until, allowance,
                                              [&](const Reminder& r) {
                                                  out.push_back(r);
                                                  // Stops at the next occurrence, so one event
                                                  // cannot overshoot by more than its leads.
                                                  if (out.size() > budget.reminders)
                                                      allowance = 0;
                                              });
        if (!within || out.size() > budget.reminders) {
            return std::unexpected(PlanTooLarge{
                budget.occurrences - allowance, out.size(),
                fmt::format("the window holds more than {} reminders or {} occurrences; ask for "
                            "a shorter one",
                            budget.reminders, budget.occurrences)});
        }
    }
    sort_in_delivery_order(out);
    return out;
}

std::vector<Reminder> next_reminders_after(const Schedule& schedule, Instant after) {
    std::vector<Reminder> earliest;
    // The window closes just after the earliest instant found so far, so that later events
    // stop early while reminders that fall together with it are still collected.
    if (after >= latest_instant)
        return earliest;
    Instant until = latest_instant;
    const Instant from = clamp_instant(after) + std::chrono::seconds{1};
    Allowance allowance = unlimited;
    for (const auto& event : schedule.events) {
        for_each_reminder(event, schedule.settings, from, until, allowance, [&](const Reminder& r) {
            if (earliest.empty() || r.fire_at < earliest.front().fire_at) {
                earliest.clear();
                until = r.fire_at + std::chrono::seconds{1};
            }
            earliest.push_back(r);
        });
    }
    std::sort(earliest.begin(), earliest.end(), fires_before);
    return earliest;
}

EventStep next_event_step(const Event& event, const Settings& settings, Instant after) {
    EventStep step;
    if (after >= latest_instant)
        return step;
    // The window closes just after the second distinct instant found so far: everything at the
    // first is still collected, and the second is known to be the following one once the
    // walk ends.
    Instant until = latest_instant;
    const Instant from = clamp_instant(after) + std::chrono::seconds{1};
    Allowance allowance = unlimited;
    auto& at_first = step.reminders;
    for_each_reminder(event, settings, from, until, allowance, [&](const Reminder& r) {
        if (at_first.empty() || r.fire_at < at_first.front().fire_at) {
            if (!at_first.empty())
                step.following = at_first.front().fire_at;
            at_first.clear();
            at_first.push_back(r);
        } else if (r.fire_at == at_first.front().fire_at) {
            at_first.push_back(r);
        } else if (!step.following || r.fire_at < *step.following) {
            step.following = r.fire_at;
        }
        if (step.following)
            until = *step.following + std::chrono::seconds{1};
    });
    std::sort(at_first.begin(), at_first.end(), fires_before);
    return step;
}

std::size_t count_reminders(const Schedule& schedule, Instant from, Instant until) {
    std::size_t count = 0;
    Allowance allowance = unlimited;
    from = clamp_instant(from);
    until = clamp_instant(until);
    for (const auto& event : schedule.events)
        for_each_reminder(event, schedule.settings, from, until, allowance,
                          [&](const Reminder&) { ++count; });
    return count;
}

} // namespace agendad::core
