// How agendactl writes the schedule: checked whole first, then atomically, the old text kept.

#include "ctl/schedule_append.hpp"
#include "fakes.hpp"

#include "catch_compat.hpp"
#include <filesystem>
#include <sys/stat.h>

using namespace agendad;
namespace fs = std::filesystem;

namespace {

const core::Zone& utc = core::test::zone("UTC");

std::string contents(const std::string& path) {
    const auto text = ctl::read_text_file(path);
    REQUIRE(text);
    return *text;
}

mode_t mode_of(const std::string& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 07777;
}

const std::string table = "[[event]]\ntitle = \"Dentist\"\nstart = 2026-12-03T15:00:00\n";

} // namespace

TEST_CASE("an append keeps the file's text and permissions and leaves no temporary file",
          "[ctl][append]") {
    test::TempDir dir;
    const std::string path = dir.file("agenda.toml");
    const std::string mine = "# my notes, with odd    spacing\r\n[settings]\nremind = [\"1h\"] "
                             "# trailing comment";
    test::write_file(path, mine);
    ::chmod(path.c_str(), 0640);
    REQUIRE(ctl::append_to_schedule(path, table, utc, "") == 0);
    CHECK(contents(path) == mine + "\n\n" + table);
    CHECK(mode_of(path) == 0640);
    CHECK(std::distance(fs::directory_iterator{dir.path()}, fs::directory_iterator{}) == 1);
}

TEST_CASE("an append that would make the file wrong writes nothing", "[ctl][append]") {
    test::TempDir dir;
    const std::string path = dir.file("agenda.toml");
    const std::string mine = "[[event]]\nid = \"a\"\ntitle = \"x\"\nstart = 2026-12-03T15:00:00\n";
    test::write_file(path, mine);
    CHECK(ctl::append_to_schedule(path,
                                  "[[event]]\nid = \"a\"\ntitle = \"y\"\n"
                                  "start = 2026-12-04T15:00:00\n",
                                  utc, "") == 1);
    CHECK(contents(path) == mine);
    CHECK(std::distance(fs::directory_iterator{dir.path()}, fs::directory_iterator{}) == 1);
}

TEST_CASE("a missing schedule is created, with its folder", "[ctl][append]") {
    test::TempDir dir;
    const std::string path = dir.file("config/agendad/agenda.toml");
    REQUIRE(ctl::append_to_schedule(path, table, utc, "") == 0);
    CHECK(contents(path) == table);
}

TEST_CASE("a schedule that is a symbolic link stays one", "[ctl][append]") {
    test::TempDir dir;
    fs::create_directories(dir.path() / "dotfiles");
    const std::string target = dir.file("dotfiles/agenda.toml");
    const std::string link = dir.file("agenda.toml");
    test::write_file(target, "# kept in git\n");
    fs::create_symlink(target, link);
    REQUIRE(ctl::append_to_schedule(link, table, utc, "") == 0);
    CHECK(fs::is_symlink(link));
    CHECK(contents(target) == "# kept in git\n\n" + table);
}
