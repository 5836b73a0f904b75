// A foreign .ics as [[event]] tables: what each part of iCalendar becomes, and what is left out.

#include "core_support.hpp"
#include "ctl/ics_import.hpp"

#include "catch_compat.hpp"

using namespace agendad;

namespace {

core::Settings settings(const char* zone = "Europe/Brussels") {
    core::Settings out;
    out.zone = &core::test::zone(zone);
    out.all_day_at = std::chrono::minutes{9 * 60};
    return out;
}

std::string calendar(const std::string& vevents) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + vevents +
           "END:VCALENDAR\r\n";
}

const std::string series = "BEGIN:VEVENT\r\n"
                           "UID:040000008200E00074C5B7101A82E008@outlook.com\r\n"
                           "DTSTAMP:20260101T000000Z\r\n"
                           "DTSTART;TZID=W. Europe Standard Time:20260105T093000\r\n"
                           "DTEND;TZID=W. Europe Standard Time:20260105T100000\r\n"
                           "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10\r\n"
                           "EXDATE;TZID=W. Europe Standard Time:20260112T093000\r\n"
                           "SUMMARY:Weekly sync\r\n"
                           "LOCATION:Room 4\r\n"
                           "PRIORITY:1\r\n"
                           "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n"
                           "BEGIN:VALARM\r\nACTION:EMAIL\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n"
                           "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:PT5M\r\nEND:VALARM\r\n"
                           "END:VEVENT\r\n"
                           "BEGIN:VEVENT\r\n"
                           "UID:040000008200E00074C5B7101A82E008@outlook.com\r\n"
                           "RECURRENCE-ID;TZID=W. Europe Standard Time:20260119T093000\r\n"
                           "DTSTART;TZID=W. Europe Standard Time:20260119T110000\r\n"
                           "DTEND;TZID=W. Europe Standard Time:20260119T113000\r\n"
                           "SUMMARY:Weekly sync (moved)\r\n"
                           "END:VEVENT\r\n";

} // namespace

TEST_CASE("a series with an override, exceptions and alarms", "[ctl][ics][import]") {
    const auto imported = ctl::import_ics(calendar(series), "work.ics", settings());
    CHECK(imported.events == 2);
    CHECK(imported.toml ==
          "# alarm TRIGGER:PT5M left out: remind cannot say it\n"
          "[[event]]\n"
          "id = \"040000008200E00074C5B7101A82E008@outlook.com\"\n"
          "title = \"Weekly sync\"\n"
          "start = 2026-01-05T09:30:00\n"
          "duration = \"30m\"\n"
          "timezone = \"Europe/Berlin\"\n"
          "location = \"Room 4\"\n"
          "remind = [\"15m\"]\n"
          "urgency = \"critical\"\n"
          "repeat = \"FREQ=WEEKLY;COUNT=10;BYDAY=MO\"\n"
          "except = [2026-01-12T09:30:00, 2026-01-19T09:30:00]\n"
          "\n"
          "[[event]]\n"
          "id = \"040000008200E00074C5B7101A82E008@outlook.com-20260119t083000z\"\n"
          "title = \"Weekly sync (moved)\"\n"
          "start = 2026-01-19T11:00:00\n"
          "duration = \"30m\"\n"
          "timezone = \"Europe/Berlin\"\n"
          "urgency = \"critical\"\n");
    // And the text is a schedule.
    CHECK(core::test::schedule(imported.toml).events.size() == 2);
}

TEST_CASE("all-day alarms count back from all_day_at, cancelled events are left out",
          "[ctl][ics][import]") {
    const auto imported = ctl::import_ics(
        calendar("BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20261224\r\nSUMMARY:Eve\r\n"
                 "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P1D\r\nEND:VALARM\r\n"
                 "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15H\r\nEND:VALARM\r\n"
                 "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:PT9H\r\nEND:VALARM\r\n"
                 "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;RELATED=END:-P1D\r\nEND:VALARM\r\n"
                 "END:VEVENT\r\n"
                 "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20261201T100000Z\r\nSUMMARY:Off\r\n"
                 "STATUS:CANCELLED\r\nEND:VEVENT\r\n"),
        "x.ics", settings());
    CHECK(imported.events == 1);
    // -P1D: midnight the day before is 1d9h before 09:00; RELATED=END of a one-day event is
    // the start; PT9H is 09:00 itself.
    CHECK(imported.toml == "[[event]]\nid = \"a\"\ntitle = \"Eve\"\nstart = 2026-12-24\n"
                           "remind = [\"1d9h\", \"1d\", \"0m\", \"9h\"]\n");
    REQUIRE(imported.warnings.size() == 1);
    CHECK(imported.warnings.front().message == "event \"Off\" is cancelled; it is left out");
    CHECK(imported.warnings.front().severity == core::Severity::warning);
}

TEST_CASE("no VALARM leaves remind to the schedule, ACTION:NONE alone is remind = []",
          "[ctl][ics][import]") {
    const auto imported = ctl::import_ics(
        calendar("BEGIN:VEVENT\r\nUID:agendad-quiet\r\nDTSTART:20261201T100000Z\r\n"
                 "SUMMARY:Quiet\r\nBEGIN:VALARM\r\nACTION:NONE\r\n"
                 "TRIGGER;VALUE=DATE-TIME:19760401T005545Z\r\nEND:VALARM\r\nEND:VEVENT\r\n"
                 "BEGIN:VEVENT\r\nUID:plain\r\nDTSTART:20261201T100000\r\nSUMMARY:\r\n"
                 "URL:example.org\r\nRDATE:20261205T100000\r\nEND:VEVENT\r\n"),
        "x.ics", settings());
    CHECK(imported.events == 3);
    CHECK(imported.toml ==
          "[[event]]\nid = \"quiet\"\ntitle = \"Quiet\"\nstart = 2026-12-01T10:00:00\n"
          "timezone = \"UTC\"\nremind = []\n"
          "\n"
          "# URL example.org left out: it has no scheme\n"
          "[[event]]\nid = \"plain\"\ntitle = \"(no title)\"\nstart = 2026-12-01T10:00:00\n"
          "timezone = \"Europe/Brussels\"\n"
          "\n"
          "[[event]]\nid = \"plain-20261205t100000\"\ntitle = \"(no title)\"\n"
          "start = 2026-12-05T10:00:00\ntimezone = \"Europe/Brussels\"\n");
}

TEST_CASE("an absolute alarm of a single event is a lead, ids are kept unique",
          "[ctl][ics][import]") {
    const auto imported = ctl::import_ics(
        calendar("BEGIN:VEVENT\r\nUID:same\r\nDTSTART:20261201T100000Z\r\nSUMMARY:One\r\n"
                 "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;VALUE=DATE-TIME:20261130T100000Z\r\n"
                 "END:VALARM\r\nEND:VEVENT\r\n"
                 "BEGIN:VEVENT\r\nUID:same\r\nDTSTART:20261202T100000Z\r\nSUMMARY:Two\r\n"
                 "END:VEVENT\r\n"
                 "BEGIN:VEVENT\r\nUID:same/x\r\nDTSTART:20261203T100000Z\r\nSUMMARY:Three\r\n"
                 "END:VEVENT\r\n"
                 "BEGIN:VEVENT\r\nUID:same-x\r\nDTSTART:20261203T100000Z\r\nSUMMARY:Four\r\n"
                 "END:VEVENT\r\n"),
        "x.ics", settings());
    CHECK(imported.toml.find("remind = [\"24h\"]") != std::string::npos); // an exact time before
    CHECK(imported.toml.find("id = \"same-x\"\ntitle = \"Three\"") != std::string::npos);
    CHECK(imported.toml.find("id = \"same-x-2\"\ntitle = \"Four\"") != std::string::npos);
    // The reader keeps the first of two series with one UID, and says so.
    CHECK(imported.events == 3);
    CHECK(imported.warnings.size() == 1);
    CHECK(core::test::schedule(imported.toml).events.size() == 3);
}
