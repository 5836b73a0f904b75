#pragma once
/// The only way the runtime reads the time: tests replace it with a fake.

#include <chrono>

namespace agendad::runtime {

/// A source of wall-clock time.
class Clock {
  public:
    virtual ~Clock() = default;
    /// The wall clock now, at full precision (the planner works in whole seconds).
    virtual std::chrono::system_clock::time_point now() const = 0;
};

/// The real wall clock (CLOCK_REALTIME).
class SystemClock final : public Clock {
  public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
};

} // namespace agendad::runtime
