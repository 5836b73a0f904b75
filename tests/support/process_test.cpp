// The process helper itself: output past a pipe's 64 KiB arrives whole, from both streams,
// while the child runs; a long-running child is waited on, signalled and reaped.

#include "process.hpp"

#include "catch_compat.hpp"

#include <algorithm>
#include <csignal>

using namespace agendad::test;
using namespace std::chrono_literals;

TEST_CASE("a child writing far more than a pipe holds to stdout and stderr is read whole",
          "[support][process]") {
    // 300 000 bytes each way, stderr first: a reader that waits for the exit would deadlock.
    const auto finished = run(Command{.argv = {"sh", "-c",
                                               "head -c 300000 /dev/zero | tr '\\0' e >&2; "
                                               "head -c 300000 /dev/zero | tr '\\0' o; exit 3"}});
    CHECK_FALSE(finished.timed_out);
    CHECK(finished.code == 3);
    // Sizes and counts: a mismatch of 300 000 characters would be unreadable.
    CHECK(finished.out.size() == 300000);
    CHECK(std::count(finished.out.begin(), finished.out.end(), 'o') == 300000);
    CHECK(finished.err.size() == 300000);
    CHECK(std::count(finished.err.begin(), finished.err.end(), 'e') == 300000);
}

TEST_CASE("merged output keeps the order written, and the environment changes reach the child",
          "[support][process]") {
    setenv("AGENDAD_TEST_KEPT", "kept", 1);
    setenv("AGENDAD_TEST_GONE", "gone", 1);
    setenv("AGENDAD_TEST_PREFIX_A", "a", 1);
    const auto finished =
        run(Command{.argv = {"sh", "-c",
                             "echo \"1 $AGENDAD_TEST_KEPT\"; echo \"2 ${AGENDAD_TEST_GONE-unset}"
                             " ${AGENDAD_TEST_PREFIX_A-unset}\" >&2; echo \"3 $AGENDAD_TEST_NEW\""},
                    .env = {{"AGENDAD_TEST_GONE", std::nullopt},
                            {"AGENDAD_TEST_PREFIX_*", std::nullopt},
                            {"AGENDAD_TEST_NEW", "new"}},
                    .merge_stderr = true});
    unsetenv("AGENDAD_TEST_KEPT");
    unsetenv("AGENDAD_TEST_GONE");
    unsetenv("AGENDAD_TEST_PREFIX_A");
    CHECK(finished.code == 0);
    CHECK(finished.out == "1 kept\n2 unset unset\n3 new\n");
    CHECK(finished.err.empty());
}

TEST_CASE("a long-running child is read as it goes, signalled and reaped", "[support][process]") {
    Child child{Command{.argv = {"sh", "-c",
                                 "trap 'echo got TERM; exit 7' TERM; echo started; "
                                 "while :; do sleep 0.05; done"}}};
    REQUIRE(child.wait_for_text("started\n", 10s));
    CHECK_FALSE(child.exited());
    child.send_signal(SIGTERM);
    CHECK(child.wait_exit(10s) == 7);
    CHECK(child.out() == "started\ngot TERM\n");
}

TEST_CASE("a child past its deadline is killed and says so", "[support][process]") {
    const auto finished = run(Command{.argv = {"sleep", "30"}}, nullptr, 200ms);
    CHECK(finished.timed_out);
    CHECK_FALSE(finished.code);
    CHECK(finished.signal == SIGKILL);
}
