#pragma once
/// A zone's UTC offsets, cached: the spans of constant offset that date/tz reports, each fetched
/// once, so that converting an instant costs a comparison or two instead of a `get_info` call.
///
/// Why it exists: `date::time_zone::get_info` passes a `call_once`, searches the zone's whole
/// transition list and copies the abbreviation into a `std::string` on every call, and a local
/// time costs two or three of them. Planning 61,000 reminders did about 300,000 such calls,
/// most of the planner's time. The occurrences of a year fall in two or three spans.
///
/// How it stays correct: the spans are date/tz's own `sys_info` ranges, so an instant's offset is
/// date/tz's by construction. A wall-clock time more than a day away from any transition has
/// one meaning, found in the span; one within a day of a transition (a gap, a fold, and their
/// neighbourhood) is handed to date/tz itself. tests/core/time/zone_offsets_test.cpp compares every
/// answer with date/tz across the transitions of several zones and years.
///
/// Not thread-safe: a table fills itself as it is asked. zone_offsets() gives each thread its
/// own tables.

#include "core/time/time_types.hpp"

#include <cstddef>
#include <vector>

namespace agendad::core {

class ZoneOffsets {
  public:
    explicit ZoneOffsets(const Zone& zone) : zone_(&zone) {}

    const Zone& zone() const { return *zone_; }
    /// `zone.get_info(instant).offset`.
    std::chrono::seconds offset_at(Instant instant) { return span_at(instant).offset; }
    /// `zone.to_local(instant)`.
    LocalTime to_local(Instant instant) {
        return LocalTime{instant.time_since_epoch() + offset_at(instant)};
    }
    /// `resolve_local(zone, local)`: a time in a gap moves forward by the gap's length, a time in
    /// a fold takes the earlier instant.
    Instant resolve(LocalTime local);

    /// How many spans are held (for tests: they are fetched lazily, once each).
    std::size_t spans_held() const { return spans_.size(); }

  private:
    struct OffsetSpan {
        Instant begin; ///< inclusive
        Instant end;   ///< exclusive
        std::chrono::seconds offset;
    };
    const OffsetSpan& span_at(Instant instant);
    const OffsetSpan& fetch(Instant instant);

    const Zone* zone_;
    std::vector<OffsetSpan> spans_; ///< sorted and contiguous: each begins where the last ends
    std::size_t last_ = 0;          ///< the span answered last, tried first
    OffsetSpan outside_{};          ///< an answer from beyond date/tz's table (never, in practice)
};

/// This thread's table for `zone`, made on first use and kept for the thread's life (a few
/// spans per zone and year asked about).
ZoneOffsets& zone_offsets(const Zone& zone);

} // namespace agendad::core
