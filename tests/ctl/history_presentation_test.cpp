// What agendactl log, pause and resume say, the pause and the warnings in `status` and in
// `next`, from pinned answers: now is Monday 2022-01-03 13:04:05 UTC, the user's clock is
// Europe/Berlin (14:04:05 there).

#include "core/text/reminder_text.hpp"
#include "core_support.hpp"
#include "ctl/daemon_presentation.hpp"
#include "ctl/history_presentation.hpp"

#include "catch_compat.hpp"

using namespace agendad;
using namespace std::chrono_literals;
using core::HistoryKind;

namespace {

// Not `test::at`: that REQUIREs, which Catch2 cannot do before a test runs.
const core::Instant now = *core::parse_rfc3339("2022-01-03T13:04:05Z");
const core::Zone& berlin = core::test::zone("Europe/Berlin");

core::HistoryEntry entry(HistoryKind kind, std::string lead, core::Instant at) {
    return {at, kind, "team-sync", "Team sync", std::move(lead), now + 15min};
}

/// pause_end_argument's instant, or its error ("until resumed" for none).
std::string pause_end(const std::string& span, const std::string& until) {
    const auto end = ctl::pause_end_argument(span, until, now, berlin);
    if (!end)
        return end.error();
    return *end ? core::rfc3339_utc(**end) : "until resumed";
}

} // namespace

TEST_CASE("each history entry is one line: when, what, the event and its id", "[ctl][history]") {
    struct Row {
        core::HistoryEntry entry;
        const char* line;
    };
    const std::vector<Row> rows{
        {entry(HistoryKind::shown, "15m", now),
         "2022-01-03 14:04  shown      Team sync · 15m before, starts 14:19 · [team-sync]"},
        {entry(HistoryKind::missed, "1h", now - 24h),
         "2022-01-02 14:04  missed     Team sync · 1h before, starts 14:19 · [team-sync]"},
        {entry(HistoryKind::held, "snooze", now),
         "2022-01-03 14:04  held       Team sync · again after a snooze, starts 14:19 · "
         "[team-sync]"},
        {entry(HistoryKind::snoozed, "10 min", now),
         "2022-01-03 14:04  snoozed    Team sync · for 10 min, the occurrence at 14:19 · "
         "[team-sync]"},
        {entry(HistoryKind::dismissed, "", now),
         "2022-01-03 14:04  dismissed  Team sync · the occurrence at 14:19 · [team-sync]"},
    };
    for (const auto& row : rows) {
        INFO(row.line);
        CHECK(ctl::history_line(row.entry, berlin) == row.line);
    }
    CHECK(ctl::history_text({}, false, berlin) == "nothing in the history\n");
    CHECK(ctl::history_text({}, true, berlin) == "nothing missed\n");
    CHECK(ctl::history_text({rows[0].entry, rows[1].entry}, false, berlin) ==
          std::string{rows[0].line} + "\n" + rows[1].line + "\n");
}

TEST_CASE("log --json is plain fields, instants in UTC, text escaped for JSON only",
          "[ctl][history]") {
    auto e = entry(HistoryKind::missed, "15m", now);
    e.title = "R&D \"sync\" <QA>";
    CHECK(ctl::history_json(e) ==
          R"({"at":"2022-01-03T13:04:05Z","kind":"missed","id":"team-sync",)"
          R"("title":"R&D \"sync\" <QA>","lead":"15m","start":"2022-01-03T13:19:05Z"})");
}

TEST_CASE("log --since takes a span back, a date or a date-time", "[ctl][history]") {
    CHECK(*ctl::since_argument("2h", now, berlin) == now - 2h);
    CHECK(*ctl::since_argument("1d", now, berlin) == now - 24h);
    CHECK(*ctl::since_argument("2022-01-03", now, berlin) ==
          *core::parse_rfc3339("2022-01-02T23:00:00Z"));
    CHECK(*ctl::since_argument("2022-01-01T00:00:00Z", now, berlin) ==
          *core::parse_rfc3339("2022-01-01T00:00:00Z"));
    CHECK(ctl::since_argument("yesterday", now, berlin).error() ==
          "--since \"yesterday\" is not a span back from now (2h, 1d), \"now\", a date such as "
          "2022-01-07 or an RFC 3339 date-time");
    // Dates are read by hand: only real dates in exactly that form.
    CHECK(*ctl::since_argument("2024-02-29", now, berlin) ==
          *core::parse_rfc3339("2024-02-28T23:00:00Z"));
    for (const char* bad : {"2022-02-29", "2022-13-01", "2022-1-011", "2022/01/03", "2022-01-3x"})
        CHECK_FALSE(ctl::since_argument(bad, now, berlin).has_value());
}

TEST_CASE("pause takes a span, a clock time (its next coming), a date-time, or nothing",
          "[ctl][pause]") {
    CHECK(pause_end("", "") == "until resumed");
    CHECK(pause_end("1h", "") == "2022-01-03T14:04:05Z");
    // 14:04:05 in Berlin: 15:00 is today, 09:00 tomorrow.
    CHECK(pause_end("", "15:00") == "2022-01-03T14:00:00Z");
    CHECK(pause_end("", "09:00") == "2022-01-04T08:00:00Z");
    CHECK(pause_end("", "2022-01-05T00:00:00Z") == "2022-01-05T00:00:00Z");
    CHECK(pause_end("1h", "15:00") == "give a SPAN or --until, not both");
    CHECK(pause_end("0m", "") == "a pause must last longer than 0m");
    CHECK(pause_end("", "2022-01-01") == "--until \"2022-01-01\" is not ahead");
    CHECK(pause_end("", "25:00") == "--until \"25:00\" is not a time such as 14:00, a date such "
                                    "as 2022-01-07 or an RFC 3339 date-time");
}

TEST_CASE("pause and resume say what they did", "[ctl][pause]") {
    CHECK(ctl::paused_line(now + 1h, now, berlin) ==
          "paused until 15:04: no reminder pops up; those due meanwhile are shown when the pause "
          "ends (or at `agendactl resume`)");
    CHECK(ctl::paused_line(std::nullopt, now, berlin) ==
          "paused until resumed: no reminder pops up; those due meanwhile are shown when the "
          "pause ends (`agendactl resume`)");
    CHECK(ctl::resumed_line(false, {}) == "agendad was not paused");
    CHECK(ctl::resumed_line(true, {}) == "resumed; no reminder was due during the pause");
    CHECK(ctl::resumed_line(true, {3, 0}) == "resumed; 3 reminders held during the pause shown");
    CHECK(ctl::resumed_line(true, {1, 2}) ==
          "resumed; 1 reminder held during the pause shown, 2 of ended events only logged");
}

TEST_CASE("status shows the pause and each warning with its file:line:col", "[ctl][pause]") {
    core::AgendaStatus status{"0.1.0", "/home/u/agenda.toml", "", std::nullopt, {}, false, {}};
    const std::string head = "agendad 0.1.0 is running\nschedule:   /home/u/agenda.toml\n"
                             "next:       nothing planned\n";
    status.paused = true;
    status.paused_until = now + 1h;
    status.warnings = {"/home/u/agenda.toml:9:1: warning: event[2] \"Gone\": every reminder is in "
                       "the past; it will never remind",
                       "/home/u/agenda.toml:14:10: warning: event[3].except[1]: no occurrence"};
    CHECK(ctl::status_text(status, now, berlin) ==
          head + "paused:     until 15:04\nlast error: none\n"
                 "warnings:   /home/u/agenda.toml:9:1: warning: event[2] \"Gone\": every reminder "
                 "is in the past; it will never remind\n"
                 "            /home/u/agenda.toml:14:10: warning: event[3].except[1]: no "
                 "occurrence\n");
    status.paused_until.reset();
    status.warnings.clear();
    CHECK(ctl::status_text(status, now, berlin) ==
          head + "paused:     until resumed (agendactl resume)\nlast error: none\n");
}

TEST_CASE("next while paused: waybar's class is paused, the tooltip and the text say so",
          "[ctl][pause]") {
    const std::vector<core::UpcomingReminder> listed{
        {"a", "R&D sync", "", "15m", now + 30min, now + 1h, now + 15min, ""}};
    auto answer = ctl::next_answer(listed, now, berlin);
    ctl::show_paused(answer, now + 1h, now, berlin);
    CHECK(ctl::format_next(answer, ctl::NextFormat::waybar) ==
          R"({"text":"R&amp;D sync at 14:34","tooltip":"paused until 15:04\n14:34 R&amp;D sync",)"
          R"("class":"paused"})");
    CHECK(ctl::format_next(answer, ctl::NextFormat::text) ==
          "R&D sync at 14:34 (paused until 15:04)");
    // json keeps the occurrence's own state.
    CHECK(ctl::format_next(answer, ctl::NextFormat::json).find(R"("state":"upcoming")") !=
          std::string::npos);
    auto none = ctl::next_answer({}, now, berlin);
    ctl::show_paused(none, std::nullopt, now, berlin);
    CHECK(ctl::format_next(none, ctl::NextFormat::text) == "nothing coming (paused until resumed)");
}
