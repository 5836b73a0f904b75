#pragma once
/// The real wall clock behind core::Clock.

#include "core/protocol/clock.hpp"

namespace agendad::runtime {

/// CLOCK_REALTIME, as the timerfd that fires reminders measures it.
class SystemClock final : public core::Clock {
  public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
};

} // namespace agendad::runtime
