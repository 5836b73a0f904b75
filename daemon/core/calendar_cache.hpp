#pragma once
/// What the daemon keeps of its calendars' files between two reads of the schedule, so that a
/// change re-reads only the files that changed.
///
/// Why: a vdir holds one file per event, and parsing thousands of them through libical costs
/// most of a second; a sync that touches one file must not cost that again. The file watcher
/// says only that something changed; which files did is found here by their stamp (inode, size,
/// mtime and ctime, as `stat` gives them): vdirsyncer writes by rename, so a changed file is a
/// new inode, and an editor's in-place write moves mtime.
///
/// How it stays correct:
/// - A stamp is trusted only when the file is older than the read by more than the
///   filesystem's timestamp granularity (git's "racy clean" rule): a file changed within
///   `racy_window` of `now` is read again next time, since a second write in the same clock
///   tick, of the same size, would leave its stamp unchanged.
/// - The parse depends on the calendar's settings and the schedule's (zone, leads, skip rules):
///   when those change, every file of the calendar is read again.
/// - A file that was read well before and now cannot be read or parsed at all keeps its last
///   good events, with a warning that says so (the server may be half-way through a write).
/// Tested in tests/core/calendar_cache_test.cpp against a fresh read_calendar().

#include "core/ics_reader.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

namespace agendad::core {

class CalendarCache {
  public:
    /// A file changed this close to `now` is read again at the next read.
    static constexpr std::chrono::seconds racy_window{2};

    /// The calendar's events as read_calendar() gives them, re-reading only the files whose
    /// stamp changed since the last call for a calendar of this name (and any file when the
    /// settings differ). `now` is the wall clock at the read (see racy_window).
    CalendarEvents read(const CalendarSettings& calendar, const Settings& settings, Instant now);

    /// Forgets calendars not read since the last call (a calendar removed from the schedule).
    void forget_unused();

    /// How many files the last reads parsed and how many they reused, since reset_counts().
    struct Counts {
        std::size_t parsed = 0;
        std::size_t reused = 0;
    };
    Counts counts() const { return counts_; }
    void reset_counts() { counts_ = {}; }

  private:
    struct Entry {
        FileStamp stamp;
        bool racy = true;         ///< changed close to when it was read: read it again next time
        std::uint64_t listed = 0; ///< the read that last listed it
        IcsFile file;
    };
    struct Files {
        std::string key; ///< the settings the files were parsed with
        std::unordered_map<std::string, Entry> by_path;
        std::uint64_t reads = 0;
        bool used = true;
    };

    std::map<std::string, Files> calendars_; ///< by calendar name
    Counts counts_;
};

} // namespace agendad::core
