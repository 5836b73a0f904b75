#pragma once
/// The [[calendar]] tables of agenda.toml: each names an .ics file or a vdir whose events join
/// the schedule (see ics_reader.hpp for how they become events).
///
/// Two kinds of problem, two severities: a mistake in the TOML table is an error, as anywhere
/// in the file, while a problem in the calendar's own files (one that cannot be read, a VEVENT
/// without DTSTART) is a warning kept in ScheduleCalendar::warnings. A server or a sync tool
/// writes those files, not the user, and one bad file must not stop every other reminder.

#include "core/calendar.hpp"
#include "core/calendar_cache.hpp"
#include "core/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::core {

namespace limits {
inline constexpr std::size_t calendars = 100;
inline constexpr std::size_t calendar_name_bytes = 64;
} // namespace limits

/// Where relative calendar paths lead: `~/…` under `home`, anything else not absolute under
/// the schedule file's folder (the folder of `schedule_path`; the current one when it has none).
/// `home` is passed in: the core does not read the environment.
struct PathBase {
    std::string_view schedule_path;
    std::string_view home;
};

/// `path` resolved as PathBase says; nullopt for "~…" when `home` is empty or not absolute.
std::optional<std::string> resolve_calendar_path(std::string_view path, const PathBase& base);

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
