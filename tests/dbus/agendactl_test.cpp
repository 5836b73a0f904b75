#include "bus_fixture.hpp"
#include "dbus/agenda_service.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using namespace agendad;
using namespace std::chrono_literals;

namespace {

struct Result {
    int code = -1;
    std::string out;
    std::string err;
};

std::string slurp(int fd) {
    std::string text;
    char buffer[4096];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0)
        text.append(buffer, static_cast<std::size_t>(n));
    return text;
}

/// Runs agendactl while the loop keeps serving the bus (the service lives in this process).
Result agendactl(boost::asio::io_context& io, std::vector<std::string> args) {
    int out[2], err[2];
    REQUIRE(pipe2(out, O_CLOEXEC) == 0);
    REQUIRE(pipe2(err, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    args.insert(args.begin(), AGENDACTL_PATH);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int r = posix_spawn(&pid, AGENDACTL_PATH, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    close(err[1]);
    REQUIRE(r == 0);
    Result result;
    int status = 0;
    const bool exited = test::pump_until(io, [&] { return waitpid(pid, &status, WNOHANG) == pid; });
    if (!exited) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    REQUIRE(exited);
    result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = slurp(out[0]);
    result.err = slurp(err[0]);
    close(out[0]);
    close(err[0]);
    return result;
}

struct Rig {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    test::FakeBackend backend;
    std::unique_ptr<dbus::BusConnection> bus = test::connect(io);
    dbus::AgendaService service{*bus, backend, "0.1.0"};

    Rig() {
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        backend.upcoming.push_back(dbus::UpcomingReminder{"team-sync", "Team sync", "Room 4", "15m",
                                                          now + 10min, now + 40min, now - 5min});
        backend.upcoming.push_back(
            dbus::UpcomingReminder{"retro", "Retro", "", "1h", now + 3h, now + 4h, now + 2h});
        REQUIRE(service.start().has_value());
    }
};

} // namespace

TEST_CASE("agendactl says in one line that agendad is not running, exit 3", "[dbus][ctl]") {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"status"}, {"next"}, {"reload"}, {"snooze", "x"}, {"dismiss", "x"}, {"watch"}}) {
        INFO(args.front());
        const Result r = agendactl(io, args);
        CHECK(r.code == 3);
        CHECK(r.out.empty());
        CHECK(r.err == "agendactl: agendad is not running (nothing owns io.github.agendad on "
                       "the session bus)\n");
    }
}

TEST_CASE("agendactl snooze and dismiss reach the daemon with the event id", "[dbus][ctl]") {
    Rig rig;
    SECTION("snooze with a span") {
        const Result r = agendactl(rig.io, {"snooze", "team-sync", "10m"});
        CHECK(r.code == 0);
        CHECK(r.out.starts_with("snoozed team-sync: reminding again at "));
        REQUIRE(rig.backend.snoozes.size() == 1);
        CHECK(rig.backend.snoozes[0].first.event_id == "team-sync");
        CHECK_FALSE(rig.backend.snoozes[0].first.occurrence_start);
        CHECK(rig.backend.snoozes[0].second == 600s);
    }
    SECTION("snooze without a span leaves it to settings.snooze") {
        CHECK(agendactl(rig.io, {"snooze", "team-sync"}).code == 0);
        REQUIRE(rig.backend.snoozes.size() == 1);
        CHECK(rig.backend.snoozes[0].second == 0s);
    }
    SECTION("a bad span is a usage error") {
        const Result r = agendactl(rig.io, {"snooze", "team-sync", "10x"});
        CHECK(r.code == 2);
        CHECK(rig.backend.snoozes.empty());
    }
    SECTION("an unknown id is an error with the daemon's message") {
        const Result r = agendactl(rig.io, {"dismiss", "nope"});
        CHECK(r.code == 1);
        CHECK(r.err == "agendactl: no event \"nope\"\n");
    }
    SECTION("dismiss") {
        CHECK(agendactl(rig.io, {"dismiss", "team-sync"}).code == 0);
        CHECK(rig.backend.dismissals.size() == 1);
    }
}

TEST_CASE("agendactl status, next and reload show what the daemon says", "[dbus][ctl]") {
    Rig rig;
    SECTION("status") {
        const Result r = agendactl(rig.io, {"status"});
        CHECK(r.code == 0);
        CHECK(r.out.starts_with("agendad 0.1.0 is running\n"
                                "schedule:   /home/u/.config/agendad/agenda.toml\n"
                                "next:       Team sync (15m before) at "));
        CHECK(r.out.ends_with("last error: none\n"));
    }
    SECTION("next as waybar JSON") {
        const Result r = agendactl(rig.io, {"next", "--format", "waybar"});
        CHECK(r.code == 0);
        CHECK(r.out.starts_with(R"({"text":"Team sync in )"));
        CHECK(r.out.find(R"("class":"imminent"})") != std::string::npos);
        CHECK(r.out.find("Retro") != std::string::npos);
    }
    SECTION("reload with errors") {
        rig.backend.reload_errors = {"agenda.toml:2:1: error: bad"};
        const Result r = agendactl(rig.io, {"reload"});
        CHECK(r.code == 1);
        CHECK(r.err.starts_with("agenda.toml:2:1: error: bad\n"));
    }
}

TEST_CASE("agendactl next --follow prints a new line when the daemon signals a change",
          "[dbus][ctl]") {
    Rig rig;
    int out[2];
    REQUIRE(pipe2(out, O_CLOEXEC | O_NONBLOCK) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    std::string a0 = AGENDACTL_PATH, a1 = "next", a2 = "--follow";
    char* argv[] = {a0.data(), a1.data(), a2.data(), nullptr};
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, AGENDACTL_PATH, &actions, nullptr, argv, environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    std::string text;
    const auto lines = [&] {
        char buffer[512];
        ssize_t n;
        while ((n = read(out[0], buffer, sizeof buffer)) > 0)
            text.append(buffer, static_cast<std::size_t>(n));
        return std::count(text.begin(), text.end(), '\n');
    };
    CHECK(test::pump_until(rig.io, [&] { return lines() == 1; }));
    CHECK(text.starts_with("Team sync in "));
    // The meeting is dismissed; the daemon's list changes and it says so.
    rig.backend.upcoming.erase(rig.backend.upcoming.begin());
    rig.service.refresh_properties();
    CHECK(test::pump_until(rig.io, [&] { return lines() == 2; }));
    CHECK(text.substr(text.find('\n') + 1).starts_with("Retro at "));
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    close(out[0]);
}
