#include "core/planner.hpp"
#include "core/starter_schedule.hpp"
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

/// The comment part of each line (from an unquoted '#'), good enough for the example's layout.
std::vector<std::string> comments(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& line : lines(text))
        if (const auto hash = line.find('#'); hash != std::string::npos)
            out.push_back(line.substr(hash));
    return out;
}

const Event& event(const Schedule& s, std::string_view id) {
    const auto found =
        std::find_if(s.events.begin(), s.events.end(), [&](const Event& e) { return e.id == id; });
    REQUIRE(found != s.events.end());
    return *found;
}

} // namespace

TEST_CASE("the embedded example is config/agenda.example.toml as shipped", "[core][starter]") {
    std::ifstream in{AGENDAD_EXAMPLE_FILE, std::ios::binary};
    REQUIRE(in);
    const std::string on_disk{std::istreambuf_iterator<char>{in}, {}};
    CHECK(example_schedule() == on_disk);
}

TEST_CASE("the starter moves the example's week of talks into the coming week", "[core][starter]") {
    // Pinned days: a Sunday, a Monday, a Thursday in DST, a leap day, the year's last day.
    const auto today = GENERATE(day(2025, 3, 2), day(2025, 3, 3), day(2026, 7, 16),
                                day(2028, 2, 29), day(2030, 12, 31));
    CAPTURE(date::format("%F", today));
    const auto starter = make_starter_schedule(example_schedule(), today);
    const auto s = schedule(starter.text);

    SECTION("it parses, with every event of the example") {
        CHECK(s.events.size() == 5);
    }
    SECTION("the week of talks becomes the coming week, weekdays and times kept") {
        for (const char* id :
             {"us-russia-geneva", "nato-ukraine-commission", "nato-russia-council", "osce-pc"}) {
            CAPTURE(id);
            const auto& talk = event(s, id);
            const auto talk_day = date::floor<date::days>(talk.start);
            CHECK(talk_day > today);
            CHECK(talk_day <= today + date::days{10}); // Monday to Thursday, from tomorrow
            CHECK(date::weekday{talk_day} != date::Saturday);
            CHECK(date::weekday{talk_day} != date::Sunday);
        }
        const auto first_talk = date::floor<date::days>(event(s, "us-russia-geneva").start);
        CHECK(first_talk <= today + date::days{7});
        CHECK(event(s, "us-russia-geneva").start == local("2022-01-10T09:00:00") + starter.shift);
        CHECK(event(s, "osce-pc").start == local("2022-01-13T10:00:00") + starter.shift);
    }
    SECTION("the weekly meeting moves with them, its exception and its UNTIL too") {
        const auto& sync = event(s, "team-sync");
        CHECK(sync.start == local("2022-01-03T09:30:00") + starter.shift);
        CHECK(date::weekday{date::floor<date::days>(sync.start)} == date::Monday);
        CHECK(sync.except_times ==
              std::vector<LocalTime>{local("2022-01-13T09:30:00") + starter.shift});
        const auto until = date::format("%Y%m%d", day(2022, 6, 30) + starter.shift);
        CHECK(starter.text.find("UNTIL=" + until + "T215959Z") != std::string::npos);
    }
    SECTION("reminders come in the coming days") {
        const auto from = resolve_local(zone("Europe/Brussels"), LocalTime{today});
        CHECK(count_reminders(s, from, from + date::days{8}) >= 5);
    }
    SECTION("comments and layout are kept; one line says where the file came from") {
        const auto out = lines(starter.text);
        const auto in = lines(example_schedule());
        REQUIRE(out.size() == in.size() + 1);
        CHECK(out.front().starts_with("# Starter schedule written by agendad on " +
                                      date::format("%F", today)));
        auto out_comments = comments(starter.text);
        out_comments.erase(out_comments.begin());
        CHECK(out_comments == comments(example_schedule()));
    }
}

TEST_CASE("the starter moves values, rule UNTILs and exceptions, and nothing else",
          "[core][starter]") {
    const std::string text = R"(# planned on 2022-01-03
2022-01-03 = "a bare key that looks like a date"
[[event]]
title = "Talk on 2022-01-10"
start = 2022-01-10T09:00:00   # the 2022-01-10 talk
end = 2022-01-10 17:00:00.5+01:00
repeat = 'FREQ=WEEKLY;until=20220630T215959Z'
except = [
    2022-01-17T09:00:00,
    2022-01-24,
]
note = '''
a date in a string stays: 2022-01-01'''
)";
    const auto starter = make_starter_schedule(text, day(2022, 2, 1)); // a Tuesday
    CHECK(starter.shift == date::weeks{4});
    CHECK(starter.text.substr(starter.text.find('\n') + 1) == R"(# planned on 2022-01-03
2022-01-03 = "a bare key that looks like a date"
[[event]]
title = "Talk on 2022-01-10"
start = 2022-02-07T09:00:00   # the 2022-01-10 talk
end = 2022-02-07 17:00:00.5+01:00
repeat = 'FREQ=WEEKLY;until=20220728T215959Z'
except = [
    2022-02-14T09:00:00,
    2022-02-21,
]
note = '''
a date in a string stays: 2022-01-01'''
)");
}

TEST_CASE("the starter moves dates back when the example lies further ahead", "[core][starter]") {
    const auto starter = make_starter_schedule("start = 2022-01-10T09:00:00\n", day(2021, 12, 1));
    CHECK(starter.shift == date::weeks{-5});
    CHECK(lines(starter.text).back() == "start = 2021-12-06T09:00:00");
}

TEST_CASE("the earliest date already in the coming week is kept where it is", "[core][starter]") {
    for (unsigned d = 3; d <= 9; ++d) {
        CAPTURE(d);
        const auto starter = make_starter_schedule("start = 2022-01-10\n", day(2022, 1, d));
        CHECK(starter.shift == date::weeks{0});
    }
    CHECK(make_starter_schedule("start = 2022-01-10\n", day(2022, 1, 10)).shift == date::weeks{1});
    CHECK(make_starter_schedule("start = 2022-01-10\n", day(2022, 1, 2)).shift == date::weeks{-1});
}

TEST_CASE("text without dates comes back as it was, under the header line", "[core][starter]") {
    const auto starter = make_starter_schedule("[settings]\nremind = [\"1h\"]\n", day(2022, 1, 1));
    CHECK(starter.shift == date::weeks{0});
    CHECK(lines(starter.text).size() == 3);
    CHECK(starter.text.ends_with("[settings]\nremind = [\"1h\"]\n"));
}
