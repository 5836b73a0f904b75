#pragma once

#include "core/time/time_types.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace agendad::core {

/// A length of time as the user writes it: "1d", "1h30m", "2w", "0m".
/// Weeks and days are calendar units (the same wall-clock time N days away, in the event's
/// zone, so "1d" before a Monday 09:00 is Sunday 09:00 even across a DST change); hours,
/// minutes and seconds are exact.
struct Span {
    int calendar_days = 0;
    std::chrono::seconds exact{0};
    std::string text; ///< as written, for messages and output

    /// The instant this span before `anchor`, counting calendar days in `zone`.
    Instant before(Instant anchor, const Zone& zone) const;
    /// The instant this span after `anchor`, counting calendar days in `zone`.
    Instant after(Instant anchor, const Zone& zone) const;
    /// An upper bound of the exact length, whatever the zone's transitions.
    std::chrono::seconds longest() const;
    bool is_zero() const { return calendar_days == 0 && exact.count() == 0; }

    friend bool operator==(const Span& a, const Span& b) {
        return a.calendar_days == b.calendar_days && a.exact == b.exact;
    }
};

/// Parses "Nw Nd Nh Nm Ns" run together, each unit at most once and in that order.
/// The error is a phrase to follow the value: `"90x" is not a span (use e.g. "1h30m")`.
std::expected<Span, std::string> parse_span(std::string_view text);

/// The instants the core plans within, years 1 to 9999: far beyond any schedule, far inside
/// what 64-bit seconds hold, so that adding a span or a zone offset never overflows. Windows
/// and anchors beyond them are clamped to them (a D-Bus caller may pass INT64_MIN..INT64_MAX).
inline constexpr Instant earliest_instant{date::sys_days{date::year{1} / 1 / 1}};
inline constexpr Instant latest_instant{date::sys_days{date::year{9999} / 12 / 31}};

/// `t` moved into [earliest_instant, latest_instant].
constexpr Instant clamp_instant(Instant t) {
    return t < earliest_instant ? earliest_instant : t > latest_instant ? latest_instant : t;
}

/// The longest text read as a span; "1w6d23h59m59s" has 13 characters.
inline constexpr std::size_t max_span_text = 32;

/// The longest span accepted, so that arithmetic never leaves the calendar: 10 years.
inline constexpr std::chrono::seconds max_span{10LL * 366 * 86400};

} // namespace agendad::core
