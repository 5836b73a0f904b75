#pragma once
/// What the daemon remembers across restarts, and its file format.
///
/// The state file is line-based text, so that a person can read it and a bad line is easy to
/// point at:
///
///     # agendad state: delivered reminders. Safe to delete (reminders may then repeat).
///     agendad-state 1
///     horizon 2022-01-10T08:45:00Z
///     delivered 2022-01-10T09:00:00Z 1h us-russia-geneva
///
/// `horizon`: every reminder due at or before this instant has been handled (delivered, or
/// logged as too old); catch-up after a restart starts just after it.
/// `delivered OCCURRENCE-START LEAD EVENT-ID`: one delivered reminder. The event id is the rest
/// of the line. In the lead and the id, `\\` is written `\\\\`, a newline `\n`, a space `\s`.
/// Issue 4 adds `snoozed` and `dismissed` lines in the same style; a line of an unknown kind
/// makes the file corrupt (it is moved aside), so the version number goes up with them.

#include "core/time_types.hpp"

#include <compare>
#include <expected>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace agendad::runtime {

/// Identifies one reminder of one occurrence, stably across reloads and restarts.
struct ReminderKey {
    std::string event_id;
    core::Instant occurrence_start;
    std::string lead; ///< the lead as written

    friend auto operator<=>(const ReminderKey&, const ReminderKey&) = default;
    friend bool operator==(const ReminderKey&, const ReminderKey&) = default;
};

/// The daemon's memory.
struct State {
    std::optional<core::Instant> horizon; ///< none on the very first start
    std::set<ReminderKey> delivered;

    friend bool operator==(const State&, const State&) = default;
};

/// The file's text.
std::string format_state(const State& state);

/// Parses the file's text; the error names the line: "line 3: bad instant".
std::expected<State, std::string> parse_state(std::string_view text);

/// Forgets delivered reminders of occurrences that started before `cutoff`.
void prune_state(State& state, core::Instant cutoff);

} // namespace agendad::runtime
