#include "ics_test_support.hpp"

using namespace agendad::core;
using namespace agendad::core::test;

TEST_CASE("VALARMs fire before and after the start, before the end, at an instant, and repeat",
          "[core][ics][alarm]") {
    const auto read = read_into_schedule(calendar_on("alarms.ics"));
    CHECK(read.diagnostics.empty());
    // Dentist: 14:00-15:00 CEST = 12:00-13:00Z. ACTION:NONE gives no alarm. Alarms that fall
    // together are one reminder: the EMAIL beside the DISPLAY at -PT30M, and the second repeat
    // of -PT1H every 15 minutes.
    CHECK(fired_between(read.schedule, "2022-05-09T00:00:00Z", "2022-05-11T00:00:00Z") ==
          std::vector<std::string>{
              "2022-05-09T18:00:00Z 20220509T180000Z Dentist",
              "2022-05-10T11:00:00Z -PT1H Dentist",
              "2022-05-10T11:15:00Z -PT1H+1*PT15M Dentist",
              "2022-05-10T11:30:00Z -PT30M Dentist",
              "2022-05-10T12:10:00Z PT10M Dentist",
              "2022-05-10T12:55:00Z END-PT5M Dentist",
          });
}

TEST_CASE("ACTION:NONE gives no alarm, though libical 3.0 reads it as an X action",
          "[core][ics][alarm]") {
    const auto read = read_into_schedule(calendar_on("alarms.ics"));
    // Its TRIGGER is the conventional 1976-04-01T00:55:45Z of RFC 9074.
    CHECK(fired_between(read.schedule, "1976-01-01T00:00:00Z", "1977-01-01T00:00:00Z").empty());
}

TEST_CASE("an all-day event's VALARM counts from its midnight, the default remind from all_day_at",
          "[core][ics][alarm]") {
    const auto read = read_into_schedule(calendar_on("alarms.ics"));
    CHECK(fired_between(read.schedule, "2022-05-11T00:00:00Z", "2022-05-14T00:00:00Z") ==
          std::vector<std::string>{
              "2022-05-11T07:00:00Z -PT15H Birthday", // 12 May 00:00 CEST less 15 hours
              "2022-05-13T06:45:00Z 15m Holiday",     // 09:00 CEST less 15 minutes
          });
}

TEST_CASE("a day in a TRIGGER is a calendar day across DST", "[core][ics][alarm][dst]") {
    const auto read = read_into_schedule(calendar_on("alarms.ics"));
    // 27 Mar 12:00 CEST (10:00Z); a day before is 26 Mar 12:00 CET (11:00Z), not 24 hours.
    CHECK(fired_between(read.schedule, "2022-03-20T00:00:00Z", "2022-03-28T00:00:00Z") ==
          std::vector<std::string>{"2022-03-26T11:00:00Z -P1D Spring fair"});
}

TEST_CASE("an absolute trigger on a repeating event fires once", "[core][ics][alarm]") {
    const auto read = read_into_schedule(calendar_on("alarms.ics"));
    const auto reminders =
        reminders_between(read.schedule, at("2022-06-01T00:00:00Z"), at("2022-06-10T00:00:00Z"));
    CHECK(fired(reminders) ==
          std::vector<std::string>{"2022-06-01T08:00:00Z 20220601T080000Z Standup"});
    REQUIRE(reminders.size() == 1);
    CHECK(reminders[0].occurrence.start == at("2022-06-01T09:00:00Z"));
    CHECK(reminders[0].alarm != nullptr);
}

TEST_CASE("an alarm after the start is found by next_reminders_after", "[core][ics][alarm]") {
    const auto read = read_into_schedule(calendar_on("alarms.ics"));
    const auto next = next_reminders_after(read.schedule, at("2022-05-10T12:05:00Z"));
    REQUIRE(next.size() == 1);
    CHECK(next[0].fire_at == at("2022-05-10T12:10:00Z"));
    CHECK(count_reminders(read.schedule, at("2022-05-10T12:01:00Z"), at("2022-05-10T13:00:00Z")) ==
          2);
}

TEST_CASE("the alarms policy chooses between VALARMs and the calendar's remind",
          "[core][ics][alarm]") {
    auto calendar = calendar_on("alarms.ics");
    SECTION("ignore: always remind") {
        calendar.alarms = AlarmPolicy::ignore;
        const auto read = read_into_schedule(calendar);
        CHECK(fired_between(read.schedule, "2022-05-09T00:00:00Z", "2022-05-11T00:00:00Z") ==
              std::vector<std::string>{"2022-05-10T11:45:00Z 15m Dentist"});
    }
    SECTION("both") {
        calendar.alarms = AlarmPolicy::both;
        const auto read = read_into_schedule(calendar);
        CHECK(fired_between(read.schedule, "2022-05-10T11:40:00Z", "2022-05-10T12:00:00Z") ==
              std::vector<std::string>{"2022-05-10T11:45:00Z 15m Dentist"});
        CHECK(fired_between(read.schedule, "2022-05-09T00:00:00Z", "2022-05-11T00:00:00Z").size() ==
              7);
    }
}
