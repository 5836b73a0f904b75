#include "dbus/url_opener.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <memory>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace agendad::dbus {

std::string exit_failure(const std::string& program, int status) {
    if (WIFEXITED(status))
        return WEXITSTATUS(status) == 0
                   ? std::string{}
                   : fmt::format("{} exited with status {}", program, WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return fmt::format("{} was killed by signal {} ({})", program, WTERMSIG(status),
                           strsignal(WTERMSIG(status)));
    return fmt::format("{} ended abnormally", program);
}

void open_url(boost::asio::io_context& io, const std::string& url,
              std::function<void(std::string reason)> failed, const std::string& program) {
    // Under systemd the unit's sandbox (no W^X exceptions, AF_UNIX only, a syscall filter) would
    // be inherited by the browser xdg-open starts; the user manager starts it as its own unit.
    // --wait makes systemd-run end when the opener does, with its status (203 when the
    // opener is not found), so that its failure reaches us as it does without systemd.
    std::vector<std::string> args;
    const bool through_systemd = std::getenv("INVOCATION_ID") != nullptr;
    if (through_systemd)
        args = {"systemd-run", "--user", "--collect", "--quiet", "--wait", "--"};
    args.push_back(program);
    args.push_back(url);
    const std::string name = through_systemd ? program + " (through systemd-run)" : program;
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (const int r = posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ); r != 0)
        return failed(fmt::format("cannot run {}: {}", args.front(), std::strerror(r)));
    // glibc 2.36's <sys/pidfd.h> lacks extern "C"; the system call is simplest.
    const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    if (pidfd < 0) {
        // No pidfd (a kernel before 5.3): wait in place; xdg-open returns quickly.
        int status = 0;
        if (waitpid(pid, &status, 0) == pid)
            if (auto reason = exit_failure(name, status); !reason.empty())
                failed(std::move(reason));
        return;
    }
    auto descriptor = std::make_shared<boost::asio::posix::stream_descriptor>(io, pidfd);
    descriptor->async_wait(boost::asio::posix::descriptor_base::wait_read,
                           [descriptor, pid, name,
                            failed = std::move(failed)](const boost::system::error_code& error) {
                               int status = 0;
                               // Cancelled (the loop ends): reap if it is over, say nothing.
                               if (error) {
                                   waitpid(pid, &status, WNOHANG);
                                   return;
                               }
                               if (waitpid(pid, &status, WNOHANG) != pid)
                                   return;
                               if (auto reason = exit_failure(name, status); !reason.empty())
                                   failed(std::move(reason));
                           });
}

} // namespace agendad::dbus
