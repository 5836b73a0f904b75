#include "../fuzz/ics_input.hpp"
#include "core/planner.hpp"
#include "core_support.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace agendad::core;
using namespace agendad::core::test;

// Every input that once crashed or stalled the reader (tests/fuzz/regressions/schedule, most
// found by fuzz_schedule) is read and planned as the fuzz harness does; under the asan preset
// this is where a regression shows.
TEST_CASE("every schedule that once crashed the reader is now read or refused",
          "[core][reader][regressions]") {
    const std::filesystem::path dir{AGENDAD_REGRESSIONS_DIR "/schedule"};
    std::size_t inputs = 0;
    for (const auto& entry : std::filesystem::directory_iterator{dir}) {
        std::ifstream in{entry.path(), std::ios::binary};
        const std::string text{std::istreambuf_iterator<char>{in}, {}};
        INFO(entry.path().filename().string());
        const auto begin = std::chrono::steady_clock::now();
        const auto parsed = parse_schedule(text, "agenda.toml", zone("Europe/Brussels"));
        if (parsed) {
            const Instant from{date::sys_days{date::year{2022} / 1 / 1}};
            (void)reminders_within(*parsed, from, from + date::days{62}, {2000, 2000});
            (void)next_reminders_after(*parsed, Instant::max());
        } else {
            CHECK(parsed.error().front().line > 0);
        }
        CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds{1});
        ++inputs;
    }
    CHECK(inputs >= 7);
}

// fuzz_ics's inputs, taken through the harness's own steps (tests/fuzz/ics_input.hpp): its seeds
// (the fixtures of tests/data/ics and hand-written RRULE, EXDATE, RDATE, VTIMEZONE and VALARM
// files) and every input that once crashed or stalled the reader (tests/fuzz/regressions/ics,
// when there are any). Each is read and planned within a second, and none vanishes without a
// word: it gives events, or warnings that say why not.
TEST_CASE("every .ics input of fuzz_ics is read and planned in time, with events or warnings",
          "[core][ics][regressions]") {
    std::size_t inputs = 0;
    for (const std::filesystem::path& dir :
         {std::filesystem::path{AGENDAD_REGRESSIONS_DIR "/../corpus/ics"},
          std::filesystem::path{AGENDAD_REGRESSIONS_DIR "/ics"}}) {
        if (!std::filesystem::exists(dir))
            continue;
        for (const auto& entry : std::filesystem::directory_iterator{dir}) {
            std::ifstream in{entry.path(), std::ios::binary};
            const std::string text{std::istreambuf_iterator<char>{in}, {}};
            INFO(entry.path().string());
            const auto begin = std::chrono::steady_clock::now();
            const auto outcome = agendad::fuzz::read_and_plan_ics(text);
            CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds{1});
            CHECK(outcome.events + outcome.diagnostics > 0);
            ++inputs;
        }
    }
    CHECK(inputs >= 16);
}
