#include "process.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace agendad::test {

namespace {

using namespace std::chrono_literals;

/// This process's environment with `changes` applied.
std::vector<std::string> child_environment(const Command& command) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string_view entry = *e;
        const auto name = entry.substr(0, entry.find('='));
        const bool changed =
            std::any_of(command.env.begin(), command.env.end(), [&](const auto& change) {
                const std::string_view key = change.first;
                if (key.ends_with('*'))
                    return name.starts_with(key.substr(0, key.size() - 1));
                return name == key;
            });
        if (!changed)
            env.emplace_back(entry);
    }
    for (const auto& [name, value] : command.env)
        if (value && !name.ends_with('*'))
            env.push_back(name + "=" + *value);
    return env;
}

/// A pipe whose read end (ours) does not block; the write end (the child's) does, as a program
/// expects of its stdout: O_NONBLOCK there would make a full pipe a write error in the child.
bool open_pipe(int fds[2]) {
    if (pipe2(fds, O_CLOEXEC) != 0)
        return false;
    if (fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK) == 0)
        return true;
    close(fds[0]);
    close(fds[1]);
    return false;
}

void append_available(int fd, std::string& text) {
    if (fd < 0)
        return;
    char buffer[16384];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0)
        text.append(buffer, static_cast<std::size_t>(n));
}

} // namespace

void wait_step(boost::asio::io_context* io, const std::vector<int>& fds,
               std::chrono::milliseconds step) {
    if (io) {
        io->restart();
        // Returns at the first handler run, or after `step` with work pending; at once (and
        // stopped) when the loop has no work at all, in which case the pipes are waited on.
        if (io->run_one_for(step) > 0 || !io->stopped())
            step = 0ms;
    }
    std::vector<pollfd> pfds;
    for (const int fd : fds)
        if (fd >= 0)
            pfds.push_back(pollfd{fd, POLLIN, 0});
    if (pfds.empty()) {
        if (step > 0ms)
            poll(nullptr, 0, static_cast<int>(step.count()));
        return;
    }
    poll(pfds.data(), pfds.size(), static_cast<int>(step.count()));
}

Child::Child(const Command& command) {
    if (command.argv.empty())
        throw std::invalid_argument{"Child: no program to run"};
    int out[2];
    int err[2] = {-1, -1};
    const bool own_err = !command.merge_stderr && !command.quiet_stderr;
    if (!open_pipe(out))
        throw std::runtime_error{std::string{"pipe2: "} + std::strerror(errno)};
    if (own_err && !open_pipe(err)) {
        close(out[0]);
        close(out[1]);
        throw std::runtime_error{std::string{"pipe2: "} + std::strerror(errno)};
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    if (command.merge_stderr)
        posix_spawn_file_actions_adddup2(&actions, out[1], 2);
    else if (command.quiet_stderr)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    else
        posix_spawn_file_actions_adddup2(&actions, err[1], 2);

    std::vector<std::string> args = command.argv;
    std::vector<std::string> env = child_environment(command);
    std::vector<char*> argv;
    std::vector<char*> envp;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    const int r = posix_spawnp(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (own_err)
        close(err[1]);
    out_fd_ = out[0];
    err_fd_ = err[0];
    if (r != 0) {
        pid_ = -1;
        reaped_ = true;
        close(out_fd_);
        if (err_fd_ >= 0)
            close(err_fd_);
        throw std::runtime_error{"cannot run " + args[0] + ": " + std::strerror(r)};
    }
}

Child::~Child() {
    if (!reaped_ && pid_ > 0)
        kill();
    if (out_fd_ >= 0)
        close(out_fd_);
    if (err_fd_ >= 0)
        close(err_fd_);
}

void Child::read_available() {
    append_available(out_fd_, out_);
    append_available(err_fd_, err_);
}

const std::string& Child::out() {
    read_available();
    return out_;
}

const std::string& Child::err() {
    read_available();
    return err_;
}

bool Child::reap(bool block) {
    if (reaped_)
        return true;
    int status = 0;
    pid_t r;
    do
        r = waitpid(pid_, &status, block ? 0 : WNOHANG);
    while (r < 0 && errno == EINTR);
    if (r != pid_)
        return false;
    status_ = status;
    reaped_ = true;
    // Everything it wrote is in the pipes now (unless a grandchild holds them open).
    read_available();
    return true;
}

bool Child::wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                       boost::asio::io_context* io) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        read_available();
        if (done())
            return true;
        if (reap(false)) {
            read_available();
            return done();
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left <= 0ms)
            return false;
        wait_step(io, {out_fd_, err_fd_}, std::min(left, std::chrono::milliseconds{10}));
    }
}

bool Child::wait_for_text(std::string_view needle, std::chrono::milliseconds timeout,
                          boost::asio::io_context* io) {
    return wait_until([&] { return out_.find(needle) != std::string::npos; }, timeout, io);
}

std::optional<int> Child::exited() {
    if (!reap(false))
        return std::nullopt;
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
}

std::optional<int> Child::wait_exit(std::chrono::milliseconds timeout,
                                    boost::asio::io_context* io) {
    wait_until([&] { return reaped_; }, timeout, io);
    return exited();
}

void Child::send_signal(int signal) {
    if (!reaped_)
        ::kill(pid_, signal);
}

void Child::kill() {
    if (reaped_)
        return;
    ::kill(pid_, SIGKILL);
    reap(true);
}

Finished Child::finished() {
    if (!reaped_)
        throw std::logic_error{"Child::finished: still running"};
    read_available();
    Finished f;
    if (WIFEXITED(status_))
        f.code = WEXITSTATUS(status_);
    else if (WIFSIGNALED(status_))
        f.signal = WTERMSIG(status_);
    f.out = out_;
    f.err = err_;
    return f;
}

Finished run(const Command& command, boost::asio::io_context* io,
             std::chrono::milliseconds timeout) {
    Child child{command};
    const bool ended = child.wait_exit(timeout, io).has_value();
    if (!ended)
        child.kill();
    Finished f = child.finished();
    f.timed_out = !ended;
    return f;
}

} // namespace agendad::test
