#include "fakes.hpp"
#include "loop_run.hpp"

#include <algorithm>
#include <fmt/format.h>

using namespace agendad;
using namespace std::chrono_literals;
using test::at;
using test::Names;
using test::Run;

namespace {

// A reminder every ten minutes from 09:00 to 11:50.
std::string every_ten_minutes() {
    std::string toml = "[settings]\ntimezone = \"UTC\"\nremind = [\"0m\"]\n";
    for (int i = 0; i < 18; ++i)
        toml += fmt::format("[[event]]\nid = \"e{:02}\"\ntitle = \"E{:02}\"\n"
                            "start = 2022-01-10T{:02}:{:02}:00\n",
                            i, i, 9 + i / 6, i % 6 * 10);
    return toml;
}

/// Every reminder shown so far, on its own or in a digest, as "event/lead".
Names shown(const test::RecordingSink& sink) {
    Names out;
    for (const auto& digest : sink.digests)
        for (const auto& d : digest)
            out.push_back(d.event_id + "/" + d.lead);
    for (const auto& d : sink.delivered)
        out.push_back(d.event_id + "/" + d.lead);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE("the clock stepped an hour forward shows the skipped hour once, then back shows "
          "nothing twice",
          "[runtime][loop][clock]") {
    test::TempDir dir;
    Run run{dir.path().string(), at("2022-01-10T08:55:00Z")};
    run.loop.replace_schedule(test::schedule_from(every_ten_minutes()));
    run.timer.fire(run.clock); // 09:00
    REQUIRE(shown(run.sink) == Names{"e00/0m"});

    // 09:00:30 → 10:00:30: 09:10 to 09:50 were skipped (missed, so in one digest: more than
    // three), 10:00 is within the grace and on time.
    run.clock.set(at("2022-01-10T09:00:30Z"));
    run.timer.step_clock(run.clock, at("2022-01-10T10:00:30Z"));
    CHECK(shown(run.sink) ==
          Names{"e00/0m", "e01/0m", "e02/0m", "e03/0m", "e04/0m", "e05/0m", "e06/0m"});
    REQUIRE(run.sink.digests.size() == 1);
    CHECK(run.sink.digests.front().size() == 5);
    CHECK(run.sink.delivered.back().event_id == "e06");
    CHECK_FALSE(run.sink.delivered.back().missed);
    CHECK(run.timer.armed == at("2022-01-10T10:10:00Z"));

    // And back by an hour: the hour is lived again, and nothing in it is shown a second time.
    run.timer.step_clock(run.clock, at("2022-01-10T09:00:30Z"));
    REQUIRE(run.timer.armed);
    while (run.timer.armed && *run.timer.armed <= at("2022-01-10T10:00:30Z"))
        run.timer.fire(run.clock);
    CHECK(shown(run.sink).size() == 7);
    CHECK(run.timer.armed == at("2022-01-10T10:10:00Z"));
    run.timer.fire(run.clock);
    CHECK(run.sink.delivered.back().event_id == "e07");
    CHECK_FALSE(run.sink.delivered.back().missed);
    CHECK(shown(run.sink).size() == 8);
}
