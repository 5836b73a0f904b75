#include "core/model/suggest.hpp"

#include "catch_compat.hpp"
#include <chrono>
#include <string>

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

TEST_CASE("a bounded edit distance stops past its limit", "[core][suggest]") {
    CHECK(edit_distance_within("kitten", "sitting", 3) == 3);
    CHECK(edit_distance_within("kitten", "sitting", 2) == 3);
    CHECK(edit_distance_within("abc", "acb", 1) == 1);
    CHECK(edit_distance_within(std::string(100000, 'x'), "Europe/Brussels", 3) == 4);
    CHECK(edit_distance_within("Europe/Brussles", "Europe/Brussels", 3) == 1);
}

TEST_CASE("a word far longer than every candidate gets no suggestion, at once", "[core][suggest]") {
    const std::string word(64 * 1024, 'x');
    std::vector<std::string> names(2000, std::string(30, 'x'));
    const std::vector<std::string_view> candidates(names.begin(), names.end());
    const auto begin = std::chrono::steady_clock::now();
    CHECK_FALSE(closest_match(word, candidates).has_value());
    CHECK(closest_match(std::string(31, 'x'), candidates) == std::string(30, 'x'));
    // A stall guard, not a speed goal: uncut, this took 17 s.
    CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds{2});
}
