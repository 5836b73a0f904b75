#include "runtime/state_store.hpp"

#include "runtime/log.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace agendad::runtime {

namespace {

std::string errno_text() {
    return std::strerror(errno);
}

// mkdir -p, each new level 0700 (the state says what the user has on their agenda).
bool make_dirs(const std::string& dir) {
    for (std::size_t i = 1; i <= dir.size(); ++i) {
        if (i != dir.size() && dir[i] != '/')
            continue;
        const std::string part = dir.substr(0, i);
        if (::mkdir(part.c_str(), 0700) < 0 && errno != EEXIST)
            return false;
    }
    return true;
}

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const auto n = ::write(fd, text.data(), text.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

} // namespace

StateStore::StateStore(std::string dir, const boost::asio::any_io_executor& executor)
    : dir_(std::move(dir)), path_(dir_ + "/state"), retry_(executor) {}

State StateStore::load() {
    std::ifstream in{path_, std::ios::binary};
    std::string problem;
    struct stat info {};
    if (in && ::stat(path_.c_str(), &info) == 0 &&
        static_cast<std::size_t>(info.st_size) > state_limits::file_bytes) {
        problem = fmt::format("{} bytes, over the {} read", info.st_size, state_limits::file_bytes);
    } else if (!in) {
        if (errno == ENOENT)
            return {};
        problem = errno_text();
    } else {
        std::ostringstream text;
        text << in.rdbuf();
        if (in.bad())
            problem = "read error";
        else if (auto state = parse_state(text.str()))
            return std::move(*state);
        else
            problem = state.error();
    }
    const std::string aside = dir_ + "/state.corrupt";
    if (std::rename(path_.c_str(), aside.c_str()) == 0)
        log::write(log::Level::warning,
                   fmt::format("{}: {}; moved it to {} and starting afresh (a reminder already "
                               "delivered may come again)",
                               path_, problem, aside));
    else
        log::write(log::Level::warning,
                   fmt::format("{}: {}; cannot move it aside ({}), starting afresh", path_, problem,
                               errno_text()));
    return {};
}

bool StateStore::save(const State& state) {
    pending_ = format_state(state);
    if (write(pending_)) {
        pending_.clear();
        backoff_ = std::chrono::seconds{5};
        retry_armed_ = false;
        retry_.cancel();
        return true;
    }
    // A retry already waiting will write this newer text; re-arming here would double the
    // back-off on every save instead of on every failed retry.
    if (!retry_armed_)
        arm_retry();
    return false;
}

bool StateStore::write(const std::string& text) {
    std::string error;
    // Messages name the pattern, not the random name, so that a repeated failure (a full disk)
    // reads the same and is logged once.
    const std::string temp_pattern = path_ + ".XXXXXX";
    std::vector<char> temp(temp_pattern.begin(), temp_pattern.end());
    temp.push_back('\0');
    int fd = -1;
    if (!make_dirs(dir_)) {
        error = fmt::format("cannot create {}: {}", dir_, errno_text());
    } else if ((fd = ::mkostemp(temp.data(), O_CLOEXEC)) < 0) {
        error = fmt::format("cannot create a file in {}: {}", dir_, errno_text());
    } else if (::fchmod(fd, 0600) < 0 || !write_all(fd, text) || ::fsync(fd) < 0) {
        error = fmt::format("cannot write {}: {}", temp_pattern, errno_text());
    }
    if (fd >= 0 && ::close(fd) < 0 && error.empty())
        error = fmt::format("cannot write {}: {}", temp_pattern, errno_text());
    if (error.empty() && std::rename(temp.data(), path_.c_str()) < 0)
        error = fmt::format("cannot rename {} to {}: {}", temp_pattern, path_, errno_text());
    if (!error.empty()) {
        if (fd >= 0)
            ::unlink(temp.data());
        if (error != last_error_)
            log::write(log::Level::warning,
                       fmt::format("{}; will retry (delivery goes on)", error));
        last_error_ = error;
        return false;
    }
    // The rename is durable only once the directory entry is.
    if (const int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
    if (!last_error_.empty())
        log::write(log::Level::notice, fmt::format("{} written again", path_));
    last_error_.clear();
    return true;
}

void StateStore::arm_retry() {
    retry_armed_ = true;
    retry_delay_ = backoff_;
    retry_.expires_after(backoff_);
    backoff_ = std::min(backoff_ * 2, std::chrono::seconds{300});
    retry_.async_wait([this](const boost::system::error_code& error) {
        if (error)
            return;
        retry_armed_ = false;
        if (pending_.empty())
            return;
        if (write(pending_)) {
            pending_.clear();
            backoff_ = std::chrono::seconds{5};
        } else {
            arm_retry();
        }
    });
}

} // namespace agendad::runtime
