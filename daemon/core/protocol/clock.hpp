#pragma once
/// The only way the shells read the time: the runtime passes the real clock, tests a fake.

#include <chrono>

namespace agendad::core {

/// A source of wall-clock time. The core itself never reads one: its functions take instants.
class Clock {
  public:
    virtual ~Clock() = default;
    /// The wall clock now, at full precision (the planner works in whole seconds).
    virtual std::chrono::system_clock::time_point now() const = 0;
};

} // namespace agendad::core
