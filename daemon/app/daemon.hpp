#pragma once
/// The daemon: wires the clock, timer, state, sinks, reloads and signals around one Asio loop.

#include "app/daemon_backend.hpp"
#include "dbus/agenda_service.hpp"
#include "dbus/bus_connection.hpp"
#include "dbus/notifications.hpp"
#include "runtime/console_sink.hpp"
#include "runtime/file_watcher.hpp"
#include "runtime/history.hpp"
#include "runtime/notifier.hpp"
#include "runtime/pause.hpp"
#include "runtime/reminder_loop.hpp"
#include "runtime/schedule_reloader.hpp"
#include "runtime/state_store.hpp"
#include "runtime/system_clock.hpp"
#include "runtime/timerfd_timer.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <memory>
#include <optional>
#include <string>

namespace agendad::app {

struct DaemonOptions {
    std::string schedule_path;
    std::string state_dir;
    std::string version; ///< for the Version property
    std::chrono::milliseconds debounce{150};
};

/// agendad's exit code when the session bus went away under it (systemd restarts it).
inline constexpr int exit_bus_lost = 3;

/// agendad, minus argument parsing. Single-threaded: every handler runs on run()'s thread.
class Daemon {
  public:
    /// Throws std::system_error when a kernel facility (timerfd, inotify) is missing. Without a
    /// session bus it logs so and runs without D-Bus (the journal only).
    explicit Daemon(DaemonOptions options);

    /// Publishes io.github.agendad on the session bus; call before run(). False only when
    /// another agendad owns the name (then the caller says so and exits); any other D-Bus
    /// failure is logged and the daemon runs without its service.
    bool claim_bus_name();

    /// Loads, says READY=1, runs until SIGTERM or SIGINT (then 0) or until the session bus is
    /// lost (then exit_bus_lost); returns the exit code.
    int run();

  private:
    void reload(std::string_view why);
    void wait_for_signals();
    void bus_lost(const std::string& reason);
    void publish_status();
    void planned();
    void write_starter_if_missing();
    std::string status_text() const;

    DaemonOptions options_;
    boost::asio::io_context io_;
    runtime::SystemClock clock_;
    runtime::TimerfdTimer timer_;
    const core::Zone* user_zone_;
    runtime::ConsoleSink console_;
    core::FanOutSink sinks_;
    runtime::StateStore store_;
    runtime::ReminderLoop loop_;
    runtime::ScheduleReloader reloader_;
    /// History (recorded by the loop) and pause: kept in the loop's state; the pause's end has
    /// a timer of its own.
    runtime::TimerfdTimer pause_timer_;
    runtime::PauseControl pause_;
    DaemonBackend backend_;
    /// The session bus and what lives on it; all empty when there is no session bus.
    std::unique_ptr<dbus::BusConnection> bus_;
    std::optional<dbus::AgendaService> service_;
    std::optional<dbus::NotificationSink> notifications_;
    runtime::Notifier notifier_;
    std::optional<runtime::FileWatcher> watcher_;
    boost::asio::signal_set signals_;
    bool ready_ = false;
    int exit_code_ = 0;
};

} // namespace agendad::app
