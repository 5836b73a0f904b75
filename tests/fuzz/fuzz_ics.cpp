/// Fuzzes the iCalendar reader (core/ical/ics_reader.hpp: libical's parse, then VEVENT, TZID and
/// VTIMEZONE, VALARM, RRULE/RDATE/EXDATE and RECURRENCE-ID handling) on arbitrary bytes as one
/// .ics file, then merges it as a calendar and plans the events, so that recurrence expansion and
/// alarm leads run on whatever the reader let through (ics_input.hpp has the steps).
/// Covers: parse_ics in memory (the reader's path once read_ics_file has the bytes),
/// merge_calendar, the planner over a bounded window and from the ends of time.
/// Not covered: listing a vdir and reading files (read_ics_file, calendar_files), merging across
/// several files, the calendar cache; and libical's own branches do not count as coverage (it is
/// not instrumented), though its crashes and ASan reports still show, as it runs in this process.
#include "ics_input.hpp"

#include <cstddef>
#include <cstdint>
#include <libical/ical.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)agendad::fuzz::read_and_plan_ics({reinterpret_cast<const char*>(data), size});
    // libical keeps its recent temporary strings in a ring that it frees only as it refills;
    // each input that leaves more allocated than it freed costs a full LeakSanitizer scan.
    icalmemory_free_ring();
    return 0;
}
