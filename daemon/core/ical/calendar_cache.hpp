#pragma once
/// What the daemon keeps of its calendars' files between two reads of the schedule, so that a
/// change re-reads only the files that changed.
///
/// Why: a vdir holds one file per event, and parsing thousands of them through libical costs
/// most of a second; a sync that touches one file must not cost that again. The file watcher
/// says only that something changed; which files did is found here by their stamp (inode, size,
/// mtime and ctime, as `stat` gives them): vdirsyncer writes by rename, so a changed file is a
/// new inode, and an editor's in-place write moves mtime.
/// Listing a folder of thousands and stat'ing each file costs more than parsing the one file
/// that changed, so a watcher that knows which names changed says so (note_changes): the next
/// read of that folder stats only those names (and the files still racy, below). Without such
/// news for a folder (none given, the watcher lost track, the folder is another inode now) the
/// folder is listed whole.
///
/// How it stays correct:
/// - A stamp is trusted only when the file is older than the read by more than the
///   filesystem's timestamp granularity (git's "racy clean" rule): a file changed within
///   `racy_window` of `now` is read again next time, since a second write in the same clock
///   tick, of the same size, would leave its stamp unchanged; it is parsed again only when its
///   bytes differ (by hash) from those parsed.
/// - The parse depends on the calendar's settings and the schedule's (zone, leads, skip rules):
///   when those change, every file of the calendar is read again.
/// - News count only for a folder the watcher followed without a break since before the previous
///   read of it (the watcher's promise, CalendarChanges), that the previous read listed whole or
///   from news without a problem, and that is still the same directory (device and inode).
/// - A file that was read well before and now cannot be read or parsed at all keeps its last
///   good events, with a warning that says so (the server may be half-way through a write).
/// Tested in tests/core/ical/calendar_cache_test.cpp against a fresh read_calendar().

#include "core/ical/ics_reader.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace agendad::core {

/// What a watcher of the calendars' folders saw since it was last asked (the daemon's file
/// watcher gives it): for each folder it watched without a break since before it was asked the
/// time before, the names of the entries added, written, renamed or removed in it (possibly
/// none). A folder it does not name may have changed in any way: its queue overflowed, it began
/// watching the folder only since, the folder itself moved or was replaced.
struct CalendarChanges {
    std::map<std::string, std::set<std::string>> names; ///< by folder, as the calendar's path
};

class CalendarCache {
  public:
    /// A file changed this close to `now` is read again at the next read.
    static constexpr std::chrono::seconds racy_window{2};

    /// The calendar's events as read_calendar() gives them, re-reading only the files whose
    /// stamp changed since the last call for a calendar of this name (and any file when the
    /// settings differ). `now` is the wall clock at the read (see racy_window).
    CalendarEvents read(const CalendarSettings& calendar, const Settings& settings, Instant now);

    /// What changed in the folders since the last note, before a read: the next read of a folder
    /// named here stats only those names; any folder read before and not named is listed whole.
    /// Notes add up until each folder is read. Without any note, every read lists the folder.
    void note_changes(const CalendarChanges& changes);

    /// Forgets calendars not read since the last call (a calendar removed from the schedule).
    void forget_unused();

    /// How many files the last reads parsed and how many they reused, since reset_counts().
    struct Counts {
        std::size_t parsed = 0;
        std::size_t reused = 0;
        std::size_t folders_listed = 0; ///< folders listed whole (the others: from news)
    };
    Counts counts() const { return counts_; }
    void reset_counts() { counts_ = {}; }

  private:
    struct Entry {
        FileStamp stamp;
        bool racy = true;            ///< changed close to when it was read: read it again next time
        std::uint64_t text_hash = 0; ///< of the bytes last parsed: a racy file read again and
                                     ///< found the same is not parsed again
        std::uint64_t listed = 0;    ///< the read that last listed it
        IcsFile file;
    };
    struct FolderId {
        std::uint64_t device = 0;
        std::uint64_t inode = 0;
        bool operator==(const FolderId&) const = default;
    };
    struct Files {
        std::string key;                      ///< the settings the files were parsed with
        std::string path;                     ///< the calendar's (part of the key)
        std::map<std::string, Entry> by_path; ///< in name order, as a listing gives them
        std::uint64_t reads = 0;
        bool used = true;
        /// The folder as the last read found it, when that read knew all of it: only then can
        /// news add to what it knew.
        std::optional<FolderId> folder;
        std::vector<std::string> racy; ///< the paths whose entry is racy
    };
    /// What note_changes() gathered for one folder until its next read.
    struct News {
        bool whole = false; ///< something unknown changed: list it
        std::set<std::string> names;
    };

    /// Reads `file` again when its stamp says so (or it is racy); keeps the last good version
    /// of a file that cannot be read now.
    void update(Entry& entry, bool added, const ListedFile& file, const CalendarSettings& calendar,
                const Settings& settings, std::int64_t racy_after);
    /// Lists the folder whole: every file stat'ed, files gone forgotten.
    void update_listed(Files& files, const CalendarSettings& calendar, const Settings& settings,
                       std::int64_t racy_after, Diagnostics& listing);
    /// Stats only the names in `news` and the racy files; false when that cannot be trusted
    /// (more files than the limit): then the caller lists the folder.
    bool update_named(Files& files, const News& news, const CalendarSettings& calendar,
                      const Settings& settings, std::int64_t racy_after);

    std::map<std::string, Files> calendars_; ///< by calendar name
    std::map<std::string, News> news_;       ///< by folder path
    Counts counts_;
};

} // namespace agendad::core
