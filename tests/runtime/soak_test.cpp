#include "fakes.hpp"
#include "loop_run.hpp"

#include "core/plan/planner.hpp"
#include "core/text/reminder_text.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <tuple>
#include <unistd.h>

using namespace agendad;
using namespace std::chrono_literals;
using test::at;
using test::Run;

namespace {

// 1,000 weekly events on the hours of the week (about six at each of its 168), each with a
// 15-minute lead; every tenth also reminds a day before.
std::string thousand_events() {
    std::string toml = "[settings]\ntimezone = \"Europe/Brussels\"\nremind = [\"15m\"]\n";
    for (int i = 0; i < 1000; ++i) {
        const int hour = i % 168;
        toml += fmt::format("[[event]]\nid = \"e{}\"\ntitle = \"Event {}\"\n"
                            "start = 2022-01-{:02}T{:02}:00:00\nrepeat = \"FREQ=WEEKLY\"\n{}",
                            i, i, 10 + hour / 24, hour % 24,
                            i % 10 == 0 ? "remind = [\"1d\", \"15m\"]\n" : "");
    }
    return toml;
}

std::size_t open_fds() {
    return static_cast<std::size_t>(
        std::distance(std::filesystem::directory_iterator{"/proc/self/fd"},
                      std::filesystem::directory_iterator{}));
}

std::size_t entries(const runtime::State& state) {
    return state.delivered.size() + state.snoozed.size() + state.dismissed.size();
}

using Key = std::tuple<std::string, core::Instant, std::string>;

} // namespace

TEST_CASE("30 days of 1,000 events with daily reloads and snoozes: each reminder once, "
          "entries and fds flat",
          "[runtime][loop][soak]") {
    // The state directory on tmpfs when there is one: the loop fsyncs after every wake-up.
    const char* shm = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : nullptr;
    test::TempDir dir;
    const std::string state_dir =
        shm ? fmt::format("{}/agendad-soak-{}", shm, ::getpid()) : dir.path().string();
    const std::string text = thousand_events();
    const core::Instant begin = at("2022-01-17T00:00:00Z");
    // 30 days take 5.5 s in the dev build and 52 s under ASan at -O0, where 14 are enough to
    // show the same: entries are compared once the 9-day prune window is full.
#ifdef AGENDAD_SANITIZED_BUILD
    const core::Instant end = begin + date::days{14};
#else
    const core::Instant end = begin + date::days{30};
#endif
    const core::Instant mid = begin + date::days{10};
    std::map<Key, int> seen;
    int snoozes_asked = 0;
    int snoozes_shown = 0;
    std::size_t entries_mid = 0;
    std::size_t fds_mid = 0;
    {
        // One second early: on the very first start, the current second counts as handled.
        Run run{state_dir, begin - 1s};
        run.loop.replace_schedule(test::schedule_from(text));
        core::Instant next_reload = begin + 1h;
        std::size_t taken = 0;
        while (run.timer.armed && *run.timer.armed < end) {
            if (*run.timer.armed >= next_reload) {
                run.clock.set(next_reload);
                run.loop.replace_schedule(test::schedule_from(text));
                next_reload += date::days{1};
                continue;
            }
            run.timer.fire(run.clock);
            for (; taken < run.sink.delivered.size(); ++taken) {
                const auto& d = run.sink.delivered[taken];
                if (d.lead == "snooze") {
                    ++snoozes_shown;
                    continue;
                }
                ++seen[{d.event_id, d.start, d.lead}];
                if (taken % 97 == 0) {
                    run.loop.snooze({d.event_id, d.start}, d.fire_at + 5min);
                    ++snoozes_asked;
                }
            }
            if (entries_mid == 0 && run.clock.now() >= mid) {
                entries_mid = entries(run.loop.state());
                fds_mid = open_fds();
            }
        }
        CHECK(run.sink.digests.empty());
        CHECK(entries(run.loop.state()) <= entries_mid * 11 / 10);
        CHECK(open_fds() == fds_mid);
        const auto planned = core::reminders_between(*run.loop.schedule(), begin, end);
        std::map<Key, int> expected;
        for (const auto& r : planned)
            ++expected[{r.event->id, r.occurrence.start, r.lead->text}];
        for (const auto& [key, count] : expected)
            if (seen[key] != count)
                FAIL_CHECK(fmt::format("{} {} {}: shown {} times", std::get<0>(key),
                                       core::rfc3339_utc(std::get<1>(key)), std::get<2>(key),
                                       seen[key]));
        CHECK(seen.size() == expected.size());
        CHECK(seen == expected);
    }
    CHECK(snoozes_asked > 15);
    CHECK(snoozes_shown == snoozes_asked);
    if (shm)
        std::filesystem::remove_all(state_dir);
}
