#pragma once
/// "When" in words for a reminder being shown: pure formatting, the instant "now" is an argument.

#include "core/time/time_types.hpp"

#include <string>

namespace agendad::core {

/// What is needed to say when an occurrence happens, relative to the moment it is shown.
struct WhenParts {
    Instant start;
    Instant end;
    Instant fire_at;
    Instant now; ///< when the reminder is shown
    bool all_day = false;
    bool missed = false;
    const Zone* event_zone = nullptr; ///< its own zone; added to the text when it differs
};

/// "12 min", "2 h 5 min", "3 days": rounded down to the minute.
std::string duration_text(std::chrono::seconds duration);

/// "in 15 min · 10:00–13:00 CET", "now, started 5 min ago · 10:00–13:00 CET",
/// "missed at 09:45 — started 12 min ago · 10:00–13:00 CET"; when the event's own zone has
/// another offset: "in 15 min · 10:00–13:00 CET (18:00–21:00 JST, Asia/Tokyo)".
std::string when_text(const WhenParts& when, const Zone& user_zone);

} // namespace agendad::core
