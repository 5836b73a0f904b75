#include "core/plan/planner.hpp"
#include "core/toml/starter_schedule.hpp"
#include "core_support.hpp"

#include <fstream>
#include <sstream>

using namespace agendad::core;
using namespace agendad::core::test;
using namespace std::chrono_literals;

namespace {

LocalDays day(int y, unsigned m, unsigned d) {
    return LocalDays{date::year{y} / date::month{m} / date::day{d}};
}

std::vector<std::string> lines(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream in{std::string{text}};
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

/// The starter with its commented-out example event uncommented, as the guide tells the user.
std::string uncomment_example(const std::string& starter) {
    std::string out;
    bool in_event = false;
    for (const auto& line : lines(starter)) {
        in_event = in_event || line == "# [[event]]";
        out += in_event && line.starts_with("# ") ? line.substr(2) : line;
        out += '\n';
    }
    return out;
}

} // namespace

TEST_CASE("the embedded starter is config/agenda.starter.toml with the example's installed path",
          "[core][starter]") {
    std::ifstream in{AGENDAD_STARTER_FILE, std::ios::binary};
    REQUIRE(in);
    const std::string on_disk{std::istreambuf_iterator<char>{in}, {}};
    CHECK(starter_template() ==
          replace_all(on_disk, "@AGENDAD_EXAMPLE_PATH@", AGENDAD_INSTALLED_EXAMPLE));
    CHECK(starter_template().find(AGENDAD_INSTALLED_EXAMPLE) != std::string_view::npos);
}

TEST_CASE("the starter sets no zone, holds no event and fires no reminder", "[core][starter]") {
    // Pinned days: a Sunday, a Thursday in DST, a leap day, the year's last day.
    const auto today =
        GENERATE(day(2025, 3, 2), day(2026, 7, 16), day(2028, 2, 29), day(2030, 12, 31));
    CAPTURE(date::format("%F", today));
    const std::string starter = make_starter_schedule(starter_template(), today);

    SECTION("every line is a comment or blank") {
        for (const auto& line : lines(starter)) {
            CAPTURE(line);
            CHECK((line.empty() || line.starts_with("#")));
        }
    }
    SECTION("it parses, on the system zone, with no event and no reminder") {
        const auto s = schedule(starter, "America/New_York");
        CHECK(s.settings.zone == &zone("America/New_York"));
        CHECK(s.events.empty());
        const auto from = resolve_local(zone("America/New_York"), LocalTime{today});
        CHECK(count_reminders(s, from - date::years{5}, from + date::years{5}) == 0);
    }
    SECTION("the first line says when agendad wrote it") {
        CHECK(lines(starter).front() == "# Written by agendad on " + date::format("%F", today) +
                                            ", because there was no schedule here yet.");
    }
    SECTION("its example event, uncommented, is tomorrow at 10:30 on the user's clock") {
        CHECK(starter.find("@TOMORROW@") == std::string::npos);
        const auto s = schedule(uncomment_example(starter), "Asia/Tokyo");
        REQUIRE(s.events.size() == 1);
        CHECK(s.events[0].zone == &zone("Asia/Tokyo"));
        CHECK(s.events[0].start == LocalTime{today + date::days{1}} + 10h + 30min);
        const auto from = resolve_local(zone("Asia/Tokyo"), LocalTime{today});
        CHECK(count_reminders(s, from, from + date::days{2}) == 1);
    }
    SECTION("its comments are true once installed") {
        for (const char* stale : {"copy", "docs/", "2022", "Brussels", ".config"}) {
            CAPTURE(stale);
            CHECK(starter.find(stale) == std::string::npos);
        }
        CHECK(starter.find("man 5 agenda.toml") != std::string::npos);
        CHECK(starter.find("agendactl check") != std::string::npos);
    }
}

TEST_CASE("the starter fills in every @TOMORROW@, across a month and a year end",
          "[core][starter]") {
    CHECK(make_starter_schedule("a @TOMORROW@ b @TOMORROW@\n", day(2026, 12, 31)) ==
          "# Written by agendad on 2026-12-31, because there was no schedule here yet.\n"
          "a 2027-01-01 b 2027-01-01\n");
    CHECK(make_starter_schedule("", day(2028, 2, 28)) ==
          "# Written by agendad on 2028-02-28, because there was no schedule here yet.\n");
    CHECK(make_starter_schedule("x @TOMORROW@", day(2028, 2, 28)) ==
          "# Written by agendad on 2028-02-28, because there was no schedule here yet.\n"
          "x 2028-02-29");
}
