#include "core/plan/reminder_queue.hpp"
#include "core_support.hpp"

#include <chrono>
#include <random>

using namespace agendad::core;
using namespace agendad::core::test;
using namespace std::chrono_literals;

namespace {

/// "fire_at lead id" for each reminder, compact enough to compare as a table.
std::vector<std::string> fired(const std::vector<Reminder>& reminders) {
    std::vector<std::string> out;
    for (const auto& r : reminders)
        out.push_back(date::format("%FT%TZ ", r.fire_at) + r.lead->text + " " + r.event->id);
    return out;
}

/// Everything the queue yields up to `until`, taken in steps of random length.
std::vector<Reminder> drain(ReminderQueue& queue, Instant until, unsigned seed) {
    std::mt19937 random{seed};
    std::uniform_int_distribution<long> step{0, 3 * 3600};
    std::vector<Reminder> out;
    while (queue.position() < until) {
        const Instant to = std::min(until, queue.position() + std::chrono::seconds{step(random)});
        const auto taken = queue.take_through(to);
        out.insert(out.end(), taken.begin(), taken.end());
    }
    return out;
}

// Weekly and daily rules, leads longer than the period (reminders of one occurrence interleave
// with the next one's), an all-day event, exceptions, an extra time, a single event, two events
// at the same instant, and an event with nothing left.
const char* const mixed = R"(
[settings]
timezone = "Europe/Brussels"
remind = ["15m"]

[[event]]
id = "standup"
title = "Standup"
start = 2022-03-21T09:30:00
repeat = "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"
except = [2022-03-23T09:30:00]
remind = ["2d", "1d", "10m", "0m"]

[[event]]
id = "sync"
title = "Team sync"
start = 2022-03-21T10:00:00
repeat = "FREQ=WEEKLY;COUNT=6"
timezone = "America/New_York"
remind = ["1h", "15m"]

[[event]]
id = "holiday"
title = "Holiday"
start = 2022-03-25
repeat = "FREQ=MONTHLY"

[[event]]
id = "one"
title = "Dentist"
start = 2022-03-22T10:15:00

[[event]]
id = "also-one"
title = "Call"
start = 2022-03-22T10:15:00
remind = ["15m", "5m"]

[[event]]
id = "past"
title = "Long gone"
start = 2020-01-01T10:00:00
)";

} // namespace

TEST_CASE("the queue yields what the planner plans, in the same order", "[core][queue]") {
    const auto s = schedule(mixed);
    const Instant from = at("2022-03-18T00:00:00Z");
    const Instant until = at("2022-05-30T00:00:00Z");
    const auto planned = fired(reminders_between(s, from + 1s, until + 1s));
    REQUIRE(planned.size() > 150);
    for (unsigned seed : {1U, 2U, 3U}) {
        ReminderQueue queue;
        queue.reset(s, from);
        CHECK(fired(drain(queue, until, seed)) == planned);
        CHECK(queue.position() == until);
    }
}

TEST_CASE("the queue's next instant is the planner's next reminder", "[core][queue]") {
    const auto s = schedule(mixed);
    ReminderQueue queue;
    queue.reset(s, at("2022-03-18T00:00:00Z"));
    for (int i = 0; i < 200; ++i) {
        const auto expected = next_reminders_after(s, queue.position());
        REQUIRE(!expected.empty());
        CHECK(queue.next_instant() == expected.front().fire_at);
        CHECK(fired(queue.peek()) == fired(expected));
        CHECK(fired(queue.take_through(*queue.next_instant())) == fired(expected));
    }
}

TEST_CASE("reminders at the same instant come together, in delivery order", "[core][queue]") {
    const auto s = schedule(mixed);
    ReminderQueue queue;
    queue.reset(s, at("2022-03-22T08:31:00Z"));
    // The standup's (09:30 CET = 08:30Z) have passed; Dentist and Call (10:15 CET) share 09:00Z.
    CHECK(fired(queue.peek()) == std::vector<std::string>{
                                     "2022-03-22T09:00:00Z 15m also-one",
                                     "2022-03-22T09:00:00Z 15m one",
                                 });
    CHECK(fired(queue.take_through(at("2022-03-22T09:10:00Z"))) ==
          std::vector<std::string>{
              "2022-03-22T09:00:00Z 15m also-one",
              "2022-03-22T09:00:00Z 15m one",
              "2022-03-22T09:10:00Z 5m also-one",
          });
    CHECK(queue.position() == at("2022-03-22T09:10:00Z"));
}

TEST_CASE("skipping passes over reminders without producing them", "[core][queue]") {
    const auto s = schedule(mixed);
    ReminderQueue queue;
    queue.reset(s, at("2022-03-01T00:00:00Z"));
    queue.skip_through(at("2022-04-10T00:00:00Z"));
    CHECK(queue.position() == at("2022-04-10T00:00:00Z"));
    CHECK(fired(drain(queue, at("2022-04-20T00:00:00Z"), 7)) ==
          fired(reminders_between(s, at("2022-04-10T00:00:01Z"), at("2022-04-20T00:00:01Z"))));
}

TEST_CASE("looking ahead passes over what is not kept without taking it", "[core][queue]") {
    const auto s = schedule(mixed);
    ReminderQueue queue;
    queue.reset(s, at("2022-03-22T00:00:00Z"));
    const auto not_standup = [](const Reminder& r) { return r.event->id != "standup"; };
    SECTION("the first instant with a reminder kept") {
        const auto ahead = queue.look_ahead(not_standup, 64);
        CHECK(fired(ahead.reminders) == std::vector<std::string>{
                                            "2022-03-22T09:00:00Z 15m also-one",
                                            "2022-03-22T09:00:00Z 15m one",
                                        });
        CHECK(!ahead.gave_up_at);
        CHECK(queue.position() == at("2022-03-22T00:00:00Z"));
        CHECK(queue.next_instant() == at("2022-03-22T08:20:00Z")); // standup's 10m, still there
    }
    SECTION("giving up after a number of instants") {
        const auto ahead = queue.look_ahead(not_standup, 2);
        CHECK(ahead.reminders.empty());
        CHECK(ahead.gave_up_at == at("2022-03-22T08:30:00Z")); // standup's 0m, the second
    }
    SECTION("nothing left") {
        // Events that end, so that the walk ends with them (a daily standup forever would walk
        // to year 9999: seconds in a plain build, minutes under ASan).
        const auto ending = schedule(R"([[event]]
id = "short"
title = "Short"
start = 2022-03-21T09:00:00Z
repeat = "FREQ=DAILY;COUNT=3"
)");
        ReminderQueue years_on;
        years_on.reset(s, at("2025-01-01T00:00:00Z"));
        CHECK(years_on.size() == 2); // in `mixed`, standup and holiday go on
        const auto nothing = [](const Reminder&) { return false; };
        ReminderQueue late;
        late.reset(ending, at("2022-03-22T00:00:00Z"));
        CHECK(late.size() == 1);
        const auto ahead = late.look_ahead(nothing, 1'000'000'000);
        CHECK(ahead.reminders.empty());
        CHECK(!ahead.gave_up_at);
    }
}

TEST_CASE("a new schedule keeps unchanged events and replans the others", "[core][queue]") {
    const auto before = schedule(mixed);
    const Instant from = at("2022-03-18T00:00:00Z");
    const Instant reload = at("2022-03-24T12:00:00Z");
    const Instant until = at("2022-05-01T00:00:00Z");
    std::string edited = mixed;
    // The standup moves to 09:00, the dentist goes, a review comes, the rest stays.
    edited.replace(edited.find("2022-03-21T09:30:00"), 19, "2022-03-21T09:00:00");
    edited.replace(edited.find("except = [2022-03-23T09:30:00]"), 30, "");
    edited.replace(edited.find("id = \"one\""), 10, "id = \"review\"");
    const auto after = schedule(edited);

    ReminderQueue queue;
    queue.reset(before, from);
    (void)drain(queue, reload, 11);
    queue.replace(after, reload - 1s);
    CHECK(queue.schedule() == &after);
    CHECK(queue.position() == reload - 1s);
    CHECK(fired(drain(queue, until, 12)) ==
          fired(reminders_between(after, reload + 1s, until + 1s)));
}

TEST_CASE("events are matched by id whether kept in place, added, removed or moved",
          "[core][queue]") {
    const auto event = [](const char* id) {
        Event e;
        e.id = id;
        return e;
    };
    const EventList old{std::vector<Event>{event("a"), event("b"), event("c"), event("d")}};
    // b changed in place, x added, c removed, a moved after d.
    const std::vector<Event> now = {event("b"), event("x"), event("d"), event("a")};
    EventMatcher matcher{old};
    std::vector<std::optional<std::uint32_t>> found;
    for (const Event& e : now)
        found.push_back(matcher.find(e));
    CHECK(found == std::vector<std::optional<std::uint32_t>>{1, std::nullopt, 3, 0});
    SECTION("an event shared by both lists is its own match") {
        EventMatcher same{old};
        for (std::uint32_t i = 0; i < old.size(); ++i)
            CHECK(same.find(old[i]) == i);
    }
}

TEST_CASE("a new schedule with other all-day times replans every event", "[core][queue]") {
    const auto before = schedule(mixed);
    std::string edited = mixed;
    edited.insert(edited.find("remind = [\"15m\"]"), "all_day_at = \"07:00\"\n");
    const auto after = schedule(edited);
    ReminderQueue queue;
    queue.reset(before, at("2022-03-18T00:00:00Z"));
    queue.replace(after, at("2022-03-18T00:00:00Z"));
    CHECK(fired(drain(queue, at("2022-04-30T00:00:00Z"), 5)) ==
          fired(reminders_between(after, at("2022-03-18T00:00:01Z"), at("2022-04-30T00:00:01Z"))));
}

TEST_CASE("events fire at the same instants when only their texts change", "[core][queue]") {
    const auto a = schedule(mixed);
    std::string edited = mixed;
    edited.replace(edited.find("Team sync"), 9, "Team meeting");
    const auto b = schedule(edited);
    CHECK(same_reminder_times(a.events[1], b.events[1]));
    CHECK(same_reminder_times(a.events[0], a.events[0]));
    CHECK_FALSE(same_reminder_times(a.events[0], a.events[1]));
    CHECK_FALSE(same_reminder_times(a.events[3], a.events[4])); // same start, other leads
}
