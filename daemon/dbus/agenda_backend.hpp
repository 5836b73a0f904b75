#pragma once
/// What the io.github.agendad.Agenda1 service and the notification actions ask of the daemon.
/// The daemon implements it over the running schedule and the state; tests use a fake.

#include "core/protocol/agenda_protocol.hpp"
#include "core/time/time_types.hpp"

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace agendad::dbus {

/// A snooze span meaning "until the occurrence starts".
using core::agenda1::snooze_until_start;

/// One reminder as the API lists it (the protocol's own type).
using UpcomingReminder = core::UpcomingReminder;

/// Which occurrence an action is about.
///
/// From a bubble the occurrence is known. From `agendactl snooze ID` / the D-Bus methods, `ID`
/// is an event id and `occurrence_start` is empty: the action applies to the event's current
/// occurrence (started, not yet ended) or else its next one.
struct ActionTarget {
    std::string event_id;
    std::optional<core::Instant> occurrence_start;
};

/// Why a request failed; each kind has its own D-Bus error name.
enum class BackendErrorKind {
    unknown_reminder, ///< core::agenda1::error::unknown_reminder
    invalid_argument, ///< core::agenda1::error::invalid_argument
    no_schedule,      ///< core::agenda1::error::no_schedule
    invalid_schedule, ///< core::agenda1::error::invalid_schedule
    limits_exceeded,  ///< core::agenda1::error::limits_exceeded
    failed,           ///< core::agenda1::error::failed
};

struct BackendError {
    BackendErrorKind kind = BackendErrorKind::failed;
    std::string message;
};

/// The daemon as the API sees it. Every call returns promptly (runs on the loop's thread).
class AgendaBackend {
  public:
    virtual ~AgendaBackend() = default;

    /// Reminders with from <= fire_at < until, in delivery order.
    virtual std::expected<std::vector<UpcomingReminder>, BackendError>
    list_upcoming(core::Instant from, core::Instant until) = 0;

    /// Reads the schedule file again; the diagnostics as printed lines, empty when the new
    /// schedule now runs.
    virtual std::vector<std::string> reload() = 0;

    /// Reminds again `span` from now (0: the schedule's settings.snooze; snooze_until_start:
    /// at the occurrence's start, which must be ahead) about the target's occurrence; returns that
    /// instant and the occurrence start it chose. Remembered across restarts.
    virtual std::expected<UpcomingReminder, BackendError> snooze(const ActionTarget& target,
                                                                 std::chrono::seconds span) = 0;

    /// No more reminders (nor snoozes) for the target's occurrence; returns the occurrence.
    /// Remembered across restarts.
    virtual std::expected<UpcomingReminder, BackendError> dismiss(const ActionTarget& target) = 0;

    /// The next reminder to fire, if any.
    virtual std::optional<UpcomingReminder> next() = 0;

    /// The last schedule problem as text ("" when the file is fine).
    virtual std::string last_error() = 0;

    virtual std::string schedule_path() = 0;

    /// What in the running schedule will never remind, as printed lines ("" none).
    virtual std::vector<std::string> warnings() = 0;

    /// History entries at or after `since`, oldest first; only `missed` ones if asked.
    virtual std::vector<core::HistoryEntry> history(core::Instant since, bool missed_only) = 0;

    /// The pause in force, if any (one whose end has come counts as none).
    virtual std::optional<core::Pause> pause_state() = 0;
    /// Nothing pops up until `until` (none: until resume()); replaces a pause in force (which
    /// keeps its start). Remembered across restarts.
    virtual std::expected<core::Pause, BackendError> pause(std::optional<core::Instant> until) = 0;
    /// Ends the pause: the reminders it held are shown as one digest, those of ended events
    /// only logged. Not paused: nothing to do.
    virtual core::ResumeResult resume() = 0;
};

} // namespace agendad::dbus
