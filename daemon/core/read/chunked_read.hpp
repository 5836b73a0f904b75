#pragma once
/// The read chunk by chunk (schedule_chunks.hpp): the schedule reader's fast path, which a
/// reload given a memo turns into "parse only what changed". Internal to read/.

#include "core/model/diagnostic.hpp"
#include "core/model/schedule.hpp"
#include "core/read/schedule_reader.hpp"
#include "core/toml/schedule_chunks.hpp"

#include <expected>
#include <optional>
#include <string_view>
#include <vector>

namespace agendad::core {

class TextBuffer;

/// The preamble ([settings], [[calendar]]) and then each [[event]] chunk, parsed, or taken from
/// the memo's schedule when its text is unchanged. Nothing when the split cannot be trusted
/// (see schedule_chunks.hpp): then the caller parses the whole text. Diagnostics are those the
/// whole parse gives (the same readers on the same tables, with the chunk's first line added to
/// each line), and more after a syntax error: the whole parse stops there, this read goes on
/// with the next chunk. When `owned_text` is given (the buffer `text` views), its memory is
/// given back as soon as the text has been read, and `chunks` with it.
std::optional<std::expected<Schedule, Diagnostics>>
read_chunked(std::string_view text, std::vector<ScheduleChunk>& chunks,
             std::string_view display_path, const Zone& default_zone, std::string_view home,
             const ReadOptions& options, TextBuffer* owned_text);

/// `diagnostics` in file order, as the error of a read.
std::unexpected<Diagnostics> failed_read(Diagnostics diagnostics);

} // namespace agendad::core
