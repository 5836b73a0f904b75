// The real agendad: a bubble it left on screen keeps working after a restart or a crash. The
// fake notification server outlives the daemon, as the user's does, so the bubble's id still
// names it; the new run takes it over from the state file.

#include "live_daemon.hpp"

#include "catch_compat.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
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
    // The snooze comes as a bubble that replaces nothing (the old one is closed); before it,
    // the bubble was sent again in its place.
    REQUIRE(rig.until([&] { return rig.notifies("Event standup") == 3; }));
    CHECK(rig.server->calls[1].replaces_id == bubble.id);
    CHECK(rig.server->calls[2].replaces_id == 0);
    CHECK(rig.agendad.stop() == 0);
}

TEST_CASE("a server that sends actions only to the bubble's maker (dunst) reaches the next run: "
          "the bubble is sent again in place, quietly",
          "[dbus][e2e]") {
    LiveRig rig;
    rig.server->unicast_signals = true;
    const auto due = whole_second_ahead(1500ms);
    const std::string standup =
        event("standup", due) + "sound = \"message-new-instant\"\n" + event("later", due + 2h);
    const std::string text = schedule(standup, "4s");
    rig.start_with(text);
    REQUIRE(rig.until([&] { return rig.notifies("Event standup") == 1; }));
    const NotifyCall bubble = *last_notify(*rig.server, "Event standup");
    CHECK(bubble.sound_name == "message-new-instant");
    CHECK_FALSE(bubble.suppress_sound);
    const auto state_has_bubble = [&] {
        return read_file(rig.home.state_path()).find("\nbubble ") != std::string::npos;
    };
    REQUIRE(rig.until(state_has_bubble));
    REQUIRE(rig.listener.count("standup") == 1);

    // What the new run sent again, once it has.
    const auto resent = [&]() -> const NotifyCall& {
        REQUIRE(rig.agendad.wait_for("took over 1 bubble of the previous run"));
        REQUIRE(rig.until([&] { return rig.server->calls.size() == 2; }));
        return rig.server->calls[1];
    };
    // A sound-less, quiet copy of a fresh delivery in the old bubble's place.
    const auto same_bubble = [&](const NotifyCall& again) {
        CHECK(again.replaces_id == bubble.id);
        CHECK(again.summary == bubble.summary);
        CHECK(again.actions == bubble.actions);
        CHECK(again.urgency == bubble.urgency);
        CHECK(again.timeout == bubble.timeout);
        CHECK(again.category == bubble.category);
        CHECK(again.sound_name.empty());
        CHECK(again.sound_file.empty());
        CHECK(again.suppress_sound);
    };

    SECTION("Dismiss after a clean stop") {
        CHECK(rig.agendad.stop() == 0);
        rig.start_with(text);
        const NotifyCall& again = resent();
        same_bubble(again);
        CHECK(again.id == bubble.id);
        rig.server->emit_action(bubble.id, "dismiss");
        REQUIRE(rig.agendad.wait_for("dismissed [standup]"));
        REQUIRE(rig.until([&] { return rig.server->close_requests.size() == 1; }));
        CHECK(rig.server->close_requests[0] == bubble.id);
        REQUIRE(rig.until([&] { return !state_has_bubble(); }));
        // The re-send was no reminder: not in the history, no ReminderDue (the dismissal, in
        // the history after it, is the sentinel).
        const auto log = agendactl(rig.io, {"log"});
        CHECK(log.code == 0);
        CHECK(log.out.find("dismissed") != std::string::npos);
        std::size_t shown = 0;
        for (auto at = log.out.find("[standup]"); at != std::string::npos;
             at = log.out.find("[standup]", at + 1))
            ++shown;
        CHECK(shown == 2); // shown once, dismissed once
        CHECK(rig.listener.count("standup") == 1);
    }
    SECTION("Snooze after a crash") {
        rig.agendad.kill();
        rig.start_with(text);
        same_bubble(resent());
        rig.server->emit_action(bubble.id, "snooze:4s");
        REQUIRE(rig.agendad.wait_for("snoozed [standup] for "));
        // The snooze's reminder is the only ReminderDue since the first; its bubble sounds.
        REQUIRE(rig.until([&] { return rig.listener.count("standup", "snooze") == 1; }));
        CHECK(rig.listener.count("standup") == 2);
        REQUIRE(rig.until([&] { return rig.notifies("Event standup") == 3; }));
        CHECK(rig.server->calls[2].sound_name == "message-new-instant");
        CHECK_FALSE(rig.server->calls[2].suppress_sound);
    }
    SECTION("a server that answers the re-send with a new id: that one is kept, the old closed") {
        CHECK(rig.agendad.stop() == 0);
        rig.server->renumber_replaced = true;
        rig.start_with(text);
        const NotifyCall& again = resent();
        same_bubble(again);
        CHECK(again.id != bubble.id);
        REQUIRE(rig.until([&] { return rig.server->close_requests.size() == 1; }));
        CHECK(rig.server->close_requests[0] == bubble.id);
        rig.server->emit_action(again.id, "dismiss");
        REQUIRE(rig.agendad.wait_for("dismissed [standup]"));
    }
    SECTION("an event gone from the schedule: its bubble is closed, not sent again") {
        CHECK(rig.agendad.stop() == 0);
        rig.start_with(schedule(event("later", due + 2h), "4s"));
        REQUIRE(rig.agendad.wait_for(fmt::format("closing bubble {} of the previous run: no event "
                                                 "\"standup\"",
                                                 bubble.id)));
        REQUIRE(rig.until([&] { return rig.server->close_requests.size() == 1; }));
        CHECK(rig.server->close_requests[0] == bubble.id);
        REQUIRE(rig.until([&] { return !state_has_bubble(); }));
        CHECK(rig.server->calls.size() == 1);
    }
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
