#pragma once
/// The daemon: wires the clock, timer, state, sinks, reloads and signals around one Asio loop.

#include "runtime/console_sink.hpp"
#include "runtime/file_watcher.hpp"
#include "runtime/notifier.hpp"
#include "runtime/reminder_loop.hpp"
#include "runtime/schedule_reloader.hpp"
#include "runtime/state_store.hpp"
#include "runtime/timerfd_timer.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <optional>
#include <string>

namespace agendad::runtime {

struct DaemonOptions {
    std::string schedule_path;
    std::string state_dir;
    std::chrono::milliseconds debounce{150};
};

/// agendad, minus argument parsing. Single-threaded: every handler runs on run()'s thread.
class Daemon {
  public:
    /// Throws std::system_error when a kernel facility (timerfd, inotify) is missing.
    explicit Daemon(DaemonOptions options);
    /// Loads, says READY=1, runs until SIGTERM or SIGINT; returns the exit code.
    int run();

  private:
    void reload(std::string_view why);
    void wait_for_signals();
    void publish_status();
    std::string status_text() const;

    DaemonOptions options_;
    boost::asio::io_context io_;
    SystemClock clock_;
    TimerfdTimer timer_;
    const core::Zone* user_zone_;
    ConsoleSink console_;
    FanOutSink sinks_;
    StateStore store_;
    ReminderLoop loop_;
    ScheduleReloader reloader_;
    Notifier notifier_;
    std::optional<FileWatcher> watcher_;
    boost::asio::signal_set signals_;
    bool ready_ = false;
};

} // namespace agendad::runtime
