#include "core/text/plural.hpp"
#include "core/text/reminder_text.hpp"
#include "core_support.hpp"

#include <fmt/format.h>

using namespace agendad::core;
using namespace agendad::core::test;

TEST_CASE("RFC 3339 in UTC, with zone offsets, and back", "[core][text]") {
    const Instant t = at("2022-01-13T09:00:00Z");
    CHECK(rfc3339_utc(t) == "2022-01-13T09:00:00Z");
    CHECK(rfc3339_in(zone("Europe/Vienna"), t) == "2022-01-13T10:00:00+01:00");
    CHECK(rfc3339_in(zone("America/St_Johns"), t) == "2022-01-13T05:30:00-03:30");
    CHECK(parse_rfc3339("2022-01-13T09:00:00Z") == t);
    CHECK(parse_rfc3339("2022-01-13 10:00:00+01:00") == t);
    CHECK(parse_rfc3339("2022-01-13T05:30:00-03:30") == t);
    CHECK_FALSE(parse_rfc3339("2022-01-13T09:00:00"));
    CHECK_FALSE(parse_rfc3339("yesterday"));
    CHECK_FALSE(parse_rfc3339("2022-01-13T09:00:00Zjunk"));
}

TEST_CASE("JSON strings are escaped", "[core][text]") {
    CHECK(json_escape("a\"b\\c\nd\x01") == "a\\\"b\\\\c\\nd\\u0001");
    CHECK(json_escape("NATO–Ukraine") == "NATO–Ukraine");
}

TEST_CASE("a reminder as a JSON line and as a human line", "[core][text]") {
    const auto s = schedule(R"(
[[event]]
id = "osce-pc"
title = "OSCE \"Permanent\" Council"
start = 2022-01-13T10:00:00
timezone = "Europe/Vienna"
remind = ["1h", "0m"]
[[event]]
title = "Holiday"
start = 2022-01-14
timezone = "Europe/Vienna"
remind = ["1d"]
)");
    const auto r = reminders_between(s, at("2022-01-01T00:00:00Z"), at("2022-02-01T00:00:00Z"));
    REQUIRE(r.size() == 3);
    CHECK(reminder_json(r[0]) ==
          R"({"fire_at":"2022-01-13T08:00:00Z","start":"2022-01-13T10:00:00+01:00",)"
          R"("title":"OSCE \"Permanent\" Council","id":"osce-pc","lead":"1h","all_day":false})");
    CHECK(reminder_line(r[0], zone("America/New_York")) ==
          "Thu 2022-01-13 03:00 EST  1h before       OSCE \"Permanent\" Council · "
          "Thu 2022-01-13 04:00 (10:00 CET Europe/Vienna)");
    CHECK(reminder_line(r[0], zone("Europe/Vienna")) ==
          "Thu 2022-01-13 09:00 CET  1h before       OSCE \"Permanent\" Council · "
          "Thu 2022-01-13 10:00");
    CHECK(reminder_line(r[2], zone("Europe/Berlin")) ==
          "Thu 2022-01-13 10:00 CET  at the start    OSCE \"Permanent\" Council · "
          "Thu 2022-01-13 10:00 (Europe/Vienna)");
    CHECK(reminder_json(r[1]) ==
          R"({"fire_at":"2022-01-13T08:00:00Z","start":"2022-01-14T00:00:00+01:00",)"
          R"("title":"Holiday","id":"holiday-20220114","lead":"1d","all_day":true})");
    CHECK(reminder_line(r[1], zone("Europe/Vienna")) ==
          "Thu 2022-01-13 09:00 CET  1d before       Holiday · all day Fri 2022-01-14");
}

TEST_CASE("counts are spelt out in the singular or the plural, never with (s)", "[core][text]") {
    CHECK(counted(0, "warning") == "0 warnings");
    CHECK(counted(1, "warning") == "1 warning");
    CHECK(counted(255, "week") == "255 weeks");
    CHECK(counted(2, "entry", "entries") == "2 entries");
    CHECK(counted(1, "entry", "entries") == "1 entry");
}

TEST_CASE("an event's own alarm says its lead in words, not as its TRIGGER", "[core][text]") {
    const auto described = [](Alarm::Related related, int days, std::chrono::seconds exact) {
        Alarm alarm{.related = related, .lead = {days, exact, "-PT…"}};
        Reminder reminder;
        reminder.lead = &alarm.lead;
        reminder.alarm = &alarm;
        return describe_lead(reminder);
    };
    using std::chrono::seconds;
    CHECK(described(Alarm::Related::start, 0, seconds{900}) == "15m before");
    CHECK(described(Alarm::Related::start, 8, seconds{5400}) == "1w1d1h30m before");
    CHECK(described(Alarm::Related::start, 0, seconds{-600}) == "10m after the start");
    CHECK(described(Alarm::Related::end, 0, seconds{300}) == "5m before the end");
    CHECK(described(Alarm::Related::end, 0, seconds{-300}) == "5m after the end");
    CHECK(described(Alarm::Related::start, 0, seconds{0}) == "at the start");
    CHECK(described(Alarm::Related::instant, 0, seconds{0}) == "its alarm");
    // A REPEAT step can leave days and hours of opposite signs: the nominal total.
    CHECK(described(Alarm::Related::start, 1, seconds{-1800}) == "23h30m before");
}

namespace {

// The escaping JSON asks for, one character at a time: what the fast path must equal.
std::string escape_slowly(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\')
            out += {'\\', c};
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (byte < 0x20)
            out += fmt::format("\\u{:04x}", byte);
        else
            out += c;
    }
    return out;
}

} // namespace

TEST_CASE("JSON escaping finds every character to escape, wherever it stands", "[core][text]") {
    // Plain stretches are scanned eight bytes at a time: put each byte at each place of strings
    // shorter than, as long as and longer than one or two such words.
    for (const std::size_t length : {1, 7, 8, 9, 15, 16, 17, 23}) {
        for (std::size_t at = 0; at < length; ++at) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string text(length, 'a');
                text[at] = static_cast<char>(byte);
                INFO("length " << length << ", byte " << byte << " at " << at);
                REQUIRE(json_escape(text) == escape_slowly(text));
            }
        }
    }
    CHECK(json_escape("") == "");
    CHECK(json_escape("Team sync · Büro \"Nord\" \\ 東京\x7f") ==
          "Team sync · Büro \\\"Nord\\\" \\\\ 東京\x7f");
}

TEST_CASE("RFC 3339 text equals date::format's from year 1 to 9999", "[core][text]") {
    const Zone& kathmandu = zone("Asia/Kathmandu"); // +05:45, and +05:30 before 1986
    for (const auto* text :
         {"0001-01-01T00:00:00Z", "1600-02-29T23:59:59Z", "1899-12-31T12:00:00Z",
          "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2000-02-29T12:34:56Z",
          "2027-12-31T23:59:59Z", "2100-03-01T00:00:00Z", "9999-12-31T00:00:00Z"}) {
        const Instant t = at(text);
        INFO(text);
        CHECK(rfc3339_utc(t) == date::format("%FT%TZ", t));
        const auto offset =
            std::chrono::duration_cast<std::chrono::minutes>(kathmandu.get_info(t).offset);
        REQUIRE(offset.count() > 0);
        CHECK(rfc3339_in(kathmandu, t) ==
              date::format("%FT%T", date::local_seconds{t.time_since_epoch() + offset}) +
                  fmt::format("+{:02}:{:02}", offset.count() / 60, offset.count() % 60));
    }
    // Every day of four years, leap days included, at a time of day that moves.
    for (int day = 0; day < 4 * 366; ++day) {
        const Instant t =
            at("2026-01-01T00:00:00Z") + std::chrono::days{day} + std::chrono::seconds{day * 59};
        REQUIRE(rfc3339_utc(t) == date::format("%FT%TZ", t));
    }
}

TEST_CASE("an own alarm's lead is handed on in remind's words, never as its TRIGGER",
          "[core][text]") {
    const auto lead_of = [](Alarm::Related related, int days, std::chrono::seconds exact) {
        Alarm alarm{.related = related, .lead = {days, exact, "-PT…"}};
        Reminder reminder;
        reminder.lead = &alarm.lead;
        reminder.alarm = &alarm;
        return lead_text(reminder);
    };
    using std::chrono::seconds;
    CHECK(lead_of(Alarm::Related::start, 0, seconds{900}) == "15m");
    CHECK(lead_of(Alarm::Related::start, 1, seconds{0}) == "1d");
    CHECK(lead_of(Alarm::Related::start, 0, seconds{0}) == "0m");
    CHECK(lead_of(Alarm::Related::start, 0, seconds{-600}) == "10m after the start");
    CHECK(lead_of(Alarm::Related::end, 0, seconds{300}) == "5m before the end");
    CHECK(lead_of(Alarm::Related::end, 0, seconds{0}) == "at the end");
    CHECK(lead_of(Alarm::Related::instant, 0, seconds{0}) == "its alarm");
    // A `remind` lead stays as written.
    const Span written{0, seconds{5400}, "1h30m"};
    Reminder reminder;
    reminder.lead = &written;
    CHECK(lead_text(reminder) == "1h30m");
}
