#pragma once
/// Helpers for the iCalendar reader's tests: schedules built from the fixtures in tests/data/ics.

#include "core/ical/ics_reader.hpp"
#include "core/plan/planner.hpp"
#include "core_support.hpp"

#include <string>
#include <vector>

namespace agendad::core::test {

/// A fixture's path: "vdir" → ".../tests/data/ics/vdir".
inline std::string ics_data(const std::string& name) {
    return std::string{AGENDAD_TEST_DATA} + "/ics/" + name;
}

/// A calendar "work" on a fixture, with the reader's defaults.
inline CalendarSettings calendar_on(const std::string& fixture) {
    CalendarSettings calendar;
    calendar.name = "work";
    calendar.path = ics_data(fixture);
    return calendar;
}

/// Settings on Europe/Brussels with remind = ["15m"] and all-day events at 09:00.
inline Settings brussels_settings() {
    Settings settings;
    settings.zone = &zone("Europe/Brussels");
    settings.remind = {*parse_span("15m")};
    return settings;
}

/// The calendar's events in a schedule of their own, and the diagnostics met reading them.
struct CalendarSchedule {
    Schedule schedule;
    Diagnostics diagnostics;
};

inline CalendarSchedule read_into_schedule(const CalendarSettings& calendar,
                                           const Settings& settings = brussels_settings()) {
    CalendarSchedule out;
    out.schedule.path = calendar.path;
    out.schedule.settings = settings;
    auto read = read_calendar(calendar, settings);
    out.schedule.events = std::move(read.events);
    out.diagnostics = std::move(read.diagnostics);
    return out;
}

/// "fire_at lead title" for each reminder, compact enough to compare as a table.
inline std::vector<std::string> fired(const std::vector<Reminder>& reminders) {
    std::vector<std::string> out;
    for (const auto& r : reminders)
        out.push_back(date::format("%FT%TZ ", r.fire_at) + r.lead->text + " " + r.event->title);
    return out;
}

/// Every reminder of the schedule in [from, until), as `fired` shows them.
inline std::vector<std::string> fired_between(const Schedule& schedule, const std::string& from,
                                              const std::string& until) {
    return fired(reminders_between(schedule, at(from), at(until)));
}

/// The diagnostics without the path before each file name, as "file:line: message".
inline std::vector<std::string> warnings(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
        const auto slash = d.file.rfind('/');
        out.push_back(d.file.substr(slash == std::string::npos ? 0 : slash + 1) + ":" +
                      std::to_string(d.line) + ": " + d.message);
    }
    return out;
}

} // namespace agendad::core::test
