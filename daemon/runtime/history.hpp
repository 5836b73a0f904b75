#pragma once
/// agendad's history (`agendactl log`): what became of each reminder and what the user did,
/// kept in the state file (runtime/state.hpp), bounded so that it never makes the state slow.
///
/// Who writes it: the planning loop records every reminder it hands over (shown, missed, or
/// held by a pause) in the same save as the reminder itself (record_handed_over); the backend
/// records snoozes and dismissals; the pause records what its resume did with what it held
/// (runtime/pause.hpp).

#include "core/protocol/delivery.hpp"
#include "core/protocol/history_entry.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
#include <span>
#include <vector>

namespace agendad::runtime {

struct State;

/// Oldest first. A deque: a full history drops its oldest entry at every firing, which in a
/// vector moved the other 999 (~100,000 instructions a firing, measured with callgrind).
using History = std::deque<core::HistoryEntry>;

/// At most this many entries, none older than `age` (whichever bound is met first), titles cut
/// to `title_bytes`: 1000 entries write about 150 KB, far inside state_limits::file_bytes.
namespace history_limits {
inline constexpr std::size_t entries = 1000;
inline constexpr std::chrono::days age{30};
inline constexpr std::size_t title_bytes = 200;
} // namespace history_limits

/// Drops the oldest entries beyond history_limits::entries. Inline: the state parser uses it,
/// and the state's fuzz harness builds that one file without the rest of the runtime.
inline void bound_history(History& history) {
    if (history.size() > history_limits::entries)
        history.erase(history.begin(),
                      history.end() - static_cast<std::ptrdiff_t>(history_limits::entries));
}

/// Appends `entry` (its title cut to history_limits::title_bytes, never inside a UTF-8
/// sequence), then drops entries older than `now` - history_limits::age and beyond the count.
void record_history(History& history, core::HistoryEntry entry, core::Instant now);

/// The entries at or after `since` (only `missed` ones if asked), in the order they happened.
std::vector<core::HistoryEntry> history_since(const History& history, core::Instant since,
                                              bool missed_only);

/// The entry for a delivery: kind `held` when a pause is in force, else `missed` or `shown`;
/// `at` is when it was due.
core::HistoryEntry history_entry(const core::Delivery& delivery, core::HistoryKind kind);

/// Records `deliveries`, about to be handed over, in `state`'s history: kind `held` when the
/// state's pause is in force at their delivery, else `missed` or `shown`. The planning loop
/// calls it before the save that precedes the hand-over, so that both go in one write.
void record_handed_over(State& state, std::span<const core::Delivery> deliveries);

} // namespace agendad::runtime
