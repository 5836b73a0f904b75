#pragma once
/// What the daemon remembers across restarts, and its file format.
///
/// The state file is line-based text, so that a person can read it and a bad line is easy to
/// point at:
///
///     # agendad state: delivered reminders, snoozes, dismissals. Safe to delete (…)
///     agendad-state 3
///     horizon 2022-01-10T08:45:00Z
///     delivered 2022-01-10T09:00:00Z 1h us-russia-geneva
///     snoozed 2022-01-10T09:00:00Z 2022-01-10T09:05:00Z us-russia-geneva
///     dismissed 2022-01-11T09:00:00Z us-russia-geneva
///     # bubbles
///     bubbles-server :1.42
///     bubble 7 2022-01-10T09:00:00Z https://example.org/agenda - us-russia-geneva
///
/// `horizon`: every reminder due at or before this instant has been handled (delivered, or
/// logged as too old); catch-up after a restart starts just after it.
/// `delivered OCCURRENCE-START LEAD EVENT-ID`: one delivered reminder. The event id is the rest
/// of the line. In the lead and the id, `\\` is written `\\\\`, a newline `\n`, a space `\s`.
/// `snoozed OCCURRENCE-START UNTIL EVENT-ID`: that occurrence reminds again at UNTIL.
/// `dismissed OCCURRENCE-START EVENT-ID`: no more reminders for that occurrence.
/// A line of an unknown kind makes the file corrupt (it is moved aside), so version 2 came with
/// `snoozed` and `dismissed`, and version 3 with the two parts below; older files are still read.
///
/// Version 3 adds the history and the pause, in a part of their own after the reminders':
///
///     paused 2022-01-10T09:00:00Z 2022-01-10T10:00:00Z
///     history 2022-01-10T08:45:00Z shown 2022-01-10T09:00:00Z 15m us-russia-geneva Talks
///
/// `paused SINCE UNTIL`: nothing pops up from SINCE until UNTIL (`-`: until resumed).
/// `history AT KIND OCCURRENCE-START LEAD EVENT-ID TITLE`: one entry
/// (core/protocol/history_entry.hpp), oldest first; KIND is the kind's name, each text escaped as
/// above (an empty lead is an empty word). Bounded by history_limits (runtime/history.hpp).
///
/// Then the bubbles part, last, after a `# bubbles` comment: the notification ids this run has
/// open, so that the next run takes over their actions (core/protocol/open_bubble.hpp).
/// `bubbles-server NAME`: the notification server's unique bus name the ids belong to.
/// `bubble ID OCCURRENCE-START OPEN-URL JOIN-URL EVENT-ID`: one bubble; a url not offered is
/// `-`. Urls are escaped as ids are.
///
/// `journal SEQ`: the last record of the journal (`DIR/state.journal`,
/// runtime/state_journal.hpp) that this file includes; records up to SEQ are not applied again.
/// Written by version 3 files since the journal came; without it, 0.

#include "core/protocol/history_entry.hpp"
#include "core/protocol/open_bubble.hpp"
#include "core/time/time_types.hpp"
#include "runtime/history.hpp"

#include <compare>
#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::runtime {

/// Identifies one reminder of one occurrence, stably across reloads and restarts.
struct ReminderKey {
    std::string event_id;
    core::Instant occurrence_start;
    std::string lead; ///< the lead as written

    friend auto operator<=>(const ReminderKey&, const ReminderKey&) = default;
    friend bool operator==(const ReminderKey&, const ReminderKey&) = default;
};

/// Identifies one occurrence of one event, for snoozes and dismissals.
struct OccurrenceKey {
    std::string event_id;
    core::Instant start;

    friend auto operator<=>(const OccurrenceKey&, const OccurrenceKey&) = default;
    friend bool operator==(const OccurrenceKey&, const OccurrenceKey&) = default;
};

/// The daemon's memory.
struct State {
    std::optional<core::Instant> horizon; ///< none on the very first start
    std::set<ReminderKey> delivered;
    std::map<OccurrenceKey, core::Instant> snoozed; ///< occurrence → when it reminds again
    std::set<OccurrenceKey> dismissed;

    // Version 3: what the user saw and did, and do-not-disturb (runtime/history.hpp,
    // runtime/pause.hpp). Not planned by: the loop only keeps them.
    History history; ///< oldest first
    std::optional<core::Pause> pause;

    // The bubbles part: not the reminders' memory, only what makes old bubbles work.
    core::OpenBubbles bubbles; ///< open on the notification server when last saved

    /// The last journal record this state includes (0: none); runtime/state_journal.hpp.
    std::uint64_t journal_seq = 0;

    friend bool operator==(const State&, const State&) = default;
};

/// The file's text.
std::string format_state(const State& state);
/// The same with `journal_seq` in place of the state's (the store's count of records).
std::string format_state(const State& state, std::uint64_t journal_seq);

/// The lines of one kind, each with its newline, as format_state writes them: the journal's
/// records are made of the same lines (runtime/state_journal.hpp).
void append_horizon_line(core::Instant horizon, std::string& out);
void append_delivered_line(const ReminderKey& key, std::string& out);
void append_history_line(const core::HistoryEntry& entry, std::string& out);

/// Reads one `horizon`, `delivered` or `history` line (no newline) into `state`: what a journal
/// record holds. The error says what is wrong ("bad delivered entry", "unknown entry \"x\"").
/// History entries are appended unbounded: the caller bounds them once all are read.
std::expected<void, std::string> apply_journal_line(std::string_view line, State& state);

/// Parses the file's text; the error names the line: "line 3: bad instant".
std::expected<State, std::string> parse_state(std::string_view text);

/// Bounds on what the state holds, so that no history makes loading slow (a 63 MB file once
/// took 36 s and 909 MB): a larger file is moved aside unread, and pruning keeps at most
/// `entries` of each kind (the newest). 100000 entries write about 6 MB.
namespace state_limits {
inline constexpr std::size_t file_bytes = 16 * 1024 * 1024;
inline constexpr std::size_t entries = 100000;
} // namespace state_limits

/// Forgets delivered reminders, snoozes, dismissals and bubbles of occurrences that started
/// before `cutoff`, then the oldest of each kind beyond `max_entries` (bubbles beyond
/// core::open_bubbles_limit).
void prune_state(State& state, core::Instant cutoff,
                 std::size_t max_entries = state_limits::entries);

} // namespace agendad::runtime
