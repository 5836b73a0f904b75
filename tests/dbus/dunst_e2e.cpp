// End-to-end with the real dunst under Xvfb: a reminder due a few seconds ahead is shown by
// dunst (dunstctl count/history) and a screenshot of the screen is written under the build
// tree (tests/dbus/dunst-e2e.png) for a person to look at.
// Exits 77 (CTest SKIP_RETURN_CODE) when Xvfb or dunst is missing or the X server won't start.

#define CATCH_CONFIG_RUNNER
#include "bus_fixture.hpp"
#include "dbus/notifications.hpp"
#include "process.hpp"
#include "runtime/system_clock.hpp"

#include "catch_compat.hpp"

#include <csignal>
#include <fmt/format.h>
#include <fstream>
#include <unistd.h>

using namespace agendad;
using namespace std::chrono_literals;

namespace {

/// Runs a quick command to its end and returns its standard output (stderr dropped).
std::string output_of(std::vector<std::string> args) {
    return test::run(test::Command{.argv = std::move(args), .quiet_stderr = true}).out;
}

bool on_path(const char* program) {
    return !output_of({"sh", "-c", fmt::format("command -v {}", program)}).empty();
}

/// Starts Xvfb on a free display (it writes the number to stdout); the display number, or -1.
int start_xvfb(std::unique_ptr<test::Child>& xvfb) {
    xvfb = std::make_unique<test::Child>(test::Command{
        .argv = {"Xvfb", "-displayfd", "1", "-screen", "0", "1024x600x24", "-nolisten", "tcp"},
        .quiet_stderr = true});
    if (!xvfb->wait_for_text("\n", 10s))
        return -1;
    return std::stoi(xvfb->out());
}

} // namespace

TEST_CASE("a reminder a few seconds ahead shows up in dunst", "[e2e][dunst]") {
    test::PrivateBus private_bus;
    const std::string config = private_bus.dir() + "/dunstrc";
    std::ofstream{config} << "[global]\n    width = 560\n    origin = top-right\n"
                             "    offset = 20x20\n    frame_width = 2\n    markup = full\n"
                             "    font = Monospace 12\n"
                             "[urgency_normal]\n    timeout = 0\n";
    test::Child dunst{test::Command{.argv = {"dunst", "-config", config}, .quiet_stderr = true}};

    boost::asio::io_context io;
    runtime::SystemClock clock;
    auto bus = test::connect(io);
    std::vector<std::string> logged;
    dbus::NotificationSink sink{
        *bus,
        clock,
        nullptr,
        {.user_zone = core::find_zone("UTC"),
         .open_url = {},
         .log = [&](dbus::LogLevel, std::string_view m) { logged.emplace_back(m); }}};
    sink.start();
    // dunst takes the name when it is up; the sink hears NameOwnerChanged and asks it.
    REQUIRE(test::pump_until(
        io, [&] { return sink.server_state() == dbus::NotificationSink::ServerState::ready; },
        15s));

    // The reminder: due 3 s from now, for a meeting 15 minutes later.
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    core::Delivery d{.event_id = "standup",
                     .title = "Stand-up <b>not bold</b>",
                     .location = "https://meet.example.com/standup",
                     .description = "Yesterday, today, blockers",
                     .url = "",
                     .urgency = core::Urgency::normal,
                     .zone_name = "UTC",
                     .all_day = false,
                     .start = now + 15min + 3s,
                     .end = now + 30min + 3s,
                     .fire_at = now + 3s,
                     .lead = "15m",
                     .missed = false,
                     .delivered_at = now + 3s,
                     .calendar = ""};
    boost::asio::steady_timer due{io, 3s};
    bool fired = false;
    due.async_wait([&](const boost::system::error_code&) {
        fired = true;
        sink.deliver(d);
    });
    REQUIRE(test::pump_until(
        io, [&] { return fired && sink.queued() == 0; }, 15s));
    REQUIRE(test::pump_until(
        io,
        [&] {
            return output_of({"dunstctl", "count", "displayed"}).starts_with("1");
        },
        10s));
    // Only for the picture (no check depends on it): give dunst a moment to draw.
    bool drawn = false;
    boost::asio::steady_timer draw{io, 500ms};
    draw.async_wait([&](const boost::system::error_code&) { drawn = true; });
    test::pump_until(io, [&] { return drawn; });
    const std::string png = std::string{AGENDAD_E2E_OUTPUT_DIR} + "/dunst-e2e.png";
    output_of({"import", "-window", "root", png});
    CHECK(access(png.c_str(), R_OK) == 0);

    // Closed, it goes to dunst's history.
    output_of({"dunstctl", "close-all"});
    std::string history;
    REQUIRE(test::pump_until(
        io,
        [&] {
            history = output_of({"dunstctl", "history"});
            return history.find("Stand-up") != std::string::npos;
        },
        10s));
    CHECK(history.find("\"agendad\"") != std::string::npos);
    // The title's markup shows literally, escaped once (by dunst, for its own rendering).
    CHECK(history.find("Stand-up <b>not bold</b>") != std::string::npos);
    CHECK(history.find("in 15 min") != std::string::npos);
    CHECK(history.find("Yesterday, today, blockers") != std::string::npos);
    bus.reset();
    dunst.send_signal(SIGTERM);
    CHECK(dunst.wait_exit(10s));
}

int main(int argc, char** argv) {
    for (const char* program : {"Xvfb", "dunst", "dunstctl", "import"})
        if (!on_path(program)) {
            fmt::print("SKIP: {} is not installed (scripts/install-deps installs it)\n", program);
            return 77;
        }
    std::unique_ptr<test::Child> xvfb;
    const int display = start_xvfb(xvfb);
    if (display < 0) {
        fmt::print("SKIP: Xvfb did not start\n");
        return 77;
    }
    setenv("DISPLAY", fmt::format(":{}", display).c_str(), 1);
    const int result = Catch::Session().run(argc, argv);
    xvfb->send_signal(SIGTERM);
    xvfb->wait_exit(10s);
    return result;
}
