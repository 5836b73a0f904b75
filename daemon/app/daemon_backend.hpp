#pragma once
/// The daemon as io.github.agendad.Agenda1 and the notification actions see it: the running
/// schedule (through the reminder loop), the reloader's last problem, and snoozes and
/// dismissals recorded in the state, with the history and the pause kept there too.

#include "core/protocol/clock.hpp"
#include "dbus/agenda_backend.hpp"
#include "runtime/pause.hpp"
#include "runtime/reminder_loop.hpp"
#include "runtime/schedule_reloader.hpp"

#include <functional>

namespace agendad::app {

/// AgendaBackend over the running daemon. Every call runs on the loop's thread.
class DaemonBackend final : public dbus::AgendaBackend {
  public:
    /// `reload` reads the schedule file again the way SIGHUP does. All references must outlive
    /// the backend.
    DaemonBackend(const core::Clock& clock, runtime::ReminderLoop& loop,
                  const runtime::ScheduleReloader& reloader, runtime::PauseControl& pause,
                  std::function<void()> reload);

    std::expected<std::vector<dbus::UpcomingReminder>, dbus::BackendError>
    list_upcoming(core::Instant from, core::Instant until) override;
    std::vector<std::string> reload() override;
    std::expected<dbus::UpcomingReminder, dbus::BackendError>
    snooze(const dbus::ActionTarget& target, std::chrono::seconds span) override;
    std::expected<dbus::UpcomingReminder, dbus::BackendError>
    dismiss(const dbus::ActionTarget& target) override;
    std::optional<dbus::UpcomingReminder> next() override;
    std::string last_error() override;
    std::string schedule_path() override;
    std::vector<std::string> warnings() override;
    std::vector<core::HistoryEntry> history(core::Instant since, bool missed_only) override;
    std::optional<core::Pause> pause_state() override;
    std::expected<core::Pause, dbus::BackendError>
    pause(std::optional<core::Instant> until) override;
    core::ResumeResult resume() override;

    /// The target's occurrence as a delivery now would show it: a bubble of the previous run
    /// is sent again as this (NotificationSink::Options::redeliver).
    std::expected<core::Delivery, dbus::BackendError> redelivery(const dbus::ActionTarget& target);

  private:
    /// The target's occurrence in the running schedule, as a delivery of it at `now`.
    std::expected<core::Delivery, dbus::BackendError> resolve(const dbus::ActionTarget& target,
                                                              core::Instant now) const;
    /// A snooze or dismissal of `d`, in the history.
    void record(const core::Delivery& d, core::HistoryKind kind, core::Instant now);

    const core::Clock& clock_;
    runtime::ReminderLoop& loop_;
    const runtime::ScheduleReloader& reloader_;
    runtime::PauseControl& pause_;
    std::function<void()> reload_;
};

/// The API's view of a delivery.
dbus::UpcomingReminder to_upcoming(const core::Delivery& delivery);

} // namespace agendad::app
