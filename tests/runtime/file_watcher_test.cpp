#include "fakes.hpp"
#include "runtime/file_watcher.hpp"

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <set>
#include <unistd.h>

using namespace agendad;
using namespace std::chrono_literals;

namespace {

/// Points the symlink `link` at `target` atomically, as `ln -sfn` through a rename would.
void retarget(const std::string& link, const std::string& target) {
    const std::string temp = link + ".new";
    REQUIRE(::symlink(target.c_str(), temp.c_str()) == 0);
    REQUIRE(::rename(temp.c_str(), link.c_str()) == 0);
}

/// Runs `io` until `changes` reaches `expected`, or fails after two seconds.
void run_until(boost::asio::io_context& io, const int& changes, int expected) {
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (changes < expected && std::chrono::steady_clock::now() < deadline)
        io.run_one_for(50ms);
    REQUIRE(changes == expected);
}

} // namespace

TEST_CASE("retargeting the middle link of a chain of symlinks is noticed", "[runtime][watcher]") {
    test::TempDir dir;
    for (const char* sub : {"config", "links", "one", "two"})
        std::filesystem::create_directory(dir.file(sub));
    test::write_file(dir.file("one/agenda.toml"), "# one\n");
    test::write_file(dir.file("two/agenda.toml"), "# two\n");
    // config/agenda.toml → links/current → one/agenda.toml
    REQUIRE(::symlink(dir.file("one/agenda.toml").c_str(), dir.file("links/current").c_str()) == 0);
    REQUIRE(::symlink("../links/current", dir.file("config/agenda.toml").c_str()) == 0);

    boost::asio::io_context io;
    int changes = 0;
    runtime::FileWatcher watcher{io, {dir.file("config/agenda.toml")}, 10ms, [&] { ++changes; }};
    retarget(dir.file("links/current"), dir.file("two/agenda.toml"));
    run_until(io, changes, 1);
    // And the new target is watched from then on.
    test::write_file(dir.file("two/agenda.toml"), "# two, edited\n");
    run_until(io, changes, 2);
}

TEST_CASE("any file added, renamed over or removed in a watched calendar folder is a change",
          "[runtime][watcher]") {
    test::TempDir dir;
    std::filesystem::create_directory(dir.file("vdir"));
    test::write_file(dir.file("agenda.toml"), "# schedule\n");

    boost::asio::io_context io;
    int changes = 0;
    runtime::FileWatcher watcher{io, {dir.file("agenda.toml")}, 10ms, [&] { ++changes; }};
    watcher.set_calendars({dir.file("vdir"), dir.file("work.ics")});
    test::write_file(dir.file("vdir/.a.ics.tmp"), "BEGIN:VCALENDAR\n");
    REQUIRE(::rename(dir.file("vdir/.a.ics.tmp").c_str(), dir.file("vdir/a.ics").c_str()) == 0);
    run_until(io, changes, 1);
    REQUIRE(::unlink(dir.file("vdir/a.ics").c_str()) == 0);
    run_until(io, changes, 2);
    // A single .ics file is watched by its name in its folder.
    test::write_file(dir.file("work.ics"), "BEGIN:VCALENDAR\n");
    run_until(io, changes, 3);
    // Calendars removed from the set leave the schedule's own watch in place.
    watcher.set_calendars({});
    test::write_file(dir.file("agenda.toml"), "# edited\n");
    run_until(io, changes, 4);
}

TEST_CASE("a calendar folder's changed names are told once it has been followed since the last "
          "take",
          "[runtime][watcher]") {
    test::TempDir dir;
    std::filesystem::create_directory(dir.file("vdir"));
    test::write_file(dir.file("agenda.toml"), "# schedule\n");
    const std::string vdir = dir.file("vdir");

    boost::asio::io_context io;
    int changes = 0;
    runtime::FileWatcher watcher{io, {dir.file("agenda.toml")}, 10ms, [&] { ++changes; }};
    watcher.set_calendars({vdir});
    // Watched only since the last take (none): its changes before now are not known.
    CHECK(watcher.take_calendar_changes().names.empty());

    test::write_file(dir.file("vdir/.a.ics.tmp"), "BEGIN:VCALENDAR\n");
    REQUIRE(::rename(dir.file("vdir/.a.ics.tmp").c_str(), dir.file("vdir/a.ics").c_str()) == 0);
    run_until(io, changes, 1);
    auto news = watcher.take_calendar_changes();
    REQUIRE(news.names.contains(vdir));
    CHECK(news.names[vdir] == std::set<std::string>{".a.ics.tmp", "a.ics"});
    // Nothing since: followed, with no names.
    news = watcher.take_calendar_changes();
    REQUIRE(news.names.contains(vdir));
    CHECK(news.names[vdir].empty());

    SECTION("a subfolder made in it: the folder is left out, then followed again") {
        std::filesystem::create_directory(dir.file("vdir/sub"));
        run_until(io, changes, 2);
        CHECK(watcher.take_calendar_changes().names.empty());
        REQUIRE(::unlink(dir.file("vdir/a.ics").c_str()) == 0);
        run_until(io, changes, 3);
        news = watcher.take_calendar_changes();
        CHECK(news.names[vdir] == std::set<std::string>{"a.ics"});
    }
    SECTION("the folder replaced by another: left out until watched since a take") {
        std::filesystem::create_directory(dir.file("new"));
        test::write_file(dir.file("new/b.ics"), "BEGIN:VCALENDAR\n");
        std::filesystem::remove_all(vdir);
        std::filesystem::rename(dir.file("new"), vdir);
        run_until(io, changes, 2);
        CHECK(watcher.take_calendar_changes().names.empty());
        test::write_file(dir.file("vdir/c.ics"), "BEGIN:VCALENDAR\n");
        run_until(io, changes, 3);
        news = watcher.take_calendar_changes();
        CHECK(news.names[vdir] == std::set<std::string>{"c.ics"});
    }
}
