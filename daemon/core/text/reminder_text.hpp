#pragma once
/// Text forms of instants and reminders: RFC 3339, JSON lines and the human listing.

#include "core/plan/planner.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace agendad::core {

/// "2022-01-09T09:00:00Z"
std::string rfc3339_utc(Instant instant);
/// "2022-01-10T10:00:00+01:00": the instant on `zone`'s wall clock, with its offset.
std::string rfc3339_in(const Zone& zone, Instant instant);
/// Parses an RFC 3339 date-time with "Z" or an offset; a "T" or a space between date and time.
std::optional<Instant> parse_rfc3339(std::string_view text);

/// `text` as the inside of a JSON string.
std::string json_escape(std::string_view text);

/// One JSON object, no newline: fire_at, start, title, id, lead, all_day, and "calendar" for a
/// calendar's event (TOML events' objects are unchanged).
std::string reminder_json(const Reminder& reminder);
/// The same, appended to `out` (for long listings).
void append_reminder_json(std::string& out, const Reminder& reminder);
/// The object of a snooze: the occurrence of `reminder` reminded again at its fire_at, with
/// lead "snooze" (as ListUpcoming and ReminderDue say it) and "snoozed":true at the end.
void append_snoozed_json(std::string& out, const Reminder& reminder);

/// "Sun 2022-01-09 10:00 CET   1d before  NATO–Ukraine Commission · Mon 10:00 (Brussels)"
/// on the user's wall clock, with the event's own time and zone added where they differ; a
/// calendar's event has its calendar's name before the title ("[work] Team sync").
std::string reminder_line(const Reminder& reminder, const Zone& user_zone);
/// The same for a snooze (as append_snoozed_json): "snoozed" where the lead is.
std::string snoozed_line(const Reminder& reminder, const Zone& user_zone);

/// The lead of a reminder that comes again after a snooze.
inline constexpr std::string_view snooze_lead = "snooze";

/// "1d before", "at the start"
std::string describe_lead(const Span& lead);
/// The same for a reminder, which may be an event's own alarm (an iCalendar TRIGGER such as
/// "-PT15M"): "15m before", "10m after the start", "5m before the end", "its alarm" (one at a fixed
/// instant).
std::string describe_lead(const Reminder& reminder);
/// A reminder's lead as agendad hands it on (ReminderDue, ListUpcoming, the journal, JSON):
/// the `remind` lead as written ("15m", "0m"); an own alarm that counts back from the start in
/// the same words ("-PT15M" gives "15m", "PT0S" "0m"), so that scripts see one vocabulary; any
/// other alarm as describe_lead says it ("10m after the start", "5m before the end", "its
/// alarm"). Never the TRIGGER's own text, which means nothing to a reader.
std::string lead_text(const Reminder& reminder);

} // namespace agendad::core
