// What `agendactl upcoming` lists once the daemon's snoozes and dismissals are taken into
// account (ctl/occurrence_marks.hpp), on a pinned schedule in UTC.

#include "core_support.hpp"
#include "ctl/occurrence_marks.hpp"

#include "catch_compat.hpp"

using namespace agendad;
using core::test::at;

namespace {

const std::string toml = R"([[event]]
id = "standup"
title = "Standup"
start = 2022-01-03T09:30:00
repeat = "FREQ=DAILY"
remind = ["15m"]

[[event]]
id = "dentist"
title = "Dentist"
start = 2022-01-04T15:00:00
remind = ["1h"]
)";

/// "2022-01-04T09:15:00Z standup 15m" a line, "snoozed" for a snooze's lead.
std::vector<std::string> listed(const core::Schedule& schedule, const ctl::OccurrenceMarks& marks,
                                core::Instant from, core::Instant until) {
    std::vector<std::string> out;
    ctl::for_each_listed(schedule, core::reminders_between(schedule, from, until), marks, from,
                         until, [&out](const core::Reminder& r, bool snoozed) {
                             out.push_back(core::rfc3339_utc(r.fire_at) + " " + r.event->id + " " +
                                           (snoozed ? "snoozed" : r.lead->text));
                         });
    return out;
}

using Lines = std::vector<std::string>;

} // namespace

TEST_CASE("upcoming lists what the daemon will deliver: snoozes at their end, no dismissed "
          "occurrence",
          "[ctl][upcoming]") {
    const auto schedule = core::test::schedule(toml);
    const auto from = at("2022-01-03T00:00:00Z");
    const auto until = at("2022-01-06T00:00:00Z");
    const ctl::OccurrenceRef standup_3{"standup", at("2022-01-03T09:30:00Z")};
    const ctl::OccurrenceRef standup_4{"standup", at("2022-01-04T09:30:00Z")};
    const ctl::OccurrenceRef dentist{"dentist", at("2022-01-04T15:00:00Z")};
    struct Row {
        const char* name;
        ctl::OccurrenceMarks marks;
        Lines expected;
    };
    const std::vector<Row> rows{
        {"no state: the file's reminders",
         {},
         {"2022-01-03T09:15:00Z standup 15m", "2022-01-04T09:15:00Z standup 15m",
          "2022-01-04T14:00:00Z dentist 1h", "2022-01-05T09:15:00Z standup 15m"}},
        {"a dismissed occurrence is left out, the others of its event stay",
         {.dismissed = {standup_4}},
         {"2022-01-03T09:15:00Z standup 15m", "2022-01-04T14:00:00Z dentist 1h",
          "2022-01-05T09:15:00Z standup 15m"}},
        {"a snooze comes at its end, once, beside the reminder it came from",
         {.snoozed = {{standup_3, at("2022-01-03T09:25:00Z")}}},
         {"2022-01-03T09:15:00Z standup 15m", "2022-01-03T09:25:00Z standup snoozed",
          "2022-01-04T09:15:00Z standup 15m", "2022-01-04T14:00:00Z dentist 1h",
          "2022-01-05T09:15:00Z standup 15m"}},
        {"a snooze at a planned reminder's instant comes after it, as the daemon delivers it",
         {.snoozed = {{dentist, at("2022-01-04T14:00:00Z")}}},
         {"2022-01-03T09:15:00Z standup 15m", "2022-01-04T09:15:00Z standup 15m",
          "2022-01-04T14:00:00Z dentist 1h", "2022-01-04T14:00:00Z dentist snoozed",
          "2022-01-05T09:15:00Z standup 15m"}},
        {"a snooze of an occurrence not yet reminded keeps its own reminders",
         {.snoozed = {{dentist, at("2022-01-04T12:00:00Z")}}},
         {"2022-01-03T09:15:00Z standup 15m", "2022-01-04T09:15:00Z standup 15m",
          "2022-01-04T12:00:00Z dentist snoozed", "2022-01-04T14:00:00Z dentist 1h",
          "2022-01-05T09:15:00Z standup 15m"}},
        {"snoozes outside the window, of a gone event or of no occurrence are not listed",
         {.snoozed = {{standup_3, until},
                      {dentist, from - std::chrono::seconds{1}},
                      {{"gone", at("2022-01-04T09:30:00Z")}, at("2022-01-04T10:00:00Z")},
                      {{"standup", at("2022-01-04T10:30:00Z")}, at("2022-01-04T10:00:00Z")}}},
         {"2022-01-03T09:15:00Z standup 15m", "2022-01-04T09:15:00Z standup 15m",
          "2022-01-04T14:00:00Z dentist 1h", "2022-01-05T09:15:00Z standup 15m"}},
        {"several snoozes by their end, the last after every planned reminder",
         {.snoozed = {{standup_4, at("2022-01-05T23:00:00Z")},
                      {standup_3, at("2022-01-04T09:00:00Z")}}},
         {"2022-01-03T09:15:00Z standup 15m", "2022-01-04T09:00:00Z standup snoozed",
          "2022-01-04T09:15:00Z standup 15m", "2022-01-04T14:00:00Z dentist 1h",
          "2022-01-05T09:15:00Z standup 15m", "2022-01-05T23:00:00Z standup snoozed"}},
    };
    for (const auto& row : rows) {
        SECTION(row.name) {
            CHECK(listed(schedule, row.marks, from, until) == row.expected);
        }
    }
}

TEST_CASE("a snooze is listed as snoozed, in text and in JSON", "[ctl][upcoming]") {
    const auto schedule = core::test::schedule(toml);
    const auto from = at("2022-01-04T00:00:00Z");
    const auto until = at("2022-01-04T13:00:00Z");
    ctl::OccurrenceMarks marks;
    marks.snoozed[{"dentist", at("2022-01-04T15:00:00Z")}] = at("2022-01-04T12:00:00Z");
    std::vector<std::string> text;
    std::string json;
    ctl::for_each_listed(schedule, core::reminders_between(schedule, from, until), marks, from,
                         until, [&](const core::Reminder& r, bool snoozed) {
                             if (!snoozed)
                                 return;
                             text.push_back(core::snoozed_line(r, core::test::zone("UTC")));
                             core::append_snoozed_json(json, r);
                         });
    CHECK(text ==
          Lines{"Tue 2022-01-04 12:00 UTC  snoozed         Dentist · Tue 2022-01-04 15:00"});
    CHECK(json == R"({"fire_at":"2022-01-04T12:00:00Z","start":"2022-01-04T15:00:00+00:00",)"
                  R"("title":"Dentist","id":"dentist","lead":"snooze","all_day":false,)"
                  R"("snoozed":true})");
}

TEST_CASE("the events with a pending snooze are named for the never-reminds check",
          "[ctl][upcoming]") {
    ctl::OccurrenceMarks marks;
    CHECK(marks.empty());
    marks.snoozed[{"a", at("2022-01-04T15:00:00Z")}] = at("2022-01-04T12:00:00Z");
    marks.snoozed[{"a", at("2022-01-05T15:00:00Z")}] = at("2022-01-05T12:00:00Z");
    marks.dismissed.insert({"b", at("2022-01-04T15:00:00Z")});
    CHECK_FALSE(marks.empty());
    CHECK(marks.snoozed_events() == std::set<std::string, std::less<>>{"a"});
}
