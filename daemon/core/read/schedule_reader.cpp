#include "core/read/schedule_reader.hpp"

#include "core/read/chunked_read.hpp"
#include "core/read/schedule_memo_state.hpp"
#include "core/read/text_buffer.hpp"
#include "core/toml/kept_until_exit.hpp"
#include "core/toml/schedule_chunks.hpp"
#include "core/toml/schedule_tables.hpp"
#include "core/toml/schedule_words.hpp"
#include "core/toml/toml_fields.hpp"
#include "core/toml/toml_guard.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <sched.h>
#include <sys/stat.h>

namespace agendad::core {

ScheduleMemo::ScheduleMemo() : state_(std::make_unique<State>()) {}
ScheduleMemo::~ScheduleMemo() = default;
ScheduleMemo::ScheduleMemo(ScheduleMemo&&) noexcept = default;
ScheduleMemo& ScheduleMemo::operator=(ScheduleMemo&&) noexcept = default;

void ScheduleMemo::keep(std::shared_ptr<const Schedule> schedule) {
    State& s = *state_;
    if (!s.pending_ready) { // that read parsed the whole text: nothing per chunk to keep
        s.held = {};
        s.schedule.reset();
        return;
    }
    s.held = std::move(s.pending);
    s.pending = {};
    s.pending_ready = false;
    s.held.index();
    s.schedule = std::move(schedule);
}

const ScheduleMemo::Stats& ScheduleMemo::last() const {
    return state_->last;
}

unsigned free_parse_threads() {
    cpu_set_t set;
    CPU_ZERO(&set);
    const int cpus = ::sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
    double load = 0;
    if (::getloadavg(&load, 1) != 1)
        load = static_cast<double>(cpus);
    const double free = cpus - load;
    if (free <= 1.0)
        return 1;
    return static_cast<unsigned>(std::min({cpus, 4, 1 + static_cast<int>(free)}));
}

namespace {

/// The whole text in one toml++ parse: the reference the chunked read agrees with, and its
/// fallback whenever the split cannot be trusted.
std::expected<Schedule, Diagnostics> parse_whole(std::string_view text,
                                                 std::string_view display_path,
                                                 const Zone& default_zone, std::string_view home,
                                                 const CalendarReading& calendar_reading) {
    Diagnostics diagnostics;
    // toml++ 3.3 crashes on some malformed text (see toml_guard.hpp); such text stops here.
    if (auto problem = check_toml_text(text)) {
        diagnostics.push_back({std::string{display_path}, problem->line, problem->column,
                               Severity::error, std::move(problem->message)});
        return std::unexpected(std::move(diagnostics));
    }
    // No source path: toml++ would share it into every node; diagnostics carry the file name.
    auto parsed = toml::parse(text);
    if (!parsed) {
        const auto& error = parsed.error();
        diagnostics.push_back(syntax_diagnostic(text, display_path, error));
        return std::unexpected(std::move(diagnostics));
    }
    const toml::table& root = parsed.table();
    TableFields top{root, {}, display_path, diagnostics};

    Schedule schedule;
    schedule.path = std::string{display_path};
    schedule.settings =
        read_settings(top.table("settings"), display_path, default_zone, diagnostics);
    if (const toml::array* events = top.array("event")) {
        if (events->size() > limits::events)
            top.error(
                *events, "event",
                fmt::format("{} events; at most {} are allowed", events->size(), limits::events));
        schedule.events.reserve(events->size());
        for (std::size_t i = 0; i < events->size() && i < limits::events; ++i) {
            const toml::node& node = *events->get(i);
            if (!node.is_table()) {
                top.error(
                    node, fmt::format("event[{}]", i + 1),
                    fmt::format("expected a table ([[event]]), found {}", describe(node.type())));
                continue;
            }
            if (auto event = read_event(*node.as_table(), i + 1, display_path, schedule.settings,
                                        diagnostics))
                schedule.events.push_back(std::move(*event));
            if (diagnostics.size() >= limits::diagnostics)
                break;
        }
    }
    const auto calendars = read_calendar_tables(top, PathBase{display_path, home}, diagnostics);
    top.report_unknown();
    check_unique_ids(schedule.events, display_path, diagnostics);
    if (!diagnostics.empty())
        return failed_read(std::move(diagnostics));
    // Only a valid file costs reading its calendars; their problems are warnings.
    add_calendars(schedule, calendars, calendar_reading);
    if (parse_trees_kept_until_exit()) // agendactl: the kernel frees the tree (kept_until_exit.hpp)
        keep_until_exit(std::move(parsed));
    return schedule;
}

/// parse_schedule(), and when `owned_text` is given (the buffer `text` views), its memory is
/// given back as soon as the text has been read.
std::expected<Schedule, Diagnostics>
parse_text(std::string_view text, std::string_view display_path, const Zone& default_zone,
           std::string_view home, const ReadOptions& options, TextBuffer* owned_text) {
    if (text.size() > limits::file_bytes)
        return std::unexpected(
            Diagnostics{{std::string{display_path}, 0, 0, Severity::error,
                         fmt::format("the file is {} bytes; at most {} (16 MiB) are read",
                                     text.size(), limits::file_bytes)}});
    ScheduleMemo::State* memo =
        options.memo != nullptr ? options.memo->state_for_reader() : nullptr;
    if (memo != nullptr)
        memo->pending_ready = false;
    std::vector<ScheduleChunk> chunks = split_schedule(text);
    const std::size_t count = chunks.size() - 1;
    if (auto read =
            read_chunked(text, chunks, display_path, default_zone, home, options, owned_text))
        return std::move(*read);
    if (memo != nullptr)
        memo->last = {count, count, true};
    return parse_whole(text, display_path, default_zone, home, options.calendars);
}

} // namespace

std::expected<Schedule, Diagnostics> parse_schedule(std::string_view text,
                                                    std::string_view display_path,
                                                    const Zone& default_zone, std::string_view home,
                                                    const ReadOptions& options) {
    return parse_text(text, display_path, default_zone, home, options, nullptr);
}

std::expected<Schedule, Diagnostics> read_schedule(const std::string& path,
                                                   const Zone& default_zone, std::string_view home,
                                                   ReadOptions options) {
    const auto fail = [&](std::string message) {
        return std::unexpected(Diagnostics{{path, 0, 0, Severity::error, std::move(message)}});
    };
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        return fail(errno == ELOOP
                        ? std::string{"cannot read the schedule: a symlink loop (a "
                                      "link that leads back to itself)"}
                        : fmt::format("cannot read the schedule: {}", std::strerror(errno)));
    if (!S_ISREG(info.st_mode))
        return fail("cannot read the schedule: not a regular file");
    if (static_cast<std::size_t>(info.st_size) > limits::file_bytes)
        return fail(fmt::format("the file is {} bytes; at most {} (16 MiB) are read", info.st_size,
                                limits::file_bytes));
    std::ifstream in{path, std::ios::binary};
    if (!in)
        return fail(fmt::format("cannot read the schedule: {}", std::strerror(errno)));
    TextBuffer text{static_cast<std::size_t>(info.st_size)};
    if (!text.usable())
        return fail(fmt::format("cannot read the schedule: {}", std::strerror(errno)));
    in.read(text.data(), info.st_size);
    text.resize(static_cast<std::size_t>(in.gcount()));
    return parse_text(text.view(), path, default_zone, home, options, &text);
}

} // namespace agendad::core
