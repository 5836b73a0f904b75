#pragma once
/// What fuzz_ics does with one input, shared with the replay of its regressions in the ordinary
/// test suite (tests/core/read/regression_inputs_test.cpp), so that both take the same steps: the
/// bytes as one .ics file of a calendar "work" on Europe/Brussels (remind 15m, declined events
/// skipped), merged, then planned over a bounded window and from the ends of time.

#include "core/ical/ics_reader.hpp"
#include "core/model/diagnostic.hpp"
#include "core/plan/planner.hpp"

#include <string_view>
#include <vector>

namespace agendad::fuzz {

/// What reading the input gave.
struct IcsOutcome {
    std::size_t events = 0;
    std::size_t diagnostics = 0;
};

inline IcsOutcome read_and_plan_ics(std::string_view text) {
    using namespace agendad::core;
    static const Zone& brussels = *date::locate_zone("Europe/Brussels");
    CalendarSettings calendar;
    calendar.name = "work";
    calendar.path = "fuzz.ics";
    calendar.skip.declined = true; // so that ATTENDEE and PARTSTAT are read too
    calendar.me = {"me@example.org"};
    Settings settings;
    settings.zone = &brussels;
    settings.remind = {*parse_span("15m")};

    std::vector<IcsFile> files;
    files.push_back(parse_ics(text, calendar.path, calendar, settings));
    (void)to_string(files.front().diagnostics);
    CalendarEvents read = merge_calendar(files, calendar);
    (void)to_string(read.diagnostics);
    const IcsOutcome outcome{read.events.size(), read.diagnostics.size()};

    Schedule schedule;
    schedule.path = calendar.path;
    schedule.settings = settings;
    schedule.events = std::move(read.events);
    const Instant from{date::sys_days{date::year{2022} / 1 / 1}};
    // Budgets small enough to keep each input fast; a refusal is an answer too.
    (void)reminders_within(schedule, from - date::days{31}, from + date::days{400}, {5000, 2000});
    (void)reminders_within(schedule, Instant::min(), Instant::max(), {2000, 2000});
    (void)next_reminders_after(schedule, from);
    (void)next_reminders_after(schedule, Instant::min());
    (void)next_reminders_after(schedule, Instant::max());
    return outcome;
}

} // namespace agendad::fuzz
