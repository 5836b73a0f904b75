// The real agendad starting up: a second one on the same bus is refused in one line, and a
// starter schedule is written when there is none, never over one.

#include "live_daemon.hpp"

#include "catch_compat.hpp"

using namespace agendad;
using namespace agendad::test;
using namespace std::chrono_literals;

TEST_CASE("a second agendad on the same bus says so in one line and exits 1", "[dbus][e2e]") {
    LiveRig rig{false};
    rig.start_with(schedule(event("later", now_seconds() + 1h)));

    Home other;
    other.write(schedule(event("later", now_seconds() + 1h)));
    LiveDaemon second{rig.io, other};
    second.start();
    CHECK(second.wait_exit() == 1);
    CHECK(second.output() ==
          "agendad: another agendad is already running on this bus (io.github.agendad is "
          "taken)\n");
    CHECK_FALSE(rig.agendad.exited());
    CHECK(rig.agendad.stop() == 0);
}

TEST_CASE("agendad writes a starter schedule when there is none, and never overwrites one",
          "[dbus][e2e]") {
    LiveRig rig{false};
    std::filesystem::remove_all(rig.home.dir / "config");
    rig.agendad.start();
    REQUIRE(rig.agendad.wait_for("created a starter schedule at " + rig.home.schedule_path()));
    REQUIRE(rig.agendad.wait_for("loaded "));
    const auto mode = std::filesystem::status(rig.home.schedule_path()).permissions();
    CHECK(mode == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                   std::filesystem::perms::group_read | std::filesystem::perms::others_read));
    CHECK(rig.agendad.stop() == 0);

    const std::string mine = schedule(event("mine", now_seconds() + 1h));
    rig.start_with(mine);
    CHECK_FALSE(rig.agendad.says("created a starter schedule"));
    CHECK(read_file(rig.home.schedule_path()) == mine);
    CHECK(rig.agendad.stop() == 0);
}
