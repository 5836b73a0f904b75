#pragma once
/// Durable writes: the state store, agendactl's schedule edits and exports all reach the disk
/// through these, so that "written" means the same everywhere: every byte, then fsync, then the
/// folder's entry.

#include <expected>
#include <string>
#include <string_view>

namespace agendad::core {

/// Writes all of `text` to `fd`, retrying short writes and EINTR; false with errno set on
/// failure.
bool write_all(int fd, std::string_view text);

/// Flushes a folder's entries (files created or renamed into it) to disk. Best effort: a folder
/// that cannot be opened is left as it is.
void sync_folder(const std::string& folder);

/// Replaces `path` with `text` atomically: written to a temporary file beside it (beside the
/// target when `path` is a symbolic link, which stays a link), flushed to disk, given the old
/// file's permissions (a new file: 0666 less the umask), then renamed over it. The error is a
/// sentence such as "cannot write /x/agenda.toml: Permission denied". The folder is flushed too,
/// so that the rename survives a crash, unless `sync` is false (a caller writing many files into
/// one folder flushes it once, with sync_folder()).
std::expected<void, std::string> write_file_atomically(const std::string& path,
                                                       std::string_view text, bool sync = true);

} // namespace agendad::core
