#include "runtime/event_index.hpp"

#include <algorithm>
#include <numeric>

namespace agendad::runtime {

const core::Event* EventIndex::find(const core::Schedule& schedule, std::string_view event_id) {
    const auto& events = schedule.events;
    if (built_for_ != &schedule || by_id_.size() != events.size()) {
        by_id_.resize(events.size());
        std::iota(by_id_.begin(), by_id_.end(), std::uint32_t{0});
        // Stable: with a repeated id (the reader refuses them; calendars may not) the first
        // one wins, as in a walk.
        std::stable_sort(by_id_.begin(), by_id_.end(), [&](std::uint32_t a, std::uint32_t b) {
            return events[a].id < events[b].id;
        });
        built_for_ = &schedule;
    }
    const auto it =
        std::lower_bound(by_id_.begin(), by_id_.end(), event_id,
                         [&](std::uint32_t i, std::string_view id) { return events[i].id < id; });
    return it != by_id_.end() && events[*it].id == event_id ? &events[*it] : nullptr;
}

void EventIndex::clear() {
    built_for_ = nullptr;
    by_id_.clear();
    by_id_.shrink_to_fit();
}

} // namespace agendad::runtime
