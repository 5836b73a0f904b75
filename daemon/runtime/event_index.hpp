#pragma once
/// The running schedule's events by id, for the planning loop's snooze look-ups: a snooze is
/// looked up at every re-arm while one waits, which a walk over 100,000 events made cost as
/// much as the rest of a firing.

#include "core/model/schedule.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace agendad::runtime {

class EventIndex {
  public:
    /// The event of `schedule` with this id, or null. The index is built on the first look-up
    /// in a schedule (4 bytes an event, sorted by id), so that a reload pays nothing for it
    /// unless a snooze is waiting.
    const core::Event* find(const core::Schedule& schedule, std::string_view event_id);

    /// Forgets the index (the schedule it was built for is being replaced).
    void clear();

  private:
    const core::Schedule* built_for_ = nullptr;
    std::vector<std::uint32_t> by_id_; ///< positions in built_for_->events, sorted by id
};

} // namespace agendad::runtime
