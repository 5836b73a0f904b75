// Whole-file reads: what every reader of agendad's files (state, journal, calendars, agendactl's
// inputs) gets back, and what it never does (block on a FIFO, read past its limit).

#include "core/files/file_read.hpp"
#include "fakes.hpp"

#include "catch_compat.hpp"
#include <filesystem>
#include <sys/stat.h>

using namespace agendad;

TEST_CASE("a regular file is read whole", "[core][files]") {
    test::TempDir dir;
    test::write_file(dir.file("a.ics"), "BEGIN:VCALENDAR\r\n");
    const auto file = core::read_file_text(dir.file("a.ics"), 100);
    CHECK(file.exists);
    CHECK(file.problem.empty());
    CHECK(file.text == "BEGIN:VCALENDAR\r\n");
}

TEST_CASE("nothing at the path is not a problem, only absent", "[core][files]") {
    test::TempDir dir;
    const auto file = core::read_file_text(dir.file("none"), 100);
    CHECK_FALSE(file.exists);
    CHECK(file.problem.empty());
}

TEST_CASE("a file over the limit is refused with its size", "[core][files]") {
    test::TempDir dir;
    test::write_file(dir.file("big"), std::string(101, 'x'));
    const auto file = core::read_file_text(dir.file("big"), 100);
    CHECK(file.exists);
    CHECK(file.size == 101);
    CHECK(file.problem == "101 bytes, over the 100 read");
}

TEST_CASE("a FIFO, a device or a folder is refused at once, never waited on", "[core][files]") {
    test::TempDir dir;
    const std::string fifo = dir.file("state.journal");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    for (const std::string& path : {fifo, std::string{"/dev/null"}, dir.path().string()}) {
        CAPTURE(path);
        const auto file = core::read_file_text(path, 100);
        CHECK(file.exists);
        CHECK(file.problem == "not a regular file");
    }
}
