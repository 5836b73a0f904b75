#pragma once
/// The state's journal, `DIR/state.journal`: what each firing changed, appended with one
/// pwrite + fdatasync instead of the whole state file rewritten (a week of delivered keys at
/// 10,000 events is ~150 KB, which was written and fsync'd at every firing).
///
/// The file has a fixed size (journal_bytes), written full of zero bytes when made, so that an
/// append changes no file size and fdatasync flushes no metadata. Text, after a first line:
///
///     agendad-journal 1
///     record 42 151 1a2b3c4d
///     horizon 2022-01-10T09:00:00Z
///     delivered 2022-01-10T10:00:00Z 1h alpha
///     history 2022-01-10T09:00:00Z shown 2022-01-10T10:00:00Z 1h alpha Alpha
///     record 43 …
///     \0\0\0…
///
/// `record SEQ BYTES CRC`: SEQ counts records over the daemon's life (never reset, so that the
/// state file's `journal SEQ` says which records it already holds); BYTES is the length of the
/// lines that follow (the state file's own `horizon`, `delivered` and `history` lines,
/// runtime/state.hpp); CRC is the CRC-32 (8 hex digits) of the record's line up to BYTES and of
/// those lines. A record whose length runs past the file, whose CRC does not match, or cut by
/// a zero byte is torn (the machine stopped mid-write): it and what follows are ignored,
/// everything before it kept. A first line other than the header, a record line that is not
/// one, a SEQ that does not follow the previous one or a line that is not a state line with a
/// good CRC is corruption (runtime/state_store.hpp moves the file aside).
///
/// Replay: the state file, then the records with SEQ above its `journal SEQ`, in order.

#include "runtime/state.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace agendad::runtime {

/// 64 KiB: ~200 firings of one reminder each between two full writes of the state.
inline constexpr std::size_t journal_bytes = 64 * 1024;
/// The file's first line.
inline constexpr std::string_view journal_header = "agendad-journal 1\n";

/// CRC-32 (IEEE, as zlib's crc32) of `data`, continuing from `crc`.
std::uint32_t crc32(std::string_view data, std::uint32_t crc = 0);

/// One record: its `record` line and `lines` (each ending in a newline).
std::string format_journal_record(std::uint64_t seq, std::string_view lines);

/// What replay_journal found.
struct JournalReplay {
    std::uint64_t last_seq = 0; ///< the last good record's SEQ (0: none)
    std::size_t records = 0;    ///< good records read (applied or not)
    std::size_t applied = 0;    ///< of them, those above the state's journal_seq
    std::size_t used_bytes = 0; ///< the header and the good records
    bool torn = false;          ///< a torn record ended the read
    std::string problem;        ///< corruption: what and where ("record 3: bad history entry")
};

/// Applies the records of `text` (the journal file's content) above `state.journal_seq` to
/// `state`, then bounds its history; sets `state.journal_seq` to the last record applied. An
/// empty text is an empty journal. On corruption, the good records before it are applied.
JournalReplay replay_journal(std::string_view text, State& state);

} // namespace agendad::runtime
