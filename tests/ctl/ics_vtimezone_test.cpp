// The VTIMEZONE an export carries for each zone it names (ctl/ics_vtimezone.hpp), checked against
// the tz database and read back by the core's own iCalendar reader from the VTIMEZONE alone.

#include "core/ical/ics_reader.hpp"
#include "core_support.hpp"
#include "ctl/ics_export.hpp"
#include "ctl/ics_vtimezone.hpp"

#include "catch_compat.hpp"

using namespace agendad;
using core::test::at;

namespace {

const core::Instant stamp = *core::parse_rfc3339("2026-11-27T14:00:00Z");

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto i = text.find(what); i != std::string::npos; i = text.find(what, i + 1))
        ++n;
    return n;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    for (auto i = text.find(from); i != std::string::npos; i = text.find(from, i + to.size()))
        text.replace(i, from.size(), to);
    return text;
}

/// Each event's start instant, by UID, as the core's reader reads `ics`.
std::map<std::string, core::Instant> starts(const std::string& ics) {
    core::CalendarSettings calendar;
    calendar.name = "back";
    core::Settings settings;
    settings.zone = &core::test::zone("UTC");
    const auto file = core::parse_ics(ics, "export.ics", calendar, settings);
    CHECK(file.diagnostics.empty());
    std::map<std::string, core::Instant> out;
    for (const auto& component : file.components) {
        const auto& event = component.event;
        out[component.uid] = core::resolve_local(*event.zone, event.start);
    }
    return out;
}

const char* const zones_schedule =
    "[[event]]\nid = \"old\"\ntitle = \"x\"\nstart = 2022-06-01T09:00:00\n"
    "timezone = \"Europe/Berlin\"\n"
    "[[event]]\nid = \"winter\"\ntitle = \"x\"\nstart = 2027-01-15T09:00:00\n"
    "timezone = \"Europe/Berlin\"\n"
    "[[event]]\nid = \"spring\"\ntitle = \"x\"\nstart = 2027-03-28T03:30:00\n"
    "timezone = \"Europe/Berlin\"\n"
    "[[event]]\nid = \"autumn\"\ntitle = \"x\"\nstart = 2027-10-31T03:30:00\n"
    "timezone = \"Europe/Berlin\"\n"
    "[[event]]\nid = \"late\"\ntitle = \"x\"\nstart = 2035-07-01T09:00:00\n"
    "timezone = \"Europe/Berlin\"\n"
    "[[event]]\nid = \"ny\"\ntitle = \"x\"\nstart = 2027-03-14T03:30:00\n"
    "timezone = \"America/New_York\"\n"
    "[[event]]\nid = \"kolkata\"\ntitle = \"x\"\nstart = 2027-06-01T09:00:00\n"
    "timezone = \"Asia/Kolkata\"\n"
    "[[event]]\nid = \"utc\"\ntitle = \"x\"\nstart = 2027-02-01T12:00:00\ntimezone = \"UTC\"\n";

} // namespace

TEST_CASE("each zone an export names has one VTIMEZONE; UTC has none", "[ctl][ics][export]") {
    const auto ics = ctl::export_calendar(core::test::schedule(zones_schedule), stamp);
    CHECK(count(ics, "BEGIN:VTIMEZONE") == 3);
    CHECK(count(ics, "TZID:Europe/Berlin\r\n") == 1);
    CHECK(count(ics, "TZID:America/New_York\r\n") == 1);
    CHECK(count(ics, "TZID:Asia/Kolkata\r\n") == 1);
    CHECK(count(ics, "UTC") == 0);
    // Before the events: a reader meets the zone before its first use.
    CHECK(ics.find("END:VTIMEZONE") < ics.find("BEGIN:VEVENT"));
    // One file of a vdir names one zone, and carries it.
    for (const auto& event : ctl::export_events(core::test::schedule(zones_schedule), stamp))
        CHECK(count(event.ics, "BEGIN:VTIMEZONE") == (event.uid == "agendad-utc" ? 0U : 1U));
}

TEST_CASE("a VTIMEZONE has the tz database's transitions over its span", "[ctl][ics][export]") {
    SECTION("Berlin: its summer and winter time, each change an onset in local time before it") {
        const auto text = ctl::vtimezone(core::test::zone("Europe/Berlin"),
                                         at("2026-12-31T00:00:00Z"), at("2028-01-01T00:00:00Z"));
        CHECK(text == "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
                      "BEGIN:STANDARD\r\nDTSTART:20261231T010000\r\nTZOFFSETFROM:+0100\r\n"
                      "TZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"
                      "BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\n"
                      "TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"
                      "BEGIN:STANDARD\r\nDTSTART:20271031T030000\r\nTZOFFSETFROM:+0200\r\n"
                      "TZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"
                      "END:VTIMEZONE\r\n");
    }
    SECTION("over years, one observance a kind of change, the later onsets in RDATEs") {
        const auto text = ctl::vtimezone(core::test::zone("America/New_York"),
                                         at("2026-12-31T00:00:00Z"), at("2029-01-01T00:00:00Z"));
        CHECK(count(text, "BEGIN:DAYLIGHT") == 1);
        CHECK(count(text, "BEGIN:STANDARD") == 2); // the span's start, and the fall-backs
        CHECK(text.find("BEGIN:DAYLIGHT\r\nDTSTART:20270314T020000\r\n"
                        "RDATE:20280312T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n"
                        "TZNAME:EDT\r\n") != std::string::npos);
        CHECK(text.find("DTSTART:20271107T020000\r\nRDATE:20281105T020000\r\n"
                        "TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n") != std::string::npos);
    }
    SECTION("a zone without daylight saving: one STANDARD observance") {
        const auto text = ctl::vtimezone(core::test::zone("Asia/Kolkata"),
                                         at("2021-12-31T00:00:00Z"), at("2038-01-01T00:00:00Z"));
        CHECK(text == "BEGIN:VTIMEZONE\r\nTZID:Asia/Kolkata\r\n"
                      "BEGIN:STANDARD\r\nDTSTART:20211231T053000\r\nTZOFFSETFROM:+0530\r\n"
                      "TZOFFSETTO:+0530\r\nTZNAME:IST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n");
    }
}

TEST_CASE("the core's reader gives the same instants from the VTIMEZONEs alone",
          "[ctl][ics][export]") {
    const auto ics = ctl::export_calendar(core::test::schedule(zones_schedule), stamp);
    // Names no reader knows: only the VTIMEZONE says what they mean.
    auto unknown = replaced(ics, "Europe/Berlin", "Agendad Test Berlin");
    unknown = replaced(unknown, "America/New_York", "Agendad Test New York");
    unknown = replaced(unknown, "Asia/Kolkata", "Agendad Test Kolkata");
    REQUIRE(unknown.find("Europe/") == std::string::npos);
    const auto named = starts(ics);
    CHECK(named.at("agendad-old") == at("2022-06-01T07:00:00Z"));
    CHECK(named.at("agendad-winter") == at("2027-01-15T08:00:00Z"));
    CHECK(named.at("agendad-spring") == at("2027-03-28T01:30:00Z"));
    CHECK(named.at("agendad-autumn") == at("2027-10-31T02:30:00Z"));
    CHECK(named.at("agendad-late") == at("2035-07-01T07:00:00Z"));
    CHECK(named.at("agendad-ny") == at("2027-03-14T07:30:00Z"));
    CHECK(named.at("agendad-kolkata") == at("2027-06-01T03:30:00Z"));
    CHECK(named.at("agendad-utc") == at("2027-02-01T12:00:00Z"));
    CHECK(starts(unknown) == named);
}
