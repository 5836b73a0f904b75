#pragma once
/// A schedule's text cut into chunks at its top-level `[[event]]` header lines, so that a reload
/// parses only the chunks whose text changed and a first read can parse them on several cores.
///
/// Why the cut is safe to trust, and when it is not: TOML's lexical state (inside a string, an
/// array, an inline table) at the start of a line depends on everything before it, so a line
/// that reads `[[event]]` may sit inside a multi-line string. The split itself does not lex; it
/// relies on this instead: a chunk that parses on its own as TOML leaves the lexer at the top
/// level (TOML refuses an unterminated string or bracket at the end of a text), so when every
/// chunk before a header line parsed on its own, that line really is a header, and by induction
/// every cut is. A cut inside a string leaves the chunk before it unterminated, its parse fails,
/// and the reader falls back to one parse of the whole text (schedule_reader.cpp). The other
/// fallbacks are the reader's too: a chunk that holds anything but events (`[settings]` or
/// `[[calendar]]` after the first event), a preamble that holds `event` at all.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace agendad::core {

struct ScheduleChunk {
    std::string_view text;        ///< whole lines, the line feed of the last one included
    std::uint32_t first_line = 1; ///< 1-based line of `text`'s first line in the file
    std::uint64_t hash = 0;       ///< of `text`; with its size, what a reload compares
};

/// Cuts `text` before every line that holds a `[[event]]` header (blanks around the brackets
/// and the name, a quoted name, a trailing comment allowed). Chunk 0 is what comes before the
/// first header (possibly empty); each later chunk starts with its header line. Linear, one
/// pass, no allocation but the result.
std::vector<ScheduleChunk> split_schedule(std::string_view text);

/// Whether `line` (without its line feed) is an `[[event]]` header line.
bool is_event_header(std::string_view line);

} // namespace agendad::core
