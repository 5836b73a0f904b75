// The real agendad: a bubble it left on screen keeps working after a restart or a crash. The
// fake notification server outlives the daemon, as the user's does, so the bubble's id still
// names it; the new run takes it over from the state file.

#include "live_daemon.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace agendad;
using namespace agendad::test;
using namespace std::chrono_literals;

TEST_CASE("Snooze on a bubble of the previous run works after a clean stop or a crash",
          "[dbus][e2e]") {
    LiveRig rig;
    const auto due = whole_second_ahead(1500ms);
    const std::string text = schedule(event("standup", due), "4s");
    rig.start_with(text);
    REQUIRE(rig.until([&] { return rig.notifies("Event standup") == 1; }));
    const NotifyCall bubble = *last_notify(*rig.server, "Event standup");
    CHECK(std::find(bubble.actions.begin(), bubble.actions.end(), "snooze:4s") !=
          bubble.actions.end());
    // Kept as soon as the server has answered with its id, so a crash does not lose it.
    const auto state_has_bubble = [&] {
        return read_file(rig.home.state_path()).find("\nbubble ") != std::string::npos;
    };
    REQUIRE(rig.until(state_has_bubble));

    SECTION("a clean stop") {
        CHECK(rig.agendad.stop() == 0);
    }
    SECTION("a crash") {
        rig.agendad.kill();
    }
    // Nothing the user still needs was closed.
    CHECK(rig.server->close_requests.empty());

    rig.start_with(text);
    REQUIRE(rig.agendad.wait_for("took over 1 bubble of the previous run"));
    rig.server->emit_action(bubble.id, "snooze:4s");
    REQUIRE(rig.agendad.wait_for("snoozed [standup] for "));
    // Its job done, the bubble is closed, and the state forgets it.
    REQUIRE(rig.until([&] { return rig.server->close_requests.size() == 1; }));
    CHECK(rig.server->close_requests[0] == bubble.id);
    REQUIRE(rig.until([&] { return !state_has_bubble(); }));
    // The snooze comes as a bubble that replaces nothing (the old one is closed).
    REQUIRE(rig.until([&] { return rig.notifies("Event standup") == 2; }));
    CHECK(rig.agendad.stop() == 0);
}

TEST_CASE("Snooze until start, from the bubble or agendactl, reminds again as the event starts",
          "[dbus][e2e][ctl]") {
    LiveRig rig;
    // Reminded 5 s before a start 6 s ahead; the schedule offers a short snooze and "start".
    const auto start = whole_second_ahead(6000ms);
    const std::string text = "[settings]\ntimezone = \"UTC\"\nsnooze = [\"2s\", \"start\"]\n\n" +
                             event("sync", start, "5s") + event("later", start + 1h, "5s");
    rig.start_with(text);
    REQUIRE(rig.until([&] { return rig.notifies("Event sync") == 1; }));
    const NotifyCall bubble = *last_notify(*rig.server, "Event sync");
    CHECK(bubble.actions == std::vector<std::string>{"snooze:2s", "Snooze 2 s", "snooze:start",
                                                     "Snooze until start", "dismiss", "Dismiss"});

    SECTION("from the bubble") {
        rig.server->emit_action(bubble.id, "snooze:start");
        REQUIRE(rig.agendad.wait_for("snoozed [sync] until it starts"));
    }
    SECTION("from agendactl") {
        const auto snoozed = agendactl(rig.io, {"snooze", "sync", "until-start"});
        CHECK(snoozed.code == 0);
        CHECK(snoozed.out.starts_with("snoozed sync: reminding again at "));
    }
    REQUIRE(rig.until([&] { return rig.listener.count("sync", "snooze") == 1; }));
    CHECK(rig.listener.due.back().received >= start);
    // Once started, until-start is an error that says what to do instead.
    const auto late = agendactl(rig.io, {"snooze", "sync", "until-start"});
    CHECK(late.code != 0);
    CHECK(late.err.find("has already started") != std::string::npos);
    CHECK(rig.agendad.stop() == 0);
}

TEST_CASE("an opener that fails is told in the log and in a bubble, and the daemon goes on",
          "[dbus][e2e]") {
    LiveRig rig;
    // A fake xdg-open first on the PATH agendad inherits: it fails as one with no browser does.
    const auto bin = rig.home.dir / "bin";
    std::filesystem::create_directories(bin);
    std::ofstream{bin / "xdg-open"} << "#!/bin/sh\nexit 4\n";
    std::filesystem::permissions(bin / "xdg-open", std::filesystem::perms::owner_all);
    const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
    setenv("PATH", (bin.string() + ":" + path).c_str(), 1);

    const auto due = whole_second_ahead(1500ms);
    rig.start_with(schedule(event("page", due) + "url = \"https://example.org/page\"\n"));
    setenv("PATH", path.c_str(), 1);
    REQUIRE(rig.until([&] { return rig.notifies("Event page") == 1; }));
    rig.server->emit_action(last_notify(*rig.server, "Event page")->id, "default");
    REQUIRE(rig.agendad.wait_for(
        "could not open https://example.org/page: xdg-open exited with status 4"));
    REQUIRE(
        rig.until([&] { return rig.notifies("Could not open https://example.org/page") == 1; }));
    CHECK(last_notify(*rig.server, "Could not open https://example.org/page")->body ==
          "xdg-open exited with status 4");
    CHECK(rig.agendad.stop() == 0);
}
