#pragma once
/// Sorting reminders into delivery order (fires_before) fast: a listing of a year sorts tens of
/// thousands of them.

#include "core/plan/planner.hpp"

#include <vector>

namespace agendad::core {

/// Sorts `reminders` by fires_before. Sorts small packed keys (fire instant, occurrence start,
/// position) rather than the reminders themselves, and compares titles and ids only between
/// reminders that fire together for occurrences that start together; then moves each reminder
/// to its place once. The order is fires_before's, which is total, so the result is the same as
/// std::sort's with it.
void sort_in_delivery_order(std::vector<Reminder>& reminders);

} // namespace agendad::core
