#pragma once
/// agendactl's commands that talk to the running agendad: each asks the daemon through the
/// client (dbus/agenda_client.hpp), prints what the presentation (ctl/daemon_presentation.hpp)
/// makes of the answer, and returns an exit code. Here, in app/, because it is the one place
/// that may see both shells. A daemon that is not running is one line on stderr and
/// Exit::not_running; every command but `status` lets the bus start it first (D-Bus
/// activation, when agendad's service file is installed).

#include "core/time/time_types.hpp"
#include "ctl/daemon_presentation.hpp"

#include <string>

namespace agendad::app {

/// agendactl status: running?, version, file, next reminder, last error.
int run_status(const core::Zone& user_zone);
/// agendactl next; with `follow`, a new line whenever the answer changes (daemon signals,
/// plus the minute turning while a relative time is shown).
int run_next(ctl::NextFormat format, bool follow, const core::Zone& user_zone);
/// agendactl reload: the errors, if any, on stderr; exit 1 then.
int run_reload();
/// agendactl snooze [ID] [SPAN]: ID is an event id, a prefix of one or a piece of a title
/// (ctl/id_match.hpp), none for the current or next event; the event's current occurrence
/// (started, not ended) or else its next one is reminded again SPAN from now (default:
/// settings.snooze). `snooze 10m` is a span for the current event.
int run_snooze(const std::string& word, const std::string& span, const core::Zone& user_zone);
/// agendactl dismiss [ID]: no more reminders for the event's current or next occurrence.
int run_dismiss(const std::string& word, const core::Zone& user_zone);
/// agendactl watch: prints each ReminderDue signal as it comes, until interrupted.
int run_watch(const core::Zone& user_zone);

/// agendactl log [--missed] [--since T] [--json]: the history, oldest first; `since` as
/// ctl::since_argument reads it ("" : all that is kept).
int run_log(bool missed_only, const std::string& since, bool json, const core::Zone& user_zone);
/// agendactl pause [SPAN | --until T]: nothing pops up until then (neither: until resume).
int run_pause(const std::string& span, const std::string& until, const core::Zone& user_zone);
/// agendactl resume: ends the pause; the reminders it held are shown as one digest.
int run_resume();

} // namespace agendad::app
