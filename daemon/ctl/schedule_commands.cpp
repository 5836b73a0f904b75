#include "ctl/schedule_commands.hpp"

#include "core/plan/planner.hpp"
#include "core/plan/schedule_lint.hpp"
#include "core/read/schedule_reader.hpp"
#include "core/text/reminder_text.hpp"
#include "core/toml/kept_until_exit.hpp"

#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>
#include <sys/stat.h>

#ifndef AGENDAD_EXAMPLE_PATH
#define AGENDAD_EXAMPLE_PATH "/usr/share/doc/agendad/examples/agenda.example.toml"
#endif

namespace agendad::ctl {

namespace {

std::optional<core::Schedule> load(const std::string& file, const core::Zone& zone,
                                   unsigned threads) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0 && errno == ENOENT) {
        fmt::print(stderr,
                   "agendactl: there is no schedule at {}\n"
                   "  Create one from the example:\n"
                   "    mkdir -p \"$(dirname {})\" && cp {} {}\n",
                   file, file, AGENDAD_EXAMPLE_PATH, file);
        return std::nullopt;
    }
    const char* home = std::getenv("HOME");
    auto schedule =
        core::read_schedule(file, zone, home != nullptr ? home : "", {.threads = threads});
    if (!schedule) {
        fmt::print(stderr, "{}", core::to_string(schedule.error()));
        const auto count = schedule.error().size();
        fmt::print(stderr, "{} error{} in {}\n", count, count == 1 ? "" : "s", file);
        return std::nullopt;
    }
    return std::move(*schedule);
}

/// Readies the process for reading a schedule once and exiting, and returns the threads to parse
/// it on: one, and a worker for each other core that is free (core::free_parse_threads()).
///
/// TOML trees (kept_until_exit.hpp): with workers, kept until exit, since this thread would free
/// a worker's nodes into the worker's arena, under its lock, node by node (that made the read
/// slower than on one thread). On one thread, each chunk's tree is freed after its events are
/// read, and the next chunk's tree reuses that memory: 42 MB → 27 MB touched at 10,000 events,
/// so about 5 ms less kernel time zeroing pages, for about 3 ms of freeing.
unsigned prepare_one_shot_read() {
    const unsigned threads = core::free_parse_threads();
    if (threads > 1)
        core::keep_parse_trees_until_exit();
    return threads;
}

/// `calendar "work": 120 events (14 with their own alarms, 3 skipped); 1 file could not be read`
std::string calendar_summary(const core::ScheduleCalendar& calendar) {
    std::string line = fmt::format("calendar \"{}\": {} event{}", calendar.name, calendar.events,
                                   calendar.events == 1 ? "" : "s");
    std::vector<std::string> counts;
    if (calendar.with_alarms != 0)
        counts.push_back(fmt::format("{} with their own alarms", calendar.with_alarms));
    if (calendar.skipped != 0)
        counts.push_back(fmt::format("{} skipped", calendar.skipped));
    if (!counts.empty())
        line += fmt::format(" ({})", fmt::join(counts, ", "));
    // A problem with a file as a whole (line 0) means it was not read; others left out less.
    std::set<std::string_view> unread;
    for (const auto& warning : calendar.warnings)
        if (warning.line == 0)
            unread.insert(warning.file);
    if (!unread.empty())
        line += fmt::format("; {} file{} could not be read", unread.size(),
                            unread.size() == 1 ? "" : "s");
    return line;
}

} // namespace

std::optional<core::Instant> parse_instant_argument(const std::string& text, core::Instant now,
                                                    const core::Zone& zone) {
    if (text == "now")
        return now;
    if (text.size() == 10) { // YYYY-MM-DD: that day's first instant on the user's clock
        // Read as quick_add reads a date: its midnight as if in UTC, taken back as a wall clock.
        const auto midnight = core::parse_rfc3339(text + "T00:00:00Z");
        if (!midnight)
            return std::nullopt;
        return core::resolve_local(zone, core::LocalTime{midnight->time_since_epoch()});
    }
    return core::parse_rfc3339(text);
}

/// How much of a listing is held before it is written: one buffer, reused.
constexpr std::size_t out_chunk = 1 << 16;

int run_check(const CheckOptions& options) {
    const unsigned threads = prepare_one_shot_read();
    auto loaded = load(options.file, *options.user_zone, threads);
    if (!loaded)
        return code(Exit::failed);
    const core::Schedule* schedule = &core::keep_until_exit(std::move(*loaded));
    // Warnings do not fail the check: the schedule runs as it is. A calendar's are about files
    // a sync tool writes, listed after the schedule's own.
    auto warnings =
        core::never_reminds(*schedule, options.now,
                            options.marks != nullptr ? options.marks->snoozed_events()
                                                     : std::set<std::string, std::less<>>{});
    for (const auto& calendar : schedule->calendars)
        warnings.insert(warnings.end(), calendar.warnings.begin(), calendar.warnings.end());
    fmt::print(stderr, "{}", core::to_string(warnings));
    for (const auto& calendar : schedule->calendars)
        fmt::print("{}\n", calendar_summary(calendar));
    const auto reminders =
        core::count_reminders(*schedule, options.now, options.now + date::days{30});
    const auto events = schedule->events.size();
    const std::string verdict = warnings.empty() ? "ok"
                                                 : fmt::format("ok ({} warning{})", warnings.size(),
                                                               warnings.size() == 1 ? "" : "s");
    fmt::print("{}: {} event{}, {} reminder{} in the next 30 days\n", verdict, events,
               events == 1 ? "" : "s", reminders, reminders == 1 ? "" : "s");
    return code(Exit::ok);
}

int run_upcoming(const UpcomingOptions& options) {
    const unsigned threads = prepare_one_shot_read();
    auto loaded = load(options.file, *options.user_zone, threads);
    if (!loaded)
        return code(Exit::failed);
    const core::Schedule& schedule = core::keep_until_exit(std::move(*loaded));
    std::string out;
    out.reserve(out_chunk + 1024);
    const auto print = [&](const core::Reminder& reminder, bool snoozed) {
        if (options.json && snoozed)
            core::append_snoozed_json(out, reminder);
        else if (options.json)
            core::append_reminder_json(out, reminder);
        else if (snoozed)
            out += core::snoozed_line(reminder, *options.user_zone);
        else
            out += core::reminder_line(reminder, *options.user_zone);
        out += '\n';
        if (out.size() > out_chunk) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    };
    const auto planned = core::reminders_between(schedule, options.from, options.until);
    if (options.marks == nullptr || options.marks->empty()) {
        for (const auto& reminder : planned)
            print(reminder, false);
    } else {
        for_each_listed(schedule, planned, *options.marks, options.from, options.until, print);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? code(Exit::ok) : code(Exit::failed);
}

} // namespace agendad::ctl
