#pragma once

#include "core/ical/calendar_cache.hpp"
#include "core/model/diagnostic.hpp"
#include "core/plan/schedule_lint.hpp"
#include "core/read/schedule_reader.hpp"
#include "runtime/reminder_loop.hpp"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace agendad::runtime {

/// Parse, then swap: reads the schedule file into a whole new Schedule and hands it to the
/// loop only when it is valid. A failed read keeps the running schedule; its diagnostics are
/// logged and told to the sink once per distinct set (an editor saving the same mistake twice
/// is not news); the next good read clears the problem.
/// A good read is also checked for what will never remind (core::never_reminds); those
/// warnings do not stop the schedule, and are logged once per distinct set too, with the
/// problems met in its calendars' files. An event with a snooze pending in the loop's state is
/// not warned about: recheck_snoozes() checks again when the snoozed events change.
/// A read after the first parses only the [[event]] chunks whose text changed and shares the
/// other events with the running schedule (core::ScheduleMemo), whose never-reminds verdicts
/// they keep (core::NeverRemindsMemo) as they keep their place in the loop's queue; what a
/// read did is in the debug log ("read in … ms (1 of 10000 [[event]] chunks parsed)").
/// The calendars a good read names are told to a listener (the file watcher), so that the set of
/// watched paths follows the schedule: a change in a calendar is a reload like a save of the file.
class ScheduleReloader {
  public:
    /// Gives the zone for events and settings that name none (the user's current zone).
    using ZoneSource = std::function<const core::Zone&()>;

    ScheduleReloader(std::string path, ReminderLoop& loop, core::Sink& sink, ZoneSource zone);

    /// Called after each good read with the paths of the schedule's calendars.
    using CalendarPaths = std::function<void(std::vector<std::string>)>;
    void on_calendar_paths(CalendarPaths listener) { calendar_paths_ = std::move(listener); }

    /// Asked before each read: what changed in the calendars' folders since the last ask (the
    /// file watcher's take_calendar_changes). Without it, every read lists each folder whole.
    using CalendarNews = std::function<core::CalendarChanges()>;
    void take_calendar_news_from(CalendarNews source) { calendar_news_ = std::move(source); }

    /// Reads the file now. True when the new schedule runs.
    bool reload();

    /// Checks the running schedule for what will never remind again when the events with a
    /// pending snooze are not those of the last check (a snooze made, dismissed or delivered);
    /// cheap otherwise. True when the warnings changed (then logged, as after a read).
    bool recheck_snoozes();

    /// Whether the last read failed.
    bool has_problem() const { return !problem_.empty(); }
    const core::Diagnostics& problem() const { return problem_; }
    /// The warnings about the running schedule, as of its last good read (empty before one).
    const core::Diagnostics& warnings() const { return warnings_; }
    const std::string& path() const { return path_; }

  private:
    /// Keeps `warnings` as the running schedule's, logging them when they are a new set.
    bool keep_warnings(core::Diagnostics warnings);

    std::string path_;
    ReminderLoop& loop_;
    core::Sink& sink_;
    ZoneSource zone_;
    CalendarPaths calendar_paths_;
    CalendarNews calendar_news_;
    core::ScheduleMemo memo_;          ///< describes the running schedule, when a read gave it
    core::NeverRemindsMemo lint_memo_; ///< the never-reminds verdicts of the last good read
    core::Diagnostics problem_;
    core::Diagnostics warnings_;
    std::set<std::string, std::less<>> checked_snoozes_; ///< snoozed events warnings_ knew of
    /// The calendars' files as last read: a change re-reads only the files that changed.
    core::CalendarCache calendar_cache_;
};

} // namespace agendad::runtime
