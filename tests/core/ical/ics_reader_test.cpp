#include "ics_test_support.hpp"

#include <algorithm>

using namespace agendad::core;
using namespace agendad::core::test;

TEST_CASE("a vdir's series keeps its RDATEs, EXDATEs and overrides from any file", "[core][ics]") {
    const auto read = read_into_schedule(calendar_on("vdir"));
    // 14 Mar: the rule; 21 Mar: EXDATE; 23 and 24 Mar: RDATEs (a date-time and a PERIOD's
    // start); 28 Mar: moved to 29 Mar and retitled; 4 Apr: cancelled in a file of its own.
    CHECK(fired_between(read.schedule, "2022-03-01T00:00:00Z", "2022-05-01T00:00:00Z") ==
          std::vector<std::string>{
              "2022-03-14T08:15:00Z 15m Team sync",         // 09:30 CET
              "2022-03-23T12:45:00Z 15m Team sync",         // RDATE 14:00 CET
              "2022-03-24T13:45:00Z 15m Team sync",         // RDATE PERIOD 15:00 CET
              "2022-03-25T14:45:00Z 15m Retro",             // beside the VEVENT without DTSTART
              "2022-03-29T07:45:00Z 15m Team sync (moved)", // 10:00 CEST
          });
}

TEST_CASE("a cancelled override still counts when cancelled events are not skipped",
          "[core][ics]") {
    auto calendar = calendar_on("vdir");
    calendar.skip.cancelled = false;
    const auto read = read_into_schedule(calendar);
    CHECK(fired_between(read.schedule, "2022-04-01T00:00:00Z", "2022-05-01T00:00:00Z") ==
          std::vector<std::string>{"2022-04-04T07:15:00Z 15m Team sync"});
}

TEST_CASE("calendar events get ids from the calendar and UID, overrides add the RECURRENCE-ID",
          "[core][ics]") {
    const auto read = read_into_schedule(calendar_on("vdir"));
    std::vector<std::string> ids;
    for (const auto& event : read.schedule.events) {
        ids.push_back(event.id);
        CHECK(event.calendar == "work");
    }
    std::sort(ids.begin(), ids.end());
    CHECK(ids == std::vector<std::string>{
                     "work/retro@example.org",
                     "work/team-sync@example.org",
                     "work/team-sync@example.org/20220328T073000Z",
                     "work/team-sync@example.org/20220404T073000Z",
                 });
}

TEST_CASE("a broken file and a VEVENT without DTSTART are warnings, with the line", "[core][ics]") {
    const auto read = read_into_schedule(calendar_on("vdir"));
    CHECK(warnings(read.diagnostics) ==
          std::vector<std::string>{
              "broken.ics:0: not an iCalendar file (no VCALENDAR that libical can read); its "
              "events are left out",
              "no-start.ics:4: event \"Lost in time\" has no DTSTART; it is left out",
          });
    for (const auto& d : read.diagnostics)
        CHECK(d.severity == Severity::warning);
}

TEST_CASE("hidden and temporary files in a vdir are not read", "[core][ics]") {
    Diagnostics diagnostics;
    const auto files = calendar_files(ics_data("vdir"), diagnostics);
    std::vector<std::string> names;
    for (const auto& f : files)
        names.push_back(f.substr(f.rfind('/') + 1));
    CHECK(names == std::vector<std::string>{"broken.ics", "no-start.ics", "team-sync-cancelled.ics",
                                            "team-sync.ics"});
    CHECK(diagnostics.empty());
}

TEST_CASE("a calendar path that does not exist is a warning and no events", "[core][ics]") {
    const auto read = read_into_schedule(calendar_on("no-such-folder"));
    CHECK(read.schedule.events.empty());
    CHECK(warnings(read.diagnostics) ==
          std::vector<std::string>{"no-such-folder:0: no such file or folder; the calendar is "
                                   "empty"});
}

TEST_CASE("one file can be re-read alone and merged with the others again", "[core][ics]") {
    const auto calendar = calendar_on("vdir");
    const auto settings = brussels_settings();
    const auto series = read_ics_file(ics_data("vdir/team-sync.ics"), calendar, settings);
    const auto cancelled =
        read_ics_file(ics_data("vdir/team-sync-cancelled.ics"), calendar, settings);
    REQUIRE(series.components.size() == 2);
    REQUIRE(cancelled.components.size() == 1);
    CHECK(cancelled.components[0].recurrence_id == at("2022-04-04T07:30:00Z"));
    const auto merged = merge_calendar({cancelled, series}, calendar);
    REQUIRE(merged.events.size() == 3);
    const auto& master = *std::find_if(merged.events.begin(), merged.events.end(), [](auto& e) {
        return e.id == "work/team-sync@example.org";
    });
    CHECK(master.except_times.size() == 3); // the EXDATE and both overrides
}

TEST_CASE("skip leaves cancelled, declined and free events without reminders",
          "[core][ics][skip]") {
    auto calendar = calendar_on("skip.ics");
    SECTION("by default only cancelled ones") {
        const auto read = read_into_schedule(calendar);
        CHECK(fired_between(read.schedule, "2022-07-01T00:00:00Z", "2022-07-02T00:00:00Z") ==
              std::vector<std::string>{
                  "2022-07-01T09:45:00Z 15m Plain",
                  "2022-07-01T11:45:00Z 15m Declined with mailto",
                  "2022-07-01T12:45:00Z 15m Declined without mailto",
                  "2022-07-01T13:45:00Z 15m Bob declined",
                  "2022-07-01T14:45:00Z 15m Free",
              });
        CHECK(read.schedule.events.size() == 6); // skipped events stay, without reminders
    }
    SECTION("declined by me, whatever the case and mailto:, and free") {
        calendar.skip = {.cancelled = true, .declined = true, .free = true};
        for (const char* me : {"alice@example.org", "MAILTO:ALICE@example.org"}) {
            calendar.me = {me};
            const auto read = read_into_schedule(calendar);
            CHECK(fired_between(read.schedule, "2022-07-01T00:00:00Z", "2022-07-02T00:00:00Z") ==
                  std::vector<std::string>{
                      "2022-07-01T09:45:00Z 15m Plain",
                      "2022-07-01T13:45:00Z 15m Bob declined",
                  });
        }
    }
    SECTION("declined counts only when `me` names someone") {
        calendar.skip.declined = true;
        const auto read = read_into_schedule(calendar);
        CHECK(fired_between(read.schedule, "2022-07-01T00:00:00Z", "2022-07-02T00:00:00Z").size() ==
              5);
    }
}

TEST_CASE("the calendar's remind and urgency apply to its events", "[core][ics]") {
    auto calendar = calendar_on("skip.ics");
    calendar.remind = std::vector<Span>{*parse_span("1h"), *parse_span("0m")};
    calendar.urgency = Urgency::critical;
    const auto read = read_into_schedule(calendar);
    CHECK(
        fired_between(read.schedule, "2022-07-01T08:00:00Z", "2022-07-01T10:30:00Z") ==
        std::vector<std::string>{"2022-07-01T09:00:00Z 1h Plain", "2022-07-01T10:00:00Z 0m Plain"});
    CHECK(read.schedule.events.front().urgency == Urgency::critical);
}

TEST_CASE("without an urgency of its own, a calendar's events take settings.urgency",
          "[core][ics]") {
    auto settings = brussels_settings();
    settings.urgency = Urgency::low;
    const auto read = read_into_schedule(calendar_on("skip.ics"), settings);
    REQUIRE_FALSE(read.schedule.events.empty());
    CHECK(read.schedule.events.front().urgency == Urgency::low);
}

TEST_CASE("values libical or the recurrence rules refuse are warnings at their VEVENT",
          "[core][ics]") {
    const auto read = read_into_schedule(calendar_on("odd.ics"));
    CHECK(warnings(read.diagnostics) ==
          std::vector<std::string>{
              "odd.ics:3: libical: Can't parse as RECUR value in RRULE property. Removing entire "
              "property: FREQ=SOMETIMES",
              "odd.ics:9: libical: Can't parse as DATE-TIME value in DTSTART property. Removing "
              "entire property: tomorrow",
              "odd.ics:9: event \"Bad start\" has no DTSTART; it is left out",
              "odd.ics:19: RRULE: \"FREQ=WEEKLY;COUNT=3;BYWEEKNO=1\" is not an RFC 5545 recurrence "
              "rule: BYWEEKNO is only allowed with FREQ=YEARLY; read as a single event",
          });
    CHECK(fired_between(read.schedule, "2022-08-01T00:00:00Z", "2022-08-04T00:00:00Z") ==
          std::vector<std::string>{
              "2022-08-01T09:45:00Z 15m Bad rule",
              "2022-08-02T09:45:00Z 15m Truncated",
              "2022-08-03T09:45:00Z 15m Forbidden",
          });
}

TEST_CASE("a truncated file is left out whole, with a warning", "[core][ics]") {
    const auto read = read_into_schedule(calendar_on("truncated.ics"));
    CHECK(read.schedule.events.empty());
    CHECK(warnings(read.diagnostics) ==
          std::vector<std::string>{"truncated.ics:0: not an iCalendar file (no VCALENDAR that "
                                   "libical can read); its events are left out"});
}
