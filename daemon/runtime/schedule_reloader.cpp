#include "runtime/schedule_reloader.hpp"

#include "core/plan/schedule_lint.hpp"
#include "core/read/schedule_reader.hpp"
#include "core/text/plural.hpp"
#include "runtime/log.hpp"

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <sys/stat.h>

namespace agendad::runtime {

ScheduleReloader::ScheduleReloader(std::string path, ReminderLoop& loop, core::Sink& sink,
                                   ZoneSource zone)
    : path_(std::move(path)), loop_(loop), sink_(sink), zone_(std::move(zone)) {}

namespace {

/// CPU time of the calling thread, in ms: what a reload costs, whatever else the machine does.
double thread_cpu_ms() {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

/// The ids of the events with a snooze pending in `state`.
std::set<std::string, std::less<>> snoozed_events(const State& state) {
    std::set<std::string, std::less<>> out;
    for (const auto& [key, until] : state.snoozed)
        out.insert(key.event_id);
    return out;
}

/// `warnings` (what in `schedule` will never remind), and its calendars' file problems.
core::Diagnostics with_calendar_warnings(core::Diagnostics warnings,
                                         const core::Schedule& schedule) {
    for (const auto& calendar : schedule.calendars)
        warnings.insert(warnings.end(), calendar.warnings.begin(), calendar.warnings.end());
    return warnings;
}

} // namespace

bool ScheduleReloader::recheck_snoozes() {
    auto snoozed = snoozed_events(loop_.state());
    if (snoozed == checked_snoozes_ || !loop_.schedule())
        return false;
    checked_snoozes_ = std::move(snoozed);
    return keep_warnings(with_calendar_warnings(
        core::never_reminds(*loop_.schedule(),
                            std::chrono::floor<std::chrono::seconds>(loop_.clock().now()),
                            checked_snoozes_),
        *loop_.schedule()));
}

bool ScheduleReloader::keep_warnings(core::Diagnostics warnings) {
    if (warnings == warnings_)
        return false;
    // Logged once per distinct set: saving the same file again is not news.
    warnings_ = std::move(warnings);
    for (const auto& warning : warnings_)
        log::write(log::Level::warning, core::to_string(warning),
                   {{"SCHEDULE_PATH", path_}, {"SCHEDULE_LINE", std::to_string(warning.line)}});
    return true;
}

bool ScheduleReloader::reload() {
    const auto began = std::chrono::steady_clock::now();
    const double cpu_began = thread_cpu_ms();
    const char* home = std::getenv("HOME");
    // Every read parses here, on this thread; a reload parses only the chunks that changed, so
    // that it costs what changed (and its CPU shows on this thread). The first read does not
    // use free cores either: a parse worker's malloc arena keeps ~0.9 MiB of its own for the
    // daemon's life (10,000 events), for a start-up a few tens of ms shorter. Calendar files
    // are read again only when they changed (calendar_cache.hpp).
    calendar_cache_.reset_counts();
    if (calendar_news_)
        calendar_cache_.note_changes(calendar_news_());
    const core::ReadOptions options{
        .memo = &memo_,
        .threads = 1,
        .calendars = {&calendar_cache_,
                      std::chrono::floor<std::chrono::seconds>(loop_.clock().now())}};
    auto result = core::read_schedule(path_, zone_(), home != nullptr ? home : "", options);
    if (result) {
        const double cpu_read = thread_cpu_ms();
        const auto events = result->events.size();
        auto schedule = std::make_shared<const core::Schedule>(std::move(*result));
        // Checked with the snoozes pending now; the loop's planning after the swap calls
        // recheck_snoozes(), which then has nothing new. Only the events whose times changed
        // are walked again (lint_memo_).
        checked_snoozes_ = snoozed_events(loop_.state());
        auto warnings = with_calendar_warnings(
            core::never_reminds(schedule,
                                std::chrono::floor<std::chrono::seconds>(loop_.clock().now()),
                                checked_snoozes_, lint_memo_),
            *schedule);
        std::vector<std::string> calendar_paths;
        for (const auto& calendar : schedule->calendars)
            calendar_paths.push_back(calendar.path);
        // Watch the calendars before saying "loaded": whoever reads that line may change them
        // next, and that change must not fall between the read and the watch.
        if (calendar_paths_)
            calendar_paths_(std::move(calendar_paths));
        const double cpu_checked = thread_cpu_ms();
        memo_.keep(schedule);
        loop_.replace_schedule(std::move(schedule));
        const double cpu_planned = thread_cpu_ms();
        const auto planned = std::chrono::steady_clock::now();
        log::write(log::Level::info,
                   fmt::format("loaded {}: {}", path_, core::counted(events, "event")),
                   {{"SCHEDULE_PATH", path_}});
        using ms = std::chrono::duration<double, std::milli>;
        const auto& read = memo_.last();
        // CPU times (this thread's; a first read's parse workers are not counted), then the wall.
        log::write(
            log::Level::debug,
            fmt::format(
                "read in {:.1f} ms ({} of {} [[event]] chunks parsed{}; {} "
                "calendar files parsed, {} unchanged, {} folders listed), checked in {:.1f} ms, "
                "planned in {:.1f} ms; {:.1f} ms in all",
                cpu_read - cpu_began, read.parsed, read.chunks, read.whole ? ", as one text" : "",
                calendar_cache_.counts().parsed, calendar_cache_.counts().reused,
                calendar_cache_.counts().folders_listed, cpu_checked - cpu_read,
                cpu_planned - cpu_checked, ms(planned - began).count()));
        keep_warnings(std::move(warnings));
        if (!problem_.empty()) {
            problem_.clear();
            sink_.schedule_fixed();
        }
        return true;
    }
    const bool running = loop_.schedule() != nullptr;
    if (result.error() == problem_)
        return false; // already said
    problem_ = std::move(result.error());

    struct stat st {};
    // Only a missing file is waited for; a symlink loop (ELOOP) is a problem to report.
    if (::stat(path_.c_str(), &st) < 0 && errno == ENOENT && !running) {
        // Not an error in the file: there is no file yet. Say so plainly, once.
        log::write(log::Level::warning,
                   fmt::format("{} does not exist yet; waiting for it to be created (see "
                               "agenda.example.toml, check it with `agendactl check`)",
                               path_),
                   {{"SCHEDULE_PATH", path_}});
    } else {
        // One journal line per mistake; the decision rides on the only one, or follows many.
        const std::string_view decision =
            running ? "keeping the previous schedule" : "no reminders until it is fixed";
        for (const auto& diagnostic : problem_)
            log::write(
                diagnostic.severity == core::Severity::error ? log::Level::error
                                                             : log::Level::warning,
                problem_.size() == 1 ? fmt::format("{}; {}", core::to_string(diagnostic), decision)
                                     : core::to_string(diagnostic),
                {{"SCHEDULE_PATH", path_}, {"SCHEDULE_LINE", std::to_string(diagnostic.line)}});
        if (problem_.size() > 1)
            log::write(log::Level::warning,
                       fmt::format("{} has {}; {}", path_,
                                   core::counted(problem_.size(), "problem"), decision),
                       {{"SCHEDULE_PATH", path_}});
    }
    sink_.schedule_problem(problem_);
    return false;
}

} // namespace agendad::runtime
