#include "app/ctl_state_marks.hpp"

#include "runtime/state_files.hpp"

#include <filesystem>
#include <fmt/format.h>

namespace agendad::app {

namespace {

/// Whether `a` and `b` name the same file: equivalent when both exist, else the same path once
/// made absolute and normal.
bool same_file(const std::string& a, const std::string& b) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (fs::equivalent(a, b, error))
        return true;
    const auto normal = [](const std::string& path) {
        std::error_code ignored;
        return fs::weakly_canonical(fs::absolute(path, ignored), ignored);
    };
    return normal(a) == normal(b);
}

} // namespace

ctl::OccurrenceMarks daemon_marks(const std::string& schedule_file,
                                  const std::string& default_schedule,
                                  const std::string& state_dir) {
    ctl::OccurrenceMarks marks;
    if (!same_file(schedule_file, default_schedule))
        return marks;
    // The files StateStore writes, read as its load() reads them (runtime/state_files.hpp),
    // without moving anything aside.
    const auto files = runtime::read_state_files(state_dir);
    const auto problem = [&](const std::string& path, const std::string& what) {
        fmt::print(stderr, "agendactl: {}/{}: {}; snoozes and dismissals not shown\n", state_dir,
                   path, what);
    };
    if (!files.state_problem.empty()) {
        problem(std::string{runtime::state_file_name}, files.state_problem);
        return marks;
    }
    if (!files.journal_problem.empty()) {
        problem(std::string{runtime::journal_file_name}, files.journal_problem);
        return marks;
    }
    for (const auto& [key, until] : files.state.snoozed)
        marks.snoozed.emplace(ctl::OccurrenceRef{key.event_id, key.start}, until);
    for (const auto& key : files.state.dismissed)
        marks.dismissed.insert(ctl::OccurrenceRef{key.event_id, key.start});
    return marks;
}

} // namespace agendad::app
