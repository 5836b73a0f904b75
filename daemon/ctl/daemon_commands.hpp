#pragma once
/// agendactl's commands that talk to the running agendad over the session bus
/// (io.github.agendad.Agenda1, see daemon/dbus/agenda_service.hpp). A daemon that is not
/// running is one line on stderr and Exit::not_running.

#include "core/time_types.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace agendad::ctl {

enum class NextFormat { text, json, waybar };

/// One reminder as ListUpcoming returns it.
struct ListedReminder {
    std::string id;
    std::string title;
    std::string location;
    std::string lead;
    core::Instant start;
    core::Instant end;
    core::Instant fire_at;
};

/// The answer to "what is next": the current or next occurrence.
struct NextAnswer {
    std::string text;      ///< "Team sync in 12 min", "Team sync now, until 10:30", ""
    std::string tooltip;   ///< the next few, one a line
    std::string css_class; ///< "ongoing", "imminent" (starts within 15 min), "upcoming", "none"
};

/// Pure: the answer for `reminders` at `now` on the user's clock.
NextAnswer next_answer(const std::vector<ListedReminder>& reminders, core::Instant now,
                       const core::Zone& user_zone);

/// The answer in a format, one line without the newline.
std::string format_next(const NextAnswer& answer, NextFormat format);

/// agendactl status: running?, version, file, next reminder, last error.
int run_status(const core::Zone& user_zone);
/// agendactl next; with `follow`, a new line whenever the answer changes (daemon signals,
/// plus the minute turning while a relative time is shown).
int run_next(NextFormat format, bool follow, const core::Zone& user_zone);
/// agendactl reload: the errors, if any, on stderr; exit 1 then.
int run_reload();
/// agendactl snooze ID [SPAN]: ID is an event id; the event's current occurrence (started,
/// not ended) or else its next one is reminded again SPAN from now (default: settings.snooze).
int run_snooze(const std::string& event_id, const std::string& span, const core::Zone& user_zone);
/// agendactl dismiss ID: no more reminders for the event's current or next occurrence.
int run_dismiss(const std::string& event_id, const core::Zone& user_zone);
/// agendactl watch: prints each ReminderDue signal as it comes, until interrupted.
int run_watch(const core::Zone& user_zone);

} // namespace agendad::ctl
