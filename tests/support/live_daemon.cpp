#include "live_daemon.hpp"

#include "dbus/agenda_service.hpp"

#include "catch_compat.hpp"

#include <algorithm>
#include <csignal>
#include <date/date.h>
#include <fmt/format.h>
#include <fstream>
#include <random>
#include <sstream>

namespace agendad::test {

using namespace std::chrono_literals;

SysSeconds now_seconds() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

SysSeconds whole_second_ahead(std::chrono::milliseconds ahead) {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now() + ahead) + 1s;
}

std::string event(const std::string& id, SysSeconds start, const std::string& remind) {
    return fmt::format("[[event]]\nid = \"{}\"\ntitle = \"Event {}\"\nstart = {}\n"
                       "duration = \"1h\"\nremind = [\"{}\"]\n\n",
                       id, id, date::format("%FT%T", start), remind);
}

std::string schedule(const std::string& events, const std::string& snooze) {
    return fmt::format("[settings]\ntimezone = \"UTC\"\nremind = [\"0m\"]\nsnooze = \"{}\"\n\n{}",
                       snooze, events);
}

std::string read_file(const std::string& path) {
    std::ifstream in{path};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// --- Home ---------------------------------------------------------------------------------

Home::Home() {
    std::random_device random;
    dir = std::filesystem::temp_directory_path() /
          fmt::format("agendad-e2e-{}{}", random(), random());
    std::filesystem::create_directories(dir / "config" / "agendad");
}

Home::~Home() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
}

std::string Home::schedule_path() const {
    return (dir / "config" / "agendad" / "agenda.toml").string();
}

std::string Home::state_path() const {
    return (dir / "state" / "agendad" / "state").string();
}

void Home::write(const std::string& text) const {
    std::ofstream{schedule_path()} << text;
}

// --- LiveDaemon ---------------------------------------------------------------------------

void LiveDaemon::start(std::vector<std::string> extra_args) {
    REQUIRE((!child_ || child_->exited()));
    if (child_)
        earlier_ += child_->out();
    std::vector<std::string> argv{agendad_path(), "-f", home_.schedule_path(), "--verbose"};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    // Not under a service manager: no notify socket, no journal; and a home of its own.
    child_ = std::make_unique<Child>(
        Command{.argv = std::move(argv),
                .env = {{"NOTIFY_SOCKET", std::nullopt},
                        {"JOURNAL_STREAM", std::nullopt},
                        {"INVOCATION_ID", std::nullopt},
                        {"XDG_*", std::nullopt},
                        {"TZ", "UTC"},
                        {"HOME", home_.dir.string()},
                        {"XDG_CONFIG_HOME", (home_.dir / "config").string()},
                        {"XDG_STATE_HOME", (home_.dir / "state").string()}},
                .merge_stderr = true});
}

void LiveDaemon::read() {
    if (child_)
        child_->out();
}

std::string LiveDaemon::output() {
    return earlier_ + run_output();
}

std::string LiveDaemon::run_output() {
    return child_ ? child_->out() : std::string{};
}

std::size_t LiveDaemon::count(std::string_view needle) {
    const std::string text = run_output();
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++n;
    return n;
}

bool LiveDaemon::wait_for(std::string_view needle, std::chrono::milliseconds timeout) {
    REQUIRE(child_);
    const bool ok = child_->wait_for_text(needle, timeout, &io_);
    if (!ok)
        UNSCOPED_INFO("agendad said:\n" << output());
    return ok;
}

std::optional<int> LiveDaemon::exited() {
    REQUIRE(child_);
    return child_->exited();
}

std::optional<int> LiveDaemon::wait_exit(std::chrono::milliseconds timeout) {
    REQUIRE(child_);
    return child_->wait_exit(timeout, &io_);
}

std::optional<int> LiveDaemon::stop() {
    REQUIRE(child_);
    REQUIRE_FALSE(child_->exited());
    child_->send_signal(SIGTERM);
    return wait_exit();
}

void LiveDaemon::kill() {
    REQUIRE(child_);
    REQUIRE_FALSE(child_->exited());
    child_->send_signal(SIGKILL);
    REQUIRE(wait_exit() == -1);
}

std::vector<std::chrono::microseconds> LiveDaemon::lateness() {
    std::vector<std::chrono::microseconds> out;
    std::istringstream lines{run_output()};
    constexpr std::string_view tail = " ms after the instant";
    for (std::string line; std::getline(lines, line);) {
        if (!line.starts_with("agendad: delivering ") || !line.ends_with(tail))
            continue;
        const auto comma = line.rfind(", ");
        REQUIRE(comma != std::string::npos);
        const double ms = std::stod(line.substr(comma + 2, line.size() - tail.size() - comma - 2));
        out.emplace_back(static_cast<std::int64_t>(ms * 1000.0));
    }
    return out;
}

// --- Listener -----------------------------------------------------------------------------

namespace {

SysSeconds from_us(std::int64_t us) {
    return std::chrono::floor<std::chrono::seconds>(
        std::chrono::sys_time<std::chrono::microseconds>{std::chrono::microseconds{us}});
}

} // namespace

Listener::Listener(boost::asio::io_context& io) : bus_(connect(io)) {
    slot_ = bus_->match_signal(
        nullptr, dbus::service_path, dbus::service_interface, "ReminderDue",
        [this](sd_bus_message* m) {
            const char *id = nullptr, *title = nullptr, *lead = nullptr;
            std::int64_t start = 0, fire = 0;
            int missed = 0;
            if (sd_bus_message_read(m, "ssxxsb", &id, &title, &start, &fire, &lead, &missed) < 0)
                return;
            due.push_back(Due{id, title, from_us(start), from_us(fire), lead, missed != 0,
                              std::chrono::system_clock::now()});
        });
    REQUIRE(slot_);
}

std::size_t Listener::count(const std::string& id, const std::string& lead) const {
    return static_cast<std::size_t>(std::count_if(due.begin(), due.end(), [&](const Due& d) {
        return d.id == id && (lead.empty() || d.lead == lead);
    }));
}

std::size_t notifies(const FakeNotificationServer& server, const std::string& title) {
    return static_cast<std::size_t>(
        std::count_if(server.calls.begin(), server.calls.end(),
                      [&](const NotifyCall& c) { return c.summary == title; }));
}

const NotifyCall* last_notify(const FakeNotificationServer& server, const std::string& title) {
    for (auto it = server.calls.rbegin(); it != server.calls.rend(); ++it)
        if (it->summary == title)
            return &*it;
    return nullptr;
}

const std::vector<std::string> all_caps{"actions", "body", "body-markup", "body-hyperlinks"};

// --- LiveRig ------------------------------------------------------------------------------

LiveRig::LiveRig(bool with_server) {
    if (with_server)
        server.emplace(io, all_caps);
}

void LiveRig::start_with(const std::string& text) {
    home.write(text);
    agendad.start();
    REQUIRE(agendad.wait_for("loaded "));
}

bool LiveRig::until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    // Reading agendad's output meanwhile, so that it never fills the pipe.
    const bool ok = pump_until(
        io,
        [&] {
            agendad.read();
            return done();
        },
        timeout);
    if (!ok)
        UNSCOPED_INFO("agendad said:\n" << agendad.output());
    return ok;
}

std::size_t LiveRig::notifies(const std::string& title) const {
    return server ? test::notifies(*server, title) : 0;
}

} // namespace agendad::test
