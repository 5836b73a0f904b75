// An [[event]] table as text: what agendactl add and import write, read back by the reader.

#include "core/toml/event_toml.hpp"
#include "core_support.hpp"

#include "catch_compat.hpp"

using namespace agendad::core;
using test::local;

TEST_CASE("strings are escaped as TOML basic strings", "[core][event_toml]") {
    CHECK(toml_string("plain") == "\"plain\"");
    CHECK(toml_string("say \"hi\"\\") == R"("say \"hi\"\\")");
    CHECK(toml_string("two\nlines\ttab") == R"("two\nlines\ttab")");
    CHECK(toml_string(std::string{"bell\x07"}) == R"("bell\u0007")");
    CHECK(toml_string("Réunion – équipe") == "\"Réunion – équipe\"");
}

TEST_CASE("spans are written largest unit first, zero as 0m", "[core][event_toml]") {
    const auto text = [](const char* span) { return span_text(*parse_span(span)); };
    CHECK(text("0m") == "0m");
    CHECK(text("1d") == "1d");
    CHECK(text("2w") == "14d");
    CHECK(text("1d2h30m") == "1d2h30m");
    CHECK(text("90m") == "1h30m");
    CHECK(text("45s") == "45s");
}

TEST_CASE("a table reads back as the event it describes", "[core][event_toml]") {
    EventTable table;
    table.id = "team-sync";
    table.title = "Team \"sync\"";
    table.start = local("2022-01-03T09:30:00");
    table.timezone = "Europe/Brussels";
    table.duration = *parse_span("30m");
    table.description = "line one\nline two";
    table.url = "https://meet.example.org/x";
    table.remind = std::vector<Span>{*parse_span("1d"), *parse_span("15m")};
    table.urgency = "critical";
    table.repeat = "FREQ=WEEKLY;BYDAY=MO,TH";
    table.except_times = {local("2022-01-13T09:30:00")};
    table.except_days = {date::floor<date::days>(local("2022-01-17T00:00:00"))};
    table.comments = {"imported from work.ics"};

    const std::string text = to_toml(table);
    CHECK(text.starts_with("# imported from work.ics\n[[event]]\nid = \"team-sync\"\n"));
    const Schedule schedule = test::schedule(text);
    REQUIRE(schedule.events.size() == 1);
    const Event& event = schedule.events.front();
    CHECK(event.id == "team-sync");
    CHECK(event.title == "Team \"sync\"");
    CHECK(event.zone->name() == "Europe/Brussels");
    CHECK(event.start == local("2022-01-03T09:30:00"));
    CHECK(event.duration == *parse_span("30m"));
    CHECK(event.description == "line one\nline two");
    CHECK(event.remind.size() == 2);
    CHECK(event.urgency == Urgency::critical);
    CHECK(event.except_times == std::vector{local("2022-01-13T09:30:00")});
    CHECK(event.except_days.size() == 1);
}

TEST_CASE("an all-day table writes a date, an empty remind []", "[core][event_toml]") {
    EventTable table;
    table.title = "Holiday";
    table.all_day = true;
    table.start = local("2026-12-24T00:00:00");
    table.remind = std::vector<Span>{};
    CHECK(to_toml(table) == "[[event]]\ntitle = \"Holiday\"\nstart = 2026-12-24\nremind = []\n");
}

TEST_CASE("appending keeps the existing text byte for byte", "[core][event_toml]") {
    const std::string table = "[[event]]\ntitle = \"x\"\n";
    SECTION("after a final newline, one blank line") {
        CHECK(appended_text("# mine\n", table) == "# mine\n\n" + table);
    }
    SECTION("a missing final newline is added first") {
        CHECK(appended_text("a = 1  # no newline", table) == "a = 1  # no newline\n\n" + table);
    }
    SECTION("CRLF lines and trailing blanks stay") {
        CHECK(appended_text("a = 1\r\n\r\n", table) == "a = 1\r\n\r\n\n" + table);
    }
    SECTION("an empty file gets the table alone") {
        CHECK(appended_text("", table) == table);
    }
}
