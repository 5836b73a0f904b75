#pragma once
/// agendactl's commands that work on the schedule file alone, without the daemon.

#include "core/time/time_types.hpp"
#include "ctl/occurrence_marks.hpp"

#include <optional>
#include <string>

namespace agendad::ctl {

/// Exit codes shared by every agendactl command.
enum class Exit { ok = 0, failed = 1, usage = 2, not_running = 3 };

/// The process exit status for `exit`.
constexpr int code(Exit exit) {
    return static_cast<int>(exit);
}

struct CheckOptions {
    std::string file;
    core::Instant now;
    const core::Zone* user_zone = nullptr;
    /// The daemon's snoozes and dismissals for `file` (none: the file alone).
    const OccurrenceMarks* marks = nullptr;
};

/// Prints "ok: 4 events, 12 reminders in the next 30 days", or the errors on stderr (exit 1).
/// Warnings (core::never_reminds, and each calendar's file problems) go to stderr too, and the
/// summary says "ok (2 warnings): …"; the exit status stays 0. An event with a snooze pending
/// in `marks` is not said to never remind. Each [[calendar]] gets a line
/// before it: `calendar "work": 120 events (14 with their own alarms, 3 skipped)`.
int run_check(const CheckOptions& options);

struct UpcomingOptions {
    std::string file;
    core::Instant from;
    core::Instant until;
    bool json = false;
    const core::Zone* user_zone = nullptr;
    /// The daemon's snoozes and dismissals for `file` (none: the file alone).
    const OccurrenceMarks* marks = nullptr;
};

/// Lists the reminders in [from, until), one a line, as the daemon will deliver them
/// (for_each_listed): with `marks`, none of a dismissed occurrence, and each snooze at its end,
/// "snoozed" in the lead's column (JSON: lead "snooze" and "snoozed":true).
int run_upcoming(const UpcomingOptions& options);

/// Parses "now", a date (2026-11-27: its midnight in `zone`, or the first instant after it when
/// a DST change skips midnight) or an RFC 3339 date-time for --from and --until.
std::optional<core::Instant> parse_instant_argument(const std::string& text, core::Instant now,
                                                    const core::Zone& zone);

} // namespace agendad::ctl
