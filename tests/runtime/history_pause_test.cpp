// The history and the pause on the planning loop: fake clock, fake timers, the desktop a
// recording sink behind the pause's gate, a real state store (so that a "restart" is a new
// loop over the same directory).

#include "fakes.hpp"
#include "loop_run.hpp"
#include "morning.hpp"
#include "runtime/history.hpp"
#include "runtime/pause.hpp"
#include "runtime/reminder_loop.hpp"

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

using namespace agendad;
using namespace std::chrono_literals;
using core::HistoryKind;
using test::at;
using test::Names;
using test::names;

namespace {

/// The daemon's composition on fakes: loop (which keeps the history) -> gate -> desktop.
struct PausedRun {
    PausedRun(const std::string& state_dir, core::Instant now)
        : clock{now}, store{state_dir, io.get_executor()}, loop{clock, timer, sinks, store,
                                                                core::find_zone("UTC")},
          pause{clock, pause_timer, loop,
                runtime::PauseControl::Options{
                    .show_digest =
                        [this](std::span<const core::Delivery> held, const std::string& heading) {
                            digests.emplace_back(heading, names({held.begin(), held.end()}));
                        },
                    .on_changed = [this] { ++changes; }}} {
        pause.set_desktop(desktop);
        sinks.add(pause.gate());
        loop.start();
        loop.replace_schedule(test::schedule_from(test::morning));
        pause.start();
    }
    /// The kinds and event ids in the history, in order: "shown a".
    Names log() const {
        Names out;
        for (const auto& e : loop.state().history)
            out.push_back(std::string{core::name_of(e.kind)} + " " + e.event_id);
        return out;
    }

    boost::asio::io_context io;
    test::FakeClock clock;
    test::FakeTimer timer;
    test::FakeTimer pause_timer;
    core::FanOutSink sinks;
    test::RecordingSink desktop;
    runtime::StateStore store;
    runtime::ReminderLoop loop;
    runtime::PauseControl pause;
    std::vector<std::pair<std::string, Names>> digests;
    int changes = 0;
};

} // namespace

TEST_CASE("every reminder handed over is in the history, as shown or missed, saved at once",
          "[runtime][history]") {
    test::TempDir dir;
    // Alpha's 09:00 reminder comes on time; the 09:45 ones five minutes late (missed).
    PausedRun run{dir.path().string(), at("2022-01-10T08:59:00Z")};
    run.timer.fire(run.clock);
    CHECK(run.log() == Names{"shown a"});
    const auto& first = run.loop.state().history.front();
    CHECK(first.at == at("2022-01-10T09:00:00Z"));
    CHECK(first.title == "Alpha");
    CHECK(first.lead == "1h");
    CHECK(first.start == at("2022-01-10T10:00:00Z"));
    CHECK(run.store.load().history == run.loop.state().history);

    run.clock.set(at("2022-01-10T09:50:00Z"));
    run.timer.fire(run.clock, 5min);
    CHECK(run.log() == Names{"shown a", "missed a", "missed b"});
}

TEST_CASE("the history keeps 30 days and 1000 entries at most", "[runtime][history]") {
    runtime::History history;
    const auto now = at("2022-03-01T00:00:00Z");
    runtime::record_history(history, {now - 31 * 24h, HistoryKind::shown, "old", "", "", now}, now);
    CHECK(history.empty());
    for (int i = 0; i < 1200; ++i)
        runtime::record_history(history,
                                {now + std::chrono::seconds{i}, HistoryKind::shown,
                                 fmt::format("e{}", i), std::string(300, 'x'), "1h", now},
                                now);
    REQUIRE(history.size() == 1000);
    CHECK(history.front().event_id == "e200");
    CHECK(history.back().title.size() == 200 + std::string{"…"}.size());
    CHECK(runtime::history_since(history, now + 1190s, false).size() == 10);
    CHECK(runtime::history_since(history, now, true).empty());
}

TEST_CASE("while paused nothing reaches the desktop, the resume shows what was held as one "
          "digest",
          "[runtime][pause]") {
    test::TempDir dir;
    PausedRun run{dir.path().string(), at("2022-01-10T08:30:00Z")};
    const auto paused = run.pause.pause(at("2022-01-10T09:50:00Z"));
    REQUIRE(paused);
    CHECK(paused->since == at("2022-01-10T08:30:00Z"));
    CHECK(run.pause_timer.armed == at("2022-01-10T09:50:00Z"));
    CHECK(run.changes == 1);
    CHECK(run.store.load().pause == paused); // survives a restart

    run.timer.fire(run.clock); // 09:00 Alpha
    run.timer.fire(run.clock); // 09:45 Alpha and Beta
    CHECK(run.desktop.delivered.empty());
    CHECK(run.log() == Names{"held a", "held a", "held b"});

    // The pause's end comes: one digest of the three, each now "shown".
    run.pause_timer.fire(run.clock);
    CHECK_FALSE(run.pause.current());
    CHECK_FALSE(run.loop.state().pause);
    REQUIRE(run.digests.size() == 1);
    CHECK(run.digests[0].first == "3 reminders held while paused");
    CHECK(run.digests[0].second == Names{"a/1h/missed", "a/15m/missed", "b/15m/missed"});
    CHECK(run.log() == Names{"held a", "held a", "held b", "shown a", "shown a", "shown b"});
    CHECK(run.changes == 2);

    // And after it, reminders reach the desktop again.
    run.timer.fire(run.clock);
    CHECK(names(run.desktop.delivered) == Names{"g/15m"});
}

TEST_CASE("held reminders of events that ended during the pause are only logged, as missed",
          "[runtime][pause]") {
    test::TempDir dir;
    PausedRun run{dir.path().string(), at("2022-01-10T09:40:00Z")};
    REQUIRE(run.pause.pause(std::nullopt));
    CHECK_FALSE(run.pause_timer.armed); // until resumed
    run.timer.fire(run.clock);          // 09:45 Alpha and Beta
    run.clock.set(at("2022-01-10T10:40:00Z"));
    const auto result = run.pause.resume();
    CHECK(result.shown == 1);  // Alpha runs until 11:00
    CHECK(result.logged == 1); // Beta ended at 10:30
    // One held reminder is its own bubble, with its actions.
    CHECK(run.digests.empty());
    CHECK(names(run.desktop.delivered) == Names{"a/15m/missed"});
    CHECK(run.log() == Names{"held a", "held b", "shown a", "missed b"});

    SECTION("resuming again finds nothing paused") {
        const auto again = run.pause.resume();
        CHECK(again.shown + again.logged == 0);
    }
}

TEST_CASE("a pause survives a restart, and what it held before is shown at its end",
          "[runtime][pause]") {
    test::TempDir dir;
    {
        PausedRun run{dir.path().string(), at("2022-01-10T09:40:00Z")};
        REQUIRE(run.pause.pause(at("2022-01-10T10:05:00Z")));
        run.timer.fire(run.clock); // 09:45 Alpha and Beta, held
        CHECK(run.desktop.delivered.empty());
    }
    SECTION("restarted during the pause: still paused, the end armed again") {
        PausedRun run{dir.path().string(), at("2022-01-10T09:50:00Z")};
        REQUIRE(run.pause.current());
        CHECK(run.pause_timer.armed == at("2022-01-10T10:05:00Z"));
        run.pause_timer.fire(run.clock);
        REQUIRE(run.digests.size() == 1);
        CHECK(run.digests[0].second == Names{"a/15m/missed", "b/15m/missed"});
    }
    SECTION("restarted after its end: it ends at start, and shows what it held") {
        PausedRun run{dir.path().string(), at("2022-01-10T10:10:00Z")};
        CHECK_FALSE(run.pause.current());
        CHECK_FALSE(run.loop.state().pause);
        REQUIRE(run.digests.size() == 1);
        CHECK(run.digests[0].first == "2 reminders held while paused");
    }
}

TEST_CASE("a pause refuses an end not ahead, and a second pause keeps the first one's start",
          "[runtime][pause]") {
    test::TempDir dir;
    PausedRun run{dir.path().string(), at("2022-01-10T09:00:00Z")};
    CHECK(run.pause.pause(at("2022-01-10T09:00:00Z")).error() ==
          "the pause would end at 2022-01-10T09:00:00Z, which is not ahead");
    CHECK_FALSE(run.pause.current());
    REQUIRE(run.pause.pause(at("2022-01-10T09:30:00Z")));
    run.clock.set(at("2022-01-10T09:10:00Z"));
    const auto longer = run.pause.pause(std::nullopt);
    REQUIRE(longer);
    CHECK(longer->since == at("2022-01-10T09:00:00Z"));
    CHECK_FALSE(longer->until);
    CHECK_FALSE(run.pause_timer.armed);
}

TEST_CASE("a schedule problem met during a pause waits for its end", "[runtime][pause]") {
    test::TempDir dir;
    PausedRun run{dir.path().string(), at("2022-01-10T09:00:00Z")};
    REQUIRE(run.pause.pause(std::nullopt));
    const core::Diagnostics problem{{"agenda.toml", 3, 1, core::Severity::error, "bad"}};
    run.pause.gate().schedule_problem(problem);
    CHECK(run.desktop.problems.empty());
    run.pause.resume();
    REQUIRE(run.desktop.problems.size() == 1);
    CHECK(run.desktop.problems[0] == problem);
}

TEST_CASE("a reminder too old to show after a downtime is in the history as missed",
          "[runtime][history]") {
    test::TempDir dir;
    {
        PausedRun run{dir.path().string(), at("2022-01-10T08:00:00Z")};
        run.loop.save();
    }
    // A day later, beyond catch_up (12 h): nothing is shown, all four are logged as missed.
    PausedRun run{dir.path().string(), at("2022-01-11T12:00:00Z")};
    CHECK(run.desktop.delivered.empty());
    CHECK(run.desktop.digests.empty());
    CHECK(run.log() == Names{"missed a", "missed a", "missed b", "missed g"});
    CHECK(run.store.load().history.size() == 4);
}

TEST_CASE("an occurrence dismissed during the pause is not shown at its end", "[runtime][pause]") {
    test::TempDir dir;
    PausedRun run{dir.path().string(), at("2022-01-10T09:40:00Z")};
    REQUIRE(run.pause.pause(std::nullopt));
    run.timer.fire(run.clock); // 09:45 Alpha and Beta, held
    run.loop.dismiss({"b", at("2022-01-10T10:00:00Z")});
    const auto result = run.pause.resume();
    CHECK(result.shown == 1);
    CHECK(result.logged == 0);
    CHECK(names(run.desktop.delivered) == Names{"a/15m"}); // resumed on time: not missed
}
