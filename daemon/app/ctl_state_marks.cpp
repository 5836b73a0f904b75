#include "app/ctl_state_marks.hpp"

#include "runtime/state.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

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
    // The file StateStore writes (runtime/state_store.cpp).
    const std::string path = state_dir + "/state";
    std::ifstream in{path, std::ios::binary};
    if (!in) {
        if (errno != ENOENT)
            fmt::print(stderr, "agendactl: cannot read {}: {}; snoozes and dismissals not shown\n",
                       path, std::strerror(errno));
        return marks;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > runtime::state_limits::file_bytes) {
        fmt::print(stderr, "agendactl: {} is over {} bytes; snoozes and dismissals not shown\n",
                   path, runtime::state_limits::file_bytes);
        return marks;
    }
    auto state = runtime::parse_state(text.str());
    if (!state) {
        fmt::print(stderr, "agendactl: {}: {}; snoozes and dismissals not shown\n", path,
                   state.error());
        return marks;
    }
    for (const auto& [key, until] : state->snoozed)
        marks.snoozed.emplace(ctl::OccurrenceRef{key.event_id, key.start}, until);
    for (const auto& key : state->dismissed)
        marks.dismissed.insert(ctl::OccurrenceRef{key.event_id, key.start});
    return marks;
}

} // namespace agendad::app
