// The real agendad delivering: a reminder a second or two ahead arrives as a bubble and as
// ReminderDue, on time by the daemon's own measure; without a notification server it goes to
// the log and ReminderDue, and reaches a server that appears later.

#include "live_daemon.hpp"

#include "catch_compat.hpp"

#include <algorithm>

using namespace agendad;
using namespace agendad::test;
using namespace std::chrono_literals;

TEST_CASE("a reminder a second or two ahead arrives as a bubble and as ReminderDue, on time",
          "[dbus][e2e]") {
    LiveRig rig;
    const auto due = whole_second_ahead(1500ms);
    rig.start_with(schedule(event("soon", due)));

    REQUIRE(rig.until(
        [&] { return rig.notifies("Event soon") == 1 && rig.listener.count("soon") == 1; }));
    const Due& d = rig.listener.due.front();
    CHECK(d.lead == "0m");
    CHECK(d.fire_at == due);
    CHECK(d.start == due);
    CHECK_FALSE(d.missed);
    CHECK(d.received >= due - 50ms); // never early
    // On time, as the daemon measured it when its timer woke (what the test's own clock sees
    // later also counts the bus and this process being scheduled, under ASan on shared cores).
    REQUIRE(rig.agendad.wait_for("ms after the instant"));
    const auto lateness = rig.agendad.lateness();
    REQUIRE(lateness.size() == 1);
    CHECK(lateness[0] >= 0us);
    CHECK(lateness[0] < 500ms);
    const auto* call = last_notify(*rig.server, "Event soon");
    REQUIRE(call);
    CHECK(call->app_name == "agendad");
    CHECK(std::find(call->actions.begin(), call->actions.end(), "snooze:4s") !=
          call->actions.end());
    CHECK(rig.agendad.stop() == 0);
}

TEST_CASE("without a notification server reminders go to the log and ReminderDue, and reach a "
          "server that appears later",
          "[dbus][e2e]") {
    LiveRig rig{false};
    const auto due = whole_second_ahead(1500ms);
    rig.start_with(schedule(event("early", due)));
    REQUIRE(rig.agendad.wait_for("reminder [early 0m]"));
    REQUIRE(rig.until([&] { return rig.listener.count("early") == 1; }));

    rig.server.emplace(rig.io, all_caps);
    REQUIRE(rig.until([&] { return rig.notifies("Event early") == 1; }));
    CHECK(rig.agendad.stop() == 0);
}
