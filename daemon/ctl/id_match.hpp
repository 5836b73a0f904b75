#pragma once
/// Which event a word on agendactl's command line means (`snooze bob`, `dismiss sync`), chosen
/// among what the daemon lists as coming, so that the daemon is sent an exact id. Pure: the
/// list and `now` are arguments.
///
/// Why here and not in the daemon: the daemon resolves exact ids only; matching a prefix or a
/// title needs a list to be unambiguous against, and ListUpcoming already gives agendactl one.
/// A word that matches nothing listed still goes to the daemon as it is (the event may lie
/// beyond the listed window); only if the daemon does not know it either are the
/// close matches shown.

#include "core/protocol/agenda_protocol.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::ctl {

/// One event, as a match names it.
struct EventChoice {
    std::string event_id;
    std::string title;
    core::Instant start; ///< its first listed occurrence's start
    bool operator==(const EventChoice&) const = default;
};

/// How a word matched.
enum class MatchKind {
    one,     ///< exactly one event: `chosen`
    several, ///< ambiguous: `choices` are some of the `matched` events
    close,   ///< nothing, but `choices` are within a few edits
    none,    ///< nothing: `choices` are the first events coming
};

/// What a word matched.
struct EventMatch {
    MatchKind kind = MatchKind::none;
    std::optional<EventChoice> chosen; ///< for MatchKind::one
    std::vector<EventChoice> choices;  ///< what to offer instead: at most max_choices, by start
    std::size_t matched = 0;           ///< for MatchKind::several: how many matched
};

inline constexpr std::size_t max_choices = 5;

/// `word` against the listed events, in this order: an exact id; else the one id it begins
/// (several: ambiguous); else the one title containing it, case-insensitively (several:
/// ambiguous). Nothing matched: the ids and titles within a few edits, else the first few
/// events coming.
EventMatch match_event(std::string_view word, const std::vector<core::UpcomingReminder>& reminders);

/// Without a word: the current occurrence (started, not ended) or else the next one to start.
std::optional<EventChoice> current_event(const std::vector<core::UpcomingReminder>& reminders,
                                         core::Instant now);

/// The lines after an error about `word`: `"s" matches 2 events; say which:` or
/// `did you mean one of these?` / `coming up:`, then "  ID  TITLE" a line, each with its
/// newline ("" without choices).
std::string choices_text(std::string_view word, const EventMatch& match);

} // namespace agendad::ctl
