#include "core/time/span.hpp"
#include "core_support.hpp"

using namespace agendad::core;
using namespace agendad::core::test;
using namespace std::chrono_literals;

TEST_CASE("spans combine calendar and exact units in order", "[core][span]") {
    SECTION("single units") {
        CHECK(parse_span("15m")->exact == 15min);
        CHECK(parse_span("2h")->exact == 2h);
        CHECK(parse_span("30s")->exact == 30s);
        CHECK(parse_span("1d")->calendar_days == 1);
        CHECK(parse_span("2w")->calendar_days == 14);
        CHECK(parse_span("0m")->is_zero());
    }
    SECTION("run together") {
        const auto span = parse_span("1w2d3h4m5s");
        REQUIRE(span);
        CHECK(span->calendar_days == 9);
        CHECK(span->exact == 3h + 4min + 5s);
        CHECK(span->text == "1w2d3h4m5s");
        CHECK(parse_span("1h30m")->exact == 90min);
    }
}

TEST_CASE("malformed spans are refused with a hint", "[core][span]") {
    for (const char* bad : {"", "90x", "1h1h", "30m1h", "h", "1", "-1h", "1.5h", "1 h", "15M"}) {
        INFO(bad);
        const auto span = parse_span(bad);
        REQUIRE_FALSE(span);
        CHECK_THAT(span.error(),
                   Catch::Contains("is not a span") && Catch::Contains("use e.g. \"1h30m\""));
    }
    CHECK_THAT(parse_span("90x").error(), Catch::Contains("'x' is not a unit"));
    CHECK_THAT(parse_span("11000d").error(), Catch::Contains("at most 10 years"));
    CHECK_THAT(parse_span("99999999999999999999h").error(), Catch::Contains("at most 10 years"));
}

TEST_CASE("a day before is the same wall-clock time, even across DST", "[core][span]") {
    const Zone& brussels = zone("Europe/Brussels");
    // Sunday 2022-03-27 09:00 CEST; the clocks went forward at 02:00 that morning.
    const Instant sunday = at("2022-03-27T07:00:00Z");
    SECTION("a calendar day keeps 09:00 local, 23 real hours earlier") {
        CHECK(parse_span("1d")->before(sunday, brussels) == at("2022-03-26T08:00:00Z"));
    }
    SECTION("24h is exact and lands at 08:00 local") {
        CHECK(parse_span("24h")->before(sunday, brussels) == at("2022-03-26T07:00:00Z"));
    }
    SECTION("one week before across the autumn change") {
        // Monday 2022-11-07 09:00 CET -> Monday 2022-10-31 09:00 CET; and over 30 October.
        const Instant after = at("2022-11-03T08:00:00Z"); // Thursday 09:00 CET
        CHECK(parse_span("1w")->before(after, brussels) == at("2022-10-27T07:00:00Z"));
    }
    SECTION("after mirrors before") {
        CHECK(parse_span("1d")->after(at("2022-03-26T08:00:00Z"), brussels) == sunday);
    }
}

TEST_CASE("a calendar lead that lands in the spring gap moves forward", "[core][span]") {
    const Zone& brussels = zone("Europe/Brussels");
    // Monday 2022-03-28 02:30 CEST; one day before is 02:30 on the 27th, which does not exist.
    const Instant start = at("2022-03-28T00:30:00Z");
    CHECK(parse_span("1d")->before(start, brussels) == at("2022-03-27T01:30:00Z")); // 03:30 CEST
}
