// Snoozes and dismissals in the planning loop, on a fake clock and a fake timer.

#include "fakes.hpp"
#include "loop_run.hpp"
#include "morning.hpp"
#include "runtime/reminder_loop.hpp"

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

using namespace agendad;
using namespace std::chrono_literals;
using test::at;
using test::morning;
using test::Names;
using test::names;
using test::Run;

namespace {

// Built on use: at() checks its argument, which Catch cannot do before main.
runtime::OccurrenceKey occurrence(const char* id) {
    return {id, at("2022-01-10T10:00:00Z")};
}

} // namespace

TEST_CASE("a snooze is armed before the planner's next deadline and reminds once, as a snooze",
          "[runtime][loop][snooze]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T08:00:00Z")};
    run.loop.replace_schedule(test::schedule_from(morning));
    run.timer.fire(run.clock);
    CHECK(names(run.sink.delivered) == Names{"a/1h"});
    CHECK(run.timer.armed == at("2022-01-10T09:45:00Z"));

    run.clock.set(at("2022-01-10T09:01:00Z"));
    run.loop.snooze(occurrence("a"), at("2022-01-10T09:06:00Z"));
    CHECK(run.timer.armed == at("2022-01-10T09:06:00Z"));
    CHECK(run.loop.status().starts_with("next: Alpha, snoozed, at "));
    REQUIRE(run.loop.next());
    CHECK(run.loop.next()->lead == "snooze");
    CHECK(run.store.load().snoozed.size() == 1); // saved at once

    run.timer.fire(run.clock, 2ms);
    CHECK(names(run.sink.delivered) == Names{"a/1h", "a/snooze"});
    const auto& again = run.sink.delivered.back();
    CHECK(again.fire_at == at("2022-01-10T09:06:00Z"));
    CHECK(again.start == at("2022-01-10T10:00:00Z"));
    CHECK(again.end == at("2022-01-10T11:00:00Z"));
    CHECK(again.title == "Alpha");
    // Back to the planner, and the snooze is spent.
    CHECK(run.timer.armed == at("2022-01-10T09:45:00Z"));
    CHECK(run.loop.state().snoozed.empty());
    CHECK(run.store.load().snoozed.empty());
}

TEST_CASE("a later deadline does not hide an earlier snooze, nor an earlier deadline a later one",
          "[runtime][loop][snooze]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T09:30:00Z")};
    run.loop.replace_schedule(test::schedule_from(morning));
    CHECK(run.timer.armed == at("2022-01-10T09:45:00Z"));
    run.loop.snooze(occurrence("a"), at("2022-01-10T09:50:00Z"));
    CHECK(run.timer.armed == at("2022-01-10T09:45:00Z"));
    run.timer.fire(run.clock);
    CHECK(names(run.sink.delivered) == Names{"a/15m", "b/15m"});
    CHECK(run.timer.armed == at("2022-01-10T09:50:00Z"));
    run.timer.fire(run.clock);
    CHECK(names(run.sink.delivered) == Names{"a/15m", "b/15m", "a/snooze"});
    CHECK(run.timer.armed == at("2022-01-10T11:45:00Z"));
}

TEST_CASE("a dismissed occurrence gets no more reminders, and dismissing cancels its snooze",
          "[runtime][loop][dismiss]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T08:00:00Z")};
    run.loop.replace_schedule(test::schedule_from(morning));
    run.timer.fire(run.clock);
    CHECK(names(run.sink.delivered) == Names{"a/1h"});

    run.loop.snooze(occurrence("a"), at("2022-01-10T09:05:00Z"));
    run.loop.dismiss(occurrence("a"));
    CHECK(run.timer.armed == at("2022-01-10T09:45:00Z"));
    CHECK(run.loop.state().snoozed.empty());
    run.timer.fire(run.clock);
    CHECK(names(run.sink.delivered) == Names{"a/1h", "b/15m"});

    SECTION("an instant whose reminders are all dismissed is not armed at all") {
        test::TempDir other;
        Run fresh{other.path().string(), at("2022-01-10T09:30:00Z")};
        fresh.loop.replace_schedule(test::schedule_from(morning));
        fresh.loop.dismiss(occurrence("a"));
        fresh.loop.dismiss(occurrence("b"));
        CHECK(fresh.timer.armed == at("2022-01-10T11:45:00Z"));
        CHECK(fresh.loop.next()->event_id == "g");
    }
}

TEST_CASE("snoozes and dismissals survive a restart", "[runtime][loop][snooze][dismiss]") {
    test::TempDir dir;
    {
        Run run{dir.path().string(), at("2022-01-10T09:00:00Z")};
        run.loop.replace_schedule(test::schedule_from(morning));
        run.loop.snooze(occurrence("a"), at("2022-01-10T09:20:00Z"));
        run.loop.dismiss(occurrence("b"));
    } // killed: no save at exit, the requests were saved when made

    SECTION("the snooze comes on time after the restart, the dismissed reminder never") {
        Run run{dir.path().string(), at("2022-01-10T09:10:00Z")};
        run.loop.replace_schedule(test::schedule_from(morning));
        CHECK(run.timer.armed == at("2022-01-10T09:20:00Z"));
        run.timer.fire(run.clock);
        CHECK(names(run.sink.delivered) == Names{"a/snooze"});
        run.timer.fire(run.clock);
        CHECK(names(run.sink.delivered) == Names{"a/snooze", "a/15m"});
    }
    SECTION("a snooze that fell due while agendad was down comes as missed") {
        Run run{dir.path().string(), at("2022-01-10T09:30:00Z")};
        run.loop.replace_schedule(test::schedule_from(morning));
        CHECK(names(run.sink.delivered) == Names{"a/snooze/missed"});
    }
}

TEST_CASE("a snooze of an event that has left the schedule is dropped", "[runtime][loop][snooze]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T09:00:00Z")};
    run.loop.replace_schedule(test::schedule_from(morning));
    run.loop.snooze(occurrence("a"), at("2022-01-10T09:05:00Z"));
    std::string without_alpha = morning;
    without_alpha.replace(without_alpha.find("id = \"a\""), 8, "id = \"z\"");
    run.loop.replace_schedule(test::schedule_from(without_alpha));
    CHECK(run.timer.armed == at("2022-01-10T09:05:00Z"));
    run.sink.delivered.clear();
    run.timer.fire(run.clock);
    CHECK(names(run.sink.delivered).empty());
    CHECK(run.loop.state().snoozed.empty());
}

TEST_CASE("a long run of dismissed instants is looked past in steps, never delivered",
          "[runtime][loop][dismiss]") {
    // Three events a minute apart with 32 leads each, 3 minutes apart: 96 distinct instants
    // from 08:24 to 09:59, all dismissed, then one event at 11:00 that is not.
    std::string toml = "[settings]\ntimezone = \"UTC\"\nremind = [";
    for (int m = 1; m <= 32; ++m)
        toml += fmt::format("{}\"{}m\"", m == 1 ? "" : ", ", m * 3);
    toml += "]\n";
    for (const char* id : {"a", "b", "c"})
        toml += fmt::format("[[event]]\nid = \"{}\"\ntitle = \"{}\"\nstart = {}\n", id, id,
                            std::string_view{id} == "a"   ? "2022-01-10T10:00:00"
                            : std::string_view{id} == "b" ? "2022-01-10T10:01:00"
                                                          : "2022-01-10T10:02:00");
    toml += "[[event]]\nid = \"z\"\ntitle = \"Z\"\nstart = 2022-01-10T11:00:00\nremind = "
            "[\"0m\"]\n";
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T08:00:00Z")};
    run.loop.replace_schedule(test::schedule_from(toml));
    run.loop.dismiss({"a", at("2022-01-10T10:00:00Z")});
    run.loop.dismiss({"b", at("2022-01-10T10:01:00Z")});
    run.loop.dismiss({"c", at("2022-01-10T10:02:00Z")});
    // 96 distinct instants, the earliest 08:24 (96m before 10:00); 64 of them are looked at,
    // then the loop wakes at the last one to look on from there.
    CHECK(run.timer.armed == at("2022-01-10T09:27:00Z")); // 08:24 + 63 minutes
    CHECK_FALSE(run.loop.next());
    int wakes = 0;
    while (run.timer.armed && *run.timer.armed < at("2022-01-10T11:00:00Z") && wakes < 10) {
        run.timer.fire(run.clock);
        ++wakes;
    }
    CHECK(wakes == 1);
    CHECK(run.sink.delivered.empty());
    CHECK(run.timer.armed == at("2022-01-10T11:00:00Z"));
    CHECK(run.loop.next()->event_id == "z");
}
