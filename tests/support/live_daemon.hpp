#pragma once
/// The real agendad process for end-to-end tests on a private bus: a home of its own (schedule
/// under config/, state under state/, TZ=UTC), its output collected as it runs (`--verbose`),
/// a fake notification server and a ReminderDue listener on the test's loop. `LiveRig` is the
/// preamble every such test shares; each test writes its schedule and starts the daemon.

#include "bus_fixture.hpp"
#include "process.hpp"
#include "programs.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::test {

using SysSeconds = std::chrono::sys_seconds;

/// Now, to the second.
SysSeconds now_seconds();
/// A whole second at least `ahead` from now.
SysSeconds whole_second_ahead(std::chrono::milliseconds ahead);

/// One event for the schedule, in UTC, an hour long, reminded `remind` before.
std::string event(const std::string& id, SysSeconds start, const std::string& remind = "0m");
/// A schedule in UTC with the given events, reminding at the start, snoozing for `snooze`.
std::string schedule(const std::string& events, const std::string& snooze = "4s");
/// A whole file's text ("" if there is none).
std::string read_file(const std::string& path);

/// A home of its own: schedule under config/agendad/, state under state/agendad/.
struct Home {
    std::filesystem::path dir;
    Home();
    ~Home();
    Home(const Home&) = delete;
    Home& operator=(const Home&) = delete;
    std::string schedule_path() const;
    std::string state_path() const;
    void write(const std::string& text) const;
};

/// agendad with `-f HOME's schedule --verbose`, restartable; stdout and stderr collected.
class LiveDaemon {
  public:
    LiveDaemon(boost::asio::io_context& io, const Home& home) : io_(io), home_(home) {}

    void start(std::vector<std::string> extra_args = {});
    /// Reads what it has written (done by every wait here; for waits elsewhere).
    void read();
    /// Everything written so far, all runs.
    std::string output();
    /// What the current (or last) run wrote.
    std::string run_output();
    std::size_t count(std::string_view needle);
    bool says(std::string_view needle) { return count(needle) > 0; }
    /// Waits (pumping the loop) until the current run has written `needle`.
    bool wait_for(std::string_view needle,
                  std::chrono::milliseconds timeout = std::chrono::seconds{10});
    /// The exit code once it has exited (-1 when killed by a signal).
    std::optional<int> exited();
    std::optional<int> wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds{10});
    /// SIGTERM, then the exit code.
    std::optional<int> stop();
    /// SIGKILL (a crash), then waits until it is gone.
    void kill();

    /// The daemon's own measure of each on-time firing of this run, from its `--verbose`
    /// line "delivering N reminder(s) due at T, X ms after the instant".
    std::vector<std::chrono::microseconds> lateness();

  private:
    boost::asio::io_context& io_;
    const Home& home_;
    std::unique_ptr<Child> child_;
    std::string earlier_; ///< what earlier runs wrote
};

/// One ReminderDue as a client saw it.
struct Due {
    std::string id;
    std::string title;
    SysSeconds start;
    SysSeconds fire_at;
    std::string lead;
    bool missed = false;
    std::chrono::system_clock::time_point received; ///< by this test, for "not early" checks
};

/// A client of io.github.agendad.Agenda1 that records every ReminderDue.
class Listener {
  public:
    explicit Listener(boost::asio::io_context& io);
    std::size_t count(const std::string& id, const std::string& lead = "") const;
    std::vector<Due> due;
    dbus::BusConnection& bus() { return *bus_; }

  private:
    std::unique_ptr<dbus::BusConnection> bus_;
    dbus::Slot slot_;
};

/// How many Notify calls had this summary.
std::size_t notifies(const FakeNotificationServer& server, const std::string& title);
/// The last Notify call with this summary, or null.
const NotifyCall* last_notify(const FakeNotificationServer& server, const std::string& title);

/// Capabilities of a full-featured server.
extern const std::vector<std::string> all_caps;

/// The shared preamble: a private bus, a loop, a home, a ReminderDue listener, the daemon (not
/// started), and a fake notification server unless told to leave it out.
struct LiveRig {
    explicit LiveRig(bool with_server = true);

    PrivateBus private_bus;
    boost::asio::io_context io;
    Home home;
    std::optional<FakeNotificationServer> server;
    Listener listener{io};
    LiveDaemon agendad{io, home};

    /// Writes `text` as the schedule, starts agendad and waits for it to have loaded it.
    void start_with(const std::string& text);
    /// Pumps the loop until `done()` holds (10 s deadline).
    bool until(const std::function<bool()>& done,
               std::chrono::milliseconds timeout = std::chrono::seconds{10});
    std::size_t notifies(const std::string& title) const;
};

} // namespace agendad::test
