#pragma once
/// An [[event]] table written as TOML text, for the commands that add events to a schedule file
/// (agendactl add, agendactl import). Pure text building: checking the result is the schedule
/// reader's job, which runs on the whole new file before anything is written.

#include "core/time/span.hpp"
#include "core/time/time_types.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::core {

/// What one [[event]] table says, each value already as the schedule file takes it.
struct EventTable {
    std::string id; ///< empty: left out (the reader derives one)
    std::string title;
    bool all_day = false;
    LocalTime start;      ///< a wall-clock time in `timezone` (all-day: its midnight)
    std::string timezone; ///< empty: left out (settings.timezone applies)
    std::optional<Span> duration;
    std::string location;
    std::string description;
    std::string url;
    std::optional<std::vector<Span>> remind; ///< nullopt: left out (settings.remind applies)
    std::string urgency;                     ///< empty: left out
    std::string repeat;                      ///< an RRULE, empty: none
    std::vector<LocalTime> except_times;
    std::vector<LocalDays> except_days;
    /// Lines written as `# …` comments just before the table (e.g. what could not be kept).
    std::vector<std::string> comments;
};

/// `text` as a TOML basic string, quotes included ("a \"b\"\n" escaped as TOML requires).
std::string toml_string(std::string_view text);

/// `span` as the schedule writes spans: "1d2h30m", "0m" for zero. Its parts must not be negative.
std::string span_text(const Span& span);

/// The table as TOML text: "[[event]]\n" and one `key = value` line per key that is set,
/// ending in a newline.
std::string to_toml(const EventTable& table);

/// `existing` with `tables` appended after it, as agendactl add and import --append write it:
/// the existing text byte for byte, then a newline when it lacks a final one, then a blank line
/// when it has any text, then `tables`.
std::string appended_text(std::string_view existing, std::string_view tables);

} // namespace agendad::core
