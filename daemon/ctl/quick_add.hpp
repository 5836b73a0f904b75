#pragma once
/// `agendactl add`: an event from a title and a "when" as a person types it. Pure: "now" and the
/// zone are arguments, so "tomorrow 15:00" is tested against a pinned instant.

#include "core/time/time_types.hpp"
#include "core/toml/event_toml.hpp"

#include <expected>
#include <set>
#include <string>
#include <string_view>

namespace agendad::ctl {

/// A start as the user's words name it, on the clock of the zone they were read in.
struct When {
    core::LocalTime start;
    bool all_day = false;
};

/// Reads a start from the words:
/// - "2026-12-03T15:00" (or with seconds, or a space for the T), "2026-12-03" (an all-day event);
/// - "today", "tomorrow" or a weekday ("friday", "fri"), with a time ("15:00", "9:00", "9am",
///   "3pm") or without (all-day). A weekday is the next such day from today on whose time is
///   still ahead (all-day: today counts);
/// - a time alone ("15:00"): today when it is still ahead, else tomorrow;
/// - "in 2h", "in 1d30m": now plus a span (days on the zone's clock), to the minute.
/// Relative words count from `now` on `zone`'s clock. The error says what is accepted.
std::expected<When, std::string> parse_when(std::string_view words, core::Instant now,
                                            const core::Zone& zone);

/// What `agendactl add` was asked for.
struct AddRequest {
    std::string title;
    std::string when;     ///< the words, joined by spaces
    std::string duration; ///< a span, or empty
    std::string remind;   ///< spans separated by commas ("1d,1h"), "none" for [], or empty
    std::string timezone; ///< an IANA name, or empty: the schedule's zone
    std::string repeat;   ///< an RRULE, or empty
};

/// The table for `request`, with a fresh id: the title's words and the start (as the reader
/// derives ids), made unique against `taken`. The values are only shaped here; the schedule
/// reader checks them in the new whole file. The error (a bad when, span, or zone) is a
/// sentence for the user.
std::expected<core::EventTable, std::string> event_to_add(const AddRequest& request,
                                                          core::Instant now,
                                                          const core::Zone& schedule_zone,
                                                          const std::set<std::string>& taken);

} // namespace agendad::ctl
