#pragma once
/// A whole file read into memory, with a size limit: the state file and its journal, a calendar's
/// .ics files and agendactl's inputs are all read this way.

#include <cstddef>
#include <string>

namespace agendad::core {

/// What read_file_text() found at a path.
struct FileText {
    bool exists = false;  ///< false: nothing at the path (ENOENT), and `problem` is empty
    std::string text;     ///< the whole file, when `problem` is empty
    std::string problem;  ///< why it could not be read: strerror's words, "not a regular file",
                          ///< or "N bytes, over the M read"
    std::size_t size = 0; ///< the file's size, when `problem` is that it is over the limit
};

/// Reads the regular file at `path` whole, at most `limit` bytes. A FIFO, a device or a folder
/// there is refused without blocking (it is opened non-blocking and checked before any read),
/// and a file that grows past `limit` while being read is refused too.
FileText read_file_text(const std::string& path, std::size_t limit);

} // namespace agendad::core
