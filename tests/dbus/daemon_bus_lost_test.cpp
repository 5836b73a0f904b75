// The real agendad when its session bus goes away: one clear line, and a non-zero exit so that
// systemd (Restart=on-failure) starts it again.

#include "live_daemon.hpp"

#include "catch_compat.hpp"

using namespace agendad;
using namespace agendad::test;
using namespace std::chrono_literals;

TEST_CASE("agendad exits non-zero with one clear line when the session bus goes away",
          "[dbus][e2e]") {
    LiveRig rig{false};
    rig.start_with(schedule(event("later", now_seconds() + 1h)));

    rig.private_bus.stop();
    // app::exit_bus_lost (this test sees the dbus layer only): distinct from 1, a failed start.
    CHECK(rig.agendad.wait_exit(10s) == 3);
    CHECK(rig.agendad.count("lost the session bus (") == 1);
    CHECK(rig.agendad.says("; exiting so that systemd restarts agendad"));
}
