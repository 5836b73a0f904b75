#include "core/toml/kept_until_exit.hpp"
#include "core_support.hpp"

#include <string>
#include <vector>

using namespace agendad::core;

TEST_CASE("a value kept until exit is moved to the heap and stays there", "[core]") {
    std::vector<std::string> titles{"Team sync", "Dentist"};
    const auto* before = titles.data();
    auto& kept = keep_until_exit(std::move(titles));
    CHECK(kept == std::vector<std::string>{"Team sync", "Dentist"});
    CHECK(kept.data() == before); // moved, not copied
    auto& other = keep_until_exit(std::string{"second"});
    CHECK(other == "second");
    CHECK(static_cast<const void*>(&other) != static_cast<const void*>(&kept));
}
