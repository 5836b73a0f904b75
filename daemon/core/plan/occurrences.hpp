#pragma once

#include "core/model/schedule.hpp"

#include <optional>

namespace agendad::core {

/// One happening of an event, on the real timeline.
struct Occurrence {
    Instant start; ///< timed: the start; all-day: the day's first instant
    Instant end;
    Instant anchor; ///< what reminders count back from: the start, or all_day_at on the day
    LocalTime local_start;
};

/// Walks an event's occurrences in order, lazily: one for a single event, the RRULE's for a
/// repeating one, merged with the extra times (RDATE; a start given twice happens once), minus
/// the exceptions.
class OccurrenceCursor {
  public:
    /// Starts at the first occurrence whose anchor is at or after `from` (clamped to the years
    /// 1 to 9999, see clamp_instant).
    OccurrenceCursor(const Event& event, const Settings& settings, Instant from);
    std::optional<Occurrence> next();

  private:
    Occurrence make(LocalTime local_start) const;
    bool excepted(LocalTime local_start) const;
    std::optional<LocalTime> next_main();
    std::optional<LocalTime> next_start();

    const Event* event_;
    std::chrono::minutes all_day_at_;
    Instant from_;
    std::optional<Recurrence::Cursor> rule_;
    bool single_done_ = false;
    std::size_t extra_ = 0;         ///< the next of event_->extra_times to merge in
    std::optional<LocalTime> main_; ///< the rule's (or the single start's) next, when peeked
    bool main_peeked_ = false;
    std::optional<Instant> last_start_; ///< the start of the occurrence produced last
};

} // namespace agendad::core
