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
