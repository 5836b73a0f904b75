// What a reminder from an event's own VALARM says when it is delivered: its lead in words
// (lead_text, as ReminderDue, ListUpcoming and the journal carry it) and the bubble's "when"
// line (describe_when), through the real path: iCalendar text, the reader, the planner and
// make_delivery.

#include "core/ical/ics_reader.hpp"
#include "core/plan/planner.hpp"
#include "core/protocol/delivery.hpp"

#include "ics_test_support.hpp"

#include "catch_compat.hpp"

namespace agendad::core {
namespace {

std::string with_alarm(const std::string& trigger) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
           "UID:review\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Review\r\n"
           "DTSTART:20270104T100000Z\r\nDTEND:20270104T110000Z\r\n"
           "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Review\r\n" +
           trigger + "\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

struct Said {
    std::string lead;
    std::string when;
};

/// The one reminder of the event, delivered at its instant.
Said delivered(const std::string& trigger) {
    CalendarSettings calendar;
    calendar.name = "work";
    Settings settings;
    settings.zone = find_zone("UTC");
    settings.remind = {*parse_span("15m")};
    const IcsFile file = parse_ics(with_alarm(trigger), "review.ics", calendar, settings);
    REQUIRE(file.diagnostics.empty());
    Schedule schedule;
    schedule.settings = settings;
    schedule.events = merge_calendar(std::vector<IcsFile>{file}, calendar).events;
    const auto reminders = reminders_between(schedule, test::at("2027-01-01T00:00:00Z"),
                                             test::at("2027-02-01T00:00:00Z"));
    REQUIRE(reminders.size() == 1);
    const Delivery d = make_delivery(reminders[0], reminders[0].fire_at, false);
    CHECK(d.calendar == "work");
    return {d.lead, describe_when(d, *settings.zone)};
}

TEST_CASE("an own alarm is delivered with its lead in words and the bubble says when the event "
          "is",
          "[core][ics][text]") {
    auto said = delivered("TRIGGER:-PT15M");
    CHECK(said.lead == "15m");
    CHECK(said.when == "in 15 min · 10:00–11:00 UTC");

    said = delivered("TRIGGER:PT0S");
    CHECK(said.lead == "0m");
    CHECK(said.when == "now · 10:00–11:00 UTC");

    said = delivered("TRIGGER:PT10M");
    CHECK(said.lead == "10m after the start");
    CHECK(said.when == "now, started 10 min ago · 10:00–11:00 UTC");

    said = delivered("TRIGGER;RELATED=END:-PT5M");
    CHECK(said.lead == "5m before the end");
    CHECK(said.when == "now, started 55 min ago · 10:00–11:00 UTC");

    said = delivered("TRIGGER;VALUE=DATE-TIME:20270104T080000Z");
    CHECK(said.lead == "its alarm");
    CHECK(said.when == "in 2 h · 10:00–11:00 UTC");

    said = delivered("TRIGGER:-P1D");
    CHECK(said.lead == "1d");
    CHECK(said.when == "in 1 day · 10:00–11:00 UTC");
}

} // namespace
} // namespace agendad::core
