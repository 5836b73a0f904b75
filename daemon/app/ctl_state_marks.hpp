#pragma once
/// agendactl's read of agendad's state file: the snoozes and dismissals that `upcoming` and
/// `check` take into account (ctl/occurrence_marks.hpp), read without the daemon, so that they
/// work when it is stopped too. Here, in app/, because the format is runtime/'s
/// (runtime/state.hpp) and the listings are ctl/'s.

#include "ctl/occurrence_marks.hpp"

#include <string>

namespace agendad::app {

/// The marks in `state_dir`'s state (its state file and journal) that apply to `schedule_file`. The
/// state names events by id and does not say which file they came from; it belongs to the daemon
/// that runs the default schedule (`default_schedule`), so another file gets none. No state file:
/// none. A state that cannot be read or parsed is one line on stderr ("…; snoozes and dismissals
/// not shown"), then none: the listing still comes, from the file alone. Never moves or changes the
/// file.
ctl::OccurrenceMarks daemon_marks(const std::string& schedule_file,
                                  const std::string& default_schedule,
                                  const std::string& state_dir);

} // namespace agendad::app
