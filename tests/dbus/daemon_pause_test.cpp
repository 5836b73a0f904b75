// The real agendad paused with agendactl: ReminderDue still goes out, no bubble pops up, the
// pause survives a restart, and `agendactl resume` shows what it held; `agendactl log` tells
// it all. "No bubble" is checked against a sentinel: agendactl's answer to a later call comes
// after anything agendad sent before it, and a round trip to the bus from the fake server
// then makes sure it was handled there.

#include "live_daemon.hpp"

#include "catch_compat.hpp"
#include <fmt/format.h>

using namespace agendad;
using namespace agendad::test;
using namespace std::chrono_literals;

TEST_CASE("while paused a reminder is signalled but not shown, resume shows it, and the log "
          "says so",
          "[dbus][e2e][pause]") {
    LiveRig rig;
    const auto due = whole_second_ahead(3s);
    rig.start_with(schedule(event("standup", due + 1h, "1h")));
    const auto paused = agendactl(rig.io, {"pause"});
    REQUIRE(paused.code == 0);
    CHECK(paused.out.starts_with("paused until resumed: "));

    REQUIRE(rig.until([&] { return rig.listener.count("standup") == 1; }));
    const auto log = agendactl(rig.io, {"log"});
    REQUIRE(round_trip(rig.io, rig.server->bus()));
    CHECK(rig.notifies("Event standup") == 0);
    CHECK(log.out.find("  held       Event standup · 1h before, starts ") != std::string::npos);

    // Still paused after a restart.
    CHECK(rig.agendad.stop() == 0);
    CHECK(read_file(rig.home.state_path()).find("\npaused ") != std::string::npos);
    rig.start_with(schedule(event("standup", due + 1h, "1h")));
    const auto status = agendactl(rig.io, {"status"});
    CHECK(status.out.find("\npaused:     until resumed") != std::string::npos);
    CHECK(agendactl(rig.io, {"next", "--format", "waybar"}).out.find(R"("class":"paused")") !=
          std::string::npos);

    const auto resumed = agendactl(rig.io, {"resume"});
    CHECK(resumed.code == 0);
    CHECK(resumed.out == "resumed; 1 reminder held during the pause shown\n");
    REQUIRE(rig.until([&] { return rig.notifies("Event standup") == 1; }));
    CHECK(rig.listener.count("standup") == 1); // the signal is not sent twice
    CHECK(agendactl(rig.io, {"status"}).out.find("paused:") == std::string::npos);

    const auto after = agendactl(rig.io, {"log", "--json"});
    CHECK(after.out.find(R"("kind":"held","id":"standup")") != std::string::npos);
    CHECK(after.out.find(R"("kind":"shown","id":"standup")") > after.out.find(R"("kind":"held")"));
    CHECK(rig.agendad.stop() == 0);
}

TEST_CASE("the daemon's Warnings reach agendactl status with file:line:col", "[dbus][e2e]") {
    LiveRig rig{false};
    rig.start_with(
        schedule(event("coming", now_seconds() + 2h) + event("gone", now_seconds() - 48h)));
    const auto status = agendactl(rig.io, {"status"});
    CHECK(status.code == 0);
    CHECK(status.out.find(fmt::format("\nwarnings:   {}:", rig.home.schedule_path())) !=
          std::string::npos);
    CHECK(status.out.find("warning: event[2] \"Event gone\": every reminder is in the past") !=
          std::string::npos);
    CHECK(rig.agendad.stop() == 0);
}

TEST_CASE("a pause for a span ends by itself and then shows what it held", "[dbus][e2e][pause]") {
    LiveRig rig;
    const auto due = whole_second_ahead(2s);
    rig.start_with(schedule(event("review", due + 1h, "1h")));
    // Taken before asking: the pause starts after it, while agendactl may take its time to
    // exit (a sanitizer build's leak check); the daemon may floor its start to the second.
    const auto asked_at = std::chrono::system_clock::now();
    const auto paused = agendactl(rig.io, {"pause", "4s"});
    REQUIRE(paused.code == 0);
    REQUIRE(rig.until([&] { return rig.listener.count("review") == 1; }));
    REQUIRE(rig.until([&] { return rig.notifies("Event review") == 1; }));
    CHECK(std::chrono::system_clock::now() >= asked_at + 3s);
    CHECK(rig.agendad.wait_for("resumed: 1 reminder held during the pause shown"));
    CHECK(rig.agendad.stop() == 0);
}
