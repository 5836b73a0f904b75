#include "core/time/time_types.hpp"
#include "core_support.hpp"

using namespace agendad::core;
using namespace agendad::core::test;

TEST_CASE("local times resolve as RFC 5545 says", "[core][zone]") {
    const Zone& brussels = zone("Europe/Brussels");
    SECTION("an ordinary time") {
        CHECK(resolve_local(brussels, local("2022-01-13T10:00:00")) == at("2022-01-13T09:00:00Z"));
        CHECK(resolve_local(brussels, local("2022-07-13T10:00:00")) == at("2022-07-13T08:00:00Z"));
    }
    SECTION("a time in the spring-forward gap moves forward by the gap") {
        // 02:30 does not exist on 2022-03-27; it becomes 03:30 CEST.
        CHECK(resolve_local(brussels, local("2022-03-27T02:30:00")) == at("2022-03-27T01:30:00Z"));
        CHECK(resolve_local(brussels, local("2022-03-27T02:00:00")) == at("2022-03-27T01:00:00Z"));
    }
    SECTION("an ambiguous fall-back time takes the earlier instant") {
        // 02:30 happens twice on 2022-10-30: first at 00:30Z (CEST), then 01:30Z (CET).
        CHECK(resolve_local(brussels, local("2022-10-30T02:30:00")) == at("2022-10-30T00:30:00Z"));
    }
    SECTION("a 30-minute gap (Lord Howe) moves forward by 30 minutes") {
        const Zone& lord_howe = zone("Australia/Lord_Howe");
        // 2022-10-02 02:00 -> 02:30; 02:15 becomes 02:45 (+11:00) = 15:45Z on the 1st.
        CHECK(resolve_local(lord_howe, local("2022-10-02T02:15:00")) == at("2022-10-01T15:45:00Z"));
    }
}

TEST_CASE("zones are found by IANA name, and $TZ names the user's zone", "[core][zone]") {
    CHECK(find_zone("Europe/Vienna") != nullptr);
    CHECK(find_zone("Europe/Viena") == nullptr);
    CHECK(find_zone("") == nullptr);
    CHECK(system_zone("America/New_York").name() == "America/New_York");
    CHECK(system_zone(":Asia/Tokyo").name() == "Asia/Tokyo");
    CHECK(system_zone("/usr/share/zoneinfo/Europe/Kyiv").name() == "Europe/Kyiv");
}

TEST_CASE("to_local reads the zone's wall clock", "[core][zone]") {
    CHECK(to_local(zone("Asia/Kolkata"), at("2022-01-13T09:00:00Z")) ==
          local("2022-01-13T14:30:00"));
}
