// The opener as a process: a fake opener that fails is reported, on the loop, with its exit
// status; one that cannot start is reported at once; one that succeeds says nothing.

#include "bus_fixture.hpp"
#include "dbus/url_opener.hpp"

#include "catch_compat.hpp"

#include <csignal>
#include <cstdlib>

using namespace agendad;

namespace {

// The opener runs directly in these tests, never through systemd-run.
struct NoSystemd {
    NoSystemd() { unsetenv("INVOCATION_ID"); }
};

} // namespace

TEST_CASE("an opener that exits non-zero is reported with its status", "[dbus][opener]") {
    NoSystemd no_systemd;
    boost::asio::io_context io;
    std::vector<std::string> failures;
    dbus::open_url(
        io, "https://example.org/", [&](std::string reason) { failures.push_back(reason); },
        "false");
    REQUIRE(test::pump_until(io, [&] { return failures.size() == 1; }));
    CHECK(failures[0] == "false exited with status 1");
}

TEST_CASE("an opener that is not there is reported at once", "[dbus][opener]") {
    NoSystemd no_systemd;
    boost::asio::io_context io;
    std::vector<std::string> failures;
    dbus::open_url(
        io, "https://example.org/", [&](std::string reason) { failures.push_back(reason); },
        "/nonexistent/xdg-open");
    REQUIRE(failures.size() == 1);
    CHECK(failures[0] == "cannot run /nonexistent/xdg-open: No such file or directory");
}

TEST_CASE("an opener that succeeds is not reported", "[dbus][opener]") {
    NoSystemd no_systemd;
    boost::asio::io_context io;
    std::vector<std::string> failures;
    dbus::open_url(
        io, "https://example.org/", [&](std::string reason) { failures.push_back(reason); },
        "true");
    // The positive sentinel: the wait on its pidfd is the loop's only work, so the loop runs
    // out of work exactly when its end has been handled.
    io.run_for(std::chrono::seconds{10});
    REQUIRE(io.stopped());
    CHECK(failures.empty());
}

TEST_CASE("a failure reads as the opener's end", "[dbus][opener]") {
    CHECK(dbus::exit_failure("xdg-open", 0).empty());
    CHECK(dbus::exit_failure("xdg-open", 4 << 8) == "xdg-open exited with status 4");
    CHECK(dbus::exit_failure("xdg-open", SIGKILL) == "xdg-open was killed by signal 9 (Killed)");
}
