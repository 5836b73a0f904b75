#pragma once
/// The daemon as io.github.agendad.Agenda1 and the notification actions see it: the running
/// schedule (through the reminder loop), the reloader's last problem, and snoozes and
/// dismissals recorded in the state.

#include "core/clock.hpp"
#include "dbus/agenda_backend.hpp"
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
                  const runtime::ScheduleReloader& reloader, std::function<void()> reload);

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

  private:
    /// The target's occurrence in the running schedule, as a delivery of it at `now`.
    std::expected<core::Delivery, dbus::BackendError> resolve(const dbus::ActionTarget& target,
                                                              core::Instant now) const;

    const core::Clock& clock_;
    runtime::ReminderLoop& loop_;
    const runtime::ScheduleReloader& reloader_;
    std::function<void()> reload_;
};

/// The API's view of a delivery.
dbus::UpcomingReminder to_upcoming(const core::Delivery& delivery);

} // namespace agendad::app
