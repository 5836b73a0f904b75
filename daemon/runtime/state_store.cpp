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
#include <utility>

namespace agendad::runtime {

namespace {

std::string errno_text() {
    return std::strerror(errno);
}

void fsync_dir(const std::string& dir) {
    if (const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

std::string parent_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

// mkdir -p, each new level 0700 (the state says what the user has on their agenda). A level
// made here lasts a crash of the machine only once its parent's entry is on disk, hence the
// fsync of the parent; it costs nothing on later saves, which find the directory made.
bool make_dirs(const std::string& dir) {
    for (std::size_t i = 1; i <= dir.size(); ++i) {
        if (i != dir.size() && dir[i] != '/')
            continue;
        const std::string part = dir.substr(0, i);
        if (::mkdir(part.c_str(), 0700) == 0)
            fsync_dir(parent_of(part));
        else if (errno != EEXIST)
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
    : dir_(std::move(dir)), path_(dir_ + "/state"), retry_(executor), soon_(executor) {}

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
    // This write carries whatever a save_soon() request was waiting to write.
    if (soon_save_) {
        soon_save_ = nullptr;
        soon_.cancel();
    }
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

bool StateStore::ensure_dir() {
    if (!dir_made_)
        dir_made_ = make_dirs(dir_);
    return dir_made_;
}

bool StateStore::write(const std::string& text) {
    std::string error;
    // Messages name the pattern, not the random name, so that a repeated failure (a full disk)
    // reads the same and is logged once.
    const std::string temp_pattern = path_ + ".XXXXXX";
    std::vector<char> temp;
    const auto make_temp = [&] {
        temp.assign(temp_pattern.begin(), temp_pattern.end());
        temp.push_back('\0');
        return ::mkostemp(temp.data(), O_CLOEXEC);
    };
    int fd = -1;
    if (!ensure_dir()) {
        error = fmt::format("cannot create {}: {}", dir_, errno_text());
    } else if ((fd = make_temp()) < 0 && errno == ENOENT) {
        // The directory was made once and has vanished since (a user cleaning up): again.
        dir_made_ = false;
        if (!ensure_dir())
            error = fmt::format("cannot create {}: {}", dir_, errno_text());
        else
            fd = make_temp();
    }
    if (error.empty() && fd < 0) {
        error = fmt::format("cannot create a file in {}: {}", dir_, errno_text());
    } else if (fd >= 0 && (::fchmod(fd, 0600) < 0 || !write_all(fd, text) || ::fsync(fd) < 0)) {
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
    // Needed at every save, not only the first: each rename points the directory's `state`
    // entry at a new file, and until the directory itself is on disk a crash of the machine
    // (power, kernel; a kill -9 of the process alone needs neither fsync, the page cache
    // survives it) may bring back the entry of an older file, which lacks the reminders handed
    // over since: they would be shown twice. The file's own fsync above only makes its content
    // durable. Both are what "recorded before the sinks see it" costs (reminder_loop.hpp).
    fsync_dir(dir_);
    ++writes_;
    if (!last_error_.empty())
        log::write(log::Level::notice, fmt::format("{} written again", path_));
    last_error_.clear();
    return true;
}

void StateStore::save_soon(std::function<void()> save) {
    const bool waiting = static_cast<bool>(soon_save_);
    soon_save_ = std::move(save);
    if (waiting)
        return; // the request already waiting writes this change too
    soon_.expires_after(coalesce_delay_);
    soon_.async_wait([this](const boost::system::error_code& error) {
        if (error || !soon_save_)
            return;
        const auto requested = std::exchange(soon_save_, nullptr);
        requested();
    });
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
