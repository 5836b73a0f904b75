#pragma once
/// A calendar the schedule names in a [[calendar]] table: an .ics file or a vdir (a folder of
/// .ics files, one per event, as vdirsyncer and khal keep them). The TOML reader fills a
/// CalendarSettings; read_calendar() (ics_reader.hpp) turns it into events.

#include "core/model/schedule.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::core {

/// Whose alarms an event of the calendar gets.
enum class AlarmPolicy {
    own,    ///< the event's own VALARMs where it has any, else the calendar's `remind`
    ignore, ///< always the calendar's `remind`
    both,   ///< its VALARMs and the calendar's `remind`
};

/// Which events get no reminders (they stay in the schedule, with none).
struct SkipRules {
    bool cancelled = true; ///< STATUS:CANCELLED, on the event or on one overridden occurrence
    bool declined = false; ///< an ATTENDEE listed in `me` has PARTSTAT=DECLINED
    bool free = false;     ///< TRANSP:TRANSPARENT
};

struct CalendarSettings {
    std::string name; ///< unique among calendars; part of every event id
    std::string path; ///< an .ics file or a folder of them, `~` already expanded
    std::optional<std::vector<Span>> remind; ///< unset: the schedule's settings.remind
    AlarmPolicy alarms = AlarmPolicy::own;
    std::optional<Urgency> urgency; ///< unset: the schedule's settings.urgency
    SkipRules skip;
    std::vector<std::string> me; ///< the user's addresses, without "mailto:", any case
    SourcePosition position;     ///< where its [[calendar]] table starts
};

namespace limits {
inline constexpr std::size_t calendars = 100;
inline constexpr std::size_t calendar_name_bytes = 64;
} // namespace limits

/// Where relative calendar paths lead: `~/…` under `home`, anything else not absolute under
/// the schedule file's folder (the folder of `schedule_path`; the current one when it has none).
/// `home` is passed in: the core does not read the environment.
struct PathBase {
    std::string_view schedule_path;
    std::string_view home;
};

/// `path` resolved as PathBase says; nullopt for "~…" when `home` is empty or not absolute.
std::optional<std::string> resolve_calendar_path(std::string_view path, const PathBase& base);

/// Limits on what a calendar's files may hold (the TOML schedule's are in schedule.hpp).
namespace limits::ics {
inline constexpr std::size_t file_bytes = 16 * 1024 * 1024;
inline constexpr std::size_t files_per_calendar = 20000;
inline constexpr std::size_t events_per_calendar = 20000;
inline constexpr std::size_t text_bytes = 16 * 1024; ///< longer texts are cut
inline constexpr std::size_t alarms_per_event = 16;  ///< counting each REPEAT
inline constexpr std::size_t rdates_per_event = 1000;
inline constexpr std::size_t exdates_per_event = 1000;
inline constexpr std::size_t attendees_per_event = 1000;
inline constexpr std::size_t diagnostics = 100;
} // namespace limits::ics

} // namespace agendad::core
