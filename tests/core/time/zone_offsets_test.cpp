#include "core/time/zone_offsets.hpp"
#include "core_support.hpp"

#include <array>
#include <string>

using namespace agendad::core;
using namespace agendad::core::test;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

// date/tz's own answers, which the cached tables must give.
Instant date_resolve(const Zone& zone, LocalTime local) {
    return Instant{local.time_since_epoch() - zone.get_info(local).first.offset};
}

// Zones with every kind of transition: DST north and south, 30-minute DST (Lord Howe), negative
// DST (Dublin), DST at midnight (São Paulo until 2019), Ramadan breaks (Casablanca), a skipped
// day (Apia, December 2011), odd offsets (St John's, Chatham, Kathmandu), and zones without DST.
constexpr std::array zone_names{"Europe/Brussels",
                                "America/New_York",
                                "Australia/Sydney",
                                "Australia/Lord_Howe",
                                "Europe/Dublin",
                                "America/Sao_Paulo",
                                "Africa/Casablanca",
                                "Pacific/Apia",
                                "America/St_Johns",
                                "Pacific/Chatham",
                                "Asia/Kathmandu",
                                "Asia/Kolkata",
                                "UTC",
                                "Antarctica/Troll",
                                "America/Phoenix",
                                "Asia/Tokyo"};

constexpr std::array years{1890, 1916, 1945, 1970, 1996, 2011, 2019, 2022, 2027, 2037, 2038, 2100};

// Every wall-clock time from three days before to three days after `transition`: every quarter
// hour within three hours of it, every hour within a day, and a few whole days.
std::vector<seconds> deltas() {
    std::vector<seconds> out;
    for (int m = -180; m <= 180; m += 15)
        out.push_back(minutes{m});
    for (int h = -24; h <= 24; ++h)
        out.push_back(hours{h});
    for (const int s : {-1, 1, 59, 61})
        out.push_back(seconds{s});
    for (const int d : {-3, -2, 2, 3})
        out.push_back(hours{24 * d});
    return out;
}

} // namespace

TEST_CASE("cached zone offsets equal date/tz's across DST transitions, gaps and folds",
          "[core][zone]") {
    const auto steps = deltas();
    std::size_t transitions = 0;
    for (const char* name : zone_names) {
        const Zone& z = zone(name);
        INFO("zone " << name);
        ZoneOffsets offsets{z};
        for (const int year : years) {
            const Instant year_start{date::sys_days{date::year{year} / 1 / 1}};
            const Instant year_end{date::sys_days{date::year{year + 1} / 1 / 1}};
            // Mid-year first, so that the tables are also filled backwards.
            const Instant mid = year_start + std::chrono::days{182};
            CHECK(offsets.offset_at(mid) == z.get_info(mid).offset);
            for (auto info = z.get_info(year_start); info.begin < year_end;
                 info = z.get_info(info.end)) {
                const Instant transition = info.begin < year_start ? year_start : info.begin;
                ++transitions;
                // The wall clock just before the transition, on both of its offsets.
                const auto before = z.get_info(transition - seconds{1}).offset;
                for (const auto offset : {before, info.offset}) {
                    for (const auto delta : steps) {
                        const LocalTime local{transition.time_since_epoch() + offset + delta};
                        INFO("local " << date::format("%F %T", local));
                        REQUIRE(offsets.resolve(local) == date_resolve(z, local));
                        REQUIRE(resolve_local(z, local) == date_resolve(z, local));
                    }
                }
                for (const auto delta : steps) {
                    const Instant instant = transition + delta;
                    INFO("instant " << date::format("%F %T", instant));
                    REQUIRE(offsets.offset_at(instant) == z.get_info(instant).offset);
                    REQUIRE(offsets.to_local(instant) == z.to_local(instant));
                    REQUIRE(to_local(z, instant) == z.to_local(instant));
                }
                if (info.end >= year_end)
                    break;
            }
        }
    }
    CHECK(transitions > 250); // 326 with the tzdata this was written with
}

TEST_CASE("a gap moves forward and a fold takes the earlier instant, as date/tz says",
          "[core][zone]") {
    ZoneOffsets brussels{zone("Europe/Brussels")};
    // 2027-03-28: 02:00 CET becomes 03:00 CEST; 2027-10-31: 03:00 CEST becomes 02:00 CET.
    CHECK(brussels.resolve(local("2027-03-28T02:30:00")) == at("2027-03-28T01:30:00Z"));
    CHECK(brussels.resolve(local("2027-03-28T03:00:00")) == at("2027-03-28T01:00:00Z"));
    CHECK(brussels.resolve(local("2027-10-31T02:30:00")) == at("2027-10-31T00:30:00Z"));
    CHECK(brussels.resolve(local("2027-10-31T03:00:00")) == at("2027-10-31T02:00:00Z"));
    ZoneOffsets apia{zone("Pacific/Apia")};
    // Samoa skipped Friday 30 December 2011: 23:59:59 on the 29th (-10:00) was followed by
    // 00:00 on the 31st (+14:00). A time on the 30th falls in that day-long gap.
    CHECK(apia.resolve(local("2011-12-30T12:00:00")) ==
          date_resolve(zone("Pacific/Apia"), local("2011-12-30T12:00:00")));
    CHECK(apia.resolve(local("2011-12-31T12:00:00")) == at("2011-12-30T22:00:00Z"));
}

TEST_CASE("zone offsets are fetched once, only as far as they are asked", "[core][zone]") {
    ZoneOffsets brussels{zone("Europe/Brussels")};
    for (int day = 0; day < 365; ++day)
        brussels.to_local(at("2027-01-01T12:00:00Z") + std::chrono::days{day});
    // Winter, summer, winter: three spans, not one per call.
    CHECK(brussels.spans_held() == 3);
    ZoneOffsets tokyo{zone("Asia/Tokyo")};
    tokyo.resolve(local("2027-06-01T09:00:00"));
    tokyo.resolve(local("2030-06-01T09:00:00"));
    CHECK(tokyo.spans_held() == 1);
}

TEST_CASE("each zone has one table per thread", "[core][zone]") {
    const Zone& sydney = zone("Australia/Sydney");
    const Zone& tokyo = zone("Asia/Tokyo");
    ZoneOffsets& first = zone_offsets(sydney);
    CHECK(&zone_offsets(tokyo) != &first);
    CHECK(&zone_offsets(sydney) == &first);
    CHECK(&first.zone() == &sydney);
}
