// End-to-end with the real dunst under Xvfb: a reminder due a few seconds ahead is shown by
// dunst (dunstctl count/history) and a screenshot of the screen is written under the build
// tree (tests/dbus/dunst-e2e.png) for a person to look at.
// Exits 77 (CTest SKIP_RETURN_CODE) when Xvfb or dunst is missing or the X server won't start.

#define CATCH_CONFIG_RUNNER
#include "bus_fixture.hpp"
#include "dbus/notifications.hpp"
#include "runtime/system_clock.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using namespace agendad;
using namespace std::chrono_literals;

namespace {

pid_t spawn(std::vector<std::string> args, int stdout_fd = -1) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (stdout_fd >= 0)
        posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawnp(&pid, args[0].c_str(), &actions, nullptr, argv.data(), environ) != 0)
        pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

/// Runs a command to the end (it is quick) and returns its standard output.
std::string output_of(std::vector<std::string> args) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return {};
    const pid_t pid = spawn(std::move(args), fds[1]);
    close(fds[1]);
    std::string text;
    char buffer[4096];
    ssize_t n;
    while ((n = read(fds[0], buffer, sizeof buffer)) > 0)
        text.append(buffer, static_cast<std::size_t>(n));
    close(fds[0]);
    if (pid > 0)
        waitpid(pid, nullptr, 0);
    return text;
}

void stop(pid_t pid) {
    if (pid <= 0)
        return;
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
}

bool on_path(const char* program) {
    return !output_of({"sh", "-c", fmt::format("command -v {}", program)}).empty();
}

/// Starts Xvfb on a free display; the display number, or -1.
int start_xvfb(pid_t& pid) {
    int fds[2];
    if (pipe2(fds, 0) != 0)
        return -1;
    pid = spawn({"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0", "1024x600x24",
                 "-nolisten", "tcp"});
    close(fds[1]);
    std::string number;
    pollfd pfd{fds[0], POLLIN, 0};
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (number.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        if (poll(&pfd, 1, 100) <= 0)
            continue;
        char buffer[16];
        const auto n = read(fds[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        number.append(buffer, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    return number.find('\n') == std::string::npos ? -1 : std::stoi(number);
}

} // namespace

TEST_CASE("a reminder a few seconds ahead shows up in dunst", "[e2e][dunst]") {
    test::PrivateBus private_bus;
    const std::string config = private_bus.dir() + "/dunstrc";
    std::ofstream{config} << "[global]\n    width = 560\n    origin = top-right\n"
                             "    offset = 20x20\n    frame_width = 2\n    markup = full\n"
                             "    font = Monospace 12\n"
                             "[urgency_normal]\n    timeout = 0\n";
    const pid_t dunst = spawn({"dunst", "-config", config});
    REQUIRE(dunst > 0);

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
                     .delivered_at = now + 3s};
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
    test::pump_for(io, 500ms); // let dunst draw
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
    bus.reset();
    stop(dunst);
}

int main(int argc, char** argv) {
    for (const char* program : {"Xvfb", "dunst", "dunstctl", "import"})
        if (!on_path(program)) {
            fmt::print("SKIP: {} is not installed (scripts/install-deps installs it)\n", program);
            return 77;
        }
    pid_t xvfb = -1;
    const int display = start_xvfb(xvfb);
    if (display < 0) {
        stop(xvfb);
        fmt::print("SKIP: Xvfb did not start\n");
        return 77;
    }
    setenv("DISPLAY", fmt::format(":{}", display).c_str(), 1);
    const int result = Catch::Session().run(argc, argv);
    stop(xvfb);
    return result;
}
