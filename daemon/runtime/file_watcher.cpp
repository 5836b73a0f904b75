#include "runtime/file_watcher.hpp"

#include "runtime/log.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace agendad::runtime {

namespace {

int make_inotify() {
    const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        throw std::system_error{errno, std::generic_category(), "inotify_init1"};
    return fd;
}

std::pair<std::string, std::string> split(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos)
        return {".", path};
    return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

/// `file`, then each symlink it leads through, in order: retargeting any link of a chain
/// changes what `file` reads, so every link's directory is watched. Stops after 40 hops, the
/// kernel's own limit (a loop is ELOOP to whoever reads the file).
std::vector<std::string> link_chain(const std::string& file) {
    std::vector<std::string> chain{file};
    for (int hops = 0; hops < 40; ++hops) {
        std::array<char, PATH_MAX> target{};
        const auto n = ::readlink(chain.back().c_str(), target.data(), target.size() - 1);
        if (n <= 0)
            break;
        std::string next{target.data(), static_cast<std::size_t>(n)};
        if (!next.starts_with('/'))
            next = split(chain.back()).first.append("/").append(next);
        chain.push_back(std::move(next));
    }
    return chain;
}

constexpr std::uint32_t watch_mask = IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM |
                                     IN_CREATE | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF |
                                     IN_MOVE_SELF | IN_ONLYDIR;

} // namespace

FileWatcher::FileWatcher(boost::asio::io_context& io, std::vector<std::string> files,
                         std::chrono::milliseconds debounce, std::function<void()> on_change)
    : fd_{io, make_inotify()}, debounce_timer_{io}, files_(std::move(files)), debounce_(debounce),
      on_change_(std::move(on_change)) {
    rewatch();
    wait();
}

FileWatcher::~FileWatcher() = default; // closing the fd drops every watch

int FileWatcher::watch_path(const std::string& path,
                            std::map<int, std::vector<std::string>>& into) {
    auto [dir, name] = split(path);
    // Wait for a missing directory through its nearest existing ancestor.
    while (!is_directory(dir) && dir != "/" && dir != ".")
        std::tie(dir, name) = split(dir);
    const int wd = inotify_add_watch(fd_.native_handle(), dir.c_str(), watch_mask);
    if (wd < 0) {
        log::write(log::Level::warning, fmt::format("cannot watch {}: {}; changes to {} need a "
                                                    "SIGHUP",
                                                    dir, std::strerror(errno), path));
        return -1;
    }
    auto& names = into[wd];
    if (std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(name);
    return wd;
}

void FileWatcher::rewatch() {
    std::map<int, std::vector<std::string>> fresh;
    for (const auto& file : files_) {
        for (const auto& link : link_chain(file))
            watch_path(link, fresh);
        // A symlinked file changes when its target does: watch where the link leads too (its
        // real path, through symlinked directories as well).
        std::array<char, PATH_MAX> target{};
        if (::realpath(file.c_str(), target.data()) != nullptr && file != target.data())
            watch_path(target.data(), fresh);
    }
    std::map<int, std::vector<std::string>> folders;
    for (const auto& calendar : calendars_) {
        if (is_directory(calendar)) { // a vdir: every name in it ("" below), through symlinks
            const int wd = watch_path(calendar + "/", fresh);
            if (wd < 0)
                continue;
            folders[wd].push_back(calendar);
            // Watched anew (another descriptor, another directory): what it held is not known.
            const auto before = folders_.find(wd);
            if (before == folders_.end() || std::find(before->second.begin(), before->second.end(),
                                                      calendar) == before->second.end())
                lost_.insert(calendar);
        } else
            for (const auto& link : link_chain(calendar))
                watch_path(link, fresh);
    }
    // Adding first and removing afterwards leaves no moment without a watch; a directory
    // already watched keeps its descriptor.
    for (const auto& [wd, names] : watches_)
        if (!fresh.contains(wd))
            inotify_rm_watch(fd_.native_handle(), wd);
    watches_ = std::move(fresh);
    folders_ = std::move(folders);
}

core::CalendarChanges FileWatcher::take_calendar_changes() {
    core::CalendarChanges changes;
    std::set<std::string> watched;
    for (const auto& [wd, folders] : folders_)
        for (const auto& folder : folders) {
            watched.insert(folder);
            if (followed_.contains(folder) && !lost_.contains(folder))
                changes.names[folder] = std::move(folder_news_[folder]);
        }
    followed_ = std::move(watched);
    folder_news_.clear();
    lost_.clear();
    return changes;
}

void FileWatcher::set_calendars(std::vector<std::string> paths) {
    if (paths == calendars_)
        return;
    calendars_ = std::move(paths);
    rewatch();
}

void FileWatcher::wait() {
    fd_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                   [this](const boost::system::error_code& error) {
                       if (error)
                           return;
                       on_readable();
                       wait();
                   });
}

void FileWatcher::on_readable() {
    alignas(inotify_event) std::array<char, 8192> buffer{};
    bool relevant = false;
    for (;;) {
        const auto n = ::read(fd_.native_handle(), buffer.data(), buffer.size());
        if (n <= 0)
            break;
        for (ssize_t at = 0; at < n;) {
            inotify_event event{};
            std::memcpy(&event, buffer.data() + at, sizeof event);
            const std::string_view name =
                event.len > 0 ? std::string_view{buffer.data() + at + sizeof event} : "";
            at += static_cast<ssize_t>(sizeof event + event.len);
            if (event.mask & IN_Q_OVERFLOW) {
                relevant = true;
                for (const auto& [wd, folders] : folders_)
                    lost_.insert(folders.begin(), folders.end());
                continue;
            }
            const auto watch = watches_.find(event.wd);
            if (watch == watches_.end())
                continue;
            if (const auto folder = folders_.find(event.wd); folder != folders_.end()) {
                // The folder itself, or a folder in it: more than names changed.
                const bool whole =
                    (event.mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_ISDIR)) != 0;
                for (const auto& path : folder->second) {
                    if (whole)
                        lost_.insert(path);
                    else if (!name.empty())
                        folder_news_[path].emplace(name);
                }
            }
            // The directory itself went away or moved: watch again from its parents.
            if (event.mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
                relevant = true;
                continue;
            }
            const auto& names = watch->second;
            if (std::find(names.begin(), names.end(), name) != names.end() ||
                std::find(names.begin(), names.end(), "") != names.end())
                relevant = true;
        }
    }
    if (!relevant)
        return;
    // Trailing-edge debounce: each event of a burst pushes the call back.
    pending_ = true;
    debounce_timer_.expires_after(debounce_);
    debounce_timer_.async_wait([this](const boost::system::error_code& error) {
        if (error || !pending_)
            return;
        pending_ = false;
        rewatch();
        on_change_();
    });
}

} // namespace agendad::runtime
