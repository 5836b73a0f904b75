#pragma once
/// What the daemon's state says about single occurrences (snoozed, dismissed), as plain data
/// for agendactl's `upcoming` and `check`, so that they show what the daemon will do and not
/// only what the file says. app/ reads the state file (runtime/state.hpp, which ctl/ cannot
/// see) and hands it over; agendad need not run.

#include "core/plan/planner.hpp"

#include <compare>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace agendad::ctl {

/// One occurrence of one event, as the state names it: the event's id and the occurrence's
/// start.
struct OccurrenceRef {
    std::string event_id;
    core::Instant start;

    friend auto operator<=>(const OccurrenceRef&, const OccurrenceRef&) = default;
    friend bool operator==(const OccurrenceRef&, const OccurrenceRef&) = default;
};

/// The snoozes and dismissals of the daemon's state (runtime::State's, copied).
struct OccurrenceMarks {
    std::map<OccurrenceRef, core::Instant> snoozed = {}; ///< occurrence → when it reminds again
    std::set<OccurrenceRef> dismissed = {};              ///< no more reminders for these

    bool empty() const { return snoozed.empty() && dismissed.empty(); }
    /// The ids of the events with a snooze pending, for core::never_reminds.
    std::set<std::string, std::less<>> snoozed_events() const;
};

/// Calls `each(reminder, snoozed)` for what the daemon delivers with from <= fire_at < until,
/// in delivery order, as its ListUpcoming lists it (runtime::ReminderLoop::upcoming):
/// - `planned` (reminders_between's, in delivery order) but those of dismissed occurrences;
/// - each snooze ending in the window, as a reminder of its occurrence firing at the snooze's
///   end (`snoozed` true, its `lead` and `alarm` null), after the planned reminders of the
///   same instant. A snooze is one more reminder: the occurrence's other leads still come, as
///   they do in the daemon. One whose event or occurrence is no longer in `schedule` is left
///   out, as the daemon drops it.
void for_each_listed(const core::Schedule& schedule, const std::vector<core::Reminder>& planned,
                     const OccurrenceMarks& marks, core::Instant from, core::Instant until,
                     const std::function<void(const core::Reminder&, bool snoozed)>& each);

} // namespace agendad::ctl
