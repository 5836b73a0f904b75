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

/// The whole content of `path`; a missing file reads as "" when `missing_is_empty`.
std::expected<std::string, std::string> read_text_file(const std::string& path,
                                                       bool missing_is_empty = false);

/// Replaces `path` with `text` atomically: written to a temporary file beside it (beside the
/// target when `path` is a symbolic link, which stays a link), flushed to disk, given the old
/// file's permissions (a new file: 0666 less the umask), then renamed over it. The error is a
/// sentence such as "cannot write /x/agenda.toml: Permission denied". The folder is flushed too,
/// so that the rename survives a crash, unless `sync_folder` is false (a caller writing many
/// files into one folder flushes it once, with sync_folder()).
std::expected<void, std::string>
write_file_atomically(const std::string& path, std::string_view text, bool sync_folder = true);

/// Flushes a folder's entries (renames into it) to disk.
void sync_folder(const std::string& folder);

/// The diagnostics of `text` read as the schedule at `path` (none: it reads clean).
core::Diagnostics check_schedule_text(std::string_view text, const std::string& path,
                                      const core::Zone& zone, std::string_view home);

/// Appends `tables` to the schedule file at `path` (created when missing), leaving its text
/// byte for byte (core::appended_text): checked first, then written atomically. On errors
/// prints them and "nothing was written to PATH" on stderr. Returns an Exit code.
int append_to_schedule(const std::string& path, std::string_view tables, const core::Zone& zone,
                       std::string_view home);

} // namespace agendad::ctl
