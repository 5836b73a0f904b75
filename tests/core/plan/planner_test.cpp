#include "core/plan/planner.hpp"
#include "core_support.hpp"

#include <chrono>

using namespace agendad::core;
using namespace agendad::core::test;
using namespace std::chrono_literals;

namespace {

/// "fire_at lead title" for each reminder, compact enough to compare as a table.
std::vector<std::string> fired(const std::vector<Reminder>& reminders) {
    std::vector<std::string> out;
    for (const auto& r : reminders)
        out.push_back(date::format("%FT%TZ ", r.fire_at) + r.lead->text + " " + r.event->title);
    return out;
}

const char* const week_of_talks = R"(
[settings]
timezone = "Europe/Brussels"
remind = ["1d", "1h", "15m"]

[[event]]
title = "Security talks"
start = 2022-01-10T09:00:00
timezone = "Europe/Zurich"

[[event]]
title = "NATO–Ukraine Commission"
start = 2022-01-11T10:00:00

[[event]]
title = "OSCE Permanent Council"
start = 2022-01-13T10:00:00
timezone = "Europe/Vienna"
remind = ["1d", "30m"]
)";

} // namespace

TEST_CASE("reminders in a window come in firing order", "[core][planner]") {
    const auto s = schedule(week_of_talks);
    const auto reminders =
        reminders_between(s, at("2022-01-07T12:00:00Z"), at("2022-01-14T12:00:00Z"));
    CHECK(fired(reminders) == std::vector<std::string>{
                                  "2022-01-09T08:00:00Z 1d Security talks",
                                  "2022-01-10T07:00:00Z 1h Security talks",
                                  "2022-01-10T07:45:00Z 15m Security talks",
                                  "2022-01-10T09:00:00Z 1d NATO–Ukraine Commission",
                                  "2022-01-11T08:00:00Z 1h NATO–Ukraine Commission",
                                  "2022-01-11T08:45:00Z 15m NATO–Ukraine Commission",
                                  "2022-01-12T09:00:00Z 1d OSCE Permanent Council",
                                  "2022-01-13T08:30:00Z 30m OSCE Permanent Council",
                              });
}

TEST_CASE("the window is half-open: from is in, until is out", "[core][planner]") {
    const auto s = schedule(week_of_talks);
    CHECK(reminders_between(s, at("2022-01-10T07:00:00Z"), at("2022-01-10T07:45:00Z")).size() == 1);
    CHECK(reminders_between(s, at("2022-01-10T07:00:01Z"), at("2022-01-10T07:45:01Z")).size() == 1);
}

TEST_CASE("a weekly 09:30 keeps its wall-clock time across DST", "[core][planner][dst]") {
    const auto s = schedule(R"(
[[event]]
title = "Team sync"
start = 2022-03-21T09:30:00
timezone = "Europe/Brussels"
repeat = "FREQ=WEEKLY;COUNT=3"
remind = ["15m"]
)");
    CHECK(fired(reminders_between(s, at("2022-03-01T00:00:00Z"), at("2022-05-01T00:00:00Z"))) ==
          std::vector<std::string>{
              "2022-03-21T08:15:00Z 15m Team sync", // 09:15 CET
              "2022-03-28T07:15:00Z 15m Team sync", // 09:15 CEST
              "2022-04-04T07:15:00Z 15m Team sync",
          });
}

TEST_CASE("calendar leads count days on the event's clock, exact leads count hours",
          "[core][planner][dst]") {
    const auto s = schedule(R"(
[[event]]
title = "Monday"
start = 2022-03-28T09:00:00
timezone = "Europe/Brussels"
remind = ["1d", "24h"]
)");
    CHECK(fired(reminders_between(s, at("2022-03-01T00:00:00Z"), at("2022-04-01T00:00:00Z"))) ==
          std::vector<std::string>{
              "2022-03-27T07:00:00Z 1d Monday",  // Sunday 09:00 CEST
              "2022-03-27T07:00:00Z 24h Monday", // the same, as Sunday is already CEST
          });
    const auto sunday = schedule(R"(
[[event]]
title = "Sunday"
start = 2022-03-27T09:00:00
timezone = "Europe/Brussels"
remind = ["1d", "24h"]
)");
    CHECK(
        fired(reminders_between(sunday, at("2022-03-01T00:00:00Z"), at("2022-04-01T00:00:00Z"))) ==
        std::vector<std::string>{
            "2022-03-26T07:00:00Z 24h Sunday", // Saturday 08:00 CET
            "2022-03-26T08:00:00Z 1d Sunday",  // Saturday 09:00 CET
        });
}

TEST_CASE("occurrences in the gap move forward, in the overlap they take the earlier instant",
          "[core][planner][dst]") {
    const auto s = schedule(R"(
[[event]]
title = "Nightly"
start = 2022-03-26T02:30:00
timezone = "Europe/Brussels"
repeat = "FREQ=DAILY;COUNT=3"
remind = ["0m"]
[[event]]
title = "Autumn"
start = 2022-10-30T02:30:00
timezone = "Europe/Brussels"
remind = ["0m"]
)");
    CHECK(fired(reminders_between(s, at("2022-03-01T00:00:00Z"), at("2022-11-01T00:00:00Z"))) ==
          std::vector<std::string>{
              "2022-03-26T01:30:00Z 0m Nightly", // 02:30 CET
              "2022-03-27T01:30:00Z 0m Nightly", // 02:30 does not exist: 03:30 CEST
              "2022-03-28T00:30:00Z 0m Nightly", // 02:30 CEST
              "2022-10-30T00:30:00Z 0m Autumn",  // the first 02:30, CEST
          });
}

TEST_CASE("an hourly rule through a spring-forward gap reminds once at the instant after it",
          "[core][planner][dst]") {
    // 02:00 does not exist on 27 March 2022 in Brussels: it resolves to 03:00 CEST, the same
    // instant as the rule's own 03:00, which is one happening.
    const auto s = schedule(R"(
[[event]]
title = "Hourly"
start = 2022-03-27T00:00:00
timezone = "Europe/Brussels"
repeat = "FREQ=HOURLY;COUNT=5"
remind = ["0m"]
)");
    CHECK(fired(reminders_between(s, at("2022-03-26T00:00:00Z"), at("2022-03-28T00:00:00Z"))) ==
          std::vector<std::string>{
              "2022-03-26T23:00:00Z 0m Hourly", // 00:00 CET
              "2022-03-27T00:00:00Z 0m Hourly", // 01:00 CET
              "2022-03-27T01:00:00Z 0m Hourly", // 02:00 → 03:00 CEST, and the rule's 03:00
              "2022-03-27T02:00:00Z 0m Hourly", // 04:00 CEST
          });
}

TEST_CASE("all-day events are reminded counting back from all_day_at", "[core][planner]") {
    const auto s = schedule(R"(
[settings]
timezone = "Europe/Brussels"
all_day_at = "09:00"
[[event]]
title = "Holiday"
start = 2022-01-14
remind = ["1d", "0m"]
)");
    const auto r = reminders_between(s, at("2022-01-01T00:00:00Z"), at("2022-02-01T00:00:00Z"));
    CHECK(fired(r) == std::vector<std::string>{
                          "2022-01-13T08:00:00Z 1d Holiday",
                          "2022-01-14T08:00:00Z 0m Holiday",
                      });
    CHECK(r[0].occurrence.start == at("2022-01-13T23:00:00Z"));
    CHECK(r[0].occurrence.end == at("2022-01-14T23:00:00Z"));
}

TEST_CASE("except skips occurrences by date-time or by whole day", "[core][planner]") {
    const auto s = schedule(R"(
[[event]]
title = "Daily"
start = 2022-01-10T09:00:00
repeat = "FREQ=DAILY;COUNT=5"
except = [2022-01-11T09:00:00, 2022-01-13]
remind = ["0m"]
)");
    CHECK(fired(reminders_between(s, at("2022-01-01T00:00:00Z"), at("2022-02-01T00:00:00Z"))) ==
          std::vector<std::string>{
              "2022-01-10T09:00:00Z 0m Daily",
              "2022-01-12T09:00:00Z 0m Daily",
              "2022-01-14T09:00:00Z 0m Daily",
          });
}

TEST_CASE("a UTC UNTIL is compared on the real timeline", "[core][planner][rrule]") {
    // 09:00 in Sydney (+11) on the 12th is 22:00Z on the 11th, so UNTIL=...11T215959Z excludes it.
    const auto s = schedule(R"(
[[event]]
title = "Sydney"
start = 2022-01-10T09:00:00
timezone = "Australia/Sydney"
repeat = "FREQ=DAILY;UNTIL=20220111T215959Z"
remind = ["0m"]
)");
    CHECK(reminders_between(s, at("2022-01-01T00:00:00Z"), at("2022-02-01T00:00:00Z")).size() == 2);
}

TEST_CASE("reminders that fall together are ordered by start, then title", "[core][planner]") {
    const auto s = schedule(R"(
[[event]]
title = "B later"
start = 2022-01-10T11:00:00
remind = ["2h"]
[[event]]
title = "Z sooner"
start = 2022-01-10T10:00:00
remind = ["1h"]
[[event]]
title = "A sooner"
start = 2022-01-10T10:00:00
remind = ["1h"]
)");
    CHECK(fired(next_reminders_after(s, at("2022-01-01T00:00:00Z"))) ==
          std::vector<std::string>{
              "2022-01-10T09:00:00Z 1h A sooner",
              "2022-01-10T09:00:00Z 1h Z sooner",
              "2022-01-10T09:00:00Z 2h B later",
          });
}

TEST_CASE("next_reminders_after walks the same reminders as the window", "[core][planner]") {
    const auto s = schedule(R"(
[settings]
timezone = "America/New_York"
remind = ["1w", "1d", "1h", "0m"]
[[event]]
title = "Weekly"
start = 2022-01-03T09:30:00
repeat = "FREQ=WEEKLY;BYDAY=MO,WE,FR"
[[event]]
title = "Monthly"
start = 2022-01-31T14:00:00
repeat = "FREQ=MONTHLY;BYDAY=-1MO"
[[event]]
title = "Once"
start = 2022-03-13T02:30:00
[[event]]
title = "Leap"
start = 2020-02-29
repeat = "FREQ=YEARLY"
)");
    const Instant from = at("2022-01-01T00:00:00Z");
    const Instant until = at("2025-01-01T00:00:00Z");
    const auto window = reminders_between(s, from, until);
    std::vector<Reminder> walked;
    Instant t = from - 1s;
    while (true) {
        const auto next = next_reminders_after(s, t);
        if (next.empty() || next.front().fire_at >= until)
            break;
        REQUIRE(next.front().fire_at > t);
        walked.insert(walked.end(), next.begin(), next.end());
        t = next.front().fire_at;
    }
    CHECK(fired(walked) == fired(window));
    CHECK(window.size() > 600);
    CHECK(count_reminders(s, from, until) == window.size());
}

TEST_CASE("a series that began long ago is entered where it matters", "[core][planner][rrule]") {
    const auto s = schedule(R"(
[[event]]
title = "Since 1950"
start = 1950-01-02T09:00:00
repeat = "FREQ=DAILY"
remind = ["0m"]
)");
    const auto next = next_reminders_after(s, at("2022-01-10T12:00:00Z"));
    REQUIRE(next.size() == 1);
    CHECK(next[0].fire_at == at("2022-01-11T09:00:00Z"));
}

TEST_CASE("nothing is next once every series has ended", "[core][planner]") {
    const auto s = schedule(R"(
[[event]]
title = "Three"
start = 2022-01-10T09:00:00
repeat = "FREQ=DAILY;COUNT=3"
remind = ["0m"]
[[event]]
title = "Past"
start = 2021-01-10T09:00:00
)");
    CHECK(next_reminders_after(s, at("2022-01-12T09:00:00Z")).empty());
    CHECK(next_reminders_after(s, at("2022-01-12T08:59:59Z")).size() == 1);
}

TEST_CASE("an offset start names its instant even in the repeated hour", "[core][planner][dst]") {
    const auto s = schedule(R"(
[[event]]
title = "Second 02:30"
start = 2022-10-30T02:30:00+01:00
end = 2022-10-30T03:30:00+01:00
timezone = "Europe/Brussels"
remind = ["0m"]
)");
    const auto r = reminders_between(s, at("2022-10-29T00:00:00Z"), at("2022-10-31T00:00:00Z"));
    REQUIRE(r.size() == 1);
    CHECK(r[0].fire_at == at("2022-10-30T01:30:00Z"));
    CHECK(r[0].occurrence.end == at("2022-10-30T02:30:00Z"));
}

TEST_CASE("windows at the ends of 64-bit time are clamped, not overflowed", "[core][planner]") {
    // ListUpcoming(-2^63, 2^63-1) over D-Bus: signed overflow in to_local and in span sums.
    const auto s = schedule(week_of_talks);
    const Instant first = Instant::min();
    const Instant last = Instant::max();
    CHECK(reminders_between(s, first, last).size() == 8);
    CHECK(count_reminders(s, first, last) == 8);
    CHECK(fired(next_reminders_after(s, first)) ==
          std::vector<std::string>{"2022-01-09T08:00:00Z 1d Security talks"});
    CHECK(next_reminders_after(s, last).empty());
    CHECK(next_reminders_after(s, latest_instant).empty());
    CHECK(reminders_between(s, last, first).empty());
    const Span day = *parse_span("1d");
    CHECK(day.before(first, zone("Europe/Brussels")) < earliest_instant);
    CHECK(day.after(last, zone("Europe/Brussels")) > latest_instant);
}

TEST_CASE("a window too large to expand is refused quickly, not expanded",
          "[core][planner][limits]") {
    const auto s = schedule(R"(
[[event]]
title = "Every day"
start = 2022-01-10T09:00:00
repeat = "FREQ=DAILY"
remind = ["0m", "1m"]
)");
    const auto begin = std::chrono::steady_clock::now();
    const auto all = reminders_within(s, Instant::min(), Instant::max());
    REQUIRE_FALSE(all.has_value());
    CHECK(all.error().occurrences_examined <= PlanBudget{}.occurrences);
    CHECK(all.error().message == "the window holds more than 100000 reminders or 1000000 "
                                 "occurrences; ask for a shorter one");
    CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds{5});

    SECTION("a window within the budget is complete and equals reminders_between") {
        const auto year =
            reminders_within(s, at("2022-01-10T00:00:00Z"), at("2023-01-10T00:00:00Z"));
        REQUIRE(year.has_value());
        CHECK(year->size() == 2 * 365);
        CHECK(fired(*year) ==
              fired(reminders_between(s, at("2022-01-10T00:00:00Z"), at("2023-01-10T00:00:00Z"))));
    }
    SECTION("the reminder budget is kept too") {
        const auto capped = reminders_within(s, at("2022-01-10T00:00:00Z"),
                                             at("2023-01-10T00:00:00Z"), {.reminders = 100});
        REQUIRE_FALSE(capped.has_value());
        CHECK(capped.error().reminders_found <= 102);
    }
}
