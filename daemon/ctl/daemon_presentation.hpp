#pragma once
/// What agendactl's daemon commands say, from what the daemon answered
/// (core/protocol/agenda_protocol.hpp). Pure: no bus, no clock (`now` is an argument); the commands
/// that call the daemon and print these texts are in app/ctl_daemon_commands.hpp.

#include "core/protocol/agenda_protocol.hpp"
#include "core/time/time_types.hpp"

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::ctl {

enum class NextFormat { text, json, waybar };

/// The answer to "what is next": the current or next occurrence.
struct NextAnswer {
    std::string text;    ///< "Team sync in 12 min", "Team sync now, until 10:30", ""
    std::string tooltip; ///< the next few, one a line: "14:16 Team sync", "Tue 01-04 09:30 Retro"
    /// The state, also waybar's class: "ongoing", "imminent" (starts within 15 min),
    /// "upcoming", "none", or "stopped" (agendad went away during --follow).
    std::string css_class;
    /// The occurrence `text` names, its fire_at the next reminder of it still to come (else its
    /// last); none for "none" and "stopped".
    std::optional<core::UpcomingReminder> first = std::nullopt;
    /// agendad is paused (set by show_paused): waybar's class is then "paused", the text says
    /// so; json keeps the occurrence's state.
    bool paused = false;
    std::string pause_text = {}; ///< "paused until 14:00", "paused until resumed"
    std::optional<core::Instant> paused_until = std::nullopt; ///< paused, not until resumed
};

/// Marks `answer` as given while agendad is paused until `until` (none: until resumed).
void show_paused(NextAnswer& answer, std::optional<core::Instant> until, core::Instant now,
                 const core::Zone& zone);

/// The answer for `reminders` at `now` on the user's clock. The tooltip names a calendar's
/// event with its calendar, as `upcoming` does: "14:16 [work] Team sync".
NextAnswer next_answer(const std::vector<core::UpcomingReminder>& reminders, core::Instant now,
                       const core::Zone& user_zone);

/// What `next --follow` shows while agendad is away.
NextAnswer stopped_answer();

/// The answer in a format, one line without the newline. text: the sentence ("nothing
/// coming", "agendad stopped"); waybar: {"text","tooltip","class"} with text and tooltip
/// escaped for Pango markup, which waybar reads them as; json: plain fields for scripts,
/// {"id","title","start","fire_at","calendar","state","text","paused","paused_until"},
/// instants in RFC 3339 UTC ("" when there is no occurrence), nothing markup-escaped;
/// "paused" true or false, "paused_until" the pause's end, null when not paused or paused until
/// resumed.
std::string format_next(const NextAnswer& answer, NextFormat format);

/// "09:30" today (in `zone`, seen at `now`), "Tue 09:30" another day.
std::string clock_text(core::Instant t, core::Instant now, const core::Zone& zone);

/// "09:30" today, "Tue 12-14 09:30" another day: for lists that reach past this week.
std::string date_clock_text(core::Instant t, core::Instant now, const core::Zone& zone);

/// agendactl status: four lines, each with its newline; a `paused:` line before `last error:`
/// while paused, and after it one line per warning about the running schedule. The next
/// reminder of a calendar's event names its calendar: "next:       [work] Team sync (…)".
std::string status_text(const core::AgendaStatus& status, core::Instant now,
                        const core::Zone& zone);

/// agendactl reload: what goes to stderr when the new schedule has errors ("" when it runs).
std::string reload_errors_text(const std::vector<std::string>& errors);

/// agendactl snooze's SPAN: "" is 0 (the daemon's settings.snooze), `until-start` is
/// core::agenda1::snooze_until_start; the error is the message.
inline constexpr std::string_view until_start_word = "until-start";
std::expected<std::chrono::seconds, std::string> snooze_span(const std::string& text);

/// "snoozed ID: reminding again at 09:40"
std::string snoozed_line(const std::string& event_id, core::Instant fire_at, core::Instant now,
                         const core::Zone& zone);

/// "dismissed ID (the occurrence at 10:00): no more reminders for it"
std::string dismissed_line(const std::string& event_id, core::Instant start, core::Instant now,
                           const core::Zone& zone);

/// agendactl watch: one ReminderDue signal as one line.
std::string reminder_due_line(const core::ReminderDue& due, core::Instant now,
                              const core::Zone& zone);

} // namespace agendad::ctl
