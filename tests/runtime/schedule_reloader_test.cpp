#include "fakes.hpp"
#include "runtime/schedule_reloader.hpp"

#include <boost/asio/io_context.hpp>

using namespace agendad;
using test::at;

namespace {

const std::string good = R"([settings]
timezone = "UTC"
remind = ["15m"]

[[event]]
id = "a"
title = "Alpha"
start = 2022-01-10T10:00:00
)";

struct Fixture {
    Fixture()
        : clock{at("2022-01-10T08:00:00Z")}, store{dir.file("state"), io.get_executor()},
          loop{clock, timer, sink, store, core::find_zone("UTC")},
          reloader{dir.file("agenda.toml"), loop, sink,
                   []() -> const core::Zone& { return *core::find_zone("UTC"); }} {
        loop.start();
    }
    test::TempDir dir;
    boost::asio::io_context io;
    test::FakeClock clock;
    test::FakeTimer timer;
    test::RecordingSink sink;
    runtime::StateStore store;
    runtime::ReminderLoop loop;
    runtime::ScheduleReloader reloader;
};

} // namespace

TEST_CASE("a broken file keeps the running schedule and is reported once per distinct error",
          "[runtime][reload]") {
    Fixture f;
    const auto path = f.dir.file("agenda.toml");
    test::write_file(path, good);
    REQUIRE(f.reloader.reload());
    const core::Schedule* running = f.loop.schedule();
    CHECK(f.timer.armed == at("2022-01-10T09:45:00Z"));

    test::write_file(path, good + "remind = [\"90x\"]\n");
    CHECK_FALSE(f.reloader.reload());
    CHECK(f.loop.schedule() == running);
    CHECK(f.timer.armed == at("2022-01-10T09:45:00Z"));
    REQUIRE(f.sink.problems.size() == 1);
    CHECK(f.sink.problems[0].front().line == 9);

    CHECK_FALSE(f.reloader.reload()); // saved again, same mistake: not news
    CHECK(f.sink.problems.size() == 1);

    test::write_file(path, good + "titel = \"x\"\n");
    CHECK_FALSE(f.reloader.reload());
    CHECK(f.sink.problems.size() == 2);

    std::filesystem::remove(path); // deleted: still the old schedule
    CHECK_FALSE(f.reloader.reload());
    CHECK(f.loop.schedule() == running);

    test::write_file(path, good);
    CHECK(f.reloader.reload());
    CHECK(f.loop.schedule() != running);
    CHECK_FALSE(f.reloader.has_problem());
    CHECK(f.sink.fixed == 1);
}

TEST_CASE("a missing file at start is waited for, and its creation starts the reminders",
          "[runtime][reload]") {
    Fixture f;
    CHECK_FALSE(f.reloader.reload());
    CHECK(f.loop.schedule() == nullptr);
    CHECK_FALSE(f.timer.armed);
    test::write_file(f.dir.file("agenda.toml"), good);
    CHECK(f.reloader.reload());
    CHECK(f.timer.armed == at("2022-01-10T09:45:00Z"));
}

TEST_CASE("a reload after a save of one event keeps the others and plans the new one",
          "[runtime][reload]") {
    Fixture f;
    const auto path = f.dir.file("agenda.toml");
    const std::string beta = "\n[[event]]\nid = \"b\"\ntitle = \"Beta\"\n"
                             "start = 2022-01-10T12:00:00\n";
    test::write_file(path, good + beta);
    REQUIRE(f.reloader.reload());
    CHECK(f.timer.armed == at("2022-01-10T09:45:00Z"));

    // Alpha moves two hours later, and three lines come in above Beta.
    std::string moved = good;
    moved.replace(moved.find("10:00:00"), 8, "12:30:00");
    test::write_file(path, moved + "location = \"x\"\n\n\n" + beta);
    REQUIRE(f.reloader.reload());
    const core::Schedule& s = *f.loop.schedule();
    REQUIRE(s.events.size() == 2);
    CHECK(s.events[0].title == "Alpha");
    CHECK(s.events[1].title == "Beta");
    CHECK(s.events[1].position.line == 13); // kept, and moved with its text
    CHECK(f.timer.armed == at("2022-01-10T11:45:00Z"));

    // [settings] alone: the kept events take its new remind.
    std::string earlier = moved;
    earlier.replace(earlier.find("\"15m\""), 5, "\"1h\"");
    test::write_file(path, earlier + "location = \"x\"\n\n\n" + beta);
    REQUIRE(f.reloader.reload());
    CHECK(f.loop.schedule()->events[1].remind.at(0).text == "1h");
    CHECK(f.timer.armed == at("2022-01-10T11:00:00Z"));
}
