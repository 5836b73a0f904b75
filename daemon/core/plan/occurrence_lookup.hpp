#pragma once
/// Finding one occurrence of one event in a schedule: for the daemon's snoozes and dismissals,
/// and for agendactl, which lists the daemon's snoozes as the daemon finds them.

#include "core/model/schedule.hpp"
#include "core/plan/occurrences.hpp"

#include <optional>
#include <string_view>

namespace agendad::core {

/// The event with this id, or null.
const Event* find_event(const Schedule& schedule, std::string_view event_id);

/// An occurrence of `event`: the one starting at `start` when given, else the current one
/// (started, not yet ended at `now`) or else the next; none when there is no such occurrence.
std::optional<Occurrence> find_occurrence(const Event& event, const Settings& settings,
                                          std::optional<Instant> start, Instant now);

} // namespace agendad::core
