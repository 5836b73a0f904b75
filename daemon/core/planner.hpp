#pragma once
/// The planner: a pure function from a schedule and a span of time to reminder deadlines.
/// Nothing here reads a clock; the daemon asks "what is next after T" and arms one timer.

#include "core/occurrences.hpp"
#include "core/schedule.hpp"

#include <vector>

namespace agendad::core {

/// One reminder deadline: a lead time before one occurrence of one event.
struct Reminder {
    const Event* event = nullptr;
    Occurrence occurrence;
    const Span* lead = nullptr; ///< a `remind` lead, or the alarm's (`lead->text` names either)
    Instant fire_at;
    const Alarm* alarm = nullptr; ///< set when the event's own alarm fires, not a `remind` lead
};

/// The order reminders are delivered in: by instant, then occurrence start, then title
/// (then id and lead, so that the order is total).
bool fires_before(const Reminder& a, const Reminder& b);

/// Every reminder with `from <= fire_at < until`, in delivery order.
std::vector<Reminder> reminders_between(const Schedule& schedule, Instant from, Instant until);

/// The reminders at the earliest instant strictly after `after` (several when they fall
/// together), in delivery order; empty when nothing is left. Looks at each event's next few
/// occurrences only, never expanding the whole horizon.
std::vector<Reminder> next_reminders_after(const Schedule& schedule, Instant after);

/// How many reminders fire in [from, until), without building them.
std::size_t count_reminders(const Schedule& schedule, Instant from, Instant until);

} // namespace agendad::core
