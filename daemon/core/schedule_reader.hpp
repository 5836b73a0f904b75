#pragma once

#include "core/calendar_reader.hpp"
#include "core/diagnostic.hpp"
#include "core/schedule.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace agendad::core {

/// Parses and checks a schedule held in memory. `display_path` names it in diagnostics, and
/// relative [[calendar]] paths are read from its folder; `default_zone` is used when the file
/// names none (the programs pass the user's zone); `home` is what `~` means in calendar paths
/// (the programs pass $HOME; empty: a `~` path is an error).
/// Every problem in the file is reported, not only the first. A valid file's calendars are read
/// (calendar_reader.hpp): their problems are warnings in Schedule::calendars, never errors.
/// `calendars` lets a long-running reader re-read only the calendar files that changed.
std::expected<Schedule, Diagnostics>
parse_schedule(std::string_view text, std::string_view display_path, const Zone& default_zone,
               std::string_view home = {}, const CalendarReading& calendars = {});

/// Reads and parses the file at `path`; files over limits::file_bytes are refused unread.
std::expected<Schedule, Diagnostics> read_schedule(const std::string& path,
                                                   const Zone& default_zone,
                                                   std::string_view home = {},
                                                   const CalendarReading& calendars = {});

} // namespace agendad::core
