#include "core/model/lean_string.hpp"
#include "core/model/schedule.hpp"

#include "catch_compat.hpp"
#include <fmt/format.h>
#include <string>
#include <string_view>

using agendad::core::LeanString;

TEST_CASE("A LeanString costs a pointer and allocates nothing while it is empty") {
    STATIC_REQUIRE(sizeof(LeanString) == sizeof(void*));
    const LeanString empty;
    CHECK(empty.empty());
    CHECK(empty.size() == 0);
    CHECK(empty.str().empty());
    CHECK(std::string_view{empty}.empty());
    CHECK(std::string{empty.c_str()}.empty());
    LeanString assigned_empty = std::string{};
    CHECK(assigned_empty.empty());
}

TEST_CASE("A LeanString reads, compares, copies and formats like the string it holds") {
    LeanString location = std::string{"Brussels, NATO HQ"};
    CHECK_FALSE(location.empty());
    CHECK(location.size() == 17);
    CHECK(location == "Brussels, NATO HQ");
    CHECK(location == std::string{"Brussels, NATO HQ"});
    CHECK(location == std::string_view{"Brussels, NATO HQ"});
    const std::string& as_string = location;
    CHECK(as_string == "Brussels, NATO HQ");
    CHECK(fmt::format("[{}]", location) == "[Brussels, NATO HQ]");

    LeanString copy = location; // a copy of its own, not a shared text
    location = "Geneva";
    CHECK(copy == "Brussels, NATO HQ");
    CHECK(location == "Geneva");
    CHECK_FALSE(copy == location);

    location = std::string_view{};
    CHECK(location.empty());
    copy.clear();
    CHECK(copy == location);
}

TEST_CASE("An event's rarely given texts are lean: an Event stays under 300 bytes") {
    // The daemon's memory at 10,000 events (Private_Dirty <= 6 MiB, bench/daemon) has the event
    // array as its largest part: 384 bytes an event with five std::strings, 264 with these.
    STATIC_REQUIRE(sizeof(agendad::core::Event) <= 300);
}
