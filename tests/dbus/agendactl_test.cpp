#include "bus_fixture.hpp"
#include "core/text/reminder_text.hpp"
#include "dbus/agenda_service.hpp"
#include "live_daemon.hpp"
#include "programs.hpp"

#include "catch_compat.hpp"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

using namespace agendad;
using namespace std::chrono_literals;
using test::agendactl;

namespace {

struct Rig {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    test::FakeBackend backend;
    std::unique_ptr<dbus::BusConnection> bus = test::connect(io);
    dbus::AgendaService service{*bus, backend, "0.1.0"};

    Rig() {
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        backend.upcoming.push_back(dbus::UpcomingReminder{
            "team-sync", "Team sync", "Room 4", "15m", now + 10min, now + 40min, now - 5min, ""});
        backend.upcoming.push_back(dbus::UpcomingReminder{"retro", "Retro", "", "1h", now + 3h,
                                                          now + 4h, now + 2h, "work"});
        REQUIRE(service.start().has_value());
    }
};

} // namespace

TEST_CASE("agendactl says in one line that agendad is not running, exit 3", "[dbus][ctl]") {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    for (const auto& args : std::vector<std::vector<std::string>>{{"status"},
                                                                  {"next"},
                                                                  {"reload"},
                                                                  {"snooze", "x"},
                                                                  {"dismiss", "x"},
                                                                  {"watch"},
                                                                  {"log"},
                                                                  {"pause"},
                                                                  {"resume"}}) {
        INFO(args.front());
        const auto r = agendactl(io, args);
        CHECK(r.code == 3);
        CHECK(r.out.empty());
        CHECK(r.err == "agendactl: agendad is not running (nothing owns io.github.agendad on "
                       "the session bus)\n");
    }
}

TEST_CASE("agendactl snooze and dismiss reach the daemon with the event id", "[dbus][ctl]") {
    Rig rig;
    SECTION("snooze with a span") {
        const auto r = agendactl(rig.io, {"snooze", "team-sync", "10m"});
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
        const auto r = agendactl(rig.io, {"snooze", "team-sync", "10x"});
        CHECK(r.code == 2);
        CHECK(rig.backend.snoozes.empty());
    }
    SECTION("an unknown id is an error with the daemon's message and what is coming") {
        const auto r = agendactl(rig.io, {"dismiss", "nope"});
        CHECK(r.code == 1);
        CHECK(r.err == "agendactl: no event \"nope\"\n"
                       "coming up:\n"
                       "  team-sync  Team sync\n"
                       "  retro      Retro\n");
    }
    SECTION("a misspelt id: did you mean") {
        const auto r = agendactl(rig.io, {"dismiss", "rerto"});
        CHECK(r.code == 1);
        CHECK(r.err.ends_with("did you mean one of these?\n  retro  Retro\n"));
        CHECK(rig.backend.dismissals.empty());
    }
    SECTION("a piece of a title, any case, names the event and its id is sent") {
        const auto r = agendactl(rig.io, {"snooze", "SYNC", "10m"});
        CHECK(r.code == 0);
        CHECK(r.out.starts_with("snoozed team-sync: "));
        REQUIRE(rig.backend.snoozes.size() == 1);
        CHECK(rig.backend.snoozes[0].first.event_id == "team-sync");
    }
    SECTION("an id prefix names the event") {
        CHECK(agendactl(rig.io, {"dismiss", "ret"}).code == 0);
        REQUIRE(rig.backend.dismissals.size() == 1);
        CHECK(rig.backend.dismissals[0].event_id == "retro");
    }
    SECTION("an ambiguous word lists the events it matches and sends nothing") {
        const auto r = agendactl(rig.io, {"dismiss", "e"});
        CHECK(r.code == 1);
        CHECK(r.err == "agendactl: \"e\" matches 2 events; say which:\n"
                       "  team-sync  Team sync\n"
                       "  retro      Retro\n");
        CHECK(rig.backend.dismissals.empty());
    }
    SECTION("no id: the next event, and agendactl says which") {
        const auto r = agendactl(rig.io, {"dismiss"});
        CHECK(r.code == 0);
        CHECK(
            r.err.starts_with("agendactl: no ID given: the next event, team-sync (Team sync at "));
        REQUIRE(rig.backend.dismissals.size() == 1);
        CHECK(rig.backend.dismissals[0].event_id == "team-sync");
    }
    SECTION("a span alone snoozes the next event") {
        CHECK(agendactl(rig.io, {"snooze", "10m"}).code == 0);
        REQUIRE(rig.backend.snoozes.size() == 1);
        CHECK(rig.backend.snoozes[0].first.event_id == "team-sync");
        CHECK(rig.backend.snoozes[0].second == 600s);
    }
    SECTION("dismiss") {
        CHECK(agendactl(rig.io, {"dismiss", "team-sync"}).code == 0);
        CHECK(rig.backend.dismissals.size() == 1);
    }
}

TEST_CASE("agendactl status, next and reload show what the daemon says", "[dbus][ctl]") {
    Rig rig;
    SECTION("status") {
        const auto r = agendactl(rig.io, {"status"});
        CHECK(r.code == 0);
        CHECK(r.out.starts_with("agendad 0.1.0 is running\n"
                                "schedule:   /home/u/.config/agendad/agenda.toml\n"
                                "next:       Team sync (15m before) at "));
        CHECK(r.out.ends_with("last error: none\n"));
    }
    SECTION("next as waybar JSON") {
        const auto r = agendactl(rig.io, {"next", "--format", "waybar"});
        CHECK(r.code == 0);
        CHECK(r.out.starts_with(R"({"text":"Team sync in )"));
        CHECK(r.out.find(R"("class":"imminent"})") != std::string::npos);
        CHECK(r.out.find("Retro") != std::string::npos);
    }
    SECTION("next as JSON names the calendar of a calendar's event, none for a TOML one") {
        auto r = agendactl(rig.io, {"next", "--format", "json"});
        CHECK(r.code == 0);
        CHECK(r.out.find(R"("id":"team-sync")") != std::string::npos);
        CHECK(r.out.find(R"("calendar":"")") != std::string::npos);
        rig.backend.upcoming.erase(rig.backend.upcoming.begin());
        r = agendactl(rig.io, {"next", "--format", "json"});
        CHECK(r.out.find(R"("id":"retro")") != std::string::npos);
        CHECK(r.out.find(R"("calendar":"work")") != std::string::npos);
    }
    SECTION("status names the next reminder's calendar (NextReminderCalendar)") {
        rig.backend.upcoming.erase(rig.backend.upcoming.begin());
        const auto r = agendactl(rig.io, {"status"});
        CHECK(r.code == 0);
        CHECK(r.out.find("\nnext:       [work] Retro (1h before) at ") != std::string::npos);
    }
    SECTION("reload with errors") {
        rig.backend.reload_errors = {"agenda.toml:2:1: error: bad"};
        const auto r = agendactl(rig.io, {"reload"});
        CHECK(r.code == 1);
        CHECK(r.err.starts_with("agenda.toml:2:1: error: bad\n"));
    }
}

TEST_CASE("agendactl next --follow prints a new line when the daemon signals a change",
          "[dbus][ctl]") {
    Rig rig;
    test::Child follow{test::Command{.argv = {test::agendactl_path(), "next", "--follow"}}};
    const auto lines = [&] {
        const std::string& so_far = follow.out();
        return std::count(so_far.begin(), so_far.end(), '\n');
    };
    const auto& text = follow.out();
    CHECK(test::pump_until(rig.io, [&] { return lines() == 1; }));
    CHECK(text.starts_with("Team sync in "));
    // The meeting is dismissed; the daemon's list changes and it says so.
    rig.backend.upcoming.erase(rig.backend.upcoming.begin());
    rig.service.refresh_properties();
    CHECK(test::pump_until(rig.io, [&] { return lines() == 2; }));
    CHECK(text.substr(text.find('\n') + 1).starts_with("Retro at "));
    follow.send_signal(SIGTERM);
    CHECK(follow.wait_exit(10s, &rig.io));
}

namespace {

/// agendad as the bus would start it: a .service file whose Exec is a script that gives
/// agendad the test's home, writes its pid (to stop it after) and its output to a file.
struct ActivatableAgendad {
    test::Home home;
    std::filesystem::path services = home.dir / "services";
    std::filesystem::path pid_file = home.dir / "agendad.pid";

    ActivatableAgendad() {
        std::filesystem::create_directories(services);
        const auto script = home.dir / "start-agendad";
        std::ofstream{script} << fmt::format(
            "#!/bin/sh\n"
            "export DBUS_SESSION_BUS_ADDRESS=\"$DBUS_STARTER_ADDRESS\" HOME='{0}' TZ=UTC "
            "XDG_CONFIG_HOME='{0}/config' XDG_STATE_HOME='{0}/state'\n"
            "unset NOTIFY_SOCKET\n"
            "echo $$ > '{1}'\n"
            "exec '{2}' -f '{3}' >> '{0}/agendad.log' 2>&1\n",
            home.dir.string(), pid_file.string(), test::agendad_path(), home.schedule_path());
        std::filesystem::permissions(script, std::filesystem::perms::owner_all);
        std::ofstream{services / "io.github.agendad.service"}
            << fmt::format("[D-BUS Service]\nName=io.github.agendad\nExec={}\n", script.string());
    }

    ~ActivatableAgendad() {
        if (const std::string pid = test::read_file(pid_file); !pid.empty())
            ::kill(std::stoi(pid), SIGTERM);
    }

    bool started() const { return std::filesystem::exists(pid_file); }
};

} // namespace

TEST_CASE("agendactl next starts agendad through D-Bus activation, status does not",
          "[dbus][ctl][activation]") {
    ActivatableAgendad agendad;
    agendad.home.write(test::schedule(test::event("standup", test::now_seconds() + 2h)));
    test::PrivateBus private_bus{agendad.services.string()};
    boost::asio::io_context io;

    const auto status = agendactl(io, {"status"});
    CHECK(status.code == 3);
    CHECK(status.err.starts_with("agendactl: agendad is not running"));
    // Had the call let the bus start agendad, it would have waited for it and had an answer.
    CHECK_FALSE(agendad.started());

    const auto next = agendactl(io, {"next"});
    INFO(test::read_file((agendad.home.dir / "agendad.log").string()));
    CHECK(next.code == 0);
    CHECK(next.out.starts_with("Event standup at "));
    CHECK(agendad.started());
    CHECK(agendactl(io, {"status"}).out.find(" is running\n") != std::string::npos);
}

TEST_CASE("agendactl next --follow says agendad stopped when the daemon goes away", "[dbus][ctl]") {
    Rig rig;
    test::Child follow{test::Command{.argv = {test::agendactl_path(), "next", "--follow"}}};
    CHECK(test::pump_until(rig.io, [&] { return follow.out().find('\n') != std::string::npos; }));
    CHECK(follow.out().starts_with("Team sync in "));
    // The daemon leaves the bus: its name goes, as when it exits.
    REQUIRE(sd_bus_release_name(rig.bus->get(), dbus::service_name) >= 0);
    rig.bus->kick();
    CHECK(test::pump_until(rig.io, [&] { return follow.out().ends_with("\nagendad stopped\n"); }));
    follow.send_signal(SIGTERM);
    CHECK(follow.wait_exit(10s, &rig.io));
}

TEST_CASE("agendactl watch shows ReminderDue only from agendad, not from an impostor on the bus",
          "[dbus][ctl]") {
    Rig rig;
    test::Child watch{test::Command{.argv = {test::agendactl_path(), "watch"}}};
    // It says so on stderr once subscribed and agendad has answered.
    REQUIRE(test::pump_until(
        rig.io, [&] { return watch.err().find("watching for reminders") != std::string::npos; }));

    // Another peer emits a ReminderDue on agendad's path and interface.
    auto impostor = test::connect(rig.io);
    const auto d = test::team_sync();
    REQUIRE(sd_bus_emit_signal(impostor->get(), dbus::service_path, dbus::service_interface,
                               "ReminderDue", "ssxxsbs", "fake", "Impostor", std::int64_t{0},
                               std::int64_t{0}, "0m", 0, "") >= 0);
    impostor->kick();
    REQUIRE(test::round_trip(rig.io, *impostor));
    // Then agendad itself: the sentinel.
    auto real = d;
    real.event_id = "real";
    real.title = "Real one";
    rig.service.deliver(real);
    CHECK(watch.wait_for_text("Real one", 10s, &rig.io));
    CHECK(watch.out().find("Impostor") == std::string::npos);
    CHECK(watch.out().find("[fake") == std::string::npos);
    watch.send_signal(SIGTERM);
    CHECK(watch.wait_exit(10s, &rig.io));
}

TEST_CASE("agendactl log lists the daemon's history, as text or JSON, since when asked",
          "[dbus][ctl][history]") {
    Rig rig;
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    rig.backend.entries = {
        {now - 3h, core::HistoryKind::shown, "team-sync", "Team sync", "15m", now - 165min},
        {now - 1h, core::HistoryKind::missed, "retro", "Retro", "1h", now}};
    SECTION("all of it, one line each, oldest first") {
        const auto r = agendactl(rig.io, {"log"});
        CHECK(r.code == 0);
        CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 2);
        CHECK(r.out.find("  shown      Team sync · 15m before, starts ") != std::string::npos);
        CHECK(r.out.find("  missed     Retro · 1h before, starts ") > r.out.find("Team sync"));
        REQUIRE(rig.backend.history_asks.size() == 1);
        CHECK_FALSE(rig.backend.history_asks[0].second);
    }
    SECTION("--missed --since 2h --json") {
        const auto r = agendactl(rig.io, {"log", "--missed", "--since", "2h", "--json"});
        CHECK(r.code == 0);
        CHECK(r.out.starts_with(R"({"at":")"));
        CHECK(r.out.find(R"("kind":"missed","id":"retro","title":"Retro","lead":"1h",)") !=
              std::string::npos);
        REQUIRE(rig.backend.history_asks.size() == 1);
        CHECK(rig.backend.history_asks[0].second);
        const auto since = rig.backend.history_asks[0].first;
        CHECK(since >= now - 2h);
        CHECK(since <= now - 2h + 10s);
    }
    SECTION("nothing missed says so") {
        rig.backend.entries.pop_back();
        const auto r = agendactl(rig.io, {"log", "--missed"});
        CHECK(r.code == 0);
        CHECK(r.out == "nothing missed\n");
    }
    SECTION("a bad --since is a usage error, before the daemon is asked") {
        const auto r = agendactl(rig.io, {"log", "--since", "last week"});
        CHECK(r.code == 2);
        CHECK(r.err.starts_with("agendactl: --since \"last week\" is not a span back"));
        CHECK(rig.backend.history_asks.empty());
    }
}

TEST_CASE("agendactl pause and resume reach the daemon, status and waybar show the pause",
          "[dbus][ctl][pause]") {
    Rig rig;
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto paused = agendactl(rig.io, {"pause", "1h"});
    CHECK(paused.code == 0);
    CHECK(paused.out.starts_with("paused until "));
    REQUIRE(rig.backend.paused);
    REQUIRE(rig.backend.paused->until);
    CHECK(*rig.backend.paused->until >= now + 1h);
    CHECK(*rig.backend.paused->until <= now + 1h + 10s);

    const auto status = agendactl(rig.io, {"status"});
    CHECK(status.code == 0);
    CHECK(status.out.find("\npaused:     until ") != std::string::npos);
    const auto waybar = agendactl(rig.io, {"next", "--format", "waybar"});
    CHECK(waybar.out.find(R"("class":"paused")") != std::string::npos);
    CHECK(waybar.out.find(R"("tooltip":"paused until )") != std::string::npos);
    const auto json = agendactl(rig.io, {"next", "--format", "json"});
    CHECK(json.out.ends_with(fmt::format(R"("paused":true,"paused_until":"{}"}})"
                                         "\n",
                                         core::rfc3339_utc(*rig.backend.paused->until))));

    CHECK(agendactl(rig.io, {"pause"}).out.starts_with("paused until resumed: "));
    CHECK_FALSE(rig.backend.paused->until);
    CHECK(agendactl(rig.io, {"next", "--format", "json"})
              .out.ends_with(R"("paused":true,"paused_until":null})"
                             "\n"));

    rig.backend.resume_result = {2, 1};
    const auto resumed = agendactl(rig.io, {"resume"});
    CHECK(resumed.code == 0);
    CHECK(resumed.out == "resumed; 2 reminders held during the pause shown, 1 of ended events "
                         "only logged\n");
    CHECK_FALSE(rig.backend.paused);
    CHECK(agendactl(rig.io, {"resume"}).out == "agendad was not paused\n");
    CHECK(agendactl(rig.io, {"status"}).out.find("paused:") == std::string::npos);
    CHECK(agendactl(rig.io, {"next", "--format", "waybar"}).out.find(R"("class":"paused")") ==
          std::string::npos);
    CHECK(agendactl(rig.io, {"next", "--format", "json"})
              .out.ends_with(R"("paused":false,"paused_until":null})"
                             "\n"));

    SECTION("a span and --until together, or a bad one, are usage errors") {
        CHECK(agendactl(rig.io, {"pause", "1h", "--until", "15:00"}).code == 2);
        const auto bad = agendactl(rig.io, {"pause", "soon"});
        CHECK(bad.code == 2);
        CHECK(bad.err.starts_with("agendactl: \"soon\" is not a span"));
        CHECK_FALSE(rig.backend.paused);
    }
}

TEST_CASE("agendactl status lists the schedule's warnings with file:line:col", "[dbus][ctl]") {
    Rig rig;
    rig.backend.warning_lines = {
        "/home/u/agenda.toml:9:1: warning: event[2] \"Gone\": every reminder is in the past; it "
        "will never remind"};
    const auto r = agendactl(rig.io, {"status"});
    CHECK(r.code == 0);
    CHECK(r.out.ends_with("last error: none\nwarnings:   /home/u/agenda.toml:9:1: warning: "
                          "event[2] \"Gone\": every reminder is in the past; it will never "
                          "remind\n"));
}
