#include "core/suggest.hpp"

#include <catch2/catch.hpp>

using namespace agendad::core;

TEST_CASE("misspelt keys get a suggestion", "[core][suggest]") {
    const std::vector<std::string_view> keys = {"remind", "repeat", "title", "timezone"};
    CHECK(closest_match("remnd", keys) == "remind");
    CHECK(closest_match("reminds", keys) == "remind");
    CHECK(closest_match("Title", keys) == "title");
    CHECK(closest_match("timzeone", keys) == "timezone");
    CHECK_FALSE(closest_match("colour", keys).has_value());
    CHECK(with_suggestion("unknown key \"titel\"", "titel", keys) ==
          "unknown key \"titel\" (did you mean \"title\"?)");
}

TEST_CASE("edit distance counts swaps as one edit", "[core][suggest]") {
    CHECK(edit_distance("abc", "abc") == 0);
    CHECK(edit_distance("abc", "acb") == 1);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
}
