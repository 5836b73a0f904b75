#include "runtime/starter_file.hpp"

#include "core/toml/starter_schedule.hpp"
#include "runtime/log.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace agendad::runtime {

bool write_starter_schedule(const std::string& path, core::LocalDays today) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 || errno != ENOENT)
        return false; // there is a file (or we cannot tell): the reload will say what it sees
    const auto fail = [&](std::string_view what, int error) {
        log::write(log::Level::warning,
                   fmt::format("cannot write a starter schedule at {}: {}: {}", path, what,
                               std::strerror(error)),
                   {{"SCHEDULE_PATH", path}});
        return false;
    };
    const auto parent = std::filesystem::path{path}.parent_path();
    std::error_code error;
    if (!parent.empty())
        std::filesystem::create_directories(parent, error);
    if (error)
        return fail(fmt::format("cannot create {}", parent.string()), error.value());

    const auto starter = core::make_starter_schedule(core::starter_template(), today);
    // O_EXCL: a file that appeared since the stat is the user's, and stays as it is.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return errno == EEXIST ? false : fail("cannot create it", errno);
    // The unit runs with UMask=0077; the schedule is the user's file to read and share.
    bool ok = ::fchmod(fd, 0644) == 0;
    std::string_view text = starter;
    while (ok && !text.empty()) {
        const auto n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        if (ok)
            text.remove_prefix(static_cast<std::size_t>(n));
    }
    const int saved_errno = errno;
    if (::close(fd) < 0 && ok)
        return fail("cannot write it", errno);
    if (!ok) {
        ::unlink(path.c_str());
        return fail("cannot write it", saved_errno);
    }
    log::write(log::Level::notice,
               fmt::format("created a starter schedule at {} (a commented guide, no events "
                           "yet); add your own there",
                           path),
               {{"SCHEDULE_PATH", path}});
    return true;
}

} // namespace agendad::runtime
