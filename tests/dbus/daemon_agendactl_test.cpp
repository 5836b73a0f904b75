// agendactl against the real agendad on a private bus, and the interface as any client sees
// it (introspection).

#include "dbus/agenda_service.hpp"
#include "live_daemon.hpp"

#include "catch_compat.hpp"

#include <fmt/format.h>

using namespace agendad;
using namespace agendad::test;
using namespace std::chrono_literals;

TEST_CASE("agendactl status and next answer from the live daemon, and the interface is "
          "introspectable",
          "[dbus][e2e][ctl]") {
    LiveRig rig{false};
    rig.start_with(schedule(event("planning", now_seconds() + 2h, "15m")));

    const auto status = agendactl(rig.io, {"status"});
    CHECK(status.code == 0);
    CHECK(status.out.starts_with("agendad "));
    CHECK(status.out.find(fmt::format("schedule:   {}\n", rig.home.schedule_path())) !=
          std::string::npos);
    CHECK(status.out.find("next:       Event planning (15m before) at ") != std::string::npos);
    CHECK(status.out.ends_with("last error: none\n"));

    const auto next = agendactl(rig.io, {"next", "--format", "json"});
    CHECK(next.code == 0);
    CHECK(next.out.find("Event planning") != std::string::npos);

    auto client = connect(rig.io);
    sd_bus_error error{}; // both fields NULL (sd_bus_error(3)); SD_BUS_ERROR_NULL is C only
    sd_bus_message* raw = nullptr;
    REQUIRE(sd_bus_call_method(client->get(), dbus::service_name, dbus::service_path,
                               "org.freedesktop.DBus.Introspectable", "Introspect", &error, &raw,
                               "") >= 0);
    dbus::Message reply{raw};
    const char* xml = nullptr;
    REQUIRE(sd_bus_message_read(raw, "s", &xml) >= 0);
    const std::string text = xml;
    for (const char* needle :
         {R"(<interface name="io.github.agendad.Agenda1">)", R"(<method name="ListUpcoming">)",
          R"(<method name="Reload">)", R"(<method name="Snooze">)", R"(<method name="Dismiss">)",
          R"(<signal name="ReminderDue">)", R"(<signal name="ScheduleReloaded">)",
          R"x(<property name="NextReminder" type="(ssxxs)" access="read">)x",
          R"(<property name="NextReminderCalendar" type="s" access="read">)",
          R"(<property name="Version" type="s" access="read">)"}) {
        INFO(needle);
        CHECK(text.find(needle) != std::string::npos);
    }
    sd_bus_error_free(&error);
    CHECK(rig.agendad.stop() == 0);
}

TEST_CASE("agendactl upcoming shows a snooze made through the daemon, also once it has stopped",
          "[dbus][e2e][ctl]") {
    LiveRig rig{false};
    const auto start = now_seconds() + 2h;
    rig.start_with(schedule(event("planning", start, "15m")));
    const auto snoozed = agendactl(rig.io, {"snooze", "planning", "30m"});
    REQUIRE(snoozed.code == 0);

    // The user's own agendactl: the rig's home is its default schedule and state.
    const auto upcoming = [&rig] {
        return run(Command{.argv = {agendactl_path(), "upcoming", "--json"},
                           .env = {{"XDG_*", std::nullopt},
                                   {"HOME", rig.home.dir.string()},
                                   {"XDG_CONFIG_HOME", (rig.home.dir / "config").string()},
                                   {"XDG_STATE_HOME", (rig.home.dir / "state").string()}}},
                   &rig.io);
    };
    const auto lines = [](const std::string& out) {
        std::vector<std::string> rows;
        for (std::size_t at = 0; at < out.size();) {
            const auto end = out.find('\n', at);
            const auto row = out.substr(at, end - at);
            // "lead" and "snoozed" say what each row is; instants vary with the clock.
            rows.push_back(row.substr(row.find(R"("lead")")));
            at = end + 1;
        }
        return rows;
    };
    const std::vector<std::string> expected{
        R"("lead":"snooze","all_day":false,"snoozed":true})",
        R"("lead":"15m","all_day":false})",
    };
    auto listed = upcoming();
    CHECK(listed.code == 0);
    CHECK(listed.err.empty());
    CHECK(lines(listed.out) == expected);

    CHECK(rig.agendad.stop() == 0);
    listed = upcoming();
    CHECK(listed.code == 0);
    CHECK(lines(listed.out) == expected);
}
