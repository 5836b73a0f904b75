// What a firing writes: one state file per delivery, holding the reminder and its
// history entry; the open bubbles ride on a later write. Fake clock and timer, a real store
// (its write count is the test seam), and a "kill -9" that is a new loop over the same folder
// without any save at exit.

#include "loop_run.hpp"
#include "morning.hpp"

#include <boost/asio/io_context.hpp>

using namespace agendad;
using namespace std::chrono_literals;
using test::at;
using test::Names;
using test::names;

namespace {

core::OpenBubbles one_bubble(std::uint32_t id) {
    return core::OpenBubbles{":1.42", {{id, "a", at("2022-01-10T10:00:00Z"), "", ""}}};
}

} // namespace

TEST_CASE("a firing writes the state once, its history entry with it", "[runtime][state]") {
    test::TempDir dir;
    test::Run run{dir.path().string(), at("2022-01-10T08:59:00Z")};
    run.loop.replace_schedule(test::schedule_from(test::morning));
    const auto before = run.store.writes();
    run.timer.fire(run.clock); // Alpha's 09:00
    CHECK(names(run.sink.delivered) == Names{"a/1h"});
    CHECK(run.store.writes() == before + 1);

    // Two reminders due together (Alpha's and Beta's 09:45): still one write.
    run.timer.fire(run.clock);
    CHECK(names(run.sink.delivered) == Names{"a/1h", "a/15m", "b/15m"});
    CHECK(run.store.writes() == before + 2);
}

TEST_CASE("after a kill -9 the history holds what was handed over, and nothing comes twice",
          "[runtime][state][history]") {
    test::TempDir dir;
    {
        test::Run run{dir.path().string(), at("2022-01-10T08:59:00Z")};
        run.loop.replace_schedule(test::schedule_from(test::morning));
        run.timer.fire(run.clock);
        REQUIRE(names(run.sink.delivered) == Names{"a/1h"});
        // Killed here: no save at exit.
    }
    test::Run restarted{dir.path().string(), at("2022-01-10T09:00:30Z")};
    const auto& history = restarted.loop.state().history;
    REQUIRE(history.size() == 1);
    CHECK(history.front().kind == core::HistoryKind::shown);
    CHECK(history.front().event_id == "a");
    CHECK(history.front().lead == "1h");
    CHECK(history.front().at == at("2022-01-10T09:00:00Z"));
    restarted.loop.replace_schedule(test::schedule_from(test::morning));
    CHECK(restarted.sink.delivered.empty()); // not shown again
    CHECK(restarted.loop.state().history.size() == 1);
}

TEST_CASE("open bubbles are written with the next firing's save, not one write each",
          "[runtime][state]") {
    test::TempDir dir;
    test::Run run{dir.path().string(), at("2022-01-10T08:59:00Z")};
    run.loop.replace_schedule(test::schedule_from(test::morning));
    run.timer.fire(run.clock);
    const auto before = run.store.writes();
    run.loop.set_open_bubbles(one_bubble(7));
    run.loop.set_open_bubbles(one_bubble(8));
    CHECK(run.store.writes() == before);
    CHECK(run.store.save_soon_pending());

    run.timer.fire(run.clock); // the 09:45 reminders
    CHECK(run.store.writes() == before + 1);
    CHECK_FALSE(run.store.save_soon_pending());
    CHECK(run.store.load().bubbles == one_bubble(8));
}

TEST_CASE("open bubbles with no firing after them are written once the delay is over",
          "[runtime][state]") {
    test::TempDir dir;
    test::Run run{dir.path().string(), at("2022-01-10T08:59:00Z")};
    run.loop.replace_schedule(test::schedule_from(test::morning));
    run.store.set_coalesce_delay(0ms);
    const auto before = run.store.writes();
    run.loop.set_open_bubbles(one_bubble(7));
    run.loop.set_open_bubbles(one_bubble(8));
    CHECK(run.store.load().bubbles.bubbles.empty()); // not yet
    run.io.run();                                    // the coalescing timer is the only work
    CHECK(run.store.writes() == before + 1);
    CHECK(run.store.load().bubbles == one_bubble(8));
    CHECK_FALSE(run.store.save_soon_pending());
}

TEST_CASE("the state folder is made once, and again when it vanishes", "[runtime][state]") {
    test::TempDir dir;
    boost::asio::io_context io;
    const auto state_dir = dir.file("deep/agendad");
    runtime::StateStore store{state_dir, io.get_executor()};
    runtime::State state;
    state.horizon = at("2022-01-10T09:00:00Z");
    REQUIRE(store.save(state));
    std::filesystem::remove_all(dir.file("deep"));
    CHECK(store.save(state));
    CHECK(store.load() == state);
    CHECK(store.writes() == 2);
}
