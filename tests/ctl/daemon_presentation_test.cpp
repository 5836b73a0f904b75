// What agendactl's daemon commands say, from pinned answers: now is Monday 2022-01-03 13:04:05
// UTC, the user's clock is Europe/Berlin (14:04:05 there).

#include "core_support.hpp"
#include "ctl/daemon_presentation.hpp"

#include "catch_compat.hpp"

using namespace agendad;
using namespace std::chrono_literals;

namespace {

// Not `test::at`: that REQUIREs, which Catch2 cannot do before a test runs.
const core::Instant now = *core::parse_rfc3339("2022-01-03T13:04:05Z");
const core::Zone& berlin = core::test::zone("Europe/Berlin");

core::UpcomingReminder occurrence(std::string id, std::string title, std::string location,
                                  core::Instant start, std::chrono::seconds length) {
    return core::UpcomingReminder{std::move(id), std::move(title), std::move(location), "15m",
                                  start,         start + length,   start - 15min,       ""};
}

} // namespace

TEST_CASE("the next answer names the current or next occurrence and its class", "[ctl]") {
    struct Row {
        const char* name;
        std::vector<core::UpcomingReminder> reminders;
        ctl::NextAnswer expected;
    };
    const std::vector<Row> rows{
        {"nothing listed", {}, {"", "nothing coming", "none"}},
        {"only ended occurrences",
         {occurrence("a", "Standup", "", now - 1h, 30min)},
         {"", "nothing coming", "none"}},
        {"one running: until its end on the user's clock",
         {occurrence("a", "Team sync", "", now - 10min, 30min)},
         {"Team sync now, until 14:24", "13:54 Team sync", "ongoing"}},
        {"one within 15 minutes: relative",
         {occurrence("a", "Team sync", "Room 4", now + 12min, 30min)},
         {"Team sync in 12 min", "14:16 Team sync · Room 4", "imminent"}},
        {"exactly 15 minutes ahead is still imminent",
         {occurrence("a", "Team sync", "", now + 15min, 30min)},
         {"Team sync in 15 min", "14:19 Team sync", "imminent"}},
        {"later today: at a clock time",
         {occurrence("a", "Retro", "", now + 3h, 1h)},
         {"Retro at 17:04", "17:04 Retro", "upcoming"}},
        {"another day: with the weekday",
         {occurrence("a", "Retro", "", now + 24h, 1h)},
         {"Retro at Tue 14:04", "Tue 01-04 14:04 Retro", "upcoming"}},
        {"two reminders of one occurrence count once, by start",
         {occurrence("b", "Retro", "", now + 3h, 1h), occurrence("a", "Sync", "", now + 1h, 1h),
          occurrence("a", "Sync", "", now + 1h, 1h)},
         {"Sync at 15:04", "15:04 Sync\n17:04 Retro", "upcoming"}},
        {"the tooltip shows five at most",
         {occurrence("1", "E1", "", now + 1h, 1min), occurrence("2", "E2", "", now + 2h, 1min),
          occurrence("3", "E3", "", now + 3h, 1min), occurrence("4", "E4", "", now + 4h, 1min),
          occurrence("5", "E5", "", now + 5h, 1min), occurrence("6", "E6", "", now + 6h, 1min)},
         {"E1 at 15:04", "15:04 E1\n16:04 E2\n17:04 E3\n18:04 E4\n19:04 E5", "upcoming"}},
    };
    for (const Row& row : rows) {
        SECTION(row.name) {
            const auto answer = ctl::next_answer(row.reminders, now, berlin);
            CHECK(answer.text == row.expected.text);
            CHECK(answer.tooltip == row.expected.tooltip);
            CHECK(answer.css_class == row.expected.css_class);
        }
    }
}

TEST_CASE("the next answer prints as text, or as waybar's object escaped for Pango", "[ctl]") {
    const ctl::NextAnswer answer{"Standup: R&D <QA> \"hi\"", "14:16 a & b\n15:00 'c'", "imminent"};
    CHECK(ctl::format_next(answer, ctl::NextFormat::text) == "Standup: R&D <QA> \"hi\"");
    CHECK(ctl::format_next(answer, ctl::NextFormat::waybar) ==
          R"({"text":"Standup: R&amp;D &lt;QA&gt; &quot;hi&quot;",)"
          R"("tooltip":"14:16 a &amp; b\n15:00 &#39;c&#39;","class":"imminent"})");
    CHECK(ctl::format_next(ctl::next_answer({}, now, berlin), ctl::NextFormat::text) ==
          "nothing coming");
    CHECK(ctl::format_next(ctl::stopped_answer(), ctl::NextFormat::text) == "agendad stopped");
    CHECK(ctl::format_next(ctl::stopped_answer(), ctl::NextFormat::waybar) ==
          R"({"text":"","tooltip":"agendad is not running","class":"stopped"})");
}

TEST_CASE("the next answer as JSON has plain fields for scripts, no markup", "[ctl]") {
    SECTION("an occurrence: its id, title, start, next reminder to come, and state") {
        auto reminders = std::vector{occurrence("rd", "R&D <QA>", "", now + 12min, 30min),
                                     occurrence("rd", "R&D <QA>", "", now + 12min, 30min)};
        reminders[0].fire_at = now - 3min; // passed: the 0m one below is still to come
        reminders[1].fire_at = now + 12min;
        const auto answer = ctl::next_answer(reminders, now, berlin);
        CHECK(ctl::format_next(answer, ctl::NextFormat::json) ==
              R"({"id":"rd","title":"R&D <QA>","start":"2022-01-03T13:16:05Z",)"
              R"("fire_at":"2022-01-03T13:16:05Z","calendar":"","state":"imminent",)"
              R"("text":"R&D <QA> in 12 min","paused":false,"paused_until":null})");
    }
    SECTION("nothing coming") {
        CHECK(ctl::format_next(ctl::next_answer({}, now, berlin), ctl::NextFormat::json) ==
              R"({"id":"","title":"","start":"","fire_at":"","calendar":"","state":"none",)"
              R"("text":"","paused":false,"paused_until":null})");
    }
    SECTION("paused: until an instant, as the other instants are written, or null until resumed") {
        struct Row {
            const char* name;
            std::optional<core::Instant> until;
            const char* expected;
        };
        const std::vector<Row> rows{
            {"until 15:04 in Berlin", now + 1h,
             R"("state":"imminent","text":"Retro in 12 min","paused":true,)"
             R"("paused_until":"2022-01-03T14:04:05Z"})"},
            {"until resumed", std::nullopt,
             R"("state":"imminent","text":"Retro in 12 min","paused":true,"paused_until":null})"},
        };
        for (const auto& row : rows) {
            INFO(row.name);
            auto answer =
                ctl::next_answer({occurrence("retro", "Retro", "", now + 12min, 1h)}, now, berlin);
            ctl::show_paused(answer, row.until, now, berlin);
            const auto json = ctl::format_next(answer, ctl::NextFormat::json);
            CHECK(json.ends_with(row.expected));
        }
        auto nothing = ctl::next_answer({}, now, berlin);
        ctl::show_paused(nothing, now + 2h, now, berlin);
        CHECK(ctl::format_next(nothing, ctl::NextFormat::json)
                  .ends_with(R"("state":"none","text":"","paused":true,)"
                             R"("paused_until":"2022-01-03T15:04:05Z"})"));
    }
    SECTION("agendad stopped") {
        CHECK(ctl::format_next(ctl::stopped_answer(), ctl::NextFormat::json)
                  .find(R"("state":"stopped")") != std::string::npos);
    }
}

TEST_CASE("the next answer's tooltip names a calendar's events with their calendar", "[ctl]") {
    auto work = occurrence("work/sync@example.org", "Team sync", "Room 4", now + 30min, 30min);
    work.calendar = "work";
    const auto answer =
        ctl::next_answer({work, occurrence("retro", "Retro", "", now + 26h, 1h)}, now, berlin);
    CHECK(answer.text == "Team sync at 14:34");
    CHECK(answer.tooltip == "14:34 [work] Team sync · Room 4\nTue 01-04 16:04 Retro");
    CHECK(ctl::format_next(answer, ctl::NextFormat::json).find(R"("calendar":"work")") !=
          std::string::npos);
}

TEST_CASE("a date with the clock time when it is not today", "[ctl]") {
    CHECK(ctl::date_clock_text(now + 1h, now, berlin) == "15:04");
    CHECK(ctl::date_clock_text(now + 10h, now, berlin) == "Tue 01-04 00:04"); // Berlin's midnight
    CHECK(ctl::date_clock_text(now + 24h * 9, now, berlin) == "Wed 01-12 14:04");
}

TEST_CASE("status shows the version, the file, the next reminder and the last error", "[ctl]") {
    core::AgendaStatus status{"0.1.0", "/home/u/.config/agendad/agenda.toml", "", std::nullopt};
    const std::string head = "agendad 0.1.0 is running\n"
                             "schedule:   /home/u/.config/agendad/agenda.toml\n";
    SECTION("nothing planned, no error") {
        CHECK(ctl::status_text(status, now, berlin) ==
              head + "next:       nothing planned\nlast error: none\n");
    }
    SECTION("a reminder with its lead") {
        status.next = occurrence("a", "Team sync", "", now + 30min, 30min);
        CHECK(ctl::status_text(status, now, berlin) ==
              head + "next:       Team sync (15m before) at 14:19\nlast error: none\n");
    }
    SECTION("an own alarm's lead, in its words; one at the start") {
        status.next = occurrence("work/a", "Team sync", "", now + 30min, 30min);
        status.next->lead = "10m after the start";
        CHECK(ctl::status_text(status, now, berlin) ==
              head + "next:       Team sync (10m after the start) at 14:19\nlast error: none\n");
        status.next->lead = "0m";
        CHECK(ctl::status_text(status, now, berlin) ==
              head + "next:       Team sync (at the start) at 14:19\nlast error: none\n");
    }
    SECTION("a calendar's event names its calendar, as upcoming does; a snoozed one too") {
        status.next = occurrence("work/a@example.org", "Team sync", "", now + 30min, 30min);
        status.next->calendar = "work";
        CHECK(ctl::status_text(status, now, berlin) ==
              head + "next:       [work] Team sync (15m before) at 14:19\nlast error: none\n");
        status.next->lead = "snooze";
        CHECK(ctl::status_text(status, now, berlin) ==
              head + "next:       [work] Team sync (snoozed) at 14:19\nlast error: none\n");
    }
    SECTION("a snoozed reminder, another day, and an error") {
        status.next = occurrence("a", "Retro", "", now + 48h, 1h);
        status.next->lead = "snooze";
        status.last_error = "agenda.toml:2:1: error: bad";
        CHECK(ctl::status_text(status, now, berlin) ==
              head + "next:       Retro (snoozed) at Wed 13:49\n"
                     "last error: agenda.toml:2:1: error: bad\n");
    }
}

TEST_CASE("reload, snooze, dismiss and watch say one line each", "[ctl]") {
    CHECK(ctl::reload_errors_text({}).empty());
    CHECK(ctl::reload_errors_text({"a.toml:1:1: error: x", "a.toml:2:1: error: y"}) ==
          "a.toml:1:1: error: x\na.toml:2:1: error: y\n"
          "agendactl: the schedule has errors; agendad keeps the previous one\n");
    CHECK(ctl::snoozed_line("team-sync", now + 10min, now, berlin) ==
          "snoozed team-sync: reminding again at 14:14");
    CHECK(ctl::dismissed_line("retro", now + 24h, now, berlin) ==
          "dismissed retro (the occurrence at Tue 14:04): no more reminders for it");
    const core::ReminderDue due{"team-sync", "Team sync", now + 15min, now, "15m", false, ""};
    CHECK(ctl::reminder_due_line(due, now, berlin) ==
          "14:04:05 reminder [team-sync 15m]: Team sync · starts 14:19");
    auto missed = due;
    missed.missed = true;
    CHECK(ctl::reminder_due_line(missed, now, berlin) ==
          "14:04:05 missed reminder [team-sync 15m]: Team sync · starts 14:19");
}

TEST_CASE("a snooze span must last longer than zero, and none leaves it to the daemon", "[ctl]") {
    struct Row {
        const char* text;
        std::chrono::seconds seconds;
    };
    for (const Row& row : std::vector<Row>{{"", 0s},
                                           {"10m", 600s},
                                           {"1h30m", 5400s},
                                           {"1d", 86400s},
                                           {"1w", 604800s},
                                           {"45s", 45s},
                                           {"until-start", core::agenda1::snooze_until_start}}) {
        INFO(row.text);
        const auto span = ctl::snooze_span(row.text);
        REQUIRE(span.has_value());
        CHECK(*span == row.seconds);
    }
    CHECK(ctl::snooze_span("0m").error() == "a snooze must last longer than 0m");
    CHECK(ctl::snooze_span("10x").error().starts_with("\"10x\" is not a span"));
}
