#include "core/recurrence/recurrence.hpp"
#include "core_support.hpp"

using namespace agendad::core;
using namespace agendad::core::test;

namespace {

std::vector<std::string> expand(const std::string& rule, const std::string& start, int n,
                                const std::string& from = "") {
    const auto r = Recurrence::parse(rule, local(start), zone("Europe/Brussels"), false);
    if (!r)
        FAIL(r.error());
    auto cursor = r->starting_at(from.empty() ? local(start) : local(from));
    std::vector<std::string> out;
    while (static_cast<int>(out.size()) < n) {
        const auto next = cursor.next();
        if (!next)
            break;
        out.push_back(date::format("%F %a %H:%M", *next));
    }
    return out;
}

} // namespace

TEST_CASE("RRULE forms expand on the wall clock", "[core][rrule]") {
    SECTION("BYDAY with ordinals: the last Friday of each month") {
        CHECK(expand("FREQ=MONTHLY;BYDAY=-1FR", "2022-01-07T10:00:00", 3) ==
              std::vector<std::string>{"2022-01-28 Fri 10:00", "2022-02-25 Fri 10:00",
                                       "2022-03-25 Fri 10:00"});
    }
    SECTION("INTERVAL and COUNT") {
        CHECK(expand("FREQ=WEEKLY;INTERVAL=2;COUNT=3", "2022-01-03T09:30:00", 10) ==
              std::vector<std::string>{"2022-01-03 Mon 09:30", "2022-01-17 Mon 09:30",
                                       "2022-01-31 Mon 09:30"});
    }
    SECTION("BYMONTHDAY negative") {
        CHECK(expand("FREQ=MONTHLY;BYMONTHDAY=-1", "2022-01-31T09:00:00", 3) ==
              std::vector<std::string>{"2022-01-31 Mon 09:00", "2022-02-28 Mon 09:00",
                                       "2022-03-31 Thu 09:00"});
    }
    SECTION("BYSETPOS: the last weekday of the month") {
        CHECK(expand("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2022-01-31T09:00:00", 3) ==
              std::vector<std::string>{"2022-01-31 Mon 09:00", "2022-02-28 Mon 09:00",
                                       "2022-03-31 Thu 09:00"});
    }
    SECTION("YEARLY with BYMONTH and BYDAY: US Thanksgiving") {
        CHECK(expand("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "2022-11-24T12:00:00", 2) ==
              std::vector<std::string>{"2022-11-24 Thu 12:00", "2023-11-23 Thu 12:00"});
    }
    SECTION("leap days recur only in leap years") {
        CHECK(expand("FREQ=YEARLY", "2020-02-29T12:00:00", 2) ==
              std::vector<std::string>{"2020-02-29 Sat 12:00", "2024-02-29 Thu 12:00"});
    }
    SECTION("month ends: the 31st is skipped in shorter months") {
        CHECK(expand("FREQ=MONTHLY", "2022-01-31T09:00:00", 3) ==
              std::vector<std::string>{"2022-01-31 Mon 09:00", "2022-03-31 Thu 09:00",
                                       "2022-05-31 Tue 09:00"});
    }
    SECTION("WKST changes which weeks an INTERVAL=2 rule picks") {
        CHECK(expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", "1997-08-05T09:00:00",
                     4) == std::vector<std::string>{"1997-08-05 Tue 09:00", "1997-08-10 Sun 09:00",
                                                    "1997-08-19 Tue 09:00",
                                                    "1997-08-24 Sun 09:00"});
        CHECK(expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", "1997-08-05T09:00:00",
                     4) == std::vector<std::string>{"1997-08-05 Tue 09:00", "1997-08-17 Sun 09:00",
                                                    "1997-08-19 Tue 09:00",
                                                    "1997-08-31 Sun 09:00"});
    }
    SECTION("entering a series in the middle") {
        CHECK(expand("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "2022-01-03T09:30:00", 2,
                     "2022-06-01T00:00:00") ==
              std::vector<std::string>{"2022-06-06 Mon 09:30", "2022-06-20 Mon 09:30"});
        CHECK(expand("FREQ=DAILY;COUNT=10", "2022-01-01T09:00:00", 2, "2022-01-09T09:00:00") ==
              std::vector<std::string>{"2022-01-09 Sun 09:00", "2022-01-10 Mon 09:00"});
    }
}

TEST_CASE("rules that cannot work are refused, quickly", "[core][rrule]") {
    const auto parse = [](const char* rule, bool all_day = false) {
        return Recurrence::parse(rule, local("2022-01-01T09:00:00"), zone("UTC"), all_day);
    };
    const auto error = [&](const char* rule, bool all_day = false) {
        const auto r = parse(rule, all_day);
        REQUIRE_FALSE(r);
        return r.error();
    };
    CHECK(error("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30") ==
          "\"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\": never produces an occurrence: BYMONTHDAY=30 "
          "does not occur in any month of BYMONTH");
    CHECK_THAT(error("FREQ=DAILY;BYMONTH=4,6,9,11;BYMONTHDAY=31"),
               Catch::Contains("never produces an occurrence"));
    CHECK_THAT(error("FREQ=MONTHLY;BYDAY=-5FR;BYSETPOS=2,3,4"),
               Catch::Contains("BYSETPOS=2,3,4 picks beyond the at most 1 candidates"));
    CHECK_THAT(error("FREQ=HOURLY;INTERVAL=2;BYHOUR=10,12"),
               Catch::Contains("INTERVAL=2 from the event's start never reaches"));
    CHECK_THAT(error("FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6"),
               Catch::Contains("never produces an occurrence from the event's start"));
    CHECK_THAT(error("FREQ=DAILY;UNTIL=20211231"),
               Catch::Contains("never produces an occurrence from the event's start"));
    CHECK_THAT(error("BYDAY=MO"), Catch::Contains("is not an RFC 5545 recurrence rule: FREQ is "
                                                  "missing"));
    CHECK(parse("RRULE:FREQ=DAILY"));
    CHECK(parse("freq=daily;byday=mo,tu"));
    CHECK(parse("FREQ=DAILY;COUNT=100000"));
    CHECK_THAT(error("FREQ=DAILY;COUNT=100001"), Catch::Contains("COUNT is at most 100000"));
    CHECK(parse("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"));
    CHECK(parse("FREQ=YEARLY;BYYEARDAY=366"));
    CHECK(parse("FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO"));
}

TEST_CASE("rules RFC 5545 forbids are refused with its reason", "[core][rrule]") {
    const auto error = [](const char* rule) {
        const auto r = Recurrence::parse(rule, local("2022-01-03T09:00:00"), zone("UTC"), false);
        REQUIRE_FALSE(r);
        return r.error();
    };
    const std::vector<std::pair<const char*, const char*>> cases{
        {"FREQ=MONTHLY;BYWEEKNO=3", "BYWEEKNO is only allowed with FREQ=YEARLY"},
        {"FREQ=DAILY;BYYEARDAY=3", "BYYEARDAY is not allowed with FREQ=DAILY, WEEKLY or MONTHLY"},
        {"FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY is not allowed with FREQ=WEEKLY"},
        {"FREQ=WEEKLY;BYDAY=1TU,-1TH", "BYDAY with an ordinal (such as 1TU) is only allowed "
                                       "with FREQ=MONTHLY or YEARLY"},
        {"FREQ=YEARLY;BYWEEKNO=3;BYDAY=1MO", "is not allowed together with BYWEEKNO"},
        {"FREQ=DAILY;BYSETPOS=1", "BYSETPOS is only allowed together with another BYxxx part"},
        {"FREQ=DAILY;COUNT=3;UNTIL=20220301", "UNTIL and COUNT must not both be given"},
        {"FREQ=DAILY;BYSECOND=61", "BYSECOND=61: values are 0 to 60"},
        {"FREQ=DAILY;BYMINUTE=60", "BYMINUTE=60: values are 0 to 59"},
        {"FREQ=DAILY;BYHOUR=24", "BYHOUR=24: values are 0 to 23"},
        {"FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0: values are 1 to 31 or -31 to -1"},
        {"FREQ=YEARLY;BYYEARDAY=-367", "BYYEARDAY=-367: values are 1 to 366 or -366 to -1"},
        {"FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO=54: values are 1 to 53 or -53 to -1"},
        {"FREQ=YEARLY;BYMONTH=13", "BYMONTH=13: values are 1 to 12"},
        {"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "BYSETPOS=0: values are 1 to 366 or -366 to -1"},
        {"FREQ=YEARLY;BYDAY=54MO", "BYDAY=54MO: ordinals are 1 to 53 or -53 to -1"},
        {"FREQ=DAILY;BYFORTNIGHT=1", "BYFORTNIGHT is not a part of a rule"},
        {"FREQ=DAILY;INTERVAL=0", "INTERVAL=0: a whole number of at least 1 is needed"},
        {"FREQ=DAILY;BYDAY=MO;BYDAY=TU", "BYDAY is given twice"},
        {"FREQ=DAILY;UNTIL=20220230", "UNTIL=\"20220230\" is not a date"},
        {"FREQ=DAILY;WKST=XX", "WKST=XX is not a weekday"},
        {"FREQ=FORTNIGHTLY", "FREQ=FORTNIGHTLY is not one of SECONDLY"},
        {"FREQ=DAILY;;BYDAY=MO", "\"\" is not a NAME=VALUE part"},
    };
    for (const auto& [rule, message] : cases) {
        INFO(rule);
        CHECK_THAT(error(rule), Catch::Contains(message));
    }
}

TEST_CASE("an all-day event cannot repeat within a day", "[core][rrule]") {
    const auto parse = [](const char* rule) {
        return Recurrence::parse(rule, local("2022-01-03T00:00:00"), zone("UTC"), true);
    };
    CHECK_THAT(parse("FREQ=HOURLY").error(),
               Catch::Contains("an all-day event cannot repeat more often than daily"));
    CHECK_THAT(parse("FREQ=DAILY;BYHOUR=9").error(),
               Catch::Contains("an all-day event has no time of day for BYHOUR"));
    CHECK(parse("FREQ=DAILY"));
}

TEST_CASE("DTSTART is an occurrence only when the rule matches it", "[core][rrule]") {
    // python-dateutil's choice, which RFC 5545 leaves open (see recurrence.hpp); COUNT counts
    // matching occurrences only.
    CHECK(expand("FREQ=WEEKLY;BYDAY=TU;COUNT=2", "2022-01-03T09:00:00", 5) ==
          std::vector<std::string>{"2022-01-04 Tue 09:00", "2022-01-11 Tue 09:00"});
    CHECK(expand("FREQ=WEEKLY;BYDAY=MO;COUNT=2", "2022-01-03T09:00:00", 5) ==
          std::vector<std::string>{"2022-01-03 Mon 09:00", "2022-01-10 Mon 09:00"});
}

TEST_CASE("entering a series far from its start equals walking to it", "[core][rrule]") {
    // Generated rules of every FREQ, each entered at its start and at points later; the
    // occurrences at or after the entry must be those of the walk from DTSTART.
    const char* const freqs[] = {"SECONDLY", "MINUTELY", "HOURLY", "DAILY",
                                 "WEEKLY",   "MONTHLY",  "YEARLY"};
    const char* const parts[] = {
        "",
        ";BYDAY=MO,WE,FR",
        ";BYMONTH=2,3,11",
        ";BYMONTHDAY=1,15,-1",
        ";BYHOUR=9,17;BYMINUTE=0,30",
        ";BYDAY=TU,TH;BYSETPOS=1,-1",
        ";BYMINUTE=5,45;BYSECOND=10",
        ";BYMONTH=3,10;BYDAY=SU;BYHOUR=1,2,3",
    };
    std::uint32_t seed = 20220113;
    const auto random = [&seed](std::uint32_t n) {
        seed = seed * 1664525U + 1013904223U;
        return (seed >> 8) % n;
    };
    int compared = 0;
    const Zone& z = zone("Europe/Brussels");
    for (int i = 0; i < 300; ++i) {
        const int f = static_cast<int>(random(7));
        std::string rule = std::string{"FREQ="} + freqs[f];
        rule += ";INTERVAL=" + std::to_string(1 + random(f < 3 ? 7 : 3));
        const char* part = parts[random(8)];
        if (f == 4 && std::string_view{part}.find("BYMONTHDAY") != std::string_view::npos)
            part = "";
        rule += part;
        const auto start = local("2022-01-03T09:30:00") + date::days{random(40)} +
                           std::chrono::seconds{random(86400)};
        INFO(rule << " from " << date::format("%F %T", start));
        const auto r = Recurrence::parse(rule, start, z, false);
        if (!r)
            continue;
        // A span of a few hundred periods of the FREQ.
        const std::chrono::seconds span[] = {std::chrono::seconds{900}, std::chrono::hours{5},
                                             std::chrono::hours{200},   date::days{300},
                                             date::days{2000},          date::days{9000},
                                             date::days{60000}};
        const auto entry =
            start + std::chrono::seconds{random(static_cast<std::uint32_t>(span[f].count()))};
        std::vector<LocalTime> walked;
        auto all = r->starting_at(start);
        while (walked.size() < 400) {
            const auto t = all.next();
            if (!t)
                break;
            if (*t >= entry)
                walked.push_back(*t);
        }
        auto entered = r->starting_at(entry);
        for (const auto want : walked) {
            REQUIRE(entered.next() == want);
            ++compared;
        }
    }
    CHECK(compared > 10000);
}

TEST_CASE("the rules that libical expanded wrongly or refused", "[core][rrule]") {
    // Expected lists from python-dateutil 2.9 (RFC 5545 agrees), DTSTART Monday 2022-01-03.
    const auto first6 = [](const char* rule) { return expand(rule, "2022-01-03T09:00:00", 6); };
    CHECK(first6("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,-1") ==
          std::vector<std::string>{"2022-01-03 Mon 09:00", "2022-01-07 Fri 09:00",
                                   "2022-01-10 Mon 09:00", "2022-01-14 Fri 09:00",
                                   "2022-01-17 Mon 09:00", "2022-01-21 Fri 09:00"});
    CHECK(first6("FREQ=YEARLY;BYMONTH=4,7;BYYEARDAY=1,100,200,365") ==
          std::vector<std::string>{"2022-04-10 Sun 09:00", "2022-07-19 Tue 09:00",
                                   "2023-04-10 Mon 09:00", "2023-07-19 Wed 09:00",
                                   "2024-04-09 Tue 09:00", "2024-07-18 Thu 09:00"});
    CHECK(first6("FREQ=YEARLY;BYWEEKNO=20") ==
          std::vector<std::string>{"2022-05-16 Mon 09:00", "2022-05-17 Tue 09:00",
                                   "2022-05-18 Wed 09:00", "2022-05-19 Thu 09:00",
                                   "2022-05-20 Fri 09:00", "2022-05-21 Sat 09:00"});
    CHECK(first6("FREQ=MONTHLY;BYSETPOS=3,-3;BYMONTHDAY=13,17;BYHOUR=6,18") ==
          std::vector<std::string>{"2022-01-13 Thu 18:00", "2022-01-17 Mon 06:00",
                                   "2022-02-13 Sun 18:00", "2022-02-17 Thu 06:00",
                                   "2022-03-13 Sun 18:00", "2022-03-17 Thu 06:00"});
    CHECK(first6("FREQ=HOURLY;INTERVAL=2;BYHOUR=9,11,13,15,17;BYDAY=MO,TU,WE,TH,FR") ==
          std::vector<std::string>{"2022-01-03 Mon 09:00", "2022-01-03 Mon 11:00",
                                   "2022-01-03 Mon 13:00", "2022-01-03 Mon 15:00",
                                   "2022-01-03 Mon 17:00", "2022-01-04 Tue 09:00"});
    // Week 1 may start in December; Mondays only, one a year.
    CHECK(first6("FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO") ==
          std::vector<std::string>{"2022-01-03 Mon 09:00", "2023-01-02 Mon 09:00",
                                   "2024-01-01 Mon 09:00", "2024-12-30 Mon 09:00",
                                   "2025-12-29 Mon 09:00", "2027-01-04 Mon 09:00"});
    // Only years with a week 53.
    CHECK(first6("FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO") ==
          std::vector<std::string>{"2026-12-28 Mon 09:00", "2032-12-27 Mon 09:00",
                                   "2037-12-28 Mon 09:00", "2043-12-28 Mon 09:00",
                                   "2048-12-28 Mon 09:00", "2054-12-28 Mon 09:00"});
}

TEST_CASE("sparse and fine-grained rules stay cheap", "[core][rrule]") {
    const auto parse = [](const char* rule, const char* start) {
        auto r = Recurrence::parse(rule, local(start), zone("UTC"), false);
        REQUIRE(r);
        return std::move(*r);
    };
    SECTION("a minutely rule entered 30 years after its start begins where asked") {
        const auto r = parse("FREQ=MINUTELY;INTERVAL=7", "2000-01-01T00:00:00");
        auto c = r.starting_at(local("2030-06-01T12:00:00"));
        CHECK(date::format("%F %T", *c.next()) == "2030-06-01 12:01:00");
    }
    SECTION("a minutely rule on leap days only finds the next one") {
        const auto r = parse("FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=29", "2022-01-01T00:00:00");
        auto c = r.starting_at(local("2024-03-01T00:00:00"));
        CHECK(date::format("%F %T", *c.next()) == "2028-02-29 00:00:00");
    }
    SECTION("a yearly leap day across 2100, which is no leap year") {
        const auto r = parse("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "2096-02-29T09:00:00");
        auto c = r.starting_at(local("2096-03-01T00:00:00"));
        CHECK(date::format("%F", *c.next()) == "2104-02-29");
    }
}
