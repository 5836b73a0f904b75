#pragma once
/// Warnings about a valid schedule: what the file says that will never have an effect. A
/// schedule with warnings runs as it is; they are for `agendactl check`, the log and the status,
/// so that an event that will never remind is not silent.

#include "core/diagnostic.hpp"
#include "core/schedule.hpp"

#include <functional>
#include <set>
#include <string>

namespace agendad::core {

/// Warnings (Severity::warning), in file order, each at the line and column of what it is about:
/// - an event whose every reminder fires before `now` (a one-off in the past, or a repeating
///   event whose rule has ended, by UNTIL or COUNT, with no reminder left to come);
/// - an `except` entry that matches no occurrence of its event's rule.
/// Events with `remind = []` are left alone: no reminder is what they ask for, and so are the
/// events in `snoozed` (ids of events with a snooze pending in the daemon's state): the snooze
/// is a reminder still to come, which the file alone does not show.
/// Pure: `now` and the snoozes are arguments. Walks each event from `now` only until a reminder
/// to come.
Diagnostics never_reminds(const Schedule& schedule, Instant now,
                          const std::set<std::string, std::less<>>& snoozed = {});

} // namespace agendad::core
