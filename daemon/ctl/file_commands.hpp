#pragma once
/// agendactl's commands that write files: export (the schedule as iCalendar), import (an .ics as
/// [[event]] tables, printed or appended) and add (one event from a title and a time). The
/// schedule file changes only through schedule_append.hpp: checked whole, then written
/// atomically, its existing text byte for byte.

#include "ctl/quick_add.hpp"

#include <string>

namespace agendad::ctl {

struct ExportOptions {
    std::string file;   ///< the schedule
    std::string output; ///< an .ics file; empty with `vdir` empty: standard output
    std::string vdir;   ///< a folder: one UID.ics per event
    core::Instant now;  ///< the DTSTAMP
    const core::Zone* user_zone = nullptr;
    std::string home;
};

/// Writes the schedule's [[event]]s as iCalendar (ics_export.hpp). To a vdir: one file per
/// event, written atomically, left alone when only its DTSTAMP would change; files that an
/// earlier export wrote for events no longer in the schedule are removed, others never touched.
int run_export(const ExportOptions& options);

struct ImportOptions {
    std::string ics;  ///< the iCalendar file
    std::string file; ///< the schedule: its settings shape the tables; --append adds to it
    bool append = false;
    const core::Zone* user_zone = nullptr;
    std::string home;
};

/// Prints the .ics's events as [[event]] tables (ics_import.hpp), or appends them to the
/// schedule. What was left out is told on stderr as warnings; the exit status stays 0.
int run_import(const ImportOptions& options);

struct AddOptions {
    std::string file;
    AddRequest request;
    core::Instant now;
    const core::Zone* user_zone = nullptr;
    std::string home;
};

/// Appends one [[event]] (quick_add.hpp) to the schedule, created when missing; prints
/// `added ID: "Title" on 2026-12-03 15:00 (Europe/Brussels)`.
int run_add(const AddOptions& options);

} // namespace agendad::ctl
