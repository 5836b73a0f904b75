// The reloader's warnings about a running schedule, on the daemon's planning loop (fake clock).
// (Kept beside the backend's test while tests/runtime is being reworked; it belongs there.)

#include "loop_run.hpp"
#include "runtime/schedule_reloader.hpp"

using namespace agendad;
using test::at;
using test::Run;

namespace {

// At 2022-01-10T09:00Z, "Gone" is past and its except-less sibling still to come.
const std::string with_a_past_event = R"([settings]
timezone = "UTC"

[[event]]
id = "coming"
title = "Coming"
start = 2022-01-10T10:00:00

[[event]]
id = "gone"
title = "Gone"
start = 2022-01-03T10:00:00
)";

const std::string without = R"([settings]
timezone = "UTC"

[[event]]
id = "coming"
title = "Coming"
start = 2022-01-10T10:00:00
)";

} // namespace

TEST_CASE("a good read keeps the warnings about what will never remind, dated by the loop's clock",
          "[runtime][reload]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T09:00:00Z")};
    const auto path = dir.file("agenda.toml");
    runtime::ScheduleReloader reloader{path, run.loop, run.sink,
                                       [] -> const core::Zone& { return *core::find_zone("UTC"); }};
    CHECK(reloader.warnings().empty());

    test::write_file(path, with_a_past_event);
    REQUIRE(reloader.reload());
    REQUIRE(reloader.warnings().size() == 1);
    CHECK(core::to_string(reloader.warnings().front()) ==
          path + ":9:1: warning: event[2] \"Gone\": every reminder is in the past; it will never "
                 "remind");
    CHECK(run.sink.problems.empty()); // a warning is not a schedule problem
    CHECK(run.loop.schedule()->events.size() == 2);

    SECTION("a broken save keeps the running schedule's warnings") {
        test::write_file(path, "[[event]]\ntitle = 1\n");
        CHECK_FALSE(reloader.reload());
        CHECK(reloader.warnings().size() == 1);
    }
    SECTION("a fixed save clears them") {
        test::write_file(path, without);
        REQUIRE(reloader.reload());
        CHECK(reloader.warnings().empty());
    }
    SECTION("time passing makes a new set: the coming event's reminder is past at 09:46") {
        run.clock.set(at("2022-01-10T09:46:00Z"));
        REQUIRE(reloader.reload());
        CHECK(reloader.warnings().size() == 2);
    }
}

TEST_CASE("an event with a pending snooze is not said to never remind, until the snooze is gone",
          "[runtime][reload]") {
    test::TempDir dir;
    // "Coming" starts at 10:00 and was reminded at 09:45: at 09:50 nothing of it is to come.
    Run run{dir.path().string(), at("2022-01-10T09:50:00Z")};
    const auto path = dir.file("agenda.toml");
    runtime::ScheduleReloader reloader{path, run.loop, run.sink,
                                       [] -> const core::Zone& { return *core::find_zone("UTC"); }};
    test::write_file(path, with_a_past_event);
    REQUIRE(reloader.reload());
    const auto events = [&reloader] {
        std::vector<std::string> out;
        for (const auto& warning : reloader.warnings())
            out.push_back(warning.message.substr(0, warning.message.find(':')));
        return out;
    };
    using Events = std::vector<std::string>;
    REQUIRE(events() == Events{"event[1] \"Coming\"", "event[2] \"Gone\""});
    CHECK_FALSE(reloader.recheck_snoozes()); // no snooze made: nothing to check again

    const runtime::OccurrenceKey coming{"coming", at("2022-01-10T10:00:00Z")};
    run.loop.snooze(coming, at("2022-01-10T09:55:00Z"));
    CHECK(reloader.recheck_snoozes());
    CHECK(events() == Events{"event[2] \"Gone\""});
    CHECK_FALSE(reloader.recheck_snoozes()); // the same snoozes: not checked again

    SECTION("a read with the snooze pending leaves the event out too") {
        REQUIRE(reloader.reload());
        CHECK(events() == Events{"event[2] \"Gone\""});
    }
    SECTION("the snooze dismissed: the warning is back") {
        run.loop.dismiss(coming);
        CHECK(reloader.recheck_snoozes());
        CHECK(events() == Events{"event[1] \"Coming\"", "event[2] \"Gone\""});
    }
    SECTION("the snooze delivered: nothing is left to come, the warning is back") {
        run.timer.fire(run.clock); // at 09:55, the snooze's end
        REQUIRE(test::names(run.sink.delivered) == test::Names{"coming/snooze"});
        CHECK(reloader.recheck_snoozes());
        CHECK(events() == Events{"event[1] \"Coming\"", "event[2] \"Gone\""});
    }
}
