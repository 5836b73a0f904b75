#pragma once
/// io.github.agendad.Agenda1, typed once: the names, members, signatures and error names that
/// the service (dbus/agenda_service.cpp) and the client (dbus/agenda_client.cpp) both use, the
/// µs conversions of its instants, and the values it carries. Pure (no sd-bus), so that
/// agendactl's presentation (ctl/) can use the same structs.
///
///   signal   ReminderDue(s id, s title, x start_us, x fire_us, s lead, b missed, s calendar)
///   signal   ScheduleReloaded(b ok, s error)
///   method   ListUpcoming(x from_us, x until_us) -> a(ssssxxxs)
///                (id, title, location, lead, start_us, end_us, fire_us, calendar)
///   method   Reload() -> as errors (empty: the new schedule runs)
///   method   Snooze(s event_id, t seconds) -> x fire_us   (when it reminds again;
///                seconds 0: the schedule's settings.snooze; 2^64-1: until it starts)
///   method   Dismiss(s event_id) -> x start_us            (the occurrence dismissed)
///   property SchedulePath s, LastError s, Version s (const),
///            NextReminder (ssxxs) (id, title, start_us, fire_us, lead; "" and 0 when none),
///            NextReminderCalendar s (NextReminder's calendar; "" for a TOML event or none)
///   property Warnings as   what in the running schedule will never remind, one
///            "file:line:col: warning: …" each (empty: none)
///   method   History(x since_us, b missed_only) -> a(ssssxx)
///                (kind, id, title, lead, at_us, start_us), oldest first; kind is
///                shown, missed, held, snoozed or dismissed (core/protocol/history_entry.hpp)
///   method   Pause(x until_us) -> x until_us   (paused_until_resumed_us: until Resume)
///   method   Resume() -> (u shown, u logged)   (held reminders shown, and only logged)
///   property PausedUntil x   (0: not paused; paused_until_resumed_us: until Resume)
///
/// `calendar` is the name of the [[calendar]] an event comes from, "" for a TOML event. It was
/// added last, so a ReminderDue reader that reads the first six arguments keeps working; the
/// ListUpcoming struct grew with it (agendactl and agendad ship together). NextReminder's is a
/// property of its own rather than a sixth member: a property's type cannot grow without
/// breaking every reader of the old one (`busctl get-property`, bar scripts), and a new
/// property breaks none. It changes with NextReminder, in the same PropertiesChanged. `lead` is the
/// lead as written ("15m", "0m"), "snooze", or for an event's own alarm its words ("10m after the
/// start"; reminder_text.hpp). Instants are µs since the Unix epoch. An `event_id` in Snooze and
/// Dismiss names an event; the action applies to its current occurrence, else its next one.
///
/// What changes when one adds…
///   a method:  this header (its Member); dbus/agenda_service.{hpp,cpp} (vtable row, handler);
///              dbus/agenda_client.{hpp,cpp} (the call). If it needs the daemon, also
///              dbus/agenda_backend.hpp, app/daemon_backend.{hpp,cpp} and the test fake.
///   an agendactl command: app/agendactl.cpp (one commands.add(name, help, handler): a command
///              cannot exist without its handler). One that talks to the daemon also
///              app/ctl_daemon_commands.{hpp,cpp} (call, print, exit code) and
///              ctl/daemon_presentation.{hpp,cpp} (its text) with a row in tests/ctl.
///   a notification action: dbus/notification_text.hpp (Action and its row in action_table),
///              dbus/notification_text.cpp (when a bubble offers it), dbus/notifications.cpp
///              (its case in on_action's switch, which -Wswitch points at).

#include "core/protocol/history_entry.hpp"
#include "core/time/time_types.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agendad::core::agenda1 {

inline constexpr const char* bus_name = "io.github.agendad";
inline constexpr const char* object_path = "/io/github/agendad";
inline constexpr const char* interface = "io.github.agendad.Agenda1";

/// A method or signal: its name, the signature it takes and (methods) the one it returns.
struct Member {
    const char* name;
    const char* in;
    const char* out = "";
};

/// One reminder in a list: (ssssxxxs).
inline constexpr const char* reminder_signature = "(ssssxxxs)";
/// NextReminder's value: (ssxxs).
inline constexpr const char* next_reminder_signature = "(ssxxs)";

inline constexpr Member list_upcoming{"ListUpcoming", "xx", "a(ssssxxxs)"};
inline constexpr Member reload{"Reload", "", "as"};
inline constexpr Member snooze{"Snooze", "st", "x"};
inline constexpr Member dismiss{"Dismiss", "s", "x"};
// History and pause (agendactl log, pause, resume).
inline constexpr const char* history_entry_signature = "(ssssxx)";
inline constexpr Member history{"History", "xb", "a(ssssxx)"};
inline constexpr Member pause{"Pause", "x", "x"};
inline constexpr Member resume{"Resume", "", "uu"};

/// Snooze's `seconds` on the wire for "until the occurrence starts", and the span that stands
/// for it on either side (agendactl snooze ID until-start, a bubble's "Snooze until start").
inline constexpr std::uint64_t snooze_until_start_seconds = UINT64_MAX;
inline constexpr std::chrono::seconds snooze_until_start = std::chrono::seconds::max();

inline constexpr Member reminder_due{"ReminderDue", "ssxxsbs"};
inline constexpr Member schedule_reloaded{"ScheduleReloaded", "bs"};

/// Properties: name and type.
inline constexpr Member schedule_path_property{"SchedulePath", "s"};
inline constexpr Member next_reminder_property{"NextReminder", next_reminder_signature};
inline constexpr Member next_reminder_calendar_property{"NextReminderCalendar", "s"};
inline constexpr Member last_error_property{"LastError", "s"};
inline constexpr Member version_property{"Version", "s"};
inline constexpr Member warnings_property{"Warnings", "as"};
inline constexpr Member paused_until_property{"PausedUntil", "x"};

/// PausedUntil's values besides an instant.
inline constexpr std::int64_t not_paused_us = 0;
inline constexpr std::int64_t paused_until_resumed_us = INT64_MAX;

/// The errors a method may answer with.
namespace error {
inline constexpr const char* unknown_reminder = "io.github.agendad.Error.UnknownReminder";
inline constexpr const char* invalid_argument = "io.github.agendad.Error.InvalidArgument";
inline constexpr const char* no_schedule = "io.github.agendad.Error.NoSchedule";
inline constexpr const char* invalid_schedule = "io.github.agendad.Error.InvalidSchedule";
inline constexpr const char* failed = "io.github.agendad.Error.Failed";
/// A request whose answer would be too large to build (ListUpcoming over a dense window).
inline constexpr const char* limits_exceeded = "org.freedesktop.DBus.Error.LimitsExceeded";
} // namespace error

/// An instant on the bus: µs since the Unix epoch.
constexpr std::int64_t to_us(Instant instant) {
    return std::chrono::duration_cast<std::chrono::microseconds>(instant.time_since_epoch())
        .count();
}

/// Back to whole seconds (floored: a µs value before the epoch stays before it).
constexpr Instant from_us(std::int64_t us) {
    return std::chrono::floor<std::chrono::seconds>(
        std::chrono::sys_time<std::chrono::microseconds>{std::chrono::microseconds{us}});
}

} // namespace agendad::core::agenda1

namespace agendad::core {

/// One reminder as ListUpcoming lists it. NextReminder (with NextReminderCalendar) carries the
/// same but for `location` (then "") and `end` (then equal to `start`).
struct UpcomingReminder {
    std::string event_id;
    std::string title;
    std::string location;
    std::string lead; ///< as written: "15m"; "snooze" for a snoozed reminder coming again
    Instant start;
    Instant end;
    Instant fire_at;
    std::string calendar; ///< its [[calendar]]'s name; "" for a TOML event
};

/// The ReminderDue signal's arguments.
struct ReminderDue {
    std::string event_id;
    std::string title;
    Instant start;
    Instant fire_at;
    std::string lead;
    bool missed = false;
    std::string calendar; ///< its [[calendar]]'s name; "" for a TOML event
};

/// The service's properties, read together (agendactl status).
struct AgendaStatus {
    std::string version;
    std::string schedule_path;
    std::string last_error;                 ///< "" when the file is fine
    std::optional<UpcomingReminder> next;   ///< none planned: empty
    std::vector<std::string> warnings = {}; ///< the Warnings property
    bool paused = false;
    std::optional<Instant> paused_until = std::nullopt; ///< paused, and not until resumed
};

/// What Resume did with the reminders held during the pause.
struct ResumeResult {
    std::uint32_t shown = 0;  ///< in the resume digest (or one bubble)
    std::uint32_t logged = 0; ///< of events that had ended: only logged, as catch-up does
};

} // namespace agendad::core
