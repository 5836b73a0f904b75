#pragma once
/// The planner: a pure function from a schedule and a span of time to reminder deadlines.
/// Nothing here reads a clock; the daemon asks "what is next after T" and arms one timer.

#include "core/model/schedule.hpp"
#include "core/plan/occurrences.hpp"

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
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

/// Every reminder with `from <= fire_at < until`, in delivery order. The window is clamped to
/// the years 1 to 9999, so any two instants are safe; the work is not bounded, so a window
/// from an untrusted caller goes through reminders_within instead.
std::vector<Reminder> reminders_between(const Schedule& schedule, Instant from, Instant until);

/// How much expanding one window may cost. Occurrences examined bound the time (a daily event
/// over 8000 years is three million of them), reminders built bound the memory.
struct PlanBudget {
    std::size_t occurrences = 1'000'000;
    std::size_t reminders = 100'000;
};

/// A window refused because expanding it would exceed its budget.
struct PlanTooLarge {
    std::size_t occurrences_examined = 0; ///< when the expansion stopped
    std::size_t reminders_found = 0;
    std::string message; ///< for the caller to pass on, e.g. in a D-Bus error
};

/// reminders_between within `budget`: every reminder with `from <= fire_at < until`, in
/// delivery order, or PlanTooLarge as soon as the budget runs out (never a partial list).
std::expected<std::vector<Reminder>, PlanTooLarge>
reminders_within(const Schedule& schedule, Instant from, Instant until, PlanBudget budget = {});

/// The reminders at the earliest instant strictly after `after` (several when they fall
/// together), in delivery order; empty when nothing is left. Looks at each event's next few
/// occurrences only, never expanding the whole horizon. Any `after` is safe.
std::vector<Reminder> next_reminders_after(const Schedule& schedule, Instant after);

/// One event's next step after an instant: what the reminder queue keeps per event.
struct EventStep {
    /// The event's reminders at its earliest instant strictly after the one asked about, in
    /// delivery order; empty when it has none left.
    std::vector<Reminder> reminders;
    /// The instant after that one at which the event fires again, if any.
    std::optional<Instant> following;
};

/// next_reminders_after for one event, plus the instant it fires at after those: one walk over
/// its next few occurrences, so that the daemon can keep each event's next instant in a heap
/// and step only the event that fired.
EventStep next_event_step(const Event& event, const Settings& settings, Instant after);

/// How many reminders fire in [from, until), without building them (clamped as in
/// reminders_between; unbounded work).
std::size_t count_reminders(const Schedule& schedule, Instant from, Instant until);

} // namespace agendad::core
