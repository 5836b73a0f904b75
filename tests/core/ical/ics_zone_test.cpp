#include "core/ical/ics_zone.hpp"
#include "ics_test_support.hpp"

using namespace agendad::core;
using namespace agendad::core::test;

TEST_CASE("Windows zone names map to IANA zones through CLDR", "[core][ics][zone]") {
    REQUIRE(windows_zone("W. Europe Standard Time") != nullptr);
    CHECK(windows_zone("W. Europe Standard Time")->name() == "Europe/Berlin");
    CHECK(windows_zone("Eastern Standard Time")->name() == "America/New_York");
    CHECK(windows_zone("Tokyo Standard Time")->name() == "Asia/Tokyo");
    CHECK(windows_zone("Not A Zone") == nullptr);
    CHECK(zone_named("/mozilla.org/20050126_1/Europe/Berlin")->name() == "Europe/Berlin");
}

TEST_CASE("an offset function is matched to an IANA zone with the same transitions",
          "[core][ics][zone]") {
    const Zone& sydney = zone("Australia/Sydney");
    const OffsetAt offset_at = [&](Instant t) { return sydney.get_info(t).offset; };
    const Zone* match =
        equivalent_zone(offset_at, at("2020-01-01T00:00:00Z"), at("2030-01-01T00:00:00Z"));
    REQUIRE(match != nullptr);
    CHECK(match->get_info(at("2024-10-05T15:59:59Z")).offset == std::chrono::hours{10});
    CHECK(match->get_info(at("2024-10-05T16:00:00Z")).offset == std::chrono::hours{11});
    const OffsetAt odd = [](Instant) { return std::chrono::seconds{12345}; };
    CHECK(equivalent_zone(odd, at("2020-01-01T00:00:00Z"), at("2021-01-01T00:00:00Z")) == nullptr);
}

TEST_CASE("events in Windows, VTIMEZONE-only, prefixed, floating and UTC times",
          "[core][ics][zone]") {
    const auto read = read_into_schedule(calendar_on("zones.ics"));
    CHECK(fired_between(read.schedule, "2022-01-01T00:00:00Z", "2022-12-31T00:00:00Z") ==
          std::vector<std::string>{
              "2022-01-10T07:45:00Z 15m Outlook",        // W. Europe: 09:00 CET
              "2022-01-11T07:45:00Z 15m Floating",       // on settings.timezone (Brussels)
              "2022-01-11T11:45:00Z 15m UTC",            // Z
              "2022-01-12T07:45:00Z 15m Mozilla prefix", // Europe/Berlin
              "2022-01-13T07:45:00Z 15m Mars",           // unknown: settings.timezone, a warning
              "2022-03-10T13:45:00Z 15m Custom",         // VTIMEZONE: 09:00 at -05:00
              "2022-03-17T12:45:00Z 15m Custom",         // 09:00 at -04:00 after 13 March
              "2022-07-10T12:45:00Z 15m Eastern",        // Eastern: 09:00 EDT
          });
    CHECK(warnings(read.diagnostics) ==
          std::vector<std::string>{
              "zones.ics:66: TZID \"Mars/Olympus Mons\" is neither an IANA nor a Windows zone, "
              "and no VTIMEZONE in the file matches one; read on Europe/Brussels"});
}

TEST_CASE("a VTIMEZONE with only today's rules still matches for a series begun long ago",
          "[core][ics][zone]") {
    // US rules as of 2007, for a yearly series from 2005: the IANA zones differ in 2005-2006,
    // so the match is made over the last decade libical expands.
    const auto read = read_into_schedule(calendar_on("old-zone.ics"));
    CHECK(read.diagnostics.empty());
    CHECK(fired_between(read.schedule, "2022-01-01T00:00:00Z", "2023-01-01T00:00:00Z") ==
          std::vector<std::string>{"2022-01-03T13:45:00Z 15m Old series"});
}
