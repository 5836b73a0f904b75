#pragma once
/// Finding one occurrence of one event in the running schedule, for snoozes and dismissals.

#include "core/occurrences.hpp"
#include "core/schedule.hpp"

#include <optional>
#include <string_view>

namespace agendad::runtime {

/// The event with this id, or null.
const core::Event* find_event(const core::Schedule& schedule, std::string_view event_id);

/// An occurrence of `event`: the one starting at `start` when given, else the current one
/// (started, not yet ended at `now`) or else the next; none when there is no such occurrence.
std::optional<core::Occurrence> find_occurrence(const core::Event& event,
                                                const core::Settings& settings,
                                                std::optional<core::Instant> start,
                                                core::Instant now);

} // namespace agendad::runtime
