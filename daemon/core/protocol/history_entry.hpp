#pragma once
/// One line of agendad's history (`agendactl log`, the History method): what became of a
/// reminder, or what the user did about an occurrence. Kept in the state file
/// (runtime/state.hpp), bounded (runtime/history.hpp); pure vocabulary that the daemon, the
/// protocol and agendactl's presentation share.

#include "core/time/time_types.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace agendad::core {

/// What happened. Its name is the word in the state file, on the bus and in `agendactl log`.
enum class HistoryKind {
    shown,     ///< handed to the desktop on time (or, after a pause, in the resume digest)
    missed,    ///< its instant passed while agendad was not running or asleep (shown late), or
               ///< held by a pause until its event had ended (only logged)
    held,      ///< due during a pause: not shown then (see `shown`/`missed` at the resume)
    snoozed,   ///< the user asked to be reminded again
    dismissed, ///< the user asked for no more reminders of that occurrence
};

inline constexpr std::array<std::pair<HistoryKind, std::string_view>, 5> history_kind_names{{
    {HistoryKind::shown, "shown"},
    {HistoryKind::missed, "missed"},
    {HistoryKind::held, "held"},
    {HistoryKind::snoozed, "snoozed"},
    {HistoryKind::dismissed, "dismissed"},
}};

constexpr std::string_view name_of(HistoryKind kind) {
    for (const auto& [k, name] : history_kind_names)
        if (k == kind)
            return name;
    return "shown";
}

constexpr std::optional<HistoryKind> history_kind_from(std::string_view name) {
    for (const auto& [k, name_] : history_kind_names)
        if (name_ == name)
            return k;
    return std::nullopt;
}

struct HistoryEntry {
    Instant at; ///< when it happened (a reminder: when it was due, or handled)
    HistoryKind kind = HistoryKind::shown;
    std::string event_id;
    std::string title; ///< as it was then (the event may be gone since)
    std::string lead;  ///< the reminder's lead as written ("15m", "snooze"); "" for an action
    Instant start;     ///< the occurrence's start

    friend bool operator==(const HistoryEntry&, const HistoryEntry&) = default;
};

/// A pause (do not disturb): nothing pops up from `since` until `until` (none: until resumed).
struct Pause {
    Instant since;
    std::optional<Instant> until;

    friend bool operator==(const Pause&, const Pause&) = default;
};

} // namespace agendad::core
