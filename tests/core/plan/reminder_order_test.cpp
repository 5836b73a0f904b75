#include "core/plan/reminder_order.hpp"
#include "core_support.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <random>

using namespace agendad::core;
using namespace agendad::core::test;

TEST_CASE("reminders sorted on packed keys come in fires_before's order", "[core][planner]") {
    // Ties at every level: the same fire instant for different starts (leads of 15m and 45m),
    // the same instant and start for different titles, and the same title for different ids.
    std::string toml = "[settings]\ntimezone = \"Europe/Brussels\"\n";
    for (int i = 0; i < 60; ++i) {
        toml += fmt::format(
            "[[event]]\nid = \"e{}\"\ntitle = \"{}\"\nstart = 2027-03-{:02}T{:02}:00:00\n"
            "remind = [\"15m\", \"45m\"{}]\n",
            i, i % 3 == 0 ? "Same" : fmt::format("Title {}", i % 7), 27 + i % 3, 9 + i % 2,
            i % 5 == 0 ? R"(, "1h")" : "");
        if (i % 4 == 0)
            toml += "repeat = \"FREQ=HOURLY;COUNT=5\"\n";
    }
    const auto s = schedule(toml);
    auto reminders = reminders_between(s, at("2027-03-01T00:00:00Z"), at("2027-04-01T00:00:00Z"));
    REQUIRE(reminders.size() > 200);
    auto expected = reminders;
    std::sort(expected.begin(), expected.end(), fires_before);
    const auto same = [](const std::vector<Reminder>& a, const std::vector<Reminder>& b) {
        return std::equal(
            a.begin(), a.end(), b.begin(), b.end(), [](const Reminder& x, const Reminder& y) {
                return x.event == y.event && x.lead == y.lead && x.fire_at == y.fire_at &&
                       x.occurrence.start == y.occurrence.start;
            });
    };
    CHECK(same(reminders, expected)); // reminders_between sorts this way
    std::mt19937 shuffle{2027};
    for (int round = 0; round < 20; ++round) {
        std::shuffle(reminders.begin(), reminders.end(), shuffle);
        sort_in_delivery_order(reminders);
        REQUIRE(same(reminders, expected));
    }
    std::vector<Reminder> none;
    sort_in_delivery_order(none);
    CHECK(none.empty());
}
