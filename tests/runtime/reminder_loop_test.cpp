#include "fakes.hpp"
#include "loop_run.hpp"
#include "runtime/reminder_loop.hpp"

#include <boost/asio/io_context.hpp>

using namespace agendad;
using namespace std::chrono_literals;
using test::at;
using test::Names;
using test::names;
using test::Run;

namespace {

// Alpha 10:00–11:00 reminds at 09:00 and 09:45; Beta 10:00–10:30 at 09:45; Gamma at 11:45 and
// 12:00 keeps a deadline armed after the morning.
const std::string morning = R"(
[settings]
timezone = "UTC"
remind = ["1h", "15m"]

[[event]]
id = "a"
title = "Alpha"
start = 2022-01-10T10:00:00
duration = "1h"

[[event]]
id = "b"
title = "Beta"
start = 2022-01-10T10:00:00
duration = "30m"
remind = ["15m"]

[[event]]
id = "g"
title = "Gamma"
start = 2022-01-10T12:00:00
duration = "1h"
remind = ["15m", "0m"]
)";

} // namespace

TEST_CASE("the loop arms only the earliest deadline and delivers those due together in order",
          "[runtime][loop]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T08:00:00Z")};
    run.loop.replace_schedule(test::schedule_from(morning));
    CHECK(run.timer.armed == at("2022-01-10T09:00:00Z"));

    run.timer.fire(run.clock, 3ms);
    CHECK(names(run.sink.delivered) == Names{"a/1h"});
    CHECK(run.timer.armed == at("2022-01-10T09:45:00Z"));

    run.timer.fire(run.clock);
    CHECK(names(run.sink.delivered) == Names{"a/1h", "a/15m", "b/15m"});
    CHECK(run.timer.armed == at("2022-01-10T11:45:00Z"));
    CHECK(run.loop.status().starts_with("next: Gamma, 15m before"));

    run.timer.fire(run.clock);
    run.timer.fire(run.clock);
    CHECK(names(run.sink.delivered).back() == "g/0m");
    CHECK_FALSE(run.timer.armed); // nothing left: no tick at all
    CHECK(run.loop.status() == "no reminders ahead");
}

TEST_CASE("a late wake-up after a suspend delivers what it skipped, marked missed",
          "[runtime][loop]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T08:00:00Z")};
    run.loop.replace_schedule(test::schedule_from(morning));
    // The machine slept through 09:00 and 09:45 and wakes at 09:50.
    run.timer.fire(run.clock, 50min);
    CHECK(names(run.sink.delivered) == Names{"a/1h/missed", "a/15m/missed", "b/15m/missed"});
    CHECK(run.sink.delivered.front().fire_at == at("2022-01-10T09:00:00Z"));
    CHECK(run.sink.digests.empty());
    SECTION("a few seconds late is still on time") {
        run.timer.fire(run.clock, 20s);
        CHECK_FALSE(run.sink.delivered.back().missed);
    }
}

TEST_CASE("a clock step forward delivers what it jumped over, a step back does not repeat",
          "[runtime][loop]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T08:00:00Z")};
    run.loop.replace_schedule(test::schedule_from(morning));

    run.timer.step_clock(run.clock, at("2022-01-10T09:46:00Z"));
    CHECK(names(run.sink.delivered) == Names{"a/1h/missed", "a/15m", "b/15m"});
    CHECK(run.timer.armed == at("2022-01-10T11:45:00Z"));

    run.timer.step_clock(run.clock, at("2022-01-10T08:30:00Z"));
    CHECK(run.timer.armed == at("2022-01-10T09:00:00Z")); // re-planned from the new now
    run.timer.fire(run.clock);
    run.timer.fire(run.clock);
    CHECK(run.sink.delivered.size() == 3); // already shown: not again
    CHECK(run.timer.armed == at("2022-01-10T11:45:00Z"));
}

TEST_CASE("a reload neither repeats what was delivered nor loses what is due this instant",
          "[runtime][loop][reload]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T08:00:00Z")};
    auto first = test::schedule_from(morning);
    const core::Event* old_event = &first->events.front();
    run.loop.replace_schedule(first);
    run.timer.fire(run.clock);
    REQUIRE(run.sink.delivered.size() == 1);

    SECTION("same file again, while 09:45 is due but its wake-up has not run yet") {
        run.clock.set(at("2022-01-10T09:45:00Z") + 200ms);
        run.loop.replace_schedule(test::schedule_from(morning));
        CHECK(names(run.sink.delivered) == Names{"a/1h", "a/15m", "b/15m"});
        CHECK(run.timer.armed == at("2022-01-10T11:45:00Z"));
        // The old schedule is gone; what was delivered holds its own copies.
        CHECK(run.sink.delivered.front().title == "Alpha");
        CHECK(&run.loop.schedule()->events.front() != old_event);
    }
    SECTION("an event moved later is planned anew; one added in the past is not shown") {
        run.clock.set(at("2022-01-10T09:10:00Z"));
        auto moved = morning;
        moved.replace(moved.find("2022-01-10T10:00:00"), 19, "2022-01-10T10:30:00");
        moved += "[[event]]\nid = \"late\"\ntitle = \"Late\"\nstart = 2022-01-10T09:20:00\n";
        run.loop.replace_schedule(test::schedule_from(moved));
        CHECK(run.sink.delivered.size() == 1); // Late's 1h reminder was at 08:20: gone by
        CHECK(run.timer.armed == at("2022-01-10T09:30:00Z")); // moved Alpha's new 1h
        run.timer.fire(run.clock);
        CHECK(names(run.sink.delivered) == Names{"a/1h", "a/1h"});
        CHECK(run.sink.delivered.back().start == at("2022-01-10T10:30:00Z"));
    }
    SECTION("a reminder added for this very second fires once") {
        run.clock.set(at("2022-01-10T09:30:00Z") + 500ms);
        auto added = morning + "[[event]]\nid = \"now\"\ntitle = \"Now\"\n"
                               "start = 2022-01-10T09:30:00\nremind = [\"0m\"]\n";
        run.loop.replace_schedule(test::schedule_from(added));
        CHECK(names(run.sink.delivered) == Names{"a/1h", "now/0m"});
        run.loop.replace_schedule(test::schedule_from(added));
        CHECK(run.sink.delivered.size() == 2);
    }
}

TEST_CASE("a reload keeps unchanged events planned and delivers them with their new texts",
          "[runtime][loop][reload]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T08:00:00Z")};
    run.loop.replace_schedule(test::schedule_from(morning));
    run.timer.fire(run.clock); // 09:00 a/1h
    run.clock.set(at("2022-01-10T09:20:00Z"));
    // Alpha renamed (same instants: its queue entry is kept), Beta removed, Gamma moved.
    auto edited = morning;
    edited.replace(edited.find("\"Alpha\""), 7, "\"Alpha 2\"");
    edited.replace(edited.find("id = \"b\""), 8, "id = \"x\"");
    edited.replace(edited.find("remind = [\"15m\"]\n"), 16, "remind = []\n");
    edited.replace(edited.find("2022-01-10T12:00:00"), 19, "2022-01-10T12:30:00");
    run.loop.replace_schedule(test::schedule_from(edited));
    CHECK(run.timer.armed == at("2022-01-10T09:45:00Z"));
    CHECK(run.loop.status().starts_with("next: Alpha 2, 15m before"));
    run.timer.fire(run.clock);
    CHECK(names(run.sink.delivered) == Names{"a/1h", "a/15m"});
    CHECK(run.sink.delivered.back().title == "Alpha 2");
    CHECK(run.timer.armed == at("2022-01-10T12:15:00Z"));
    run.timer.fire(run.clock);
    run.timer.fire(run.clock);
    CHECK(names(run.sink.delivered) == Names{"a/1h", "a/15m", "g/15m", "g/0m"});
    CHECK_FALSE(run.timer.armed);
}

TEST_CASE("after downtime, missed reminders come once, marked, within the catch-up rules",
          "[runtime][loop][catch-up]") {
    test::TempDir dir;
    {
        Run before{dir.path().string(), at("2022-01-10T08:00:00Z")};
        before.loop.replace_schedule(test::schedule_from(morning));
        before.loop.save(); // a clean stop at 08:00
    }
    SECTION("events still running, or within catch_up, are delivered as missed") {
        Run after{dir.path().string(), at("2022-01-10T10:20:00Z")};
        after.loop.replace_schedule(test::schedule_from(morning));
        CHECK(names(after.sink.delivered) == Names{"a/1h/missed", "a/15m/missed", "b/15m/missed"});
        const auto& d = after.sink.delivered.front();
        CHECK(core::describe_when(d, *core::find_zone("UTC")) ==
              "missed at 09:00 — started 20 min ago · 10:00–11:00 UTC");
    }
    SECTION("ended events older than catch_up are logged only") {
        Run after{dir.path().string(), at("2022-01-10T10:50:00Z")};
        auto strict = morning;
        strict.replace(strict.find("remind = [\"1h\", \"15m\"]"), 0, "catch_up = \"1h\"\n");
        after.loop.replace_schedule(test::schedule_from(strict));
        // Beta ended 10:30 and its 09:45 reminder is 65 min old; Alpha still runs.
        CHECK(names(after.sink.delivered) == Names{"a/1h/missed", "a/15m/missed"});
    }
    SECTION("more than three missed arrive as one digest") {
        Run after{dir.path().string(), at("2022-01-10T12:10:00Z")};
        after.loop.replace_schedule(test::schedule_from(morning));
        CHECK(after.sink.delivered.empty());
        REQUIRE(after.sink.digests.size() == 1);
        CHECK(names(after.sink.digests.front()) ==
              Names{"a/1h/missed", "a/15m/missed", "b/15m/missed", "g/15m/missed", "g/0m/missed"});
    }
    SECTION("the very first start catches up on nothing") {
        test::TempDir fresh;
        Run first{fresh.path().string(), at("2022-01-10T12:10:00Z")};
        first.loop.replace_schedule(test::schedule_from(morning));
        CHECK(first.sink.delivered.empty());
        CHECK(first.sink.digests.empty());
    }
}

TEST_CASE("no reminder is delivered twice across restarts, even after a kill",
          "[runtime][loop][state]") {
    test::TempDir dir;
    {
        Run killed{dir.path().string(), at("2022-01-10T08:00:00Z")};
        killed.loop.replace_schedule(test::schedule_from(morning));
        killed.timer.fire(killed.clock);
        REQUIRE(killed.sink.delivered.size() == 1);
        // No save(): the process dies here, as with kill -9.
    }
    Run again{dir.path().string(), at("2022-01-10T09:00:30Z")};
    again.loop.replace_schedule(test::schedule_from(morning));
    CHECK(again.sink.delivered.empty());
    CHECK(again.timer.armed == at("2022-01-10T09:45:00Z"));
    again.timer.fire(again.clock);
    CHECK(names(again.sink.delivered) == Names{"a/15m", "b/15m"});

    Run third{dir.path().string(), at("2022-01-10T09:50:00Z")};
    third.loop.replace_schedule(test::schedule_from(morning));
    CHECK(third.sink.delivered.empty());
}

TEST_CASE("without a schedule nothing is armed, and a schedule appearing later catches up",
          "[runtime][loop]") {
    test::TempDir dir;
    {
        Run before{dir.path().string(), at("2022-01-10T08:00:00Z")};
        before.loop.save();
    }
    Run run{dir.path().string(), at("2022-01-10T09:10:00Z")};
    CHECK_FALSE(run.timer.armed);
    CHECK(run.loop.status() == "no schedule loaded");
    run.loop.replace_schedule(test::schedule_from(morning));
    CHECK(names(run.sink.delivered) == Names{"a/1h/missed"});
    CHECK(run.timer.armed == at("2022-01-10T09:45:00Z"));
}
