// The daemon's D-Bus backend over a planning loop on a fake clock and a fake timer.

#include "app/daemon_backend.hpp"
#include "dbus/agenda_service.hpp"
#include "loop_run.hpp"
#include "morning.hpp"

#include <fmt/format.h>
#include <limits>

using namespace agendad;
using namespace std::chrono_literals;
using test::at;
using test::morning;
using test::Run;

TEST_CASE("the backend snoozes and dismisses an event's current or next occurrence",
          "[runtime][backend]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T09:00:00Z")};
    runtime::ScheduleReloader reloader{dir.file("agenda.toml"), run.loop, run.sink,
                                       [] -> const core::Zone& { return *core::find_zone("UTC"); }};
    int reloads = 0;
    test::FakeTimer pause_timer;
    runtime::PauseControl pause{run.clock, pause_timer, run.loop, {}};
    app::DaemonBackend backend{run.clock, run.loop, reloader, pause, [&] { ++reloads; }};

    CHECK(backend.snooze({"a", std::nullopt}, 0s).error().kind ==
          dbus::BackendErrorKind::no_schedule);
    run.loop.replace_schedule(test::schedule_from(morning));

    SECTION("span 0 takes settings.snooze; the answer names the occurrence") {
        const auto snoozed = backend.snooze({"a", std::nullopt}, 0s);
        REQUIRE(snoozed);
        CHECK(snoozed->fire_at == at("2022-01-10T09:10:00Z"));
        CHECK(snoozed->start == at("2022-01-10T10:00:00Z"));
        CHECK(snoozed->lead == "snooze");
        CHECK(run.timer.armed == at("2022-01-10T09:10:00Z"));
        CHECK(backend.next()->event_id == "a");
        const auto listed =
            backend.list_upcoming(at("2022-01-10T09:00:00Z"), at("2022-01-10T10:00:00Z"));
        REQUIRE(listed);
        REQUIRE(listed->size() == 4); // a/1h at 09:00, the snooze, a/15m and b/15m
        CHECK((*listed)[0].lead == "1h");
        CHECK((*listed)[1].lead == "snooze");
        CHECK((*listed)[1].fire_at == at("2022-01-10T09:10:00Z"));
    }
    SECTION("a running occurrence is the one acted on") {
        run.clock.set(at("2022-01-10T10:20:00Z"));
        const auto dismissed = backend.dismiss({"b", std::nullopt});
        REQUIRE(dismissed);
        CHECK(dismissed->start == at("2022-01-10T10:00:00Z"));
        CHECK(run.loop.state().dismissed.contains(
            runtime::OccurrenceKey{"b", at("2022-01-10T10:00:00Z")}));
    }
    SECTION("an explicit span, and a bubble's own occurrence") {
        const auto snoozed = backend.snooze({"g", at("2022-01-10T12:00:00Z")}, 90s);
        REQUIRE(snoozed);
        CHECK(snoozed->fire_at == at("2022-01-10T09:01:30Z"));
    }
    SECTION("until the start: at the occurrence's start; refused once it has started") {
        const auto snoozed = backend.snooze({"a", std::nullopt}, dbus::snooze_until_start);
        REQUIRE(snoozed);
        CHECK(snoozed->fire_at == at("2022-01-10T10:00:00Z"));
        CHECK(run.loop.state().snoozed.at(runtime::OccurrenceKey{
                  "a", at("2022-01-10T10:00:00Z")}) == at("2022-01-10T10:00:00Z"));
        run.clock.set(at("2022-01-10T10:20:00Z"));
        const auto late = backend.snooze({"b", std::nullopt}, dbus::snooze_until_start);
        CHECK(late.error().kind == dbus::BackendErrorKind::invalid_argument);
        CHECK(late.error().message == "\"b\" has already started; snooze it for a while instead "
                                      "(e.g. 10m)");
    }
    SECTION("unknown events and occurrences are errors with a message") {
        const auto unknown = backend.dismiss({"nope", std::nullopt});
        CHECK(unknown.error().kind == dbus::BackendErrorKind::unknown_reminder);
        CHECK(unknown.error().message.starts_with("no event \"nope\""));
        const auto no_such = backend.snooze({"a", at("2022-01-11T10:00:00Z")}, 60s);
        CHECK(no_such.error().kind == dbus::BackendErrorKind::unknown_reminder);
        run.clock.set(at("2022-01-10T11:30:00Z"));
        CHECK_FALSE(backend.dismiss({"a", std::nullopt}));
    }
    SECTION("Reload goes through the daemon and reports no errors when the file is fine") {
        CHECK(backend.reload().empty());
        CHECK(reloads == 1);
        CHECK(backend.last_error().empty());
        CHECK(backend.schedule_path() == dir.file("agenda.toml"));
    }
}

TEST_CASE("ListUpcoming over any window is bounded: a dense one is refused with a named error",
          "[runtime][backend]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T09:00:00Z")};
    runtime::ScheduleReloader reloader{dir.file("agenda.toml"), run.loop, run.sink,
                                       [] -> const core::Zone& { return *core::find_zone("UTC"); }};
    test::FakeTimer pause_timer;
    runtime::PauseControl pause{run.clock, pause_timer, run.loop, {}};
    app::DaemonBackend backend{run.clock, run.loop, reloader, pause, [] {}};
    run.loop.replace_schedule(test::schedule_from(R"(
[settings]
timezone = "UTC"
remind = ["0m"]

[[event]]
id = "tick"
title = "Every daily"
start = 2022-01-10T10:00:00
duration = "1m"
repeat = "FREQ=DAILY"
)"));
    using Seconds = core::Instant::duration;
    const core::Instant earliest{Seconds{std::numeric_limits<Seconds::rep>::min()}};
    const core::Instant latest{Seconds{std::numeric_limits<Seconds::rep>::max()}};

    SECTION("the widest window: more reminders than the limit, so LimitsExceeded") {
        const auto listed = backend.list_upcoming(earliest, latest);
        REQUIRE_FALSE(listed);
        CHECK(listed.error().kind == dbus::BackendErrorKind::limits_exceeded);
        CHECK_THAT(listed.error().message, Catch::Contains("ask for a shorter one"));
        CHECK(std::string{dbus::error_name(listed.error().kind)} ==
              "org.freedesktop.DBus.Error.LimitsExceeded");
    }
    SECTION("a window of a month is answered") {
        const auto listed =
            backend.list_upcoming(at("2022-01-10T00:00:00Z"), at("2022-02-10T00:00:00Z"));
        REQUIRE(listed);
        CHECK(listed->size() == 31);
    }
    SECTION("a window at the edge of time is answered, empty") {
        const auto listed = backend.list_upcoming(earliest, earliest + Seconds{1});
        REQUIRE(listed);
        CHECK(listed->empty());
    }
}

TEST_CASE("an id quoted in an error is cut short, however long it came", "[runtime][backend]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T09:00:00Z")};
    runtime::ScheduleReloader reloader{dir.file("agenda.toml"), run.loop, run.sink,
                                       [] -> const core::Zone& { return *core::find_zone("UTC"); }};
    test::FakeTimer pause_timer;
    runtime::PauseControl pause{run.clock, pause_timer, run.loop, {}};
    app::DaemonBackend backend{run.clock, run.loop, reloader, pause, [] {}};
    run.loop.replace_schedule(test::schedule_from(morning));

    const std::string huge(10 * 1024 * 1024, 'x');
    const auto snoozed = backend.snooze({huge, std::nullopt}, 0s);
    REQUIRE_FALSE(snoozed);
    CHECK(snoozed.error().kind == dbus::BackendErrorKind::unknown_reminder);
    CHECK(snoozed.error().message.size() < 200);
    CHECK_THAT(snoozed.error().message,
               Catch::StartsWith("no event \"" + std::string(64, 'x') + "…\" in "));
    // A cut never splits a UTF-8 sequence: 63 ASCII bytes, then "é" across bytes 64 and 65.
    const auto dismissed = backend.dismiss({std::string(63, 'y') + "é" + huge, std::nullopt});
    REQUIRE_FALSE(dismissed);
    CHECK_THAT(dismissed.error().message,
               Catch::StartsWith("no event \"" + std::string(63, 'y') + "…\""));
    // A short id is quoted whole.
    CHECK(backend.dismiss({"nope", std::nullopt}).error().message ==
          fmt::format("no event \"nope\" in {}", dir.file("agenda.toml")));
}

TEST_CASE("the backend records snoozes and dismissals in the history, and answers it",
          "[runtime][backend][history]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T09:00:00Z")};
    runtime::ScheduleReloader reloader{dir.file("agenda.toml"), run.loop, run.sink,
                                       [] -> const core::Zone& { return *core::find_zone("UTC"); }};
    test::FakeTimer pause_timer;
    runtime::PauseControl pause{run.clock, pause_timer, run.loop, {}};
    app::DaemonBackend backend{run.clock, run.loop, reloader, pause, [] {}};
    run.loop.replace_schedule(test::schedule_from(morning));

    REQUIRE(backend.snooze({"a", std::nullopt}, 600s));
    run.clock.set(at("2022-01-10T09:02:00Z"));
    REQUIRE(backend.dismiss({"b", std::nullopt}));
    const auto all = backend.history(at("2022-01-10T00:00:00Z"), false);
    REQUIRE(all.size() == 2);
    CHECK(all[0] == core::HistoryEntry{at("2022-01-10T09:00:00Z"), core::HistoryKind::snoozed, "a",
                                       "Alpha", "10 min", at("2022-01-10T10:00:00Z")});
    CHECK(all[1] == core::HistoryEntry{at("2022-01-10T09:02:00Z"), core::HistoryKind::dismissed,
                                       "b", "Beta", "", at("2022-01-10T10:00:00Z")});
    CHECK(backend.history(at("2022-01-10T09:01:00Z"), false).size() == 1);
    CHECK(backend.history(at("2022-01-10T00:00:00Z"), true).empty());
    const auto saved = run.store.load().history;
    CHECK(std::vector(saved.begin(), saved.end()) == all); // saved at once

    SECTION("pause and resume go through to the pause, and an end not ahead is refused") {
        CHECK(backend.pause(at("2022-01-10T09:00:00Z")).error().kind ==
              dbus::BackendErrorKind::invalid_argument);
        CHECK_FALSE(backend.pause_state());
        REQUIRE(backend.pause(std::nullopt));
        REQUIRE(backend.pause_state());
        CHECK(backend.pause_state()->since == at("2022-01-10T09:02:00Z"));
        backend.resume();
        CHECK_FALSE(backend.pause_state());
    }
}

TEST_CASE("the backend's warnings are the reloader's, as printed lines", "[runtime][backend]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T09:00:00Z")};
    const auto path = dir.file("agenda.toml");
    runtime::ScheduleReloader reloader{path, run.loop, run.sink,
                                       [] -> const core::Zone& { return *core::find_zone("UTC"); }};
    test::FakeTimer pause_timer;
    runtime::PauseControl pause{run.clock, pause_timer, run.loop, {}};
    app::DaemonBackend backend{run.clock, run.loop, reloader, pause, [] {}};
    test::write_file(path, "[[event]]\nid = \"gone\"\ntitle = \"Gone\"\n"
                           "start = 2022-01-03T10:00:00Z\n");
    REQUIRE(reloader.reload());
    CHECK(backend.warnings() ==
          std::vector<std::string>{path + ":1:1: warning: event[1] \"Gone\": every reminder is in "
                                          "the past; it will never remind"});
}
