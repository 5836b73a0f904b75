// TOML → agendactl export → agendactl import → TOML plans the same reminders: over the shipped
// examples and a generated schedule with rules, exceptions, all-day events and zones on both
// sides of the equator, compared reminder by reminder over a year.

#include "core/plan/planner.hpp"
#include "core_support.hpp"
#include "ctl/ics_export.hpp"
#include "ctl/ics_import.hpp"

#include "catch_compat.hpp"
#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <sstream>

using namespace agendad;
using core::test::at;

namespace {

std::string file_text(const std::string& path) {
    std::ifstream in{path};
    REQUIRE(in);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// Each reminder of [from, until) as one comparable line.
std::vector<std::string> planned(const core::Schedule& schedule, core::Instant from,
                                 core::Instant until) {
    std::vector<std::string> out;
    for (const auto& r : core::reminders_between(schedule, from, until))
        out.push_back(
            fmt::format("{} | {} | fires {} | starts {} | ends {} | {} | {} | {}", r.event->id,
                        r.event->title, core::rfc3339_utc(r.fire_at),
                        core::rfc3339_utc(r.occurrence.start), core::rfc3339_utc(r.occurrence.end),
                        core::to_string(r.event->urgency), r.event->location, r.event->url));
    std::sort(out.begin(), out.end());
    return out;
}

/// The schedule read back from its own export, with the same settings.
core::Schedule round_trip(const core::Schedule& schedule) {
    const std::string ics = ctl::export_calendar(schedule, at("2026-11-27T14:00:00Z"));
    const ctl::Imported imported = ctl::import_ics(ics, "export.ics", schedule.settings);
    INFO(core::to_string(imported.warnings));
    CHECK(imported.warnings.empty());
    const auto minutes = schedule.settings.all_day_at.count();
    const std::string settings =
        fmt::format("[settings]\ntimezone = \"{}\"\nall_day_at = \"{:02}:{:02}\"\n\n",
                    schedule.settings.zone->name(), minutes / 60, minutes % 60);
    INFO(imported.toml);
    return core::test::schedule(settings + imported.toml);
}

void require_same_reminders(const std::string& toml, const char* zone, core::Instant from,
                            core::Instant until) {
    const core::Schedule original = core::test::schedule(toml, zone);
    const core::Schedule again = round_trip(original);
    const auto before = planned(original, from, until);
    const auto after = planned(again, from, until);
    CHECK_FALSE(before.empty());
    // The differences alone, so that a failure names the reminders at fault.
    std::vector<std::string> lost;
    std::vector<std::string> gained;
    std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                        std::back_inserter(lost));
    std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                        std::back_inserter(gained));
    CHECK(lost == std::vector<std::string>{});
    CHECK(gained == std::vector<std::string>{});
    CHECK(after.size() == before.size());
}

/// A deterministic mix: every zone, rule, lead set and exception kind meets the others.
std::string generated_schedule() {
    const std::vector<std::string> zones{
        "Europe/Brussels",   "America/New_York", "Asia/Tokyo",     "Australia/Sydney", "UTC",
        "America/Sao_Paulo", "Asia/Kolkata",     "Pacific/Chatham"};
    const std::vector<std::string> rules{"",
                                         "FREQ=DAILY;INTERVAL=3",
                                         "FREQ=WEEKLY;BYDAY=MO,TH",
                                         "FREQ=MONTHLY;BYDAY=-1FR",
                                         "FREQ=MONTHLY;BYMONTHDAY=31",
                                         "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                                         "FREQ=WEEKLY;COUNT=20",
                                         "FREQ=DAILY;UNTIL=20270301T000000Z"};
    const std::vector<std::string> leads{
        "",         "[\"0m\"]",          "[\"1d\", \"1h\"]", "[]", "[\"2d3h\", \"15m\"]",
        "[\"1w\"]", "[\"30m\", \"10h\"]"};
    const std::vector<std::string> times{"09:30:00", "02:30:00", "00:00:00", "23:45:00",
                                         "12:00:00"};
    const std::vector<std::string> urgencies{"", "low", "critical", "normal"};
    std::string out = "[settings]\nremind = [\"1h\", \"1d\"]\nall_day_at = \"08:30\"\n";
    unsigned seed = 7;
    const auto pick = [&](std::size_t n) {
        seed = seed * 1103515245U + 12345U;
        return (seed >> 16) % n;
    };
    for (int n = 0; n < 120; ++n) {
        const bool all_day = n % 4 == 3;
        const auto& rule = rules[pick(rules.size())];
        const int month = 1 + static_cast<int>(pick(12));
        const int day = 1 + static_cast<int>(pick(28));
        const std::string date = fmt::format("2026-{:02}-{:02}", month, day);
        out += fmt::format("\n[[event]]\nid = \"e{}\"\ntitle = \"Event {}, \\\"quoted\\\"; with "
                           "commas\"\n",
                           n, n);
        out += all_day ? fmt::format("start = {}\n", date)
                       : fmt::format("start = {}T{}\n", date, times[pick(times.size())]);
        if (!all_day || n % 3 != 0)
            out += fmt::format("timezone = \"{}\"\n", zones[pick(zones.size())]);
        if (all_day && n % 5 == 0)
            out += "duration = \"3d\"\n";
        else if (!all_day && n % 3 == 0)
            out += "duration = \"1h30m\"\n";
        else if (!all_day && n % 7 == 0)
            out += "duration = \"1d2h\"\n";
        if (const auto& lead = leads[pick(leads.size())]; !lead.empty())
            out += "remind = " + lead + "\n";
        if (const auto& urgency = urgencies[pick(urgencies.size())]; !urgency.empty())
            out += fmt::format("urgency = \"{}\"\n", urgency);
        if (n % 6 == 1)
            out += "location = \"Room 4, floor 2\"\nurl = \"https://meet.example.org/x?a=1\"\n";
        if (n % 9 == 2)
            out += "description = \"line one\\nline two; a \\\\ backslash\"\n";
        if (rule.empty() || (all_day && rule.find("UNTIL=") != std::string::npos))
            continue;
        out += fmt::format("repeat = \"{}\"\n", rule);
        // An exception of each kind: a day, and an occurrence found by expanding.
        if (n % 2 == 0 || all_day)
            out += fmt::format("except = [{}]\n",
                               fmt::format("2026-{:02}-{:02}", std::min(month + 1, 12), 10));
    }
    return out;
}

} // namespace

TEST_CASE("the example schedule plans the same reminders after export and import",
          "[ctl][ics][roundtrip]") {
    require_same_reminders(file_text(AGENDAD_CONFIG_DIR "/agenda.example.toml"), "UTC",
                           at("2021-12-01T00:00:00Z"), at("2022-12-01T00:00:00Z"));
}

TEST_CASE("the demo schedule plans the same reminders after export and import",
          "[ctl][ics][roundtrip]") {
    std::string demo = file_text(AGENDAD_CONFIG_DIR "/demo.toml.in");
    demo.replace(demo.find("@START@"), 7, "2026-11-27T15:00:00");
    demo.replace(demo.find("@LATER@"), 7, "2026-11-27T15:02:00");
    require_same_reminders(demo, "Europe/Brussels", at("2026-11-27T00:00:00Z"),
                           at("2027-11-27T00:00:00Z"));
}

TEST_CASE("a generated schedule of rules, exceptions and zones survives export and import",
          "[ctl][ics][roundtrip]") {
    const std::string toml = generated_schedule();
    INFO(toml);
    require_same_reminders(toml, "Europe/Brussels", at("2025-12-01T00:00:00Z"),
                           at("2027-01-01T00:00:00Z"));
}

TEST_CASE("an event on the second pass of a fall-back hour keeps its instant",
          "[ctl][ics][roundtrip]") {
    require_same_reminders("[[event]]\ntitle = \"Late\"\nstart = 2022-10-30T02:30:00+01:00\n"
                           "timezone = \"Europe/Brussels\"\nremind = [\"0m\", \"45m\"]\n",
                           "UTC", at("2022-10-01T00:00:00Z"), at("2022-11-01T00:00:00Z"));
}
