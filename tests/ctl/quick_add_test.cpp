// The words of `agendactl add`, read at a pinned instant: Friday 2026-11-27 15:00 in Brussels.

#include "core_support.hpp"
#include "ctl/quick_add.hpp"

#include "catch_compat.hpp"

using namespace agendad;
using core::test::at;
using core::test::local;

namespace {

const core::Instant now = *core::parse_rfc3339("2026-11-27T14:00:00Z");
const core::Zone& brussels = core::test::zone("Europe/Brussels");

std::string when(const char* words) {
    const auto parsed = ctl::parse_when(words, now, brussels);
    if (!parsed)
        return "error: " + parsed.error();
    return parsed->all_day ? date::format("%F (all day)", parsed->start)
                           : date::format("%FT%R", parsed->start);
}

} // namespace

TEST_CASE("dates and date-times are taken as written", "[ctl][add]") {
    CHECK(when("2026-12-03T15:00") == "2026-12-03T15:00");
    CHECK(when("2026-12-03T15:00:30") == "2026-12-03T15:00");
    CHECK(when("2026-12-03 15:00") == "2026-12-03T15:00");
    CHECK(when("2026-12-03") == "2026-12-03 (all day)");
}

TEST_CASE("relative words count from now on the schedule's clock", "[ctl][add]") {
    CHECK(when("tomorrow 15:00") == "2026-11-28T15:00");
    CHECK(when("tomorrow") == "2026-11-28 (all day)");
    CHECK(when("today 18:30") == "2026-11-27T18:30");
    CHECK(when("Tomorrow 9am") == "2026-11-28T09:00");
    CHECK(when("tomorrow 12:30pm") == "2026-11-28T12:30");
    CHECK(when("tomorrow 12am") == "2026-11-28T00:00");
    CHECK(when("in 2h") == "2026-11-27T17:00");
    CHECK(when("in 1d30m") == "2026-11-28T15:30");
}

TEST_CASE("a time alone is today while it is ahead, else tomorrow", "[ctl][add]") {
    CHECK(when("16:00") == "2026-11-27T16:00");
    CHECK(when("14:00") == "2026-11-28T14:00");
}

TEST_CASE("a weekday is the next one whose time is still ahead", "[ctl][add]") {
    SECTION("today's time has passed: next week") {
        CHECK(when("friday 9:00") == "2026-12-04T09:00");
    }
    SECTION("today's time is ahead: today") {
        CHECK(when("fri 17:00") == "2026-11-27T17:00");
    }
    SECTION("other days, and all day") {
        CHECK(when("monday 9:00") == "2026-11-30T09:00");
        CHECK(when("sat") == "2026-11-28 (all day)");
        CHECK(when("friday") == "2026-11-27 (all day)");
    }
}

TEST_CASE("the same words on another clock", "[ctl][add]") {
    const auto parsed = ctl::parse_when("tomorrow 9:00", now, core::test::zone("Asia/Tokyo"));
    REQUIRE(parsed);
    // 14:00Z is 23:00 in Tokyo: tomorrow there is the 28th too.
    CHECK(parsed->start == local("2026-11-28T09:00:00"));
    const auto late =
        ctl::parse_when("tomorrow", at("2026-11-27T16:00:00Z"), core::test::zone("Asia/Tokyo"));
    REQUIRE(late);
    CHECK(late->start == local("2026-11-29T00:00:00")); // already the 28th in Tokyo
}

TEST_CASE("what is not a time says what is", "[ctl][add]") {
    for (const char* bad : {"", "tomorrow 25:00", "someday", "in", "in 2 hours", "9:5",
                            "2026-13-01", "next friday 9:00", "13pm"}) {
        INFO(bad);
        CHECK(when(bad).starts_with("error: "));
    }
    CHECK(when("tomorrow 25:00") ==
          "error: \"tomorrow 25:00\" is not a time agendactl add knows (use e.g. "
          "2026-12-03T15:00, 2026-12-03 (all day), \"tomorrow 15:00\", \"friday 9:00\", "
          "\"15:00\" or \"in 2h\")");
    CHECK(when("in 2x").starts_with("error: \"in 2x\": \"2x\" is not a span"));
}

TEST_CASE("an added event gets a fresh id and the options as keys", "[ctl][add]") {
    ctl::AddRequest request{.title = "Dentist",
                            .when = "2026-12-03T15:00",
                            .duration = "1h",
                            .remind = "1d,1h",
                            .timezone = "",
                            .repeat = ""};
    SECTION("the id is derived as the reader derives it, and made unique") {
        const auto table = ctl::event_to_add(request, now, brussels,
                                             {"dentist-20261203t1500", "dentist-20261203t1500-2"});
        REQUIRE(table);
        CHECK(table->id == "dentist-20261203t1500-3");
        CHECK(core::to_toml(*table) == "[[event]]\nid = \"dentist-20261203t1500-3\"\n"
                                       "title = \"Dentist\"\nstart = 2026-12-03T15:00:00\n"
                                       "duration = \"1h\"\nremind = [\"1d\", \"1h\"]\n");
    }
    SECTION("--timezone reads the words on that clock and is written") {
        request.when = "tomorrow 9:00";
        request.timezone = "Asia/Tokyo";
        request.remind = "none";
        const auto table = ctl::event_to_add(request, now, brussels, {});
        REQUIRE(table);
        CHECK(core::to_toml(*table) ==
              "[[event]]\nid = \"dentist-20261128t0900\"\ntitle = \"Dentist\"\n"
              "start = 2026-11-28T09:00:00\nduration = \"1h\"\ntimezone = \"Asia/Tokyo\"\n"
              "remind = []\n");
    }
    SECTION("bad options are refused with the option's name") {
        request.remind = "1d,90x";
        CHECK(ctl::event_to_add(request, now, brussels, {})
                  .error()
                  .starts_with("--remind \"90x\": \"90x\" is not a span"));
        request.remind = "";
        request.timezone = "Mars/Olympus";
        CHECK(ctl::event_to_add(request, now, brussels, {}).error() ==
              "\"Mars/Olympus\" is not an IANA time zone name (e.g. Europe/Brussels)");
    }
}
