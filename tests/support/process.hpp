#pragma once
/// Child processes for the tests: the one place that spawns a program and collects its output.
///
/// Output is read *while the child runs*, from non-blocking pipes, so a child writing more than
/// a pipe holds (64 KiB on Linux) never blocks on a reader that waits for it to exit. When an
/// io_context is given, it is pumped meanwhile: the D-Bus peer the child talks to (a service
/// under test, a fake notification server) lives in the test process and must keep answering.
/// Every wait has a deadline; a child still running at the end of its test is killed.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace agendad::test {

/// What to run and how.
struct Command {
    /// argv[0] is the program: a path, or a name looked up in $PATH.
    std::vector<std::string> argv;
    /// Variables set (value) or removed (nullopt) in the child, on top of this process's
    /// environment. A name ending in '*' removes every variable with that prefix.
    std::vector<std::pair<std::string, std::optional<std::string>>> env = {};
    /// stderr goes into the same text as stdout, in the order written.
    bool merge_stderr = false;
    /// stderr is dropped (a program's chatter that does not matter to the test).
    bool quiet_stderr = false;
};

/// How a child ended and what it wrote.
struct Finished {
    std::optional<int> code; ///< the exit status; nullopt when killed by a signal
    int signal = 0;          ///< the signal that killed it, if any
    bool timed_out = false;  ///< the deadline passed and it was killed
    std::string out;
    std::string err;
};

/// A running child, its output collected as it comes. Killed (SIGKILL) and reaped when
/// destroyed if it is still running.
class Child {
  public:
    /// Starts `command`; throws std::runtime_error if it cannot (Catch reports it as a failure;
    /// no Catch assertion here, so that a main() may use it outside a test case).
    explicit Child(const Command& command);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return pid_; }

    /// Everything written to stdout (and stderr when merged) so far.
    const std::string& out();
    /// Everything written to stderr so far (empty when merged or quiet).
    const std::string& err();

    /// Waits until `done()` holds, the child has exited, or `timeout` passes, reading output
    /// and pumping `io` (if given) meanwhile; returns `done()`.
    bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                    boost::asio::io_context* io = nullptr);
    /// Waits until stdout (with stderr when merged) contains `needle`.
    bool wait_for_text(std::string_view needle, std::chrono::milliseconds timeout,
                       boost::asio::io_context* io = nullptr);

    /// The exit status once it has exited (nullopt while running); killed by a signal: -1.
    std::optional<int> exited();
    /// Waits for the exit with a deadline; the exit status, or nullopt if still running.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout,
                                 boost::asio::io_context* io = nullptr);

    void send_signal(int signal);
    /// SIGKILL and reap.
    void kill();

    /// How it ended; only once it has (throws std::logic_error before).
    Finished finished();

  private:
    void read_available();
    bool reap(bool block);

    pid_t pid_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    std::string out_;
    std::string err_;
    int status_ = 0;
    bool reaped_ = false;
};

/// Runs `command` to its end, with a deadline, pumping `io` (if given) meanwhile. A child
/// still running at the deadline is killed and reported with `timed_out`.
Finished run(const Command& command, boost::asio::io_context* io = nullptr,
             std::chrono::milliseconds timeout = std::chrono::seconds{10});

/// One step of waiting: runs ready handlers of `io` (if any), then waits up to `step` for
/// one of `fds` to become readable.
void wait_step(boost::asio::io_context* io, const std::vector<int>& fds,
               std::chrono::milliseconds step);

} // namespace agendad::test
