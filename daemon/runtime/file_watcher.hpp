#pragma once

#include "core/ical/calendar_cache.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace agendad::runtime {

/// Tells when any of a few files changes, however it changes, through inotify on their
/// directories (a watch on the file itself would be lost to an editor's rename-over save):
/// atomic rename, plain write, delete and re-create, and, for a symlink, changes of the link,
/// of every link of a chain of them, and of the file it finally points to. A directory that does
/// not exist yet is waited for through its nearest existing ancestor. Changes are debounced: one
/// call per burst, `debounce` after the last event of the burst. Quiet files cost nothing: no timer
/// is armed between bursts.
/// Besides those files, a changing set of calendar paths (set_calendars): an .ics file is
/// watched like the files above; a folder (a vdir) for any change of any file in it, since a
/// sync tool adds, renames over and removes its files. For the folders it also keeps the names
/// that changed in them (take_calendar_changes), so that a reload stats those files alone.
class FileWatcher {
  public:
    /// Throws std::system_error when inotify is unavailable.
    FileWatcher(boost::asio::io_context& io, std::vector<std::string> files,
                std::chrono::milliseconds debounce, std::function<void()> on_change);
    ~FileWatcher();
    FileWatcher(const FileWatcher&) = delete;
    FileWatcher& operator=(const FileWatcher&) = delete;

    /// Recomputes the watches (a symlink may point elsewhere, a directory may have appeared).
    /// Done before each on_change call.
    void rewatch();

    /// Watches these calendar paths (files or folders) from now on, instead of the previous set.
    void set_calendars(std::vector<std::string> paths);

    /// The names that changed in each calendar folder since the last call, for the folders
    /// watched without a break since that call (core::CalendarChanges): a folder watched anew
    /// since, one whose watch saw the folder itself move, go or gain a subfolder, and every
    /// folder after the kernel's queue overflowed, are left out, so their next read lists them.
    core::CalendarChanges take_calendar_changes();

  private:
    /// The watch descriptor of the directory watched for `path`; -1 when none could be added.
    int watch_path(const std::string& path, std::map<int, std::vector<std::string>>& into);
    void wait();
    void on_readable();

    boost::asio::posix::stream_descriptor fd_;
    boost::asio::steady_timer debounce_timer_;
    std::vector<std::string> files_;
    std::vector<std::string> calendars_;
    std::chrono::milliseconds debounce_;
    std::function<void()> on_change_;
    /// watch descriptor → the names in that directory we care about ("" for every name)
    std::map<int, std::vector<std::string>> watches_;
    bool pending_ = false;
    /// Invariant: a folder in `followed_` and not in `lost_` has been watched by the same
    /// descriptor since the last take_calendar_changes(), and `folder_news_` holds every name
    /// inotify reported in it since.
    std::map<int, std::vector<std::string>> folders_; ///< watch descriptor → calendar folders
    std::map<std::string, std::set<std::string>> folder_news_;
    std::set<std::string> lost_;     ///< folders whose changes are not all known
    std::set<std::string> followed_; ///< folders watched at the last take
};

} // namespace agendad::runtime
