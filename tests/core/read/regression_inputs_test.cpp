#include "../../fuzz/ics_input.hpp"
#include "core/plan/planner.hpp"
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

// From fuzz_ics (tests/fuzz/regressions/ics/absolute-alarm-only-hourly): an event whose only
// alarm is absolute walked every occurrence of its series up to the end of the window, though
// none of them could fire; an hourly series asked for its next reminder walked to the year 9999
// (seconds under the sanitizers, half a second in a release build, on the loop's thread). The
// walk is counted here rather than timed: a budget of 1000 occurrences is plenty now.
TEST_CASE("an event with only an absolute alarm is not walked occurrence by occurrence",
          "[core][ics][planner][regressions]") {
    const std::string text = "BEGIN:VCALENDAR\r\n"
                             "VERSION:2.0\r\n"
                             "PRODID:-//agendad tests//EN\r\n"
                             "BEGIN:VEVENT\r\n"
                             "UID:plants@example.org\r\n"
                             "SUMMARY:Water the plants\r\n"
                             "DTSTART:20220105T080000Z\r\n"
                             "RRULE:FREQ=HOURLY\r\n"
                             "BEGIN:VALARM\r\n"
                             "ACTION:DISPLAY\r\n"
                             "TRIGGER;VALUE=DATE-TIME:20300101T090000Z\r\n"
                             "END:VALARM\r\n"
                             "END:VEVENT\r\n"
                             "END:VCALENDAR\r\n";
    CalendarSettings calendar;
    calendar.name = "home";
    calendar.path = "home.ics";
    Settings settings;
    settings.zone = &zone("Europe/Brussels");
    settings.remind = {*parse_span("15m")};
    std::vector<IcsFile> files{parse_ics(text, calendar.path, calendar, settings)};
    Schedule schedule;
    schedule.settings = settings;
    schedule.events = merge_calendar(files, calendar).events;
    REQUIRE(schedule.events.size() == 1);
    REQUIRE(schedule.events.front().remind.empty()); // its own alarm replaces the calendar's

    const auto listed =
        reminders_within(schedule, at("2022-01-01T00:00:00Z"), Instant::max(), {1000, 1000});
    REQUIRE(listed.has_value());
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().fire_at == at("2030-01-01T09:00:00Z"));
    const auto next = next_reminders_after(schedule, at("2022-01-01T00:00:00Z"));
    REQUIRE(next.size() == 1);
    CHECK(next.front().fire_at == at("2030-01-01T09:00:00Z"));
}
