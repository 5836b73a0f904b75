#include "bus_fixture.hpp"

#include "catch_compat.hpp"

#include <csignal>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>

namespace agendad::test {

namespace {

constexpr const char* bus_config =
    R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <auth>EXTERNAL</auth>{}
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)";

} // namespace

PrivateBus::PrivateBus(const std::string& service_dir) {
    char templ[] = "/tmp/agendad-dbus-test-XXXXXX";
    REQUIRE(mkdtemp(templ) != nullptr);
    dir_ = templ;
    const std::string config = dir_ + "/bus.conf";
    std::ofstream{config} << fmt::format(
        bus_config, dir_,
        service_dir.empty() ? "" : fmt::format("\n  <servicedir>{}</servicedir>", service_dir));

    // Quiet: it complains that it may not raise its fd limit, which does not matter here.
    daemon_ = std::make_unique<Child>(
        Command{.argv = {"dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1"},
                .quiet_stderr = true});
    // The address is one line; wait for it with a deadline.
    REQUIRE(daemon_->wait_for_text("\n", std::chrono::seconds{10}));
    const std::string& line = daemon_->out();
    address_ = line.substr(0, line.find('\n'));
    setenv("DBUS_SESSION_BUS_ADDRESS", address_.c_str(), 1);
}

void PrivateBus::stop() {
    if (!daemon_)
        return;
    daemon_->send_signal(SIGTERM);
    if (!daemon_->wait_exit(std::chrono::seconds{10}))
        daemon_->kill();
    daemon_.reset();
}

PrivateBus::~PrivateBus() {
    stop();
    unsetenv("DBUS_SESSION_BUS_ADDRESS");
    std::system(fmt::format("rm -rf '{}'", dir_).c_str());
}

bool pump_until(boost::asio::io_context& io, const std::function<bool()>& done,
                std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        io.restart();
        io.run_one_for(std::chrono::milliseconds{20});
    }
    return true;
}

bool round_trip(boost::asio::io_context& io, dbus::BusConnection& bus) {
    sd_bus_message* raw = nullptr;
    REQUIRE(sd_bus_message_new_method_call(bus.get(), &raw, "org.freedesktop.DBus",
                                           "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                           "GetId") >= 0);
    dbus::Message call{raw};
    // Shared: the reply may come after a failed wait has returned.
    auto answered = std::make_shared<bool>(false);
    REQUIRE(bus.call_async(
                raw, [answered](sd_bus_message*, const sd_bus_error*) { *answered = true; }) >= 0);
    bus.kick();
    return pump_until(io, [&] { return *answered; });
}

std::unique_ptr<dbus::BusConnection> connect(boost::asio::io_context& io) {
    auto bus = dbus::BusConnection::open_user(io, "agendad-test");
    INFO((bus ? std::string{} : bus.error()));
    REQUIRE(bus.has_value());
    return std::move(*bus);
}

// --- the fake notification server ---------------------------------------------------------

namespace {

FakeNotificationServer& server_of(void* userdata) {
    return *static_cast<FakeNotificationServer*>(userdata);
}

const sd_bus_vtable server_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("GetCapabilities", "", "as", FakeNotificationServer::on_get_capabilities, 0),
    SD_BUS_METHOD("Notify", "susssasa{sv}i", "u", FakeNotificationServer::on_notify, 0),
    SD_BUS_METHOD("CloseNotification", "u", "", FakeNotificationServer::on_close, 0),
    SD_BUS_METHOD("GetServerInformation", "", "ssss", FakeNotificationServer::on_server_information,
                  0),
    SD_BUS_SIGNAL("ActionInvoked", "us", 0),
    SD_BUS_SIGNAL("NotificationClosed", "uu", 0),
    SD_BUS_VTABLE_END};

std::vector<std::string> read_strings(sd_bus_message* m) {
    char** strv = nullptr;
    std::vector<std::string> out;
    if (sd_bus_message_read_strv(m, &strv) < 0)
        return out;
    for (char** s = strv; s && *s; ++s) {
        out.emplace_back(*s);
        free(*s);
    }
    free(strv);
    return out;
}

} // namespace

FakeNotificationServer::FakeNotificationServer(boost::asio::io_context& io,
                                               std::vector<std::string> capabilities)
    : bus_(connect(io)), capabilities_(std::move(capabilities)) {
    sd_bus_slot* slot = nullptr;
    REQUIRE(sd_bus_add_object_vtable(bus_->get(), &slot, "/org/freedesktop/Notifications",
                                     "org.freedesktop.Notifications", server_vtable, this) >= 0);
    vtable_.reset(slot);
    REQUIRE(sd_bus_request_name(bus_->get(), "org.freedesktop.Notifications", 0) >= 0);
    bus_->kick();
}

FakeNotificationServer::~FakeNotificationServer() {
    held_.clear();
    vtable_.reset();
}

int FakeNotificationServer::on_get_capabilities(sd_bus_message* m, void* userdata,
                                                sd_bus_error* error) {
    auto& self = server_of(userdata);
    ++self.capability_requests;
    if (self.mode == Mode::fail)
        return sd_bus_error_set(error, "org.example.Error.Broken", "the fake server fails");
    if (self.mode == Mode::hang) {
        self.held_.emplace_back(sd_bus_message_ref(m));
        return 1;
    }
    sd_bus_message* raw = nullptr;
    sd_bus_message_new_method_return(m, &raw);
    dbus::Message reply{raw};
    std::vector<const char*> strv;
    for (const auto& c : self.capabilities_)
        strv.push_back(c.c_str());
    strv.push_back(nullptr);
    sd_bus_message_append_strv(raw, const_cast<char**>(strv.data()));
    return sd_bus_send(nullptr, raw, nullptr);
}

int FakeNotificationServer::on_notify(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    auto& self = server_of(userdata);
    NotifyCall call;
    const char *app = nullptr, *icon = nullptr, *summary = nullptr, *body = nullptr;
    int r = sd_bus_message_read(m, "susss", &app, &call.replaces_id, &icon, &summary, &body);
    if (r < 0)
        return r;
    call.app_name = app;
    call.icon = icon;
    call.summary = summary;
    call.body = body;
    call.actions = read_strings(m);
    if ((r = sd_bus_message_enter_container(m, 'a', "{sv}")) < 0)
        return r;
    while (sd_bus_message_enter_container(m, 'e', "sv") > 0) {
        const char* key = nullptr;
        sd_bus_message_read(m, "s", &key);
        const std::string_view k = key;
        const char* contents = nullptr;
        sd_bus_message_peek_type(m, nullptr, &contents);
        sd_bus_message_enter_container(m, 'v', contents);
        if (k == "urgency") {
            std::uint8_t u = 0;
            sd_bus_message_read(m, "y", &u);
            call.urgency = u;
        } else if (k == "category" || k == "desktop-entry" || k == "sound-name" ||
                   k == "sound-file") {
            const char* s = nullptr;
            sd_bus_message_read(m, "s", &s);
            (k == "category"        ? call.category
             : k == "desktop-entry" ? call.desktop_entry
             : k == "sound-name"    ? call.sound_name
                                    : call.sound_file) = s;
        } else if (k == "resident" || k == "suppress-sound") {
            int b = 0;
            sd_bus_message_read(m, "b", &b);
            (k == "resident" ? call.resident : call.suppress_sound) = b != 0;
        } else {
            sd_bus_message_skip(m, contents);
        }
        sd_bus_message_exit_container(m);
        sd_bus_message_exit_container(m);
    }
    sd_bus_message_exit_container(m);
    sd_bus_message_read(m, "i", &call.timeout);

    if (self.mode == Mode::fail)
        return sd_bus_error_set(error, "org.example.Error.Broken", "the fake server fails");
    call.id = call.replaces_id != 0 && !self.renumber_replaced ? call.replaces_id : self.next_id_++;
    // A replaced bubble belongs to the connection that replaced it, as in dunst.
    const char* sender = sd_bus_message_get_sender(m);
    self.owners_[call.id] = sender ? sender : "";
    self.calls.push_back(call);
    if (self.mode == Mode::hang || self.mode == Mode::hang_notify) {
        self.calls.back().id = 0;
        self.held_.emplace_back(sd_bus_message_ref(m));
        return 1;
    }
    return sd_bus_reply_method_return(m, "u", call.id);
}

std::string FakeNotificationServer::unique_name() {
    const char* name = nullptr;
    sd_bus_get_unique_name(bus_->get(), &name);
    return name ? name : "";
}

int FakeNotificationServer::on_close(sd_bus_message* m, void* userdata, sd_bus_error*) {
    std::uint32_t id = 0;
    sd_bus_message_read(m, "u", &id);
    server_of(userdata).close_requests.push_back(id);
    server_of(userdata).emit_closed(id, 3);
    return sd_bus_reply_method_return(m, "");
}

int FakeNotificationServer::on_server_information(sd_bus_message* m, void*, sd_bus_error*) {
    return sd_bus_reply_method_return(m, "ssss", "fake", "agendad-tests", "1", "1.2");
}

namespace {

/// A signal of the server about bubble `id`: broadcast, or only to `destination` when set.
template <typename... Args>
int send_signal(sd_bus* bus, const char* member, const std::string& destination, const char* types,
                Args... args) {
    sd_bus_message* raw = nullptr;
    int r = sd_bus_message_new_signal(bus, &raw, "/org/freedesktop/Notifications",
                                      "org.freedesktop.Notifications", member);
    dbus::Message signal{raw};
    if (r >= 0 && !destination.empty())
        r = sd_bus_message_set_destination(raw, destination.c_str());
    if (r >= 0)
        r = sd_bus_message_append(raw, types, args...);
    if (r >= 0)
        r = sd_bus_send(bus, raw, nullptr);
    return r;
}

} // namespace

std::string FakeNotificationServer::signal_destination(std::uint32_t id) const {
    if (!unicast_signals)
        return {};
    const auto it = owners_.find(id);
    // A bubble we never made: dunst would have no one to tell; a name nobody has is as good.
    return it != owners_.end() ? it->second : std::string{":0.0"};
}

void FakeNotificationServer::emit_action(std::uint32_t id, const std::string& key) {
    REQUIRE(send_signal(bus_->get(), "ActionInvoked", signal_destination(id), "us", id,
                        key.c_str()) >= 0);
    bus_->kick();
}

void FakeNotificationServer::emit_closed(std::uint32_t id, std::uint32_t reason) {
    send_signal(bus_->get(), "NotificationClosed", signal_destination(id), "uu", id, reason);
    bus_->kick();
}

// --- the fake backend ---------------------------------------------------------------------

std::expected<std::vector<dbus::UpcomingReminder>, dbus::BackendError>
FakeBackend::list_upcoming(core::Instant from, core::Instant until) {
    if (list_error)
        return std::unexpected(*list_error);
    std::vector<dbus::UpcomingReminder> out;
    for (const auto& r : upcoming)
        if (r.fire_at >= from && r.fire_at < until)
            out.push_back(r);
    return out;
}

std::vector<std::string> FakeBackend::reload() {
    ++reloads;
    return reload_errors;
}

std::expected<dbus::UpcomingReminder, dbus::BackendError>
FakeBackend::find(const dbus::ActionTarget& target) {
    for (const auto& r : upcoming)
        if (r.event_id == target.event_id &&
            (!target.occurrence_start || *target.occurrence_start == r.start))
            return r;
    return std::unexpected(dbus::BackendError{dbus::BackendErrorKind::unknown_reminder,
                                              "no event \"" + target.event_id + "\""});
}

std::expected<dbus::UpcomingReminder, dbus::BackendError>
FakeBackend::snooze(const dbus::ActionTarget& target, std::chrono::seconds span) {
    auto found = find(target);
    if (found) {
        snoozes.emplace_back(target, span);
        found->fire_at = span == dbus::snooze_until_start ? found->start : found->fire_at + span;
    }
    return found;
}

std::expected<dbus::UpcomingReminder, dbus::BackendError>
FakeBackend::dismiss(const dbus::ActionTarget& target) {
    auto found = find(target);
    if (found)
        dismissals.push_back(target);
    return found;
}

std::optional<dbus::UpcomingReminder> FakeBackend::next() {
    if (upcoming.empty())
        return std::nullopt;
    return upcoming.front();
}

std::vector<core::HistoryEntry> FakeBackend::history(core::Instant since, bool missed_only) {
    history_asks.emplace_back(since, missed_only);
    std::vector<core::HistoryEntry> out;
    for (const auto& e : entries)
        if (e.at >= since && (!missed_only || e.kind == core::HistoryKind::missed))
            out.push_back(e);
    return out;
}

std::expected<core::Pause, dbus::BackendError>
FakeBackend::pause(std::optional<core::Instant> until) {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    if (until && *until <= now)
        return std::unexpected(
            dbus::BackendError{dbus::BackendErrorKind::invalid_argument, "not ahead"});
    paused = core::Pause{paused ? paused->since : now, until};
    return *paused;
}

core::ResumeResult FakeBackend::resume() {
    paused.reset();
    return resume_result;
}

core::Delivery team_sync(std::string lead) {
    using namespace std::chrono;
    const core::Instant start = date::sys_days{date::year{2022} / 1 / 10} + hours{10};
    return core::Delivery{.event_id = "team-sync",
                          .title = "Team sync",
                          .location = "Room 4",
                          .description = "Agenda:\n1. status\n2. plans\n3. more\n4. even more",
                          .url = "https://example.org/sync",
                          .urgency = core::Urgency::normal,
                          .zone_name = "UTC",
                          .all_day = false,
                          .start = start,
                          .end = start + minutes{30},
                          .fire_at = start - minutes{15},
                          .lead = std::move(lead),
                          .missed = false,
                          .delivered_at = start - minutes{15},
                          .calendar = ""};
}

std::chrono::system_clock::time_point reminder_time() {
    using namespace std::chrono;
    return date::sys_days{date::year{2022} / 1 / 10} + hours{9} + minutes{45};
}

} // namespace agendad::test
