// persistent, sound and snooze, in [settings] and per [[event]]: what each reads as, and every
// mistake with its line and column.

#include "core/read/schedule_reader.hpp"
#include "core_support.hpp"

#include <chrono>

using namespace agendad::core;
using namespace agendad::core::test;
using namespace std::chrono_literals;

namespace {

std::string only_error(const std::string& toml) {
    const auto diagnostics = errors(toml);
    REQUIRE(diagnostics.size() == 1);
    return to_string(diagnostics.front());
}

const std::string one_event = "[[event]]\ntitle = \"x\"\nstart = 2022-01-10T10:00:00\n";

} // namespace

TEST_CASE("persistent and sound default from settings, and an event may say otherwise",
          "[core][reader]") {
    const auto s = schedule(R"([settings]
persistent = true
sound = "message-new-instant"
[[event]]
title = "a"
start = 2022-01-10T10:00:00
[[event]]
title = "b"
start = 2022-01-10T11:00:00
persistent = false
sound = "/usr/share/sounds/bell.oga"
)");
    CHECK(s.settings.persistent);
    CHECK(s.settings.sound == "message-new-instant");
    REQUIRE(s.events.size() == 2);
    CHECK(s.events[0].persistent);
    CHECK(s.events[0].sound == "message-new-instant");
    CHECK_FALSE(s.events[1].persistent);
    CHECK(s.events[1].sound == "/usr/share/sounds/bell.oga");

    const auto plain = schedule(one_event);
    CHECK_FALSE(plain.events[0].persistent);
    CHECK(plain.events[0].sound.empty());
}

TEST_CASE("snooze is one span or a list of choices", "[core][reader]") {
    SECTION("unset: no list, 5 min") {
        const auto s = schedule(one_event);
        CHECK(s.settings.snooze_choices.empty());
        CHECK(s.settings.snooze.exact == 5min);
    }
    SECTION("one span: one choice") {
        const auto s = schedule("[settings]\nsnooze = \"10m\"\n" + one_event);
        REQUIRE(s.settings.snooze_choices.size() == 1);
        CHECK(s.settings.snooze_choices[0].text == "10m");
        CHECK(s.settings.snooze.exact == 10min);
    }
    SECTION("a list: its first span is the default") {
        const auto s = schedule("[settings]\nsnooze = [\"start\", \"15m\", \"1h\"]\n" + one_event);
        REQUIRE(s.settings.snooze_choices.size() == 3);
        CHECK(s.settings.snooze_choices[0].until_start());
        CHECK(s.settings.snooze_choices[1].span->exact == 15min);
        CHECK(s.settings.snooze.exact == 15min);
    }
}

TEST_CASE("a wrong persistent, sound or snooze names its key, line and column", "[core][reader]") {
    CHECK(only_error("[settings]\npersistent = \"yes\"\n") ==
          "agenda.toml:2:14: error: settings.persistent: expected true or false, found a string");
    CHECK(only_error(one_event + "sound = \"My Bell\"\n") ==
          "agenda.toml:4:9: error: event[1].sound: \"My Bell\" is neither a sound name (e.g. "
          "\"message-new-instant\") nor an absolute path to a sound file");
    CHECK(only_error("[settings]\nsnooze = [\"5m\", \"later\"]\n") ==
          "agenda.toml:2:17: error: settings.snooze[2]: \"later\" is not a snooze choice; use a "
          "span such as \"10m\" or \"start\" (until the event starts)");
    CHECK(only_error("[settings]\nsnooze = [\"5m\", \"5m\"]\n") ==
          "agenda.toml:2:17: error: settings.snooze[2]: \"5m\" is listed twice");
    CHECK(only_error("[settings]\nsnooze = []\n") ==
          "agenda.toml:2:10: error: settings.snooze: has 0 choices; give 1 to 6");
    CHECK(only_error("[settings]\nsnooze = \"0m\"\n") ==
          "agenda.toml:2:10: error: settings.snooze: must be longer than zero");
    CHECK(only_error("[settings]\nsnooze = 5\n") ==
          "agenda.toml:2:10: error: settings.snooze: expected a span such as \"10m\" or a list "
          "such as [\"5m\", \"start\"], found an integer");
    CHECK(only_error(one_event + "snooze = \"5m\"\n")
              .starts_with("agenda.toml:4:1: error: event[1]: unknown key \"snooze\""));
}
