#include "core/recurrence.hpp"
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
    const auto parse = [](const char* rule) {
        return Recurrence::parse(rule, local("2022-01-01T09:00:00"), zone("UTC"), false);
    };
    CHECK_FALSE(parse("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"));
    CHECK_THAT(parse("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30").error(),
               Catch::Contains("never produces an occurrence"));
    CHECK_THAT(parse("FREQ=HOURLY").error(), Catch::Contains("FREQ must be DAILY"));
    CHECK_THAT(parse("BYDAY=MO").error(), Catch::Contains("is not an RFC 5545 recurrence rule"));
    CHECK(parse("RRULE:FREQ=DAILY"));
    CHECK(parse("FREQ=DAILY;COUNT=100000"));
    CHECK_FALSE(parse("FREQ=DAILY;COUNT=100001"));
}

TEST_CASE("the arithmetic walk of simple rules equals libical's", "[core][rrule]") {
    // Generated DAILY and WEEKLY rules with INTERVAL, COUNT, UNTIL, WKST and plain BYDAY, from
    // starts on every weekday; each entered at its start and in the middle.
    const char* const days[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
    std::uint32_t seed = 20220113;
    const auto random = [&seed](std::uint32_t n) {
        seed = seed * 1664525U + 1013904223U;
        return (seed >> 8) % n;
    };
    int compared = 0;
    for (int i = 0; i < 400; ++i) {
        const bool daily = random(2) == 0;
        const auto start = local("2022-01-03T09:30:00") + date::days{random(14)} +
                           std::chrono::minutes{random(600)};
        const auto start_weekday = date::weekday{date::floor<date::days>(start)}.c_encoding();
        std::string rule = daily ? "FREQ=DAILY" : "FREQ=WEEKLY";
        rule += ";INTERVAL=" + std::to_string(1 + random(3));
        if (random(2) == 0) {
            std::string by = days[start_weekday];
            for (unsigned d = 0; d < 7; ++d)
                if (d != start_weekday && random(3) == 0)
                    by += std::string{","} + days[d];
            rule += ";BYDAY=" + by;
        }
        if (!daily && random(3) == 0)
            rule += random(2) == 0 ? ";WKST=SU" : ";WKST=MO"; // libical errs on other WKSTs
        if (random(3) == 0)
            rule += ";COUNT=" + std::to_string(1 + random(40));
        else if (random(2) == 0)
            rule += ";UNTIL=2022-05-0" + std::to_string(1 + random(9));
        // UNTIL as a date-time in basic format, as RFC 5545 writes it
        if (const auto pos = rule.find("UNTIL=2022-05-0"); pos != std::string::npos)
            rule.replace(pos + 6, 10, "202205" + rule.substr(pos + 14, 2) + "T120000");
        INFO(rule << " from " << date::format("%F %a %T", start));
        const Zone& z = zone("Europe/Brussels");
        const auto fast = Recurrence::parse(rule, start, z, false);
        const auto slow =
            Recurrence::parse(rule, start, z, false, Recurrence::Expansion::libical_only);
        REQUIRE(fast);
        REQUIRE(slow);
        for (const auto from : {start, start + date::days{45}}) {
            auto a = fast->starting_at(from);
            auto b = slow->starting_at(from);
            for (int n = 0; n < 60; ++n) {
                const auto x = a.next();
                const auto y = b.next();
                REQUIRE(x == y);
                if (!x)
                    break;
                ++compared;
            }
        }
    }
    CHECK(compared > 10000);
}
