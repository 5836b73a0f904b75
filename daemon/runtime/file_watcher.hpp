#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
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
/// sync tool adds, renames over and removes its files.
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

  private:
    void watch_path(const std::string& path, std::map<int, std::vector<std::string>>& into);
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
};

} // namespace agendad::runtime
