#pragma once

#include "core/diagnostic.hpp"
#include "core/schedule.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace agendad::core {

/// Parses and checks a schedule held in memory. `display_path` names it in diagnostics;
/// `default_zone` is used when the file names none (the programs pass the user's zone).
/// Every problem in the file is reported, not only the first.
std::expected<Schedule, Diagnostics>
parse_schedule(std::string_view text, std::string_view display_path, const Zone& default_zone);

/// Reads and parses the file at `path`; files over limits::file_bytes are refused unread.
std::expected<Schedule, Diagnostics> read_schedule(const std::string& path,
                                                   const Zone& default_zone);

} // namespace agendad::core
