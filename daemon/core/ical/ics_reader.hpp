#pragma once
/// Reads iCalendar (RFC 5545) files into schedule events: an .ics file, or a vdir (a folder of
/// .ics files as vdirsyncer and khal keep them).
///
/// How calendar events enter the model (schedule.hpp):
/// - A series (a VEVENT without RECURRENCE-ID) becomes one Event: RRULE in `repeat`, RDATEs in
///   `extra_times`, EXDATEs in `except_times`/`except_days`, VALARMs in `alarms`, and `remind`
///   per the calendar's `alarms` policy.
/// - An override (a VEVENT with RECURRENCE-ID, in the same file or another with the same UID)
///   becomes an Event of its own with a single occurrence, and the series gets its original start
///   as an exception. So a moved, retitled or cancelled occurrence needs nothing new from the
///   planner, and everything it says (title, place, alarms) is simply that event's.
/// - Ids: "<calendar>/<UID>" for a series and "<calendar>/<UID>/<RECURRENCE-ID in UTC,
///   %Y%m%dT%H%M%SZ>" for an override. They stay the same when a server rewrites the files, and
///   never equal a TOML id, which cannot hold '/'. An event without UID gets "<calendar>/<file
///   name>#<n>", n counting its VEVENTs from 1.
/// - Events that `skip` names stay, with no reminders.
/// Nothing here stops at one bad file or event: each problem is a warning, and the rest is read.

#include "core/model/calendar.hpp"
#include "core/model/diagnostic.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::core {

/// One VEVENT as read from one file, before overrides are merged across the calendar's files.
struct IcsComponent {
    std::string uid; ///< empty when the VEVENT has none
    /// RECURRENCE-ID: the original start of the occurrence this one replaces.
    std::optional<Instant> recurrence_id;
    Event event; ///< id still empty; `remind`, `alarms` and `skip` already applied
    /// `event` with its id, as merge_calendar() last gave it when no override changed it: kept
    /// with the file (calendar_cache.hpp) and shared by every schedule that holds the event, so
    /// that merging an unchanged file again copies no event.
    mutable std::shared_ptr<const Event> merged{};
};

/// What one .ics file holds. Re-read only the files that changed and merge again.
struct IcsFile {
    std::string path;
    std::vector<IcsComponent> components;
    Diagnostics diagnostics; ///< warnings
};

/// The events of a whole calendar and every problem met on the way (all warnings).
struct CalendarEvents {
    EventList events; ///< all shared (schedule.hpp)
    Diagnostics diagnostics;
};

/// Parses iCalendar `text`, reporting problems against `path`. Floating times and all-day
/// events are on `settings.zone`; the default leads are `calendar.remind` or `settings.remind`.
IcsFile parse_ics(std::string_view text, const std::string& path, const CalendarSettings& calendar,
                  const Settings& settings);

/// The bytes of one file (at most limits::ics::file_bytes); nullopt, with a warning, when it
/// cannot be read.
std::optional<std::string> read_ics_text(const std::string& path, Diagnostics& diagnostics);

/// Reads and parses one file (at most limits::ics::file_bytes).
IcsFile read_ics_file(const std::string& path, const CalendarSettings& calendar,
                      const Settings& settings);

/// Joins the files of one calendar: assigns ids, attaches overrides to their series by UID
/// across files (see the header comment), and keeps the first of two series with one UID.
CalendarEvents merge_calendar(const std::vector<IcsFile>& files, const CalendarSettings& calendar);
/// The same over files kept elsewhere (calendar_cache.hpp), in the order given.
CalendarEvents merge_calendar(const std::vector<const IcsFile*>& files,
                              const CalendarSettings& calendar);

/// What `stat` says of a file that tells whether it changed: a rename over it (as vdirsyncer
/// writes) gives a new inode, a write moves mtime and ctime. `size` -1: no such file.
struct FileStamp {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::int64_t size = -1;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    bool operator==(const FileStamp&) const = default;
};

/// One .ics file of a calendar, with its stamp as it was listed.
struct ListedFile {
    std::string path;
    FileStamp stamp;
};

/// The .ics files of a calendar path: the file itself, or the *.ics directly in the folder
/// (not hidden ones, not in subfolders, regular files through symlinks), sorted by name. One
/// readdir and one fstatat per file: a vdir of thousands is listed on every reload.
std::vector<ListedFile> list_calendar_files(const std::string& path, Diagnostics& diagnostics);
/// The entry `name` of the folder `folder` as list_calendar_files() would list it; nullopt when
/// it would leave it out (not an .ics name, hidden, gone, not a regular file). One fstatat:
/// what a reload costs for a file the watcher named.
std::optional<ListedFile> list_calendar_file(const std::string& folder, std::string_view name);
/// The same, the paths alone.
std::vector<std::string> calendar_files(const std::string& path, Diagnostics& diagnostics);

/// Reads every file of `calendar.path` and merges them.
CalendarEvents read_calendar(const CalendarSettings& calendar, const Settings& settings);

} // namespace agendad::core
