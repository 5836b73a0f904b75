#include "dbus/url_opener.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
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

bool open_url(boost::asio::io_context& io, const std::string& url, std::string& error,
              const std::string& program) {
    // Under systemd the unit's sandbox (no W^X exceptions, AF_UNIX only, a syscall filter) would
    // be inherited by the browser xdg-open starts; the user manager starts it as its own unit.
    std::vector<std::string> args;
    if (std::getenv("INVOCATION_ID") != nullptr)
        args = {"systemd-run", "--user", "--collect", "--quiet", "--"};
    args.push_back(program);
    args.push_back(url);
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (const int r = posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ); r != 0) {
        error = fmt::format("cannot run {}: {}", args.front(), std::strerror(r));
        return false;
    }
    // glibc 2.36's <sys/pidfd.h> lacks extern "C"; the system call is simplest.
    const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    if (pidfd < 0) {
        // No pidfd (old kernel): wait in place; xdg-open returns quickly.
        waitpid(pid, nullptr, 0);
        return true;
    }
    auto descriptor = std::make_shared<boost::asio::posix::stream_descriptor>(io, pidfd);
    descriptor->async_wait(
        boost::asio::posix::descriptor_base::wait_read,
        [descriptor, pid](const boost::system::error_code&) { waitpid(pid, nullptr, WNOHANG); });
    return true;
}

} // namespace agendad::dbus
