#pragma once
/// Helpers for core tests: pinned instants and schedules built from TOML text.

#include "core/read/schedule_reader.hpp"
#include "core/text/reminder_text.hpp"

#include "catch_compat.hpp"
#include <string>

namespace agendad::core::test {

/// An instant from "2022-01-03T13:04:05Z" (or with an offset); fails the test when malformed.
inline Instant at(const std::string& rfc3339) {
    const auto instant = parse_rfc3339(rfc3339);
    REQUIRE(instant.has_value());
    return *instant;
}

/// A wall-clock reading from "2022-01-03T13:04:05".
inline LocalTime local(const std::string& text) {
    return LocalTime{at(text + "Z").time_since_epoch()};
}

inline const Zone& zone(const char* name) {
    return *date::locate_zone(name);
}

/// Parses `toml` as "agenda.toml" with UTC as the default zone, requiring success.
inline Schedule schedule(const std::string& toml, const char* default_zone = "UTC") {
    auto parsed = parse_schedule(toml, "agenda.toml", zone(default_zone));
    if (!parsed)
        FAIL(to_string(parsed.error()));
    return std::move(*parsed);
}

/// The diagnostics of a file that must fail.
inline Diagnostics errors(const std::string& toml) {
    auto parsed = parse_schedule(toml, "agenda.toml", zone("UTC"));
    REQUIRE_FALSE(parsed.has_value());
    return parsed.error();
}

} // namespace agendad::core::test
