#include "core/ical/calendar_cache.hpp"

#include "ics_test_support.hpp"

#include "catch_compat.hpp"
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

namespace agendad::core {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

/// A vdir of its own, removed at the end of the test.
struct Vdir {
    Vdir() {
        std::string pattern = (fs::temp_directory_path() / "agendad-cache-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~Vdir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }

    /// Written as vdirsyncer writes: a hidden temporary file renamed over the old one.
    void put(const std::string& name, const std::string& text) const {
        const std::string tmp = file("." + name + ".tmp");
        std::ofstream{tmp, std::ios::binary | std::ios::trunc} << text;
        fs::rename(tmp, file(name));
    }

    /// An instant well after every file's mtime, so that none of them is "just changed".
    Instant settled() const {
        Instant latest{};
        for (const auto& entry : fs::directory_iterator{path})
            latest =
                std::max(latest, std::chrono::floor<std::chrono::seconds>(
                                     std::chrono::file_clock::to_sys(entry.last_write_time())));
        return latest + 1h;
    }

    fs::path path;
};

std::string event(const std::string& uid, const std::string& title, const std::string& day) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid +
           "\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:" + title + "\r\nDTSTART:" + day +
           "T090000Z\r\nDTEND:" + day + "T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

std::vector<std::string> titles(const CalendarEvents& read) {
    std::vector<std::string> out;
    for (const auto& e : read.events)
        out.push_back(e.id + " " + e.title);
    return out;
}

CalendarSettings calendar_at(const Vdir& vdir) {
    CalendarSettings calendar;
    calendar.name = "work";
    calendar.path = vdir.path.string();
    return calendar;
}

TEST_CASE("a calendar read again parses only the files that changed, and reads like a fresh read",
          "[core][calendar]") {
    Vdir vdir;
    vdir.put("a.ics", event("a", "Alpha", "20270104"));
    vdir.put("b.ics", event("b", "Beta", "20270105"));
    vdir.put("c.ics", event("c", "Gamma", "20270106"));
    const auto calendar = calendar_at(vdir);
    const auto settings = test::brussels_settings();
    CalendarCache cache;

    auto first = cache.read(calendar, settings, vdir.settled());
    CHECK(cache.counts().parsed == 3);
    CHECK(titles(first) == std::vector<std::string>{"work/a Alpha", "work/b Beta", "work/c Gamma"});

    SECTION("nothing changed: nothing parsed") {
        cache.reset_counts();
        auto again = cache.read(calendar, settings, vdir.settled());
        CHECK(cache.counts().parsed == 0);
        CHECK(cache.counts().reused == 3);
        CHECK(titles(again) == titles(first));
    }
    SECTION("one file renamed over, one added, one removed: those alone are read") {
        vdir.put("b.ics", event("b", "Beta, moved", "20270107"));
        vdir.put("d.ics", event("d", "Delta", "20270108"));
        fs::remove(vdir.file("c.ics"));
        cache.reset_counts();
        auto again = cache.read(calendar, settings, vdir.settled());
        CHECK(cache.counts().parsed == 2);
        CHECK(cache.counts().reused == 1);
        CHECK(titles(again) ==
              std::vector<std::string>{"work/a Alpha", "work/b Beta, moved", "work/d Delta"});
        CHECK(titles(again) == titles(read_calendar(calendar, settings)));
    }
    SECTION("a file that cannot be parsed any more keeps its last good events, with a warning") {
        vdir.put("b.ics", "this is not iCalendar\r\n");
        auto again = cache.read(calendar, settings, vdir.settled());
        CHECK(titles(again) == titles(first));
        REQUIRE(again.diagnostics.size() == 1);
        CHECK(again.diagnostics[0].file == vdir.file("b.ics"));
        CHECK(again.diagnostics[0].message.ends_with("(its last good version stays)"));
        // Fixed by the server: its new events, no warning.
        vdir.put("b.ics", event("b", "Beta again", "20270105"));
        again = cache.read(calendar, settings, vdir.settled());
        CHECK(titles(again)[1] == "work/b Beta again");
        CHECK(again.diagnostics.empty());
    }
    SECTION("other settings: every file is read again") {
        auto other = settings;
        other.remind = {*parse_span("1h")};
        cache.reset_counts();
        auto again = cache.read(calendar, other, vdir.settled());
        CHECK(cache.counts().parsed == 3);
        REQUIRE(again.events.size() == 3);
        CHECK(again.events[0].remind[0].text == "1h");
    }
    SECTION("the whole folder replaced, as vdirsyncer's first sync does") {
        Vdir replacement;
        replacement.put("a.ics", event("a", "Alpha", "20270104"));
        replacement.put("z.ics", event("z", "Zeta", "20270109"));
        fs::remove_all(vdir.path);
        fs::rename(replacement.path, vdir.path);
        auto again = cache.read(calendar, settings, vdir.settled());
        CHECK(titles(again) == std::vector<std::string>{"work/a Alpha", "work/z Zeta"});
    }
}

TEST_CASE("a file changed within the racy window of the read is read again next time",
          "[core][calendar]") {
    Vdir vdir;
    vdir.put("a.ics", event("a", "Alpha", "20270104"));
    const auto calendar = calendar_at(vdir);
    const auto settings = test::brussels_settings();
    CalendarCache cache;
    // Read in the same second as the write: a second write of the same size in the same clock
    // tick would leave the stamp as it is, so the stamp is not trusted yet: the file is read
    // again, and parsed again only if its bytes changed.
    const Instant written = vdir.settled() - 1h;
    cache.read(calendar, settings, written);
    cache.reset_counts();
    cache.read(calendar, settings, written + 1s);
    CHECK(cache.counts().parsed == 0);
    CHECK(cache.counts().reused == 1);
    // Read long enough after the write, the stamp is trusted from then on.
    cache.read(calendar, settings, vdir.settled());
    cache.reset_counts();
    cache.read(calendar, settings, vdir.settled());
    CHECK(cache.counts().parsed == 0);
}

TEST_CASE("with a watcher's news a folder is not listed: only the named files are stat'ed",
          "[core][calendar]") {
    Vdir vdir;
    vdir.put("a.ics", event("a", "Alpha", "20270104"));
    vdir.put("b.ics", event("b", "Beta", "20270105"));
    vdir.put("c.ics", event("c", "Gamma", "20270106"));
    const auto calendar = calendar_at(vdir);
    const auto settings = test::brussels_settings();
    CalendarCache cache;
    cache.read(calendar, settings, vdir.settled());
    const auto news = [&](std::set<std::string> names) {
        CalendarChanges changes;
        changes.names[calendar.path] = std::move(names);
        cache.note_changes(changes);
        cache.reset_counts();
    };

    SECTION("renamed over, added, removed and a temporary file: read like a fresh read") {
        vdir.put("b.ics", event("b", "Beta, moved", "20270107"));
        vdir.put("d.ics", event("d", "Delta", "20270108"));
        fs::remove(vdir.file("c.ics"));
        news({".b.ics.tmp", "b.ics", ".d.ics.tmp", "d.ics", "c.ics"});
        auto again = cache.read(calendar, settings, vdir.settled());
        CHECK(cache.counts().folders_listed == 0);
        CHECK(cache.counts().parsed == 2);
        CHECK(titles(again) ==
              std::vector<std::string>{"work/a Alpha", "work/b Beta, moved", "work/d Delta"});
        CHECK(titles(again) == titles(read_calendar(calendar, settings)));
    }
    SECTION("the news is trusted: a change it does not name waits for a listing") {
        vdir.put("a.ics", event("a", "Alpha, unseen", "20270104"));
        news({});
        auto again = cache.read(calendar, settings, vdir.settled());
        CHECK(cache.counts().folders_listed == 0);
        CHECK(titles(again)[0] == "work/a Alpha");
        // A note that does not name the folder: the watcher lost track, so it is listed.
        cache.note_changes({});
        cache.reset_counts();
        again = cache.read(calendar, settings, vdir.settled());
        CHECK(cache.counts().folders_listed == 1);
        CHECK(titles(again)[0] == "work/a Alpha, unseen");
    }
    SECTION("news adds up over notes until the folder is read, and a lost track wins") {
        vdir.put("a.ics", event("a", "Alpha 2", "20270104"));
        news({"a.ics"});
        vdir.put("b.ics", event("b", "Beta 2", "20270105"));
        news({"b.ics"});
        auto again = cache.read(calendar, settings, vdir.settled());
        CHECK(cache.counts().parsed == 2);
        CHECK(titles(again) == titles(read_calendar(calendar, settings)));
        news({"a.ics"});
        cache.note_changes({});
        cache.reset_counts();
        cache.read(calendar, settings, vdir.settled());
        CHECK(cache.counts().folders_listed == 1);
    }
    SECTION("a folder replaced under the same name is listed whatever the news says") {
        Vdir replacement;
        replacement.put("a.ics", event("a", "Alpha", "20270104"));
        replacement.put("z.ics", event("z", "Zeta", "20270109"));
        fs::remove_all(vdir.path);
        fs::rename(replacement.path, vdir.path);
        news({});
        auto again = cache.read(calendar, settings, vdir.settled());
        CHECK(cache.counts().folders_listed == 1);
        CHECK(titles(again) == std::vector<std::string>{"work/a Alpha", "work/z Zeta"});
    }
    SECTION("a file written close to the read is stat'ed again at the next read, named or not") {
        const Instant written = vdir.settled() - 1h;
        vdir.put("b.ics", event("b", "Beta 2", "20270105"));
        news({"b.ics"});
        cache.read(calendar, settings, written);
        vdir.put("b.ics", event("b", "Beta 3", "20270105"));
        news({}); // a write the news does not name (say, told only with the next batch)
        auto again = cache.read(calendar, settings, vdir.settled());
        CHECK(cache.counts().folders_listed == 0);
        CHECK(cache.counts().parsed == 1);
        CHECK(titles(again)[1] == "work/b Beta 3");
    }
}

} // namespace
} // namespace agendad::core
