#include "core/toml/starter_schedule.hpp"
#include "core/toml/toml_guard.hpp"
#include "core_support.hpp"

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

using namespace agendad::core;
using namespace agendad::core::test;

namespace {

/// The scan's verdict printed as "line:column: message", or "ok".
std::string scan(std::string_view text) {
    const auto problem = check_toml_text(text);
    if (!problem)
        return "ok";
    return std::to_string(problem->line) + ":" + std::to_string(problem->column) + ": " +
           problem->message;
}

std::string only_error(const std::string& toml) {
    const auto diagnostics = errors(toml);
    REQUIRE(diagnostics.size() == 1);
    return to_string(diagnostics.front());
}

std::string dotted(const std::string& part, std::size_t parts) {
    std::string key = part;
    for (std::size_t i = 1; i < parts; ++i)
        key += "." + part;
    return key;
}

} // namespace

TEST_CASE("a key with 300000 dotted parts is refused before toml++ overflows its stack",
          "[core][reader][toml_guard]") {
    // 'a' + '.a' * 300000 + ' = 1': the 585 KiB file that crashed `agendactl check`.
    CHECK(only_error(dotted("a", 300001) + " = 1\n") ==
          "agenda.toml:1:128: error: a key may have at most 64 dotted parts");
    CHECK(only_error("[" + dotted("a", 300001) + "]\n") ==
          "agenda.toml:1:129: error: a key may have at most 64 dotted parts");
    CHECK(only_error("[[event]]\ntitle = \"x\"\n\"q\" . 'r' . " + dotted("b", 100) + " = 1\n") ==
          "agenda.toml:3:136: error: a key may have at most 64 dotted parts");
}

TEST_CASE("a key of 64 dotted parts is still given to toml++", "[core][toml_guard]") {
    CHECK(scan(dotted("a", 64) + " = 1\n") == "ok");
    CHECK(scan("[" + dotted("a", 64) + "]\n") == "ok");
    CHECK(scan(dotted("a", 65) + " = 1\n") == "1:128: a key may have at most 64 dotted parts");
}

TEST_CASE("typos that made toml++ 3.3 abort are located errors", "[core][reader][toml_guard]") {
    SECTION("a NUL after an opening bracket") {
        CHECK(only_error(std::string{"[\0", 2}) ==
              "agenda.toml:1:2: error: a NUL byte (U+0000) is not allowed in TOML text");
    }
    SECTION("a brace closing an array") {
        CHECK(only_error("a = [}\n") == "agenda.toml:1:6: error: '}' here, but the '[' at line "
                                        "1, column 5 is still open");
    }
    SECTION("a NUL inside a date-time") {
        CHECK(only_error(std::string{"[[event]]\nstart = 2022-01-1\0T10:00:00\n", 38}) ==
              "agenda.toml:2:18: error: a NUL byte (U+0000) is not allowed in TOML text");
    }
    SECTION("a table header without a name (found by fuzz_schedule)") {
        CHECK(only_error("[([event]]\ntitle = 42\n") ==
              "agenda.toml:1:2: error: a table header needs a name, e.g. [settings] or [[event]]");
        CHECK(only_error("[[ =]]\n") ==
              "agenda.toml:1:4: error: a table header needs a name, e.g. [settings] or [[event]]");
        CHECK(only_error("[\n]\n") ==
              "agenda.toml:1:2: error: a table header needs a name, e.g. [settings] or [[event]]");
    }
    SECTION("a date-time without a time after the T (found by fuzz_schedule)") {
        CHECK(only_error("[[event]]\ntitle = \"x\"\nstart = 2022-01-13TL0:00:00\n") ==
              "agenda.toml:3:19: error: a date-time needs a time after the 'T', e.g. "
              "2022-01-13T10:00:00");
        CHECK(scan("start = 2022-01-13t10:00:00\ntitle = \"T\"\n") == "ok");
        CHECK(scan("a = 2022-01-13 5\n") ==
              "1:15: a date-time needs a time after the space, e.g. 2022-01-13T10:00:00");
        CHECK(scan("a = 2022-01-1n 5 x\n") ==
              "1:15: a date-time needs a time after the space, e.g. 2022-01-13T10:00:00");
        CHECK(scan("a = 2022-01-13 10:00:00\nb = [2022-01-13 , 2022-01-14 ]\n") == "ok");
        CHECK(scan("start = 2022-01-1' 3\n") ==
              "1:18: a single quote cannot follow '1'; a string starts after '=', '[', '{', ',', "
              "'.' or a space");
        CHECK(scan("a.\"b\".'c'=[\"x\",'y',{\"k\"=\"\", l.'m' = 1}]\n[t.'u']\nv = 1\n") == "ok");
        CHECK(scan("title = +++%Europe/K.....'++Eur\xEF\xBA\xBFope'\n") ==
              "1:26: a single quote cannot follow '.'; a string starts after '=', '[', '{', ',', "
              "'.' or a space");
    }
    SECTION("non-ASCII text right after a line-ending backslash (found by fuzz_schedule)") {
        CHECK(only_error("a = \"\"\"x\\\n   é\"\"\"\n") ==
              "agenda.toml:2:4: error: a line continued with a backslash must go on with an "
              "ASCII character; write this one as a \\u escape");
        CHECK(only_error("a = \"\"\"\\é\"\"\"\n") ==
              "agenda.toml:1:9: error: a backslash followed by a non-ASCII character is not an "
              "escape; use e.g. \\n, \\\" or \\u00E9");
        CHECK(scan("a = \"\"\"x\\  \r\n  \n  y é\\\\é\"\"\"\n") == "ok");
    }
    SECTION("a non-ASCII key outside quotes") {
        CHECK(only_error("é = 1\n") ==
              "agenda.toml:1:1: error: a non-ASCII character outside a string or comment; keys "
              "and values with such characters go in quotes, e.g. \"Café\" = 1");
    }
}

TEST_CASE("the scan knows TOML's strings, comments and brackets", "[core][toml_guard]") {
    SECTION("text the scan lets through") {
        CHECK(scan("# Café ☕ [ { \"\n[[event]]\ntitle = \"Caf\\u00e9 ] } \\\" ' ☕\"\n") == "ok");
        CHECK(scan("a = 'C:\\path\\' # ]\nb = '''x''''' \nc = \"\"\"a\"\"b\\\"\"\"\"\"\n") == "ok");
        CHECK(scan("a = \"\"\"\nline ] }\n\\\n  more\"\"\"\nb = [\n 1.5, # }\n 2,\n]\n") == "ok");
        CHECK(scan("\xEF\xBB\xBF"
                   "a = { b.c = 1, d = [[1], [2]] }\r\n") == "ok");
        CHECK(scan("t = 1979-05-27T07:32:00.999999-07:00\n") == "ok");
        CHECK(scan("  [ settings ]\n[[ 'event' ]]\na = [\n  [1],\n]\nb = \"x\" [\n") ==
              "6:9: this '[' is never closed");
    }
    SECTION("control characters, stray carriage returns and bad UTF-8") {
        CHECK(scan("a = \"x\x01\"\n") ==
              "1:7: the control character U+0001 is not allowed in TOML text; inside a string "
              "write it as \\u0001");
        CHECK(scan("a = 1\rb = 2\n") ==
              "1:6: a carriage return not followed by a line feed is not allowed in TOML text");
        CHECK(scan("# \x7F\n") == "1:3: the control character U+007F is not allowed in TOML text");
        CHECK(scan("a = \"\xC3\x28\"\n") == "1:6: invalid UTF-8; the file must be UTF-8 text");
        CHECK(scan("a = \"\xED\xA0\x80\"\n") == "1:6: invalid UTF-8; the file must be UTF-8 text");
        CHECK(scan("a = \"\xC3") == "1:6: invalid UTF-8; the file must be UTF-8 text");
    }
    SECTION("brackets that do not pair") {
        CHECK(scan("a = 1 ]\n") == "1:7: ']' closes nothing; no '[' is open");
        CHECK(scan("a = [1,\n2\n") == "1:5: this '[' is never closed");
        CHECK(scan("a = " + std::string(65, '[')) ==
              "1:69: arrays and inline tables may be nested at most 64 deep");
    }
}

TEST_CASE("the shipped example and the starter pass the scan", "[core][toml_guard]") {
    std::ifstream in{AGENDAD_EXAMPLE_FILE, std::ios::binary};
    const std::string example{std::istreambuf_iterator<char>{in}, {}};
    REQUIRE_FALSE(example.empty());
    CHECK(scan(example) == "ok");
    CHECK(scan(std::string{starter_template()}) == "ok");
}

TEST_CASE("the scan reads a file of the largest size allowed", "[core][toml_guard][limits]") {
    std::string text;
    const std::string event = "[[event]]\ntitle = \"Standup ☕ with \\\"quotes\\\"\" # comment\n"
                              "start = 2022-01-13T10:00:00\nremind = [\"1d\", \"15m\"]\n";
    while (text.size() + event.size() <= limits::file_bytes)
        text += event;
    // Its cost (about 0.2 s in the dev build, 5% of parse_schedule) is a figure for bench/,
    // not a timed test; this checks that a file of the largest size is scanned whole.
    CHECK(scan(text) == "ok");
}

TEST_CASE("blanks outside strings are counted in columns and still end a date",
          "[core][toml_guard]") {
    // Blanks are skipped in the scan's fast loop, except after something shaped like a date.
    CHECK(scan("a    =    [1,    2]    ]\n") == "1:24: ']' closes nothing; no '[' is open");
    CHECK(scan("  x = 1\n  [  (\n") ==
          "2:6: a table header needs a name, e.g. [settings] or [[event]]");
    CHECK(scan("a =    2022-01-13 5\n")
              .starts_with("1:18: a date-time needs a time after the space"));
    CHECK(scan("a = 2022-01-13    # a date, then blanks and a comment\n") == "ok");
    CHECK(scan("a = 2022-01-13 10:00:00\n") == "ok");
    CHECK(scan("b = \"x-y-z 1\"   \nc = 1-2-3 \n") == "ok");
}
