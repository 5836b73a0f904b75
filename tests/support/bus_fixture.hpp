#pragma once
/// Test support for D-Bus: a private dbus-daemon per test, a loop pump with a deadline, a fake
/// org.freedesktop.Notifications server and a fake daemon backend (the fake clock: fakes.hpp).

#include "core/protocol/delivery.hpp"
#include "dbus/agenda_backend.hpp"
#include "dbus/bus_connection.hpp"
#include "fakes.hpp"
#include "process.hpp"

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace agendad::test {

/// A dbus-daemon of our own, with no activatable services (so nothing is auto-started) unless
/// given a folder of .service files, its address in $DBUS_SESSION_BUS_ADDRESS for as long as
/// it lives. Never the user's bus.
class PrivateBus {
  public:
    explicit PrivateBus(const std::string& service_dir = {});
    ~PrivateBus();
    PrivateBus(const PrivateBus&) = delete;
    PrivateBus& operator=(const PrivateBus&) = delete;
    const std::string& address() const { return address_; }
    const std::string& dir() const { return dir_; }
    /// Stops the dbus-daemon now (SIGTERM; SIGKILL after 10 s): every connection to it is
    /// lost, as when the session bus goes away.
    void stop();

  private:
    std::string dir_;
    std::string address_;
    std::unique_ptr<Child> daemon_;
};

/// Runs the loop until `done()` holds or `timeout` passes; returns `done()`.
bool pump_until(boost::asio::io_context& io, const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds{10});

/// A sentinel for checking that something does NOT happen: a GetId call from `bus` to the
/// bus itself, the loop pumped until its reply is handled. The bus answers in the order it
/// reads, so by then everything `bus` sent before has been routed, and every message the bus
/// routed to `bus` before the reply has been dispatched (sd-bus handles them in order).
bool round_trip(boost::asio::io_context& io, dbus::BusConnection& bus);

/// Opens a connection to the private bus, failing the test otherwise.
std::unique_ptr<dbus::BusConnection> connect(boost::asio::io_context& io);

/// One Notify call as the server saw it.
struct NotifyCall {
    std::string app_name;
    std::uint32_t replaces_id = 0;
    std::string icon;
    std::string summary;
    std::string body;
    std::vector<std::string> actions;
    int urgency = -1;
    std::string category;
    std::string desktop_entry;
    bool resident = false;
    bool suppress_sound = false;
    std::string sound_name;
    std::string sound_file;
    std::int32_t timeout = 0;
    std::uint32_t id = 0; ///< what we answered
};

/// A notification server written for the tests; runs on the same loop.
class FakeNotificationServer {
  public:
    /// hang: no call is answered; hang_notify: GetCapabilities is, Notify is not.
    enum class Mode { answer, fail, hang, hang_notify };
    FakeNotificationServer(boost::asio::io_context& io, std::vector<std::string> capabilities);
    ~FakeNotificationServer();

    std::vector<NotifyCall> calls;
    int capability_requests = 0;
    std::vector<std::uint32_t> close_requests; ///< ids of CloseNotification calls, in order
    Mode mode = Mode::answer;
    /// ActionInvoked and NotificationClosed go only to the connection that made (or last
    /// replaced) the bubble, as dunst sends them; false: broadcast, as most servers do.
    bool unicast_signals = false;
    /// Notify with a replaces_id makes a new bubble with a new id (a server that does not
    /// replace).
    bool renumber_replaced = false;

    void emit_action(std::uint32_t id, const std::string& key);
    void emit_closed(std::uint32_t id, std::uint32_t reason);
    dbus::BusConnection& bus() { return *bus_; }
    /// Its unique name on the bus (":1.7"): whose bubble ids a client may take over.
    std::string unique_name();

    static int on_get_capabilities(sd_bus_message* m, void* self, sd_bus_error* error);
    static int on_notify(sd_bus_message* m, void* self, sd_bus_error* error);
    static int on_close(sd_bus_message* m, void* self, sd_bus_error* error);
    static int on_server_information(sd_bus_message* m, void* self, sd_bus_error* error);

  private:
    std::unique_ptr<dbus::BusConnection> bus_;
    std::vector<std::string> capabilities_;
    dbus::Slot vtable_;
    std::uint32_t next_id_ = 1;
    std::vector<dbus::Message> held_;             ///< calls left unanswered in Mode::hang
    std::map<std::uint32_t, std::string> owners_; ///< bubble id -> its maker's unique name

    std::string signal_destination(std::uint32_t id) const;
};

/// The daemon side, faked: a list of reminders and a record of actions.
class FakeBackend final : public dbus::AgendaBackend {
  public:
    std::vector<dbus::UpcomingReminder> upcoming;
    std::vector<std::string> reload_errors;
    std::string error_text;
    std::optional<dbus::BackendError> list_error; ///< set: list_upcoming answers it
    std::string path = "/home/u/.config/agendad/agenda.toml";
    std::vector<std::pair<dbus::ActionTarget, std::chrono::seconds>> snoozes;
    std::vector<dbus::ActionTarget> dismissals;
    int reloads = 0;

    std::expected<std::vector<dbus::UpcomingReminder>, dbus::BackendError>
    list_upcoming(core::Instant from, core::Instant until) override;
    std::vector<std::string> reload() override;
    std::expected<dbus::UpcomingReminder, dbus::BackendError>
    snooze(const dbus::ActionTarget& target, std::chrono::seconds span) override;
    std::expected<dbus::UpcomingReminder, dbus::BackendError>
    dismiss(const dbus::ActionTarget& target) override;
    std::optional<dbus::UpcomingReminder> next() override;
    std::string last_error() override { return error_text; }
    std::string schedule_path() override { return path; }

    // History and pause (agendactl log, pause, resume): what the fake answers, and what it
    // was asked.
    std::vector<std::string> warning_lines;
    std::vector<core::HistoryEntry> entries;
    std::optional<core::Pause> paused;
    core::ResumeResult resume_result;
    std::vector<std::pair<core::Instant, bool>> history_asks; ///< (since, missed_only)
    std::vector<std::string> warnings() override { return warning_lines; }
    std::vector<core::HistoryEntry> history(core::Instant since, bool missed_only) override;
    std::optional<core::Pause> pause_state() override { return paused; }
    std::expected<core::Pause, dbus::BackendError>
    pause(std::optional<core::Instant> until) override;
    core::ResumeResult resume() override;

  private:
    std::expected<dbus::UpcomingReminder, dbus::BackendError> find(const dbus::ActionTarget& t);
};

/// A delivery of "Team sync", 10:00–10:30 UTC on 2022-01-10, reminded 15 min before.
core::Delivery team_sync(std::string lead = "15m");

/// 2022-01-10 09:45:00 UTC, when team_sync's reminder fires.
std::chrono::system_clock::time_point reminder_time();

} // namespace agendad::test
