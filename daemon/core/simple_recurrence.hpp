#pragma once
/// The commonest rules — FREQ=DAILY or WEEKLY with INTERVAL, COUNT, UNTIL, WKST and plain BYDAY —
/// walked with calendar arithmetic. Debian's libical steps every rule through ICU calendars at
/// about 23,000 instructions a step, which dominated planning a large schedule. libical still
/// parses every rule and expands everything else (ordinals, BYMONTHDAY, BYSETPOS, MONTHLY, …);
/// recurrence_test holds the two walks equal over generated rules.

#include "core/time_types.hpp"

#include <optional>
#include <vector>

namespace agendad::core {

struct SimpleRule {
    LocalDays first_day;              ///< DTSTART's day, which always matches the rule
    std::chrono::seconds time_of_day; ///< DTSTART's time, the same for every occurrence
    LocalDays first_period;           ///< the day DTSTART's period starts (its week for WEEKLY)
    int period_days = 1;              ///< INTERVAL days, or INTERVAL weeks
    std::vector<int> offsets;         ///< days into each period that may match, ascending
    unsigned weekday_mask = 0x7f;     ///< bit n set: weekday n (Sunday = 0) matches
    int count = 0;                    ///< 0: unlimited
    std::optional<LocalTime> until;   ///< inclusive, on the wall clock
};

/// The occurrences of a SimpleRule in order, from the first at or after a given point.
class SimpleWalk {
  public:
    SimpleWalk(const SimpleRule& rule, LocalTime from);
    std::optional<LocalTime> next();

  private:
    const SimpleRule* rule_;
    long period_ = 0;
    std::size_t index_ = 0;
    int produced_ = 0;
};

} // namespace agendad::core
