// Durable writes: a file replaced atomically keeps its permissions and leaves nothing behind, or
// fails with a sentence that names what could not be done.

#include "core/files/file_write.hpp"
#include "fakes.hpp"

#include "catch_compat.hpp"
#include <filesystem>
#include <sys/stat.h>

using namespace agendad;
namespace fs = std::filesystem;

TEST_CASE("an atomic write replaces the file, keeps its mode and leaves no temporary file",
          "[core][files]") {
    test::TempDir dir;
    const std::string path = dir.file("agenda.toml");
    test::write_file(path, "old\n");
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    REQUIRE(core::write_file_atomically(path, "new\n"));
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 07777) == 0600);
    CHECK(std::distance(fs::directory_iterator{dir.path()}, fs::directory_iterator{}) == 1);
}

TEST_CASE("an atomic write where no file can be made says why", "[core][files]") {
    // A regular file where the folder should be: refused even to root, unlike a mode-0500 folder.
    test::TempDir dir;
    test::write_file(dir.file("not-a-folder"), "");
    const auto written = core::write_file_atomically(dir.file("not-a-folder/agenda.toml"), "x");
    REQUIRE_FALSE(written);
    CHECK(written.error().starts_with("cannot create a temporary file in "));
    CHECK(written.error().ends_with(": Not a directory"));
}
