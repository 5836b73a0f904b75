#include "core/read/schedule_reader.hpp"
#include "core/toml/schedule_chunks.hpp"
#include "core_support.hpp"

#include <fmt/format.h>
#include <fstream>
#include <sstream>

using namespace agendad::core;
using namespace agendad::core::test;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in{path, std::ios::binary};
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string show(const Span& span) {
    return fmt::format("{}d{}s'{}'", span.calendar_days, span.exact.count(), span.text);
}

/// Everything a schedule holds that reading decides, one line per event, so that two reads can
/// be compared whole (Event has no ==: its rule is compared by its text).
std::string dump(const Schedule& s) {
    std::string out = fmt::format("settings {} {} {} {} {} {}\n", s.settings.zone->name(),
                                  s.settings.remind.size(), s.settings.all_day_at.count(),
                                  to_string(s.settings.urgency), show(s.settings.catch_up),
                                  show(s.settings.snooze));
    for (const auto& span : s.settings.remind)
        out += show(span) + " ";
    for (const Event& e : s.events) {
        out += fmt::format("\n{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}:{}|", e.id, e.title,
                           e.location, e.description, e.url, e.zone->name(), e.all_day,
                           e.start.time_since_epoch().count(),
                           e.start_instant ? e.start_instant->time_since_epoch().count() : -1,
                           show(e.duration.span()), to_string(e.urgency),
                           e.repeat ? e.repeat->text() : "-", e.position.line, e.position.column);
        for (const auto& span : e.remind)
            out += show(span) + ",";
        for (std::size_t i = 0; i < e.except_times.size(); ++i)
            out += fmt::format("x{}@{}:{},", e.except_times[i].time_since_epoch().count(),
                               e.except_time_positions.at(i).line,
                               e.except_time_positions.at(i).column);
        for (std::size_t i = 0; i < e.except_days.size(); ++i)
            out +=
                fmt::format("d{}@{}:{},", e.except_days[i].time_since_epoch().count(),
                            e.except_day_positions.at(i).line, e.except_day_positions.at(i).column);
    }
    return out;
}

/// The same document with its first `[[event]]` header spelt with an escape, which the split
/// does not take for a header: the whole text is then parsed at once, as before chunks existed.
std::string unsplittable(std::string text) {
    const auto at = text.find("[[event]]");
    REQUIRE(at != std::string::npos);
    text.replace(at, 9, "[[\"ev\\u0065nt\"]]");
    return text;
}

/// Where the `n`th (from 0) `[[event]]` header line starts (the generated descriptions hold
/// look-alikes that are not header lines).
std::size_t header(const std::string& text, std::size_t n) {
    std::size_t at = text.starts_with("[[event]]\n") ? 0 : text.find("\n[[event]]\n") + 1;
    for (; n > 0; --n)
        at = text.find("\n[[event]]\n", at) + 1;
    return at;
}

std::expected<Schedule, Diagnostics> read(const std::string& text, ReadOptions options = {},
                                          const char* zone_name = "Europe/Brussels") {
    return parse_schedule(text, "agenda.toml", zone(zone_name), {}, options);
}

std::string dump_or_errors(const std::expected<Schedule, Diagnostics>& read) {
    return read ? dump(*read) : to_string(read.error());
}

/// A schedule of `count` events using every kind of key, deterministic.
std::string generated(std::size_t count) {
    static const char* zones[] = {"Asia/Tokyo", "America/New_York", "Europe/Vienna", ""};
    std::string text = "# generated\n[settings]\ntimezone = \"Europe/Brussels\"\n"
                       "remind = [\"1h\", \"10m\"]\n\n";
    for (std::size_t i = 0; i < count; ++i) {
        const unsigned day = 1 + i % 28;
        const unsigned month = 1 + (i / 28) % 12;
        text += fmt::format("[[event]]\ntitle = \"Event {}\"\n", i);
        if (i % 5 == 0)
            text += fmt::format("start = 2027-{:02}-{:02}\nduration = \"2d\"\n", month, day);
        else if (i % 7 == 0)
            text += fmt::format("start = 2027-{:02}-{:02}T09:30:00+05:30\n", month, day);
        else
            text += fmt::format("start = 2027-{:02}-{:02}T{:02}:15:00\nend = "
                                "2027-{:02}-{:02}T{:02}:45:00\n",
                                month, day, 8 + i % 10, month, day, 8 + i % 10);
        if (const char* z = zones[i % 4]; *z != 0)
            text += fmt::format("timezone = \"{}\"\n", z);
        if (i % 3 == 0)
            text += fmt::format("remind = [\"{}m\"]\n", 5 + i % 50);
        if (i % 11 == 0)
            text += "urgency = \"critical\"\n";
        if (i % 4 == 1) {
            text += "repeat = \"FREQ=WEEKLY;COUNT=10\"\n";
            text += fmt::format("except = [\n  2027-{:02}-{:02}T{:02}:15:00,\n]\n", month, day,
                                8 + i % 10);
        }
        if (i % 6 == 0)
            text += "description = \"\"\"\nTwo lines,\n[[event]] in a string\"\"\"\n";
        text += "\n";
    }
    return text;
}

} // namespace

TEST_CASE("the split cuts before each [[event]] header line and counts lines", "[core][chunks]") {
    const std::string text = "[settings]\nremind = []\n[[event]]\ntitle = \"a\"\n"
                             "  [[ event ]]  # second\r\nx = 1\n[[\"event\"]]\n";
    const auto chunks = split_schedule(text);
    REQUIRE(chunks.size() == 4);
    CHECK(chunks[0].text == "[settings]\nremind = []\n");
    CHECK(chunks[1].text == "[[event]]\ntitle = \"a\"\n");
    CHECK(chunks[1].first_line == 3);
    CHECK(chunks[2].text == "  [[ event ]]  # second\r\nx = 1\n");
    CHECK(chunks[2].first_line == 5);
    CHECK(chunks[3].first_line == 7);
    CHECK(chunks[1].hash != chunks[2].hash);

    SECTION("other headers and look-alikes stay inside their chunk") {
        for (const char* line : {"[[events]]", "[[event.alarm]]", "[event]", "x = \"[[event]]\"",
                                 "[[event]] x", "# [[event]]"})
            CHECK_FALSE(is_event_header(line));
    }
    SECTION("a text without events is one preamble") {
        CHECK(split_schedule("[settings]\n").size() == 1);
        CHECK(split_schedule("").size() == 1);
    }
}

TEST_CASE("the split finds headers between bracketed values and counts long runs of lines",
          "[core][chunks]") {
    // Thousands of lines between two headers (the line feeds are counted in blocks), lines
    // that hold '[' and "[[" that are not headers, a header indented with a tab.
    std::string text = "[[event]]\nremind = [\"5m\"]\nx = [[1, 2], [3]]\n";
    for (int i = 0; i < 5000; ++i)
        text += "# a comment line [[event]]\n";
    text += "\t[[event]]\ny = 1\n[[x]]\n [ [event]]\n[[event]]";
    const auto chunks = split_schedule(text);
    REQUIRE(chunks.size() == 4);
    CHECK(chunks[0].text.empty());
    CHECK(chunks[1].first_line == 1);
    CHECK(chunks[2].first_line == 5004);
    CHECK(chunks[2].text == "\t[[event]]\ny = 1\n[[x]]\n [ [event]]\n");
    CHECK(chunks[3].first_line == 5008);
    CHECK(chunks[3].text == "[[event]]");
}

TEST_CASE("chunks hash equal only when their texts are equal", "[core][chunks]") {
    // Every length around the hash's eight-byte steps, one byte changed at every place.
    for (std::size_t size = 1; size <= 40; ++size) {
        const std::string text = "[[event]]\n" + std::string(size, 'a');
        const auto hash = split_schedule(text)[1].hash;
        CHECK(split_schedule(text)[1].hash == hash);
        for (std::size_t at = 0; at < text.size(); ++at) {
            std::string changed = text;
            changed[at] = changed[at] == 'b' ? 'c' : 'b';
            const auto chunks = split_schedule(changed);
            CHECK(chunks.back().hash != hash);
        }
    }
}

TEST_CASE("a chunked read gives what one parse of the whole text gives", "[core][chunks]") {
    SECTION("the example schedule") {
        const auto text = read_file(AGENDAD_EXAMPLE_FILE);
        const auto chunked = read(text);
        REQUIRE(chunked);
        CHECK(dump(*chunked) == dump_or_errors(read(unsplittable(text))));
    }
    SECTION("the starter schedule") {
        const auto text = read_file(AGENDAD_STARTER_FILE);
        if (text.find("[[event]]") != std::string::npos)
            CHECK(dump_or_errors(read(text)) == dump_or_errors(read(unsplittable(text))));
    }
    SECTION("a generated schedule, on one thread and on four") {
        const auto text = generated(600);
        const auto sequential = read(text);
        REQUIRE(sequential);
        CHECK(sequential->events.size() == 600);
        CHECK(dump(*sequential) == dump_or_errors(read(unsplittable(text))));
        ScheduleMemo memo;
        const auto parallel = read(text, {.memo = &memo, .threads = 4});
        REQUIRE(parallel);
        CHECK(dump(*parallel) == dump(*sequential));
        CHECK(memo.last().parsed == 600);
        CHECK_FALSE(memo.last().whole);
    }
}

TEST_CASE("a split it cannot trust is read as one text", "[core][chunks]") {
    ScheduleMemo memo;
    SECTION("a chunk boundary inside a multi-line string") {
        const std::string text = "[[event]]\ntitle = \"a\"\nstart = 2027-01-04T10:00:00\n"
                                 "description = '''\n[[event]]\nnot a table'''\n"
                                 "[[event]]\ntitle = \"b\"\nstart = 2027-01-05T10:00:00\n";
        for (unsigned threads : {1U, 4U}) {
            const auto s = read(text, {.memo = &memo, .threads = threads});
            REQUIRE(s);
            REQUIRE(s->events.size() == 2);
            CHECK(s->events[0].description == "[[event]]\nnot a table");
            CHECK(s->events[1].position.line == 7);
            CHECK(memo.last().whole);
        }
    }
    SECTION("settings after the events") {
        const std::string text = "[[event]]\ntitle = \"a\"\nstart = 2027-01-04T10:00:00\n"
                                 "[settings]\nremind = [\"3h\"]\n";
        const auto s = read(text, {.memo = &memo});
        REQUIRE(s);
        CHECK(s->events.at(0).remind.at(0).text == "3h");
        CHECK(memo.last().whole);
    }
    SECTION("a calendar after the events") {
        const std::string text = "[[event]]\ntitle = \"a\"\nstart = 2027-01-04T10:00:00\n"
                                 "[[calendar]]\nname = \"x\"\n";
        const auto d = read(text, {.memo = &memo});
        REQUIRE_FALSE(d);
        CHECK_THAT(to_string(d.error()), Catch::Contains("agenda.toml:4:"));
        CHECK(memo.last().whole);
    }
}

TEST_CASE("errors in a later chunk are at the lines and columns of one whole parse",
          "[core][chunks][diagnostics]") {
    std::string text = generated(100);
    const auto second = header(text, 1);
    SECTION("a mistake the event reader finds") {
        text.insert(text.find('\n', second) + 1, "  remnd = [\"1d\"]\n  remind = [\"5x\"]\n");
        const auto whole = read(unsplittable(text));
        REQUIRE_FALSE(whole);
        for (unsigned threads : {1U, 4U}) {
            const auto chunked = read(text, {.threads = threads});
            REQUIRE_FALSE(chunked);
            CHECK(to_string(chunked.error()) == to_string(whole.error()));
        }
        REQUIRE(whole.error().size() == 2);
        CHECK(whole.error()[0].line == 18);
        CHECK(whole.error()[0].column == 3);
        CHECK_THAT(whole.error()[0].message, Catch::Contains("event[2]: unknown key \"remnd\""));
        CHECK(whole.error()[1].line == 19);
        CHECK(whole.error()[1].column == 13);
    }
    SECTION("a TOML syntax error") {
        text.insert(text.find('\n', second) + 1, "location = \"unterminated\n");
        const auto whole = read(unsplittable(text));
        REQUIRE_FALSE(whole);
        REQUIRE(whole.error().size() == 1);
        for (unsigned threads : {1U, 4U}) {
            const auto chunked = read(text, {.threads = threads});
            REQUIRE_FALSE(chunked);
            REQUIRE(chunked.error().size() == 1);
            CHECK(chunked.error()[0].line == 18);
            CHECK(chunked.error()[0].line == whole.error()[0].line);
            CHECK(chunked.error()[0].column == whole.error()[0].column);
            // (the whole parse's message counts events by header lines, and the escaped one
            // that forces it is not one)
            CHECK_THAT(chunked.error()[0].message, Catch::StartsWith("event[2].location: "));
        }
    }
}

TEST_CASE("a syntax error in one event does not hide the others' mistakes",
          "[core][chunks][diagnostics]") {
    const std::string text = R"([[event]]
title = "a"
start = 2027-01-04T10:00:00
remind = ["5x"]
[[event]]
title = "b"
start = 2027-02-30T10:00:00
[[event]]
title = "c"
start = 2027-01-06T10:00:00
urgency = "hgh"
[[event]]
title = "d"
start = 2027-01-07T10:00:00 10
)";
    for (unsigned threads : {1U, 4U}) {
        const auto d = read(text, {.threads = threads});
        REQUIRE_FALSE(d);
        REQUIRE(d.error().size() == 4);
        CHECK(to_string(d.error()[0]) ==
              "agenda.toml:4:11: error: event[1].remind[1]: \"5x\" is not a span ('x' is not a "
              "unit of w, d, h, m, s; use e.g. \"1h30m\", \"1d\" or \"15m\")");
        CHECK(to_string(d.error()[1]) ==
              "agenda.toml:7:19: error: event[2].start: 2027-02-30T10:00:00 is not a valid date: "
              "expected day between 1 and 28 (inclusive), saw 30");
        CHECK_THAT(to_string(d.error()[2]),
                   Catch::StartsWith("agenda.toml:11:11: error: event[3].urgency: "));
        CHECK_THAT(to_string(d.error()[3]),
                   Catch::StartsWith("agenda.toml:14:29: error: event[4].start: "));
    }
}

TEST_CASE("a reload parses only the chunks whose text changed", "[core][chunks][reload]") {
    const std::string before = generated(200);
    ScheduleMemo memo;
    const auto first = read(before, {.memo = &memo});
    REQUIRE(first);
    CHECK(memo.last().parsed == 200);
    memo.keep(std::make_shared<const Schedule>(*first));

    const auto reread = [&](const std::string& text, const char* zone_name = "Europe/Brussels") {
        auto s = read(text, {.memo = &memo}, zone_name);
        REQUIRE(s);
        CHECK(dump(*s) == dump_or_errors(read(text, {}, zone_name)));
        memo.keep(std::make_shared<const Schedule>(*s));
        return memo.last().parsed;
    };
    SECTION("the same text parses nothing") {
        CHECK(reread(before) == 0);
    }
    SECTION("one title changed parses one chunk") {
        std::string text = before;
        text.replace(text.find("Event 57\""), 8, "Event 57 (moved)");
        CHECK(reread(text) == 1);
    }
    SECTION("lines added above move the events kept below") {
        std::string text = before;
        text.insert(text.find("title = \"Event 3\""), "location = \"x\"\n\n\n");
        CHECK(reread(text) == 1);
        SECTION("and lines taken away move them back") {
            CHECK(reread(before) == 1);
        }
    }
    SECTION("an event added, one removed") {
        std::string text = before + "[[event]]\ntitle = \"new\"\nstart = 2027-03-01\n";
        CHECK(reread(text) == 1);
        text.erase(header(text, 1), header(text, 2) - header(text, 1));
        CHECK(reread(text) == 0);
    }
    SECTION("settings' remind and urgency are given again without parsing") {
        std::string text = before;
        text.replace(text.find("remind = [\"1h\", \"10m\"]"), 22,
                     "remind = [\"2h\"]\nurgency = \"low\"");
        CHECK(reread(text) == 0);
    }
    SECTION("settings' remind written differently is given as now written") {
        std::string text = before;
        text.replace(text.find("remind = [\"1h\", \"10m\"]"), 22, "remind = [\"60m\", \"10m\"]");
        CHECK(reread(text) == 0);
    }
    SECTION("a new default zone parses the events that take it, and only those") {
        std::string text = before;
        text.replace(text.find("timezone = \"Europe/Brussels\""), 28, "timezone = \"Asia/Dubai\"");
        CHECK(reread(text) == 50);
        CHECK(reread(before) == 50);
    }
    SECTION("the user's zone changes what a file without one means") {
        std::string text = before;
        text.erase(text.find("timezone = \"Europe/Brussels\""), 28);
        CHECK(reread(text) == 0); // the user's zone is Brussels too
        CHECK(reread(text, "Asia/Tokyo") == 50);
    }
    SECTION("a pasted copy of an event, or a new event with a used id, is a clash") {
        const std::string first_event =
            before.substr(header(before, 0), header(before, 1) - header(before, 0));
        const auto pasted = read(before + first_event, {.memo = &memo});
        REQUIRE_FALSE(pasted);
        CHECK(to_string(pasted.error()) == to_string(read(before + first_event).error()));
        CHECK_THAT(pasted.error().at(0).message,
                   Catch::Contains("is already used by the event at line 6"));
        const auto same_id = read(
            before +
                "[[event]]\nid = \"event-8-20270109t1615\"\ntitle = \"x\"\nstart = 2027-03-01\n",
            {.memo = &memo});
        REQUIRE_FALSE(same_id);
        CHECK_THAT(same_id.error().at(0).message,
                   Catch::Contains("its id \"event-8-20270109t1615\""));
    }
    SECTION("a failed read leaves the memo as it was") {
        std::string broken = before;
        broken.replace(broken.find("Event 9\""), 8, "Event 9\"\nstart = 1\n");
        REQUIRE_FALSE(read(broken, {.memo = &memo}));
        CHECK(reread(before) == 0);
    }
}

TEST_CASE("a reload shares the events it keeps, unless their lines or defaults changed",
          "[core][chunks][reload]") {
    const std::string before = generated(30);
    ScheduleMemo memo;
    auto first = read(before, {.memo = &memo});
    REQUIRE(first);
    const auto held = std::make_shared<const Schedule>(std::move(*first));
    memo.keep(held);
    const auto reread = [&](const std::string& text) {
        auto s = read(text, {.memo = &memo});
        REQUIRE(s);
        CHECK(dump(*s) == dump_or_errors(read(text)));
        auto kept = std::make_shared<const Schedule>(std::move(*s));
        memo.keep(kept);
        return kept;
    };
    const auto same_object = [&](const Schedule& after, std::size_t i) {
        return &after.events[i] == &held->events[i];
    };
    REQUIRE(held->events.size() == 30);

    SECTION("a title changed: every other event is the same object") {
        std::string text = before;
        text.replace(text.find("Event 5\""), 8, "Event 5 (moved)\"");
        const auto after = reread(text);
        REQUIRE(after->events.size() == 30);
        for (std::size_t i = 0; i < 30; ++i)
            CHECK(same_object(*after, i) == (i != 5));
    }
    SECTION("lines added above: the events below are copies at their new lines") {
        std::string text = before;
        text.insert(text.find("title = \"Event 12\""), "location = \"x\"\n\n\n");
        const auto after = reread(text);
        REQUIRE(after->events.size() == 30);
        for (std::size_t i = 0; i < 30; ++i) {
            CHECK(same_object(*after, i) == (i < 12));
            CHECK(after->events[i].position.line == held->events[i].position.line + (i > 12) * 3);
        }
        SECTION("and the next save that keeps them shares them as they are now") {
            const auto again = reread(text);
            for (std::size_t i = 0; i < 30; ++i)
                CHECK(&again->events[i] == &after->events[i]);
        }
    }
    SECTION("a new default remind reaches the kept events that take it, in copies") {
        std::string text = before;
        text.replace(text.find("remind = [\"1h\", \"10m\"]"), 22, "remind = [\"2h\"]");
        const auto after = reread(text);
        REQUIRE(after->events.size() == 30);
        for (std::size_t i = 0; i < 30; ++i) {
            const bool inherits = i % 3 != 0; // the others say remind = [...] themselves
            CHECK(same_object(*after, i) == !inherits);
            if (inherits)
                CHECK(after->events[i].remind.at(0).text == "2h");
        }
    }
}
