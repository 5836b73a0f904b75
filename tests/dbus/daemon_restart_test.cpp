// The real agendad: snooze and dismiss, from the bubble and through agendactl, are kept
// across a restart. "Nothing more comes" is checked against a sentinel: a later event added
// while the daemon is down, due after anything that could wrongly come. The daemon delivers
// in time order and sends each Notify and ReminderDue on one connection, so once the
// sentinel's have arrived, any earlier delivery would have too.

#include "live_daemon.hpp"

#include "catch_compat.hpp"

using namespace agendad;
using namespace agendad::test;
using namespace std::chrono_literals;

namespace {

/// A whole second at least a second after `t`.
SysSeconds a_second_after(std::chrono::system_clock::time_point t) {
    return std::chrono::floor<std::chrono::seconds>(t) + 2s;
}

/// Waits for the sentinel event's reminder, as ReminderDue and as a bubble.
bool sentinel_arrived(LiveRig& rig) {
    return rig.until(
        [&] { return rig.listener.count("sentinel") == 1 && rig.notifies("Event sentinel") == 1; },
        15s);
}

} // namespace

TEST_CASE("a snooze from the bubble is kept across a restart and reminds once at its time",
          "[dbus][e2e]") {
    LiveRig rig;
    const auto due = whole_second_ahead(1500ms);
    rig.start_with(schedule(event("standup", due), "4s"));
    REQUIRE(rig.until([&] { return rig.notifies("Event standup") == 1; }));

    const auto snoozed_at = std::chrono::system_clock::now();
    rig.server->emit_action(last_notify(*rig.server, "Event standup")->id, "snooze");
    REQUIRE(rig.agendad.wait_for("snoozed [standup]"));
    CHECK(rig.agendad.stop() == 0);
    CHECK(read_file(rig.home.state_path()).find("\nsnoozed ") != std::string::npos);

    // The snooze is due 4 s after the click; the sentinel a second after that.
    const auto snooze_due = std::chrono::system_clock::now() + 4s;
    rig.start_with(
        schedule(event("standup", due) + event("sentinel", a_second_after(snooze_due)), "4s"));
    REQUIRE(rig.until([&] {
        return rig.listener.count("standup", "snooze") == 1 && rig.notifies("Event standup") == 2;
    }));
    CHECK(rig.listener.due.back().received >= snoozed_at + 3s);
    // Once only, and the original reminder does not come again.
    REQUIRE(sentinel_arrived(rig));
    CHECK(rig.listener.count("standup") == 1 + 1);
    CHECK(rig.notifies("Event standup") == 2);
    CHECK(rig.agendad.stop() == 0);
    CHECK(read_file(rig.home.state_path()).find("\nsnoozed ") == std::string::npos);
}

TEST_CASE("agendactl snooze, then Dismiss from the bubble: nothing more, even after a restart",
          "[dbus][e2e][ctl]") {
    LiveRig rig;
    const auto due = whole_second_ahead(1500ms);
    rig.start_with(schedule(event("review", due), "1h"));
    REQUIRE(rig.until([&] { return rig.notifies("Event review") == 1; }));

    const auto snoozed = agendactl(rig.io, {"snooze", "review", "3s"});
    CHECK(snoozed.code == 0);
    CHECK(snoozed.out.starts_with("snoozed review: reminding again at "));
    const auto snooze_due = std::chrono::system_clock::now() + 3s;
    const auto status = agendactl(rig.io, {"status"});
    CHECK(status.out.find("next:       Event review (snoozed) at ") != std::string::npos);
    rig.server->emit_action(last_notify(*rig.server, "Event review")->id, "dismiss");
    REQUIRE(rig.agendad.wait_for("dismissed [review]"));
    CHECK(rig.agendad.stop() == 0);
    const std::string state = read_file(rig.home.state_path());
    CHECK(state.find("\ndismissed ") != std::string::npos);
    CHECK(state.find("\nsnoozed ") == std::string::npos);

    rig.start_with(
        schedule(event("review", due) + event("sentinel", a_second_after(snooze_due)), "1h"));
    REQUIRE(sentinel_arrived(rig));
    CHECK(rig.listener.count("review") == 1);
    CHECK(rig.notifies("Event review") == 1);
    CHECK(rig.agendad.stop() == 0);
}

TEST_CASE("agendactl dismiss before the reminder keeps it away across a restart",
          "[dbus][e2e][ctl]") {
    LiveRig rig;
    const auto due = whole_second_ahead(4000ms);
    // "skipped" would come in the same pass as "kept", after it (by title): hence the sentinel.
    const std::string events =
        event("skipped", due) + event("kept", due) + event("sentinel", due + 1s);
    rig.start_with(schedule(events));
    const auto dismissed = agendactl(rig.io, {"dismiss", "skipped"});
    CHECK(dismissed.code == 0);
    CHECK(dismissed.out.starts_with("dismissed skipped (the occurrence at "));
    CHECK(rig.agendad.stop() == 0);

    rig.agendad.start();
    REQUIRE(rig.agendad.wait_for("loaded "));
    REQUIRE(sentinel_arrived(rig));
    CHECK(rig.listener.count("kept") == 1);
    CHECK(rig.listener.count("skipped") == 0);
    CHECK(rig.notifies("Event skipped") == 0);
    CHECK(rig.notifies("Event kept") == 1);
    CHECK(rig.agendad.stop() == 0);
}
