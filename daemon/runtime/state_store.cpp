#include "runtime/state_store.hpp"

#include "core/files/file_write.hpp"
#include "core/text/plural.hpp"
#include "runtime/log.hpp"
#include "runtime/state_files.hpp"

#include <algorithm>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace agendad::runtime {

namespace {

std::string errno_text() {
    return std::strerror(errno);
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
            core::sync_folder(parent_of(part));
        else if (errno != EEXIST)
            return false;
    }
    return true;
}

} // namespace

StateStore::StateStore(std::string dir, const boost::asio::any_io_executor& executor)
    : dir_(std::move(dir)), path_(fmt::format("{}/{}", dir_, state_file_name)), retry_(executor),
      soon_(executor), journal_path_(fmt::format("{}/{}", dir_, journal_file_name)) {}

StateStore::~StateStore() {
    close_journal();
}

namespace {

/// Moves `path` aside to `aside` with a warning that says why and what happens instead.
void move_aside(const std::string& path, const std::string& aside, const std::string& problem,
                std::string_view instead) {
    if (std::rename(path.c_str(), aside.c_str()) == 0)
        log::write(log::Level::warning,
                   fmt::format("{}: {}; moved it to {} and {}", path, problem, aside, instead));
    else
        log::write(log::Level::warning, fmt::format("{}: {}; cannot move it aside ({}), {}", path,
                                                    problem, errno_text(), instead));
}

} // namespace

State StateStore::load() {
    auto files = read_state_files(dir_);
    if (!files.state_problem.empty())
        move_aside(path_, path_ + ".corrupt", files.state_problem,
                   files.journal.applied > 0
                       ? "starting from the journal's records alone (a reminder already "
                         "delivered may come again)"
                       : "starting afresh (a reminder already delivered may come again)");
    if (!files.journal_problem.empty()) {
        close_journal();
        move_aside(journal_path_, journal_path_ + ".corrupt", files.journal_problem,
                   fmt::format("kept the state file and the {} before it (a reminder "
                               "already delivered may come again)",
                               core::counted(files.journal.records, "good record")));
    }
    if (files.journal.torn)
        log::write(log::Level::notice,
                   fmt::format("{}: ignored a record cut short after {} (the machine "
                               "stopped while writing it)",
                               journal_path_, core::counted(files.journal.records, "good record")));
    State state = std::move(files.state);
    seq_ = std::max(state.journal_seq, files.journal.last_seq);
    remember_history_back(state);
    // Records in the journal: into the state file now, so that the journal starts empty and a
    // full one never has to be read twice. Kept as they are if that fails (save() retries).
    const bool replayed = files.journal.records > 0 || files.journal.torn ||
                          !files.journal_problem.empty() || !files.state_problem.empty();
    if (replayed && files.journal_exists && !save(state)) {
        close_journal(); // firings write the whole state until the retry succeeds
        return state;
    }
    make_journal();
    return state;
}

bool StateStore::save(const State& state) {
    // This write carries whatever a save_soon() request was waiting to write.
    if (soon_save_) {
        soon_save_ = nullptr;
        soon_.cancel();
    }
    pending_ = format_state(state, seq_);
    remember_history_back(state);
    if (write(pending_)) {
        pending_.clear();
        backoff_ = std::chrono::seconds{5};
        retry_armed_ = false;
        retry_.cancel();
        empty_journal();
        return true;
    }
    // A retry already waiting will write this newer text; re-arming here would double the
    // back-off on every save instead of on every failed retry.
    if (!retry_armed_)
        arm_retry();
    return false;
}

bool StateStore::save_firing(const State& state, std::span<const ReminderKey> fresh) {
    if (soon_save_ || !pending_.empty() || journal_fd_ < 0)
        return save(state);
    // The history entries after the newest one on disk; found from the back, as a firing adds
    // one or a few. Not found (pruned by age since): only a full write says it right.
    auto first_new = state.history.begin();
    if (history_back_) {
        auto it = state.history.end();
        while (it != state.history.begin() && !(*std::prev(it) == *history_back_))
            --it;
        if (it == state.history.begin())
            return save(state);
        first_new = it;
    }
    std::string lines;
    if (state.horizon)
        append_horizon_line(*state.horizon, lines);
    for (const auto& key : fresh)
        append_delivered_line(key, lines);
    for (auto it = first_new; it != state.history.end(); ++it)
        append_history_line(*it, lines);
    const std::string record = format_journal_record(seq_ + 1, lines);
    if (journal_used_ + record.size() > journal_bytes)
        return save(state); // full: the whole state, and the journal starts again
    const auto written =
        ::pwrite(journal_fd_, record.data(), record.size(), static_cast<off_t>(journal_used_));
    if (written == static_cast<ssize_t>(record.size()))
        ++seq_; // on disk, maybe not durably: a full write below must not claim it is not
    if (written != static_cast<ssize_t>(record.size()) || ::fdatasync(journal_fd_) < 0) {
        journal_failed(fmt::format("cannot write {}: {}", journal_path_,
                                   written < 0 || written == static_cast<ssize_t>(record.size())
                                       ? errno_text()
                                       : std::string{"short write"}));
        return save(state);
    }
    journal_used_ += record.size();
    ++journal_used_records_;
    ++records_;
    remember_history_back(state);
    return true;
}

void StateStore::remember_history_back(const State& state) {
    if (state.history.empty())
        history_back_.reset();
    else
        history_back_ = state.history.back();
}

bool StateStore::make_journal() {
    close_journal();
    if (!ensure_dir()) {
        journal_failed(fmt::format("cannot create {}: {}", dir_, errno_text()));
        return false;
    }
    const int fd = ::open(journal_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        journal_failed(fmt::format("cannot create {}: {}", journal_path_, errno_text()));
        return false;
    }
    // Zeros really written, not a hole nor fallocate's unwritten extents: an append then
    // changes no block's allocation, and fdatasync has no metadata to flush.
    std::string text(journal_bytes, '\0');
    text.replace(0, journal_header.size(), journal_header);
    if (::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()) ||
        ::ftruncate(fd, static_cast<off_t>(journal_bytes)) < 0 || ::fsync(fd) < 0) {
        journal_failed(fmt::format("cannot write {}: {}", journal_path_, errno_text()));
        ::close(fd);
        return false;
    }
    core::sync_folder(dir_); // its entry, when new
    journal_fd_ = fd;
    journal_used_ = journal_header.size();
    journal_used_records_ = 0;
    return true;
}

void StateStore::empty_journal() {
    if (journal_fd_ < 0 || journal_used_ <= journal_header.size())
        return;
    // Zeros over the records, which the state file now holds: a crash halfway leaves records
    // at or below its `journal SEQ`, skipped, or torn ones, ignored.
    const std::string zeros(journal_used_ - journal_header.size(), '\0');
    if (::pwrite(journal_fd_, zeros.data(), zeros.size(),
                 static_cast<off_t>(journal_header.size())) != static_cast<ssize_t>(zeros.size()) ||
        ::fdatasync(journal_fd_) < 0) {
        journal_failed(fmt::format("cannot empty {}: {}", journal_path_, errno_text()));
        return;
    }
    journal_used_ = journal_header.size();
    journal_used_records_ = 0;
}

void StateStore::close_journal() {
    if (journal_fd_ >= 0)
        ::close(journal_fd_);
    journal_fd_ = -1;
}

void StateStore::journal_failed(const std::string& what) {
    close_journal();
    log::write(
        log::Level::warning,
        fmt::format("{}; each firing writes the whole state file until the next start", what));
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
    } else if (fd >= 0 &&
               (::fchmod(fd, 0600) < 0 || !core::write_all(fd, text) || ::fsync(fd) < 0)) {
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
    core::sync_folder(dir_);
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
            empty_journal();
        } else {
            arm_retry();
        }
    });
}

} // namespace agendad::runtime
