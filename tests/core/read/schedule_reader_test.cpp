#include "core/read/schedule_reader.hpp"
#include "core_support.hpp"

#include <chrono>
#include <fmt/format.h>
#include <fstream>
#include <unistd.h>

using namespace agendad::core;
using namespace agendad::core::test;
using namespace std::chrono_literals;

namespace {

/// The one diagnostic of a file with exactly one error, printed.
std::string only_error(const std::string& toml) {
    const auto diagnostics = errors(toml);
    REQUIRE(diagnostics.size() == 1);
    return to_string(diagnostics.front());
}

} // namespace

TEST_CASE("a full event is read with every key", "[core][reader]") {
    const auto s = schedule(R"(
[settings]
timezone = "Europe/Brussels"
remind = ["1d", "1h", "15m"]
all_day_at = "08:30"
urgency = "low"
catch_up = "6h"
snooze = "10m"

[[event]]
id = "osce-pc"
title = "OSCE Permanent Council"
start = 2022-01-13T10:00:00
end = 2022-01-13T13:00:00
timezone = "Europe/Vienna"
location = "Hofburg, Vienna"
description = "Security situation around Ukraine"
url = "https://www.osce.org/"
remind = ["1d", "30m"]
urgency = "critical"
repeat = "FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20220630T215959Z"
except = [2022-01-20T10:00:00, 2022-02-03]
)");
    CHECK(s.settings.zone->name() == "Europe/Brussels");
    CHECK(s.settings.remind.size() == 3);
    CHECK(s.settings.all_day_at == 8h + 30min);
    CHECK(s.settings.urgency == Urgency::low);
    CHECK(s.settings.catch_up.exact == 6h);
    CHECK(s.settings.snooze.exact == 10min);
    REQUIRE(s.events.size() == 1);
    const Event& e = s.events[0];
    CHECK(e.id == "osce-pc");
    CHECK(e.title == "OSCE Permanent Council");
    CHECK(e.zone->name() == "Europe/Vienna");
    CHECK(e.start == local("2022-01-13T10:00:00"));
    CHECK(e.duration.exact == 3h);
    CHECK_FALSE(e.all_day);
    CHECK(e.location == "Hofburg, Vienna");
    CHECK(e.url == "https://www.osce.org/");
    REQUIRE(e.remind.size() == 2);
    CHECK(e.remind[1].text == "30m");
    CHECK(e.urgency == Urgency::critical);
    REQUIRE(e.repeat);
    CHECK(e.except_times == std::vector{local("2022-01-20T10:00:00")});
    CHECK(e.except_days.size() == 1);
    CHECK(e.position.line == 10);
}

TEST_CASE("defaults fill in what the file leaves out", "[core][reader]") {
    const auto s = schedule(R"(
[[event]]
title = "Standup"
start = 2022-01-13T10:00:00
)",
                            "Asia/Tokyo");
    const Event& e = s.events.at(0);
    CHECK(e.zone->name() == "Asia/Tokyo");
    CHECK(e.remind == std::vector{*parse_span("15m")});
    CHECK(e.urgency == Urgency::normal);
    CHECK(e.duration.is_zero());
    CHECK(e.id == "standup-20220113t1000");
    CHECK(s.settings.all_day_at == 9h);
    CHECK(s.settings.catch_up.exact == 12h);
    CHECK(s.settings.snooze.exact == 5min);
}

TEST_CASE("settings.remind = [] and event remind = [] mean no reminders", "[core][reader]") {
    const auto s = schedule(R"(
[settings]
remind = []
[[event]]
title = "Quiet"
start = 2022-01-13T10:00:00
)");
    CHECK(s.events.at(0).remind.empty());
}

TEST_CASE("start forms: local, offset and all-day", "[core][reader]") {
    const auto s = schedule(R"(
[settings]
timezone = "Europe/Brussels"
[[event]]
title = "Offset"
start = 2022-01-13T10:00:00-05:00
[[event]]
title = "Holiday"
start = 2022-01-13
end = 2022-01-15
[[event]]
title = "Conference"
start = 2022-01-13
duration = "3d"
[[event]]
title = "One day"
start = 2022-01-13
)");
    // 10:00 in New York is 16:00 in Brussels: offset date-times are converted to the zone.
    CHECK(s.events[0].start == local("2022-01-13T16:00:00"));
    CHECK(s.events[1].all_day);
    CHECK(s.events[1].duration.calendar_days == 2);
    CHECK(s.events[2].duration.calendar_days == 3);
    CHECK(s.events[3].duration.calendar_days == 1);
    CHECK(s.events[1].id == "holiday-20220113");
}

TEST_CASE("derived ids keep ASCII words and the start", "[core][reader]") {
    const auto s = schedule(R"(
[[event]]
title = "NATO–Ukraine Commission!"
start = 2022-01-11T10:00:00
)");
    CHECK(s.events[0].id == "nato-ukraine-commission-20220111t1000");
}

TEST_CASE("every error names file, line, column and the fix", "[core][reader][diagnostics]") {
    SECTION("a span that is not one") {
        CHECK(only_error(R"([[event]]
title = "x"
start = 2022-01-13T10:00:00
remind = ["1d", "90x"]
)") == R"(agenda.toml:4:17: error: event[1].remind[2]: "90x" is not a span ('x' is not a unit of w, d, h, m, s; use e.g. "1h30m", "1d" or "15m"))");
    }
    SECTION("a misspelt key gets a suggestion, at the key") {
        CHECK(only_error(R"([[event]]
title = "x"
start = 2022-01-13T10:00:00
  remnd = ["1d"]
)") == R"(agenda.toml:4:3: error: event[1]: unknown key "remnd" (did you mean "remind"?))");
    }
    SECTION("a misspelt table") {
        CHECK(only_error(R"([[events]]
title = "x"
)") == R"(agenda.toml:1:3: error: unknown key "events" (did you mean "event"?))");
    }
    SECTION("an unknown settings key") {
        CHECK(
            only_error("[settings]\ntimezon = \"UTC\"\n") ==
            R"(agenda.toml:2:1: error: settings: unknown key "timezon" (did you mean "timezone"?))");
    }
    SECTION("a wrong type") {
        CHECK(only_error(R"([[event]]
title = 42
start = 2022-01-13T10:00:00
)") == "agenda.toml:2:9: error: event[1].title: expected a string, found an integer");
    }
    SECTION("an empty title") {
        CHECK(only_error(R"([[event]]
title = "  "
start = 2022-01-13T10:00:00
)") == "agenda.toml:2:9: error: event[1].title: must not be empty");
    }
    SECTION("a missing title and start, at the table") {
        const auto d = errors("[[event]]\nlocation = \"x\"\n");
        REQUIRE(d.size() == 2);
        CHECK(to_string(d[0]) == "agenda.toml:1:1: error: event[1]: missing \"title\"; every "
                                 "event needs one, e.g. title = \"Standup\"");
        CHECK(to_string(d[1]) == "agenda.toml:1:1: error: event[1]: missing \"start\"; add e.g. "
                                 "start = 2022-01-13T10:00:00");
    }
    SECTION("a bad zone, with a suggestion") {
        CHECK(only_error(R"([[event]]
title = "x"
start = 2022-01-13T10:00:00
timezone = "Europe/Brusels"
)") == R"(agenda.toml:4:12: error: event[1].timezone: "Europe/Brusels" is not an IANA time zone name (did you mean "Europe/Brussels"?); names look like "Europe/Brussels")");
    }
    SECTION("a bad rule") {
        CHECK_THAT(
            only_error(R"([[event]]
title = "x"
start = 2022-01-13T10:00:00
repeat = "FREQ=FORTNIGHTLY"
)"),
            Catch::StartsWith(
                R"(agenda.toml:4:10: error: event[1].repeat: "FREQ=FORTNIGHTLY" is not an RFC 5545 recurrence rule)"));
    }
    SECTION("a rule finer than daily for an all-day event") {
        CHECK_THAT(only_error(R"([[event]]
title = "x"
start = 2022-01-13
repeat = "FREQ=MINUTELY"
)"),
                   Catch::Contains("an all-day event cannot repeat more often than daily"));
    }
    SECTION("an enormous COUNT") {
        CHECK_THAT(only_error(R"([[event]]
title = "x"
start = 2022-01-13T10:00:00
repeat = "FREQ=DAILY;COUNT=2000000000"
)"),
                   Catch::Contains("COUNT is at most 100000"));
    }
    SECTION("an end before the start") {
        CHECK(only_error(R"([[event]]
title = "x"
start = 2022-01-13T10:00:00
end = 2022-01-13T09:00:00
)") == "agenda.toml:4:7: error: event[1].end: 2022-01-13T09:00:00 is not after the start "
       "2022-01-13T10:00:00");
    }
    SECTION("end and duration together") {
        CHECK(only_error(R"([[event]]
title = "x"
start = 2022-01-13T10:00:00
end = 2022-01-13T11:00:00
duration = "1h"
)") == "agenda.toml:5:12: error: event[1].duration: give either \"end\" or \"duration\", "
       "not both");
    }
    SECTION("an all-day start with a timed end") {
        CHECK_THAT(
            only_error(R"([[event]]
title = "x"
start = 2022-01-13
end = 2022-01-13T11:00:00
)"),
            Catch::Contains(
                "event[1].end: the start is a date (all-day), so the end must be a date too"));
    }
    SECTION("a time of day alone") {
        CHECK_THAT(
            only_error(R"([[event]]
title = "x"
start = 10:00:00
)"),
            Catch::Contains(
                "agenda.toml:3:9: error: event[1].start: a time of day alone is not enough"));
    }
    SECTION("an urgency that is not one") {
        CHECK(only_error(R"([settings]
urgency = "critcal"
)") == R"(agenda.toml:2:11: error: settings.urgency: "critcal" is not an urgency; use low, normal or critical (did you mean "critical"?))");
    }
    SECTION("all_day_at that is not HH:MM") {
        CHECK(
            only_error("[settings]\nall_day_at = \"9am\"\n") ==
            R"(agenda.toml:2:14: error: settings.all_day_at: "9am" is not a time of day; expected "HH:MM", e.g. "09:00")");
    }
    SECTION("a duplicate lead time") {
        CHECK_THAT(only_error(R"([[event]]
title = "x"
start = 2022-01-13T10:00:00
remind = ["1h", "60m"]
)"),
                   Catch::Contains(
                       "agenda.toml:4:17: error: event[1].remind[2]: \"60m\" is listed twice"));
    }
    SECTION("duplicate ids") {
        CHECK(only_error(R"([[event]]
id = "a"
title = "x"
start = 2022-01-13T10:00:00
[[event]]
id = "a"
title = "y"
start = 2022-01-13T10:00:00
)") == "agenda.toml:5:1: error: event \"y\": its id \"a\" is already used by the event at "
       "line 1; give one of them a distinct id = \"...\"");
    }
    SECTION("except on a single event") {
        CHECK_THAT(only_error(R"([[event]]
title = "x"
start = 2022-01-13T10:00:00
except = [2022-01-13]
)"),
                   Catch::Contains("event[1].except: only a repeating event"));
    }
    SECTION("a TOML syntax error") {
        // and the event's other mistakes after it: every mistake in one pass
        const auto d = errors("[[event]]\ntitle = \"x\nstart = 1\n");
        REQUIRE(d.size() == 2);
        CHECK_THAT(to_string(d[0]), Catch::StartsWith("agenda.toml:2:"));
        CHECK_THAT(to_string(d[1]), Catch::StartsWith("agenda.toml:3:9: error: event[1].start: "));
    }
    SECTION("a URL without a scheme") {
        CHECK_THAT(only_error(R"([[event]]
title = "x"
start = 2022-01-13T10:00:00
url = "www.osce.org"
)"),
                   Catch::Contains("event[1].url: \"www.osce.org\" is not a URL"));
    }
    SECTION("[[event]] given as a table") {
        CHECK(only_error("[event]\ntitle = \"x\"\n") ==
              "agenda.toml:1:1: error: event: expected an array of tables ([[event]]), found a "
              "table");
    }
}

TEST_CASE("all errors of a file are reported, in file order", "[core][reader][diagnostics]") {
    const auto d = errors(R"([settings]
remind = ["2x"]
[[event]]
title = "a"
start = 2022-01-13T10:00:00
end = 2022-01-13T09:00:00
[[event]]
titel = "b"
start = 2022-01-13T10:00:00
timezone = "Mars/Olympus"
)");
    REQUIRE(d.size() == 5);
    CHECK(d[0].line == 2);
    CHECK(d[1].line == 6);
    CHECK(d[2].line == 7); // missing title, reported at the table
    CHECK(d[3].line == 8); // unknown key titel
    CHECK(d[4].line == 10);
    CHECK_THAT(d[3].message, Catch::Contains("did you mean \"title\"?"));
}

TEST_CASE("files over 16 MiB are refused before parsing", "[core][reader][limits]") {
    const std::string big(limits::file_bytes + 1, '#');
    const auto d = errors(big);
    REQUIRE(d.size() == 1);
    CHECK_THAT(d[0].message, Catch::Contains("at most 16777216 (16 MiB)"));
    CHECK(d[0].line == 0);
}

TEST_CASE("too many lead times are refused", "[core][reader][limits]") {
    std::string leads;
    for (int i = 1; i <= 33; ++i)
        leads += (i > 1 ? ", \"" : "\"") + std::to_string(i) + "m\"";
    CHECK_THAT(only_error("[[event]]\ntitle = \"x\"\nstart = 2022-01-13T10:00:00\nremind = [" +
                          leads + "]\n"),
               Catch::Contains("has 33 lead times; at most 32 are allowed"));
}

TEST_CASE("read_schedule reports a missing file and reads a real one", "[core][reader]") {
    const auto missing = read_schedule("/nonexistent/agenda.toml", zone("UTC"));
    REQUIRE_FALSE(missing);
    CHECK(to_string(missing.error().at(0)) ==
          "/nonexistent/agenda.toml: error: cannot read the schedule: No such file or directory");

    char path[] = "/tmp/agendad-reader-XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    ::close(fd);
    std::ofstream{path} << "[[event]]\ntitle = \"x\"\nstart = 2022-01-13T10:00:00\n";
    const auto read = read_schedule(path, zone("UTC"));
    ::unlink(path);
    REQUIRE(read);
    CHECK(read->events.size() == 1);
    CHECK(read->path == path);
}

TEST_CASE("64 KiB zone, urgency and span values are refused quickly and not quoted back",
          "[core][reader][limits]") {
    const std::string big(64 * 1024 - 16, 'x');
    const auto begin = std::chrono::steady_clock::now();
    CHECK(only_error("[settings]\ntimezone = \"" + big + "\"\n") ==
          "agenda.toml:2:12: error: settings.timezone: is 65520 bytes long; at most 64 are "
          "allowed");
    CHECK(only_error("[settings]\nurgency = \"" + big + "\"\n") ==
          "agenda.toml:2:11: error: settings.urgency: is 65520 bytes long; at most 64 are "
          "allowed");
    CHECK(only_error("[settings]\nsnooze = \"" + big + "\"\n") ==
          "agenda.toml:2:10: error: settings.snooze: \"xxxxxxxxxxxxxxxx…\" is not a span (too "
          "long: 65520 bytes, at most 32)");
    // Ten such events froze a running daemon for 13.8 s on suggestions alone.
    std::string ten;
    for (int i = 0; i < 10; ++i)
        ten += "[[event]]\ntitle = \"t\"\nstart = 2022-01-13T10:00:00\ntimezone = \"" +
               std::string(600, 'x') + "\"\n";
    CHECK(errors(ten).size() == 10);
    // A stall guard, not a speed goal (bench/ measures speed): the fix takes milliseconds, the
    // stall took seconds per event.
    CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds{3});
}

TEST_CASE("a symlink loop is reported as a loop, not as a missing file", "[core][reader]") {
    char dir[] = "/tmp/agendad-loop-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    const std::string a = std::string{dir} + "/agenda.toml";
    const std::string b = std::string{dir} + "/other.toml";
    REQUIRE(::symlink(b.c_str(), a.c_str()) == 0);
    REQUIRE(::symlink(a.c_str(), b.c_str()) == 0);
    const auto looped = read_schedule(a, zone("UTC"));
    ::unlink(a.c_str());
    ::unlink(b.c_str());
    ::rmdir(dir);
    REQUIRE_FALSE(looped);
    CHECK(to_string(looped.error().at(0)) ==
          a + ": error: cannot read the schedule: a symlink loop (a link that leads back to "
              "itself)");
}

TEST_CASE("every independent mistake is reported in one pass, each naming its key",
          "[core][reader][diagnostics]") {
    SECTION("a start that is text, and a bad BYDAY in the same event") {
        const auto d = errors(R"([[event]]
title = "Lunch"
start = "tomorrow 12:00"
repeat = "FREQ=WEEKLY;BYDAY=XX"
)");
        REQUIRE(d.size() == 2);
        CHECK(to_string(d[0]) == "agenda.toml:3:9: error: event[1].start: expected a date "
                                 "(2022-01-13) or a date-time (2022-01-13T10:00:00), found a "
                                 "string");
        CHECK_THAT(to_string(d[1]),
                   Catch::StartsWith("agenda.toml:4:10: error: event[1].repeat: "
                                     "\"FREQ=WEEKLY;BYDAY=XX\" is not an RFC 5545 recurrence "
                                     "rule: "));
    }
    SECTION("a missing start does not hide the rule's mistake") {
        const auto d = errors("[[event]]\ntitle = \"x\"\nrepeat = \"FREQ=DAYLY\"\n");
        REQUIRE(d.size() == 2);
        CHECK_THAT(d[1].message, Catch::Contains("event[1].repeat: \"FREQ=DAYLY\""));
    }
    SECTION("a date that does not exist names its key") {
        CHECK(only_error(R"([[event]]
title = "x"
start = 2022-01-13T10:00:00
[[event]]
title = "y"
start = 2026-02-30T10:00:00
)") == "agenda.toml:6:19: error: event[2].start: 2026-02-30T10:00:00 is not a valid date: "
       "expected day between 1 and 28 (inclusive), saw 30");
        CHECK(only_error("[settings]\ncatch_up = 2026-13-01\n") ==
              "agenda.toml:2:19: error: settings.catch_up: 2026-13-01 is not a valid date: "
              "expected month between 1 and 12 (inclusive), saw 13");
    }
    SECTION("a time without quotes names its key and says what to write") {
        CHECK(only_error("[[event]]\ntitle = \"x\"\nstart = tomorrow 12:00\n") ==
              "agenda.toml:3:10: error: event[1].start: tomorrow 12:00 is not a value; text "
              "goes in quotes (\"…\"), and a date-time is written 2022-01-13T10:00:00");
    }
    SECTION("a repeat that is not text adds no error about except") {
        for (const char* repeat : {"repeat = 5", "repeat = \"\"", "repeat = \"FREQ=NEVER\""}) {
            const auto d = errors(fmt::format(R"([[event]]
title = "x"
start = 2022-01-13T10:00:00
{}
except = [2022-01-20]
)",
                                              repeat));
            REQUIRE(d.size() == 1);
            CHECK_THAT(d[0].message, Catch::StartsWith("event[1].repeat: "));
        }
    }
    SECTION("a date that does not exist hides nothing else, in its event or after it") {
        const auto d = errors(R"([[event]]
title = "Dentist"
start = 2026-02-30T15:00:00
remnd = ["1h"]
urgency = "hgh"
[[event]]
title = "Lunch"
start = 2026-03-02T12:00:00
remind = ["1 h"]
)");
        REQUIRE(d.size() == 4);
        CHECK(to_string(d[0]) ==
              "agenda.toml:3:19: error: event[1].start: 2026-02-30T15:00:00 is not a valid date: "
              "expected day between 1 and 28 (inclusive), saw 30");
        CHECK(to_string(d[1]) ==
              "agenda.toml:4:1: error: event[1]: unknown key \"remnd\" (did you mean "
              "\"remind\"?)");
        CHECK_THAT(to_string(d[2]),
                   Catch::StartsWith("agenda.toml:5:11: error: event[1].urgency: "));
        CHECK_THAT(to_string(d[3]),
                   Catch::StartsWith("agenda.toml:9:11: error: event[2].remind[1]: "));
    }
    SECTION("a file with eight mistakes reports eight") {
        const auto d = errors(R"([settings]
timezone = "Europe/Brusels"
remind = ["15 min"]

[[event]]
title = "Lunch"
start = "tomorrow 12:00"
repeat = "FREQ=WEEKLY;BYDAY=XX"

[[event]]
title = "Dentist"
start = 2026-12-03T15:00:00
remnd = ["1h"]
duration = "1 hour"

[[event]]
title = "Standup"
start = 2026-12-01T09:00:00
repeat = 5
except = [2026-12-08]
urgency = "hgh"
)");
        CHECK(d.size() == 8);
        std::vector<std::string> keys;
        for (const auto& diagnostic : d)
            keys.push_back(diagnostic.message.substr(0, diagnostic.message.find(':')));
        CHECK(keys == std::vector<std::string>{"settings.timezone", "settings.remind[1]",
                                               "event[1].start", "event[1].repeat", "event[2]",
                                               "event[2].duration", "event[3].repeat",
                                               "event[3].urgency"});
    }
}
