#pragma once
/// One wall-clock deadline timer, as the reminder loop needs it. The real one is a timerfd
/// (timerfd_timer.hpp); tests use a fake that they fire by hand.

#include "core/time/time_types.hpp"

#include <functional>

namespace agendad::runtime {

/// Why the timer's handler was called.
enum class TimerWake {
    due,           ///< the armed instant has come (possibly late, e.g. after a resume)
    clock_changed, ///< the wall clock was set (NTP, `date -s`): the deadline must be re-planned
};

/// A single re-armable deadline on the wall clock.
class TimerSource {
  public:
    using Handler = std::function<void(TimerWake)>;
    virtual ~TimerSource() = default;
    /// The function called when the deadline comes or the clock changes; set once.
    virtual void set_handler(Handler handler) = 0;
    /// Arms the one deadline, replacing any armed before. A past deadline fires at once.
    virtual void arm(core::Instant deadline) = 0;
    /// Leaves nothing armed: the process then sleeps until something else happens.
    virtual void disarm() = 0;
};

} // namespace agendad::runtime
