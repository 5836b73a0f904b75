// The real agendad: a bubble it left on screen keeps working after a restart or a crash. The
// fake notification server outlives the daemon, as the user's does, so the bubble's id still
// names it; the new run takes it over from the state file.

#include "live_daemon.hpp"

#include <catch2/catch.hpp>

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
    REQUIRE(rig.agendad.wait_for("took over 1 bubble(s) of the previous run"));
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
