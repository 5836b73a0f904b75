#include "core/read/calendar_reader.hpp"
#include "core/read/schedule_reader.hpp"
#include "ics_test_support.hpp"

#include <algorithm>

using namespace agendad::core;
using namespace agendad::core::test;

namespace {

/// The schedule file the tests pretend to read: beside the fixtures, so that `path = "vdir"`
/// means tests/data/ics/vdir.
const std::string schedule_file = ics_data("agenda.toml");

Schedule with_calendars(const std::string& toml, std::string_view home = "/home/alice") {
    auto parsed = parse_schedule(toml, schedule_file, zone("Europe/Brussels"), home);
    if (!parsed)
        FAIL(to_string(parsed.error()));
    return std::move(*parsed);
}

std::vector<std::string> printed(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics)
        out.push_back(to_string(d));
    return out;
}

const ScheduleCalendar& only_calendar(const Schedule& s) {
    REQUIRE(s.calendars.size() == 1);
    return s.calendars.front();
}

} // namespace

TEST_CASE("a calendar's events join the schedule after the TOML ones", "[core][calendar]") {
    const auto s = with_calendars(R"(
[[event]]
title = "Lunch"
start = 2022-03-14T12:00:00

[[calendar]]
name = "work"
path = "vdir"
)");
    REQUIRE(s.events.size() == 5);
    CHECK(s.events.front().id == "lunch-20220314t1200");
    CHECK(s.events.front().calendar.empty());
    for (std::size_t i = 1; i < s.events.size(); ++i) {
        CHECK(s.events[i].calendar == "work");
        CHECK(s.events[i].id.starts_with("work/"));
    }
    const auto& calendar = only_calendar(s);
    CHECK(calendar.name == "work");
    CHECK(calendar.path == ics_data("vdir"));
    CHECK(calendar.position.line == 6);
    CHECK(calendar.events == 4);
    CHECK(calendar.skipped == 1); // the cancelled occurrence
    CHECK(calendar.with_alarms == 0);
}

TEST_CASE("every key of a calendar is read", "[core][calendar]") {
    const auto s = with_calendars(R"(
[settings]
remind = ["1d"]

[[calendar]]
name = "team"
path = "skip.ics"
remind = ["1h", "0m"]
alarms = "ignore"
urgency = "critical"
skip = ["declined", "free"]
me = ["mailto:alice@example.org"]
)");
    const auto& calendar = only_calendar(s);
    CHECK(calendar.events == 6);
    // Not "cancelled" any more (skip replaces the default); "Declined with mailto", "Declined
    // without mailto" and "Free" are.
    CHECK(calendar.skipped == 3);
    const Event& plain = s.events.front();
    CHECK(plain.title == "Plain");
    CHECK(plain.urgency == Urgency::critical);
    REQUIRE(plain.remind.size() == 2);
    CHECK(plain.remind[0].text == "1h");
    CHECK(fired_between(s, "2022-07-01T10:30:00Z", "2022-07-01T11:30:00Z") ==
          std::vector<std::string>{"2022-07-01T11:00:00Z 0m Cancelled"});
}

TEST_CASE("a calendar without remind takes the settings' leads", "[core][calendar]") {
    const auto s = with_calendars(R"(
[settings]
remind = ["1d"]

[[calendar]]
name = "team"
path = "skip.ics"
)");
    REQUIRE_FALSE(s.events.empty());
    REQUIRE(s.events.front().remind.size() == 1);
    CHECK(s.events.front().remind.front().text == "1d");
}

TEST_CASE("alarms own, ignore and both choose between VALARMs and remind", "[core][calendar]") {
    const auto with_policy = [](const std::string& policy) {
        return with_calendars("[[calendar]]\nname = \"mine\"\npath = \"alarms.ics\"\nalarms = \"" +
                              policy + "\"\n");
    };
    CHECK(only_calendar(with_policy("own")).with_alarms > 0);
    CHECK(only_calendar(with_policy("both")).with_alarms ==
          only_calendar(with_policy("own")).with_alarms);
    CHECK(only_calendar(with_policy("ignore")).with_alarms == 0);
}

TEST_CASE("calendar paths resolve ~ against the home and others against the file's folder",
          "[core][calendar]") {
    const PathBase base{"/home/alice/.config/agendad/agenda.toml", "/home/alice"};
    CHECK(resolve_calendar_path("~/.local/share/vdirsyncer/work", base) ==
          "/home/alice/.local/share/vdirsyncer/work");
    CHECK(resolve_calendar_path("~", base) == "/home/alice");
    CHECK(resolve_calendar_path("calendars/work.ics", base) ==
          "/home/alice/.config/agendad/calendars/work.ics");
    CHECK(resolve_calendar_path("/srv/cal", base) == "/srv/cal");
    CHECK(resolve_calendar_path("~bob/cal", base) == "/home/alice/.config/agendad/~bob/cal");
    CHECK(resolve_calendar_path("work.ics", {"agenda.toml", "/home/alice"}) == "work.ics");
    CHECK(resolve_calendar_path("~/x", {"agenda.toml", "/home/alice/"}) == "/home/alice/x");
    CHECK_FALSE(resolve_calendar_path("~/x", {"agenda.toml", ""}).has_value());
}

TEST_CASE("a ~ path without a known home is an error at the path", "[core][calendar]") {
    const auto parsed = parse_schedule("[[calendar]]\nname = \"work\"\npath = \"~/cal\"\n",
                                       "agenda.toml", zone("UTC"), "");
    REQUIRE_FALSE(parsed.has_value());
    CHECK(printed(parsed.error()) ==
          std::vector<std::string>{"agenda.toml:3:8: error: calendar[1].path: \"~/cal\" starts "
                                   "with ~ but the home folder is unknown; write the path whole"});
}

TEST_CASE("mistakes in a calendar table are errors with line and column", "[core][calendar]") {
    SECTION("unknown keys, with a did-you-mean") {
        CHECK(printed(errors(R"([[calendar]]
name = "work"
path = "/cal"
remnd = ["15m"]
)")) == std::vector<std::string>{"agenda.toml:4:1: error: calendar[1]: unknown key \"remnd\" "
                                 "(did you mean \"remind\"?)"});
    }
    SECTION("missing name and path") {
        CHECK(printed(errors("[[calendar]]\nremind = []\n")) ==
              std::vector<std::string>{
                  "agenda.toml:1:1: error: calendar[1]: missing \"name\"; every calendar needs "
                  "one, e.g. name = \"work\"",
                  "agenda.toml:1:1: error: calendar[1]: missing \"path\"; give an .ics file or a "
                  "folder of them, e.g. path = \"~/.local/share/vdirsyncer/work\""});
    }
    SECTION("wrong values") {
        CHECK(printed(errors(R"([[calendar]]
name = "a/b"
path = 3
remind = ["90x"]
alarms = "bth"
urgency = "critcal"
skip = ["cancelled", "decliend", 4]
me = "alice@example.org"
)")) == std::vector<std::string>{
            "agenda.toml:2:8: error: calendar[1].name: \"a/b\" is not a usable name; at "
            "most 64 bytes, without '/'",
            "agenda.toml:3:8: error: calendar[1].path: expected a string, found an "
            "integer",
            "agenda.toml:4:11: error: calendar[1].remind[1]: \"90x\" is not a span ('x' is "
            "not a unit of w, d, h, m, s; use e.g. \"1h30m\", \"1d\" or \"15m\")",
            "agenda.toml:5:10: error: calendar[1].alarms: \"bth\" is not an alarm policy; "
            "use own, ignore or both (did you mean \"both\"?)",
            "agenda.toml:6:11: error: calendar[1].urgency: \"critcal\" is not an urgency; "
            "use low, normal or critical (did you mean \"critical\"?)",
            "agenda.toml:7:22: error: calendar[1].skip[2]: \"decliend\" is not something "
            "to skip; use cancelled, declined or free (did you mean \"declined\"?)",
            "agenda.toml:7:34: error: calendar[1].skip[3]: expected a string, found an "
            "integer",
            "agenda.toml:8:6: error: calendar[1].me: expected an array of strings, found "
            "a string",
        });
    }
    SECTION("a second calendar with the same name, at its name") {
        CHECK(printed(errors(R"([[calendar]]
name = "work"
path = "/a"

[[calendar]]
name = "work"
path = "/b"
)")) == std::vector<std::string>{"agenda.toml:6:8: error: calendar[2].name: \"work\" is "
                                 "already the name of the calendar at line 1; names must be "
                                 "unique"});
    }
    SECTION("a calendar that is not a table") {
        CHECK(printed(errors("calendar = [\"work\"]\n")) ==
              std::vector<std::string>{"agenda.toml:1:13: error: calendar[1]: expected a table "
                                       "([[calendar]]), found a string"});
    }
}

TEST_CASE("problems in a calendar's files are warnings and the schedule is valid",
          "[core][calendar]") {
    const auto s = with_calendars(R"(
[[calendar]]
name = "work"
path = "vdir"

[[calendar]]
name = "gone"
path = "no-such-folder"
)");
    REQUIRE(s.calendars.size() == 2);
    CHECK(warnings(s.calendars[0].warnings) ==
          std::vector<std::string>{
              "broken.ics:0: not an iCalendar file (no VCALENDAR that libical can read); its "
              "events are left out",
              "no-start.ics:4: event \"Lost in time\" has no DTSTART; it is left out",
          });
    CHECK(s.calendars[1].events == 0);
    CHECK(warnings(s.calendars[1].warnings) ==
          std::vector<std::string>{"no-such-folder:0: no such file or folder; the calendar is "
                                   "empty"});
    for (const auto& calendar : s.calendars)
        for (const auto& d : calendar.warnings)
            CHECK(d.severity == Severity::warning);
}

TEST_CASE("a file with errors does not read its calendars", "[core][calendar]") {
    const auto parsed = parse_schedule(R"(
[[calendar]]
name = "work"
path = "vdir"

[[event]]
title = "No start"
)",
                                       schedule_file, zone("UTC"), "/home/alice");
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().size() == 1); // only the event's: no warning from the vdir
}
