#pragma once
/// An iCalendar file as [[event]] tables, for `agendactl import`. The core's iCalendar reader
/// (ics_reader.hpp, the one that reads [[calendar]]s) does the reading, so an import means what
/// following the file as a calendar means; this file only writes its events as TOML.
///
/// What becomes what:
/// - ids: an UID that agendactl export wrote ("agendad-<id>") gives back <id>; any other UID
///   gives itself with the characters an id cannot hold turned into '-' (at most 128 of them), and
///   an overridden occurrence (RECURRENCE-ID) "<that>-<its original start, UTC>"; a repeat gets
///   "-2", "-3"….
/// - an override is an event of its own and an `except` of its series; each RDATE an event of
///   its own (TOML has no extra dates); a cancelled event or occurrence is left out.
/// - VALARMs become `remind` leads (an all-day event's counted back from the schedule's
///   all_day_at, the inverse of ics_export.hpp); an event with no VALARM gets no `remind` (the
///   schedule's default applies), one with only ACTION:NONE alarms `remind = []`. An alarm that
///   `remind` cannot say (after the start, at a fixed time of a repeating event) is left out with
///   a comment above the table.
/// - an all-day event is on the schedule's zone, unless X-AGENDAD-TIMEZONE (export's) names one.
/// - PRIORITY 1-4 is urgency "critical", 5 "normal", 6-9 "low" (0 or none: no urgency key).

#include "core/model/diagnostic.hpp"
#include "core/model/schedule.hpp"

#include <string>
#include <string_view>

namespace agendad::ctl {

struct Imported {
    std::string toml;           ///< the tables, a blank line between them
    std::size_t events = 0;     ///< how many tables
    core::Diagnostics warnings; ///< what the reader could not read, and what was left out
};

/// The events of the iCalendar `text` (reported as `path`) as tables for a schedule whose
/// settings are `target` (its zone reads floating times and all-day events; its all_day_at
/// places all-day alarms).
Imported import_ics(std::string_view text, const std::string& path, const core::Settings& target);

} // namespace agendad::ctl
