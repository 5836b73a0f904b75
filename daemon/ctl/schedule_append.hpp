#pragma once
/// How agendactl changes a schedule file (add, import --append, edit): the new whole text is
/// checked by the schedule reader first, and only a file that reads without errors replaces the
/// old one, atomically (a temporary file in the same folder, then rename). So a running agendad,
/// which reloads on every rename into its folder, never sees a half-written or broken file, and
/// an error leaves the file as it was.

#include "core/model/diagnostic.hpp"
#include "core/time/time_types.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace agendad::ctl {

/// The whole content of `path` (core::read_file_text, at most core::limits::file_bytes); a
/// missing file reads as "" when `missing_is_empty`. The error is a sentence such as "cannot
/// read /x/a.ics: Permission denied". Writes go through core/files/file_write.hpp.
std::expected<std::string, std::string> read_text_file(const std::string& path,
                                                       bool missing_is_empty = false);

/// The diagnostics of `text` read as the schedule at `path` (none: it reads clean).
core::Diagnostics check_schedule_text(std::string_view text, const std::string& path,
                                      const core::Zone& zone, std::string_view home);

/// Appends `tables` to the schedule file at `path` (created when missing), leaving its text
/// byte for byte (core::appended_text): checked first, then written atomically. On errors
/// prints them and "nothing was written to PATH" on stderr. Returns an Exit code.
int append_to_schedule(const std::string& path, std::string_view tables, const core::Zone& zone,
                       std::string_view home);

} // namespace agendad::ctl
