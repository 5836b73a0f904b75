#pragma once
/// The TOML schedule as iCalendar (RFC 5545), for `agendactl export`: one VEVENT per [[event]]
/// (calendar events are the calendars' own and are not exported).
///
/// What each event becomes, so that reading the export back (ics_import.hpp) plans the same
/// reminders:
/// - UID "agendad-<id>": stable across exports, so an export replaces the previous one in a
///   calendar instead of adding copies; the prefix also marks what agendactl wrote.
/// - DTSTART with TZID=<IANA name> (or UTC "Z"; a DATE for an all-day event, its zone in
///   X-AGENDAD-TIMEZONE, as a DATE has none), DURATION, RRULE,
///   EXDATE (an `except` day of a timed event lists each occurrence on that day).
/// - One DISPLAY VALARM per lead time; `remind = []` gives an RFC 9074 ACTION:NONE alarm ("no
///   alarm": clients add none of their defaults). A lead of an all-day event counts back from
///   settings.all_day_at, an iCalendar alarm from the day's midnight, so the trigger is moved:
///   with all_day_at 09:00, "1d" is TRIGGER:-PT15H and "0m" TRIGGER:PT9H.
/// - urgency as PRIORITY: critical 1, normal 5, low 9.
/// TZIDs name IANA zones, and each zone named has its VTIMEZONE (ics_vtimezone.hpp), as RFC 5545
/// requires: a reader without the tz database gets the same instants, from the start of the
/// year of the zone's first event to ten years past the export (or its last start).

#include "core/model/schedule.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace agendad::ctl {

/// What agendactl's UIDs (and vdir file names) start with.
inline constexpr std::string_view exported_uid_prefix = "agendad-";

/// The UID of the event with `id`.
std::string exported_uid(std::string_view id);

/// One exported event: its UID and a whole VCALENDAR holding its VEVENT.
struct ExportedEvent {
    std::string uid;
    std::string ics;
};

/// Each [[event]] of `schedule` as a VCALENDAR of its own (a vdir's files). `stamp` is the
/// DTSTAMP.
std::vector<ExportedEvent> export_events(const core::Schedule& schedule, core::Instant stamp);

/// Every [[event]] of `schedule` in one VCALENDAR (an .ics file).
std::string export_calendar(const core::Schedule& schedule, core::Instant stamp);

/// Whether `ics` is a file that export_events wrote (its UID has the prefix).
bool written_by_export(std::string_view ics);

/// `ics` without its DTSTAMP lines: two exports of an unchanged event compare equal.
std::string without_stamp(std::string_view ics);

} // namespace agendad::ctl
