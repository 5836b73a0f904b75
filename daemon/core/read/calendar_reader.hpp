#pragma once
/// The events of the calendars that agenda.toml's [[calendar]] tables name (an .ics file or a
/// vdir each; ics_reader.hpp says how they become events), added to the schedule.
///
/// Two kinds of problem, two severities: a mistake in the TOML table is an error, as anywhere
/// in the file, while a problem in the calendar's own files (one that cannot be read, a VEVENT
/// without DTSTART) is a warning kept in ScheduleCalendar::warnings. A server or a sync tool
/// writes those files, not the user, and one bad file must not stop every other reminder.

#include "core/ical/calendar_cache.hpp"
#include "core/model/calendar.hpp"

#include <vector>

namespace agendad::core {

/// Where a reader of the schedule keeps its calendars' files between reads (calendar_cache.hpp),
/// and the wall clock of this read. Without one, every file is read.
struct CalendarReading {
    CalendarCache* cache = nullptr;
    Instant now{};
};

/// Reads each calendar's files and appends their events to `schedule.events` and a
/// ScheduleCalendar to `schedule.calendars`. Never fails: file problems are warnings.
void add_calendars(Schedule& schedule, const std::vector<CalendarSettings>& calendars,
                   const CalendarReading& reading = {});

} // namespace agendad::core
