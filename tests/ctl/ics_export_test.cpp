// The schedule as iCalendar: each property as agendactl export writes it.

#include "core_support.hpp"
#include "ctl/ics_export.hpp"

#include "catch_compat.hpp"

using namespace agendad;
using core::test::at;

namespace {

const core::Instant stamp = *core::parse_rfc3339("2026-11-27T14:00:00Z");

/// The one event's lines, CRLF and folding undone.
std::vector<std::string> lines_of(const std::string& toml, const char* zone = "UTC") {
    const auto events = ctl::export_events(core::test::schedule(toml, zone), stamp);
    REQUIRE(events.size() == 1);
    std::string text = events.front().ics;
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        REQUIRE(end != std::string::npos); // every line ends in CRLF
        std::string line = text.substr(start, end - start);
        if (line.starts_with(' '))
            out.back() += line.substr(1);
        else
            out.push_back(line);
        start = end + 2;
    }
    return out;
}

bool has(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

std::vector<std::string> starting(const std::vector<std::string>& lines, const char* prefix) {
    std::vector<std::string> out;
    for (const auto& line : lines)
        if (line.starts_with(prefix))
            out.push_back(line);
    return out;
}

} // namespace

TEST_CASE("an event becomes a VEVENT with a UID from its id", "[ctl][ics][export]") {
    const auto lines = lines_of("[[event]]\nid = \"osce-pc\"\ntitle = \"OSCE, Council; 1\"\n"
                                "start = 2022-01-13T10:00:00\nend = 2022-01-13T13:00:00\n"
                                "timezone = \"Europe/Vienna\"\nlocation = \"Hofburg\\nVienna\"\n"
                                "url = \"https://www.osce.org/\"\nremind = [\"1d\", \"15m\"]\n");
    CHECK(lines.front() == "BEGIN:VCALENDAR");
    CHECK(has(lines, "UID:agendad-osce-pc"));
    CHECK(has(lines, "DTSTAMP:20261127T140000Z"));
    CHECK(has(lines, "DTSTART;TZID=Europe/Vienna:20220113T100000"));
    CHECK(has(lines, "DURATION:PT3H"));
    CHECK(has(lines, "SUMMARY:OSCE\\, Council\\; 1"));
    CHECK(has(lines, "LOCATION:Hofburg\\nVienna"));
    CHECK(has(lines, "URL:https://www.osce.org/"));
    CHECK(has(lines, "PRIORITY:5"));
    CHECK(starting(lines, "TRIGGER") == std::vector<std::string>{"TRIGGER:-P1D", "TRIGGER:-PT15M"});
    CHECK(starting(lines, "ACTION") ==
          std::vector<std::string>{"ACTION:DISPLAY", "ACTION:DISPLAY"});
}

TEST_CASE("an all-day event's leads are moved to count from its midnight", "[ctl][ics][export]") {
    // all_day_at 09:00: "1d" fires at 09:00 the day before, 15 hours before midnight.
    const auto lines =
        lines_of("[settings]\nall_day_at = \"09:00\"\n[[event]]\ntitle = \"Day\"\n"
                 "start = 2026-12-24\nremind = [\"0m\", \"1d\", \"2d30m\", \"10h\"]\n");
    CHECK(has(lines, "DTSTART;VALUE=DATE:20261224"));
    CHECK(has(lines, "DURATION:P1D"));
    CHECK(starting(lines, "TRIGGER") == std::vector<std::string>{"TRIGGER:PT9H", "TRIGGER:-PT15H",
                                                                 "TRIGGER:-P1DT15H30M",
                                                                 "TRIGGER:-PT1H"});
}

TEST_CASE("a rule, its exceptions and its zone are kept", "[ctl][ics][export]") {
    const auto lines = lines_of("[[event]]\ntitle = \"Sync\"\nstart = 2022-01-03T09:30:00\n"
                                "timezone = \"Europe/Brussels\"\n"
                                "repeat = \"RRULE:FREQ=DAILY;BYHOUR=9,14;COUNT=10\"\n"
                                "except = [2022-01-04T09:30:00, 2022-01-06]\n");
    CHECK(has(lines, "RRULE:FREQ=DAILY;BYHOUR=9,14;COUNT=10"));
    // A whole day excepted lists that day's occurrences: iCalendar excepts occurrences only.
    CHECK(starting(lines, "EXDATE") ==
          std::vector<std::string>{"EXDATE;TZID=Europe/Brussels:20220104T093000",
                                   "EXDATE;TZID=Europe/Brussels:20220106T093000",
                                   "EXDATE;TZID=Europe/Brussels:20220106T143000"});
}

TEST_CASE("UTC events and the second pass of a repeated hour are written in UTC",
          "[ctl][ics][export]") {
    CHECK(has(lines_of("[[event]]\ntitle = \"x\"\nstart = 2026-05-01T10:00:00\n"),
              "DTSTART:20260501T100000Z"));
    CHECK(has(lines_of("[[event]]\ntitle = \"x\"\nstart = 2022-10-30T02:30:00+01:00\n",
                       "Europe/Brussels"),
              "DTSTART:20221030T013000Z"));
    CHECK(has(lines_of("[[event]]\ntitle = \"x\"\nstart = 2022-10-30T02:30:00+02:00\n",
                       "Europe/Brussels"),
              "DTSTART;TZID=Europe/Brussels:20221030T023000"));
}

TEST_CASE("no reminders is an ACTION:NONE alarm, urgency a PRIORITY", "[ctl][ics][export]") {
    const auto lines = lines_of("[[event]]\ntitle = \"x\"\nstart = 2026-05-01T10:00:00\n"
                                "remind = []\nurgency = \"critical\"\n");
    CHECK(has(lines, "ACTION:NONE"));
    CHECK_FALSE(has(lines, "ACTION:DISPLAY"));
    CHECK(has(lines, "PRIORITY:1"));
}

TEST_CASE("long lines are folded at 75 octets, never inside a character", "[ctl][ics][export]") {
    std::string title;
    for (int i = 0; i < 40; ++i)
        title += "é–";
    const auto events = ctl::export_events(
        core::test::schedule("[[event]]\ntitle = \"" + title + "\"\nstart = 2026-05-01T10:00:00\n"),
        stamp);
    const std::string& ics = events.front().ics;
    std::size_t start = 0;
    while (start < ics.size()) {
        const auto end = ics.find("\r\n", start);
        CHECK(end - start <= 75);
        // A continuation never starts with a UTF-8 continuation byte.
        if (ics[start] == ' ')
            CHECK((static_cast<unsigned char>(ics[start + 1]) & 0xC0U) != 0x80U);
        start = end + 2;
    }
    CHECK(has(lines_of("[[event]]\ntitle = \"" + title + "\"\nstart = 2026-05-01T10:00:00\n"),
              "SUMMARY:" + title));
}

TEST_CASE("calendar events are not exported, what export wrote is recognised",
          "[ctl][ics][export]") {
    const auto schedule =
        core::test::schedule("[[event]]\nid = \"a\"\ntitle = \"x\"\nstart = 2026-05-01T10:00:00\n"
                             "[[event]]\nid = \"b\"\ntitle = \"y\"\nstart = 2026-05-02T10:00:00\n");
    const auto events = ctl::export_events(schedule, stamp);
    REQUIRE(events.size() == 2);
    CHECK(events[1].uid == "agendad-b");
    CHECK(ctl::written_by_export(events[0].ics));
    CHECK_FALSE(
        ctl::written_by_export("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:abc@google.com\r\n"));
    CHECK(ctl::without_stamp(ctl::export_calendar(schedule, stamp)) ==
          ctl::without_stamp(ctl::export_calendar(schedule, stamp + std::chrono::hours{5})));
    CHECK(ctl::export_calendar(schedule, stamp).find("UID:agendad-a") != std::string::npos);
}
