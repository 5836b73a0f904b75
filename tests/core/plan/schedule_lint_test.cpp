#include "core/plan/schedule_lint.hpp"
#include "core_support.hpp"

#include <fstream>

using namespace agendad::core;
using namespace agendad::core::test;

namespace {

/// The warnings about `toml` at `now`, printed one a line.
std::vector<std::string> warnings(const std::string& toml, const std::string& now) {
    std::vector<std::string> out;
    for (const auto& d : never_reminds(schedule(toml), at(now))) {
        CHECK(d.severity == Severity::warning);
        out.push_back(to_string(d));
    }
    return out;
}

using Lines = std::vector<std::string>;

} // namespace

TEST_CASE("a one-off event is warned about once its every reminder is past", "[core][lint]") {
    const std::string toml = R"([[event]]
title = "Dentist"
start = 2022-01-03T13:00:00
remind = ["1d", "1h"]
)";
    const Lines past = {"agenda.toml:1:1: warning: event[1] \"Dentist\": every reminder is in "
                        "the past; it will never remind"};
    struct Row {
        const char* now;
        Lines expected;
    };
    // Reminders at 2022-01-02T13:00Z and 2022-01-03T12:00Z (UTC is the default zone).
    const auto row = GENERATE_COPY(values<Row>({
        {"2022-01-01T00:00:00Z", {}},
        {"2022-01-03T12:00:00Z", {}}, // the last reminder fires now: not past
        {"2022-01-03T12:00:01Z", past},
        {"2022-01-03T12:59:59Z", past}, // the event has not started, its reminders are past
        {"2026-11-27T11:34:00Z", past},
    }));
    CAPTURE(row.now);
    CHECK(warnings(toml, row.now) == row.expected);
}

TEST_CASE("a repeating event is warned about once its rule has ended", "[core][lint]") {
    const std::string until = R"(
[[event]]
title = "Team sync"
start = 2022-01-03T09:30:00
repeat = "FREQ=WEEKLY;BYDAY=MO;UNTIL=20220131T093000Z"
remind = ["15m"]
)";
    const std::string count = R"(
[[event]]
title = "Onboarding"
start = 2022-01-03T09:30:00
repeat = "FREQ=DAILY;COUNT=3"
)";
    const std::string forever = R"(
[[event]]
title = "Standup"
start = 2022-01-03T09:30:00
repeat = "FREQ=DAILY"
)";
    // UNTIL: the last occurrence is Monday 2022-01-31 09:30, its reminder at 09:15.
    CHECK(warnings(until, "2022-01-31T09:15:00Z").empty());
    CHECK(warnings(until, "2022-01-31T09:15:01Z") ==
          Lines{"agenda.toml:2:1: warning: event[1] \"Team sync\": its repeat rule has ended, "
                "with no reminder left to come; it will never remind"});
    CHECK(warnings(until, "2026-11-27T11:34:00Z").size() == 1);
    // COUNT: 3, 4 and 5 January at 09:30, reminded at 09:15 (the default "15m").
    CHECK(warnings(count, "2022-01-05T09:00:00Z").empty());
    CHECK(warnings(count, "2022-01-05T09:16:00Z").size() == 1);
    // A rule without an end always has a reminder to come.
    CHECK(warnings(forever, "2050-02-28T09:29:00Z").empty());
}

TEST_CASE("an event with remind = [] is not warned about", "[core][lint]") {
    CHECK(warnings(R"([[event]]
title = "Holiday"
start = 2022-01-03
remind = []
)",
                   "2026-11-27T11:34:00Z")
              .empty());
}

TEST_CASE("an event with a pending snooze is not warned about: the snooze still reminds",
          "[core][lint]") {
    // Its one reminder fired at 12:00 and was snoozed; the file alone says "never".
    const auto parsed = schedule(R"([[event]]
id = "dentist"
title = "Dentist"
start = 2022-01-03T13:00:00
remind = ["1h"]

[[event]]
id = "retro"
title = "Retro"
start = 2022-01-03T11:00:00
repeat = "FREQ=DAILY;COUNT=1"
except = [2022-01-04T11:00:00]
)");
    const auto now = at("2022-01-03T12:01:00Z");
    struct Row {
        const char* name;
        std::set<std::string, std::less<>> snoozed;
        Lines expected;
    };
    const Lines dentist = {"agenda.toml:1:1: warning: event[1] \"Dentist\": every reminder is in "
                           "the past; it will never remind"};
    const Lines retro = {"agenda.toml:7:1: warning: event[2] \"Retro\": its repeat rule has ended, "
                         "with no reminder left to come; it will never remind",
                         "agenda.toml:12:11: warning: event[2] \"Retro\": except "
                         "2022-01-04T11:00:00 matches no occurrence of its repeat rule; it skips "
                         "nothing"};
    Lines both = dentist;
    both.insert(both.end(), retro.begin(), retro.end());
    // An except that skips nothing is a mistake in the file whatever is snoozed.
    const std::vector<Row> rows{
        {"no snooze", {}, both},
        {"the dentist snoozed", {"dentist"}, retro},
        {"the retro snoozed: its except is still warned about", {"retro"}, {dentist[0], retro[1]}},
        {"a snooze of an event no longer in the file", {"gone"}, both},
    };
    for (const auto& row : rows) {
        SECTION(row.name) {
            Lines out;
            for (const auto& d : never_reminds(parsed, now, row.snoozed))
                out.push_back(to_string(d));
            CHECK(out == row.expected);
        }
    }
}

TEST_CASE("an except that matches no occurrence is warned about at its entry", "[core][lint]") {
    const std::string toml = R"([[event]]
title = "Team sync"
start = 2026-11-02T09:30:00
repeat = "FREQ=WEEKLY;BYDAY=MO,TH"
except = [
    2026-11-05T09:30:00,
    2026-11-05T10:30:00,
      2026-11-10,
    2026-11-16,
]
)";
    // Matches: Thursday 5 November 09:30 and Monday 16 November. Not: 10:30, a Tuesday.
    CHECK(warnings(toml, "2026-11-01T00:00:00Z") ==
          Lines{"agenda.toml:7:5: warning: event[1] \"Team sync\": except 2026-11-05T10:30:00 "
                "matches no occurrence of its repeat rule; it skips nothing",
                "agenda.toml:8:7: warning: event[1] \"Team sync\": except 2026-11-10 is a day "
                "without an occurrence of its repeat rule; it skips nothing"});
}

TEST_CASE("an except is checked against the whole rule, the past included", "[core][lint]") {
    const std::string toml = R"([[event]]
title = "Team sync"
start = 2022-01-03T09:30:00
repeat = "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=10"
except = [2022-01-13T09:30:00, 2022-03-03T09:30:00]
)";
    // 2022-01-13 is the 4th occurrence; 2022-03-03 lies after the 10th (2022-02-03).
    const auto found = warnings(toml, "2022-01-01T00:00:00Z");
    REQUIRE(found.size() == 1);
    CHECK(found[0].starts_with("agenda.toml:5:32: warning: event[1] \"Team sync\": except "
                               "2022-03-03T09:30:00 matches no occurrence"));
}

TEST_CASE("warnings come in file order, numbered like the reader's events", "[core][lint]") {
    const auto found = warnings(R"([[event]]
title = "Coming"
start = 2030-01-01T10:00:00

[[event]]
title = "Gone"
start = 2022-01-01T10:00:00

[[event]]
title = "Also gone"
start = 2022-01-02T10:00:00
)",
                                "2026-11-27T11:34:00Z");
    REQUIRE(found.size() == 2);
    CHECK(found[0].starts_with("agenda.toml:5:1: warning: event[2] \"Gone\""));
    CHECK(found[1].starts_with("agenda.toml:9:1: warning: event[3] \"Also gone\""));
}

TEST_CASE("the shipped example is warned about only once its dates are past", "[core][lint]") {
    std::ifstream in{AGENDAD_EXAMPLE_FILE, std::ios::binary};
    REQUIRE(in);
    const std::string example{std::istreambuf_iterator<char>{in}, {}};
    CHECK(warnings(example, "2022-01-01T00:00:00Z").empty());
    CHECK(warnings(example, "2026-11-27T11:34:00Z").size() == 5);
}

namespace {

/// The warnings of never_reminds() given `memo`, each checked against a check without it.
std::vector<std::string> remembered(const std::shared_ptr<const Schedule>& schedule,
                                    const std::string& now, NeverRemindsMemo& memo) {
    const auto with_memo = never_reminds(schedule, at(now), {}, memo);
    CHECK(with_memo == never_reminds(*schedule, at(now)));
    std::vector<std::string> out;
    for (const auto& d : with_memo)
        out.push_back(to_string(d));
    return out;
}

std::shared_ptr<const Schedule> shared(const std::string& toml) {
    return std::make_shared<const Schedule>(schedule(toml));
}

const char* const kept_events = R"([[event]]
title = "Weekly"
start = 2022-01-03T09:00:00
repeat = "FREQ=WEEKLY;COUNT=3"
except = [2022-01-04T09:00:00]
remind = ["15m"]

[[event]]
title = "Dentist"
start = 2022-02-01T13:00:00
remind = ["1h"]
)";

} // namespace

TEST_CASE("a check with a memo warns as a whole check does across reloads", "[core][lint]") {
    NeverRemindsMemo memo;
    const std::string now = "2022-01-10T00:00:00Z";
    const Lines except_warning = {
        "agenda.toml:5:11: warning: event[1] \"Weekly\": except 2022-01-04T09:00:00 matches no "
        "occurrence of its repeat rule; it skips nothing"};
    CHECK(remembered(shared(kept_events), now, memo) == except_warning);

    // The dentist moves into the past: warned about, the weekly event's verdicts kept.
    std::string past = kept_events;
    past.replace(past.find("2022-02-01"), 10, "2022-01-05");
    Lines expected = except_warning;
    expected.push_back("agenda.toml:8:1: warning: event[2] \"Dentist\": every reminder is in the "
                       "past; it will never remind");
    CHECK(remembered(shared(past), now, memo) == expected);

    // Fixed again: the warning goes. An event added before both moves their lines and numbers.
    std::string fixed = "[[event]]\ntitle = \"New\"\nstart = 2022-03-01T10:00:00\n\n";
    fixed += kept_events;
    CHECK(remembered(shared(fixed), now, memo) ==
          Lines{"agenda.toml:9:11: warning: event[2] \"Weekly\": except 2022-01-04T09:00:00 "
                "matches no occurrence of its repeat rule; it skips nothing"});
}

TEST_CASE("a remembered verdict lasts until the reminder that proved it", "[core][lint]") {
    NeverRemindsMemo memo;
    const auto first = shared(kept_events);
    // Before the dentist's reminder (2022-02-01T12:00Z), then after it: the same events (the
    // weekly one has ended and skips nothing: two warnings).
    CHECK(remembered(first, "2022-01-31T00:00:00Z", memo).size() == 2);
    const auto second = shared(kept_events);
    CHECK(remembered(second, "2022-02-01T12:00:01Z", memo).size() == 3);
    // The clock set back: the verdict of the later check does not hold before it.
    CHECK(remembered(shared(kept_events), "2022-01-31T00:00:00Z", memo).size() == 2);
}

TEST_CASE("a memo's verdicts are not reused under other all-day times", "[core][lint]") {
    NeverRemindsMemo memo;
    const std::string all_day = R"([[event]]
title = "Holiday"
start = 2022-01-10
remind = ["0m"]
)";
    // Its reminder fires at 09:00 by default, at 07:00 with the new setting.
    CHECK(remembered(shared(all_day), "2022-01-10T08:00:00Z", memo).empty());
    CHECK(remembered(shared("[settings]\nall_day_at = \"07:00\"\n" + all_day),
                     "2022-01-10T08:00:00Z", memo)
              .size() == 1);
}
