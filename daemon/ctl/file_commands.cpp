#include "ctl/file_commands.hpp"

#include "core/files/file_write.hpp"
#include "core/read/schedule_reader.hpp"
#include "ctl/ics_export.hpp"
#include "ctl/ics_import.hpp"
#include "ctl/schedule_append.hpp"
#include "ctl/schedule_commands.hpp"

#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <set>

namespace agendad::ctl {

namespace fs = std::filesystem;

namespace {

/// What reading the schedule gave: its settings and ids when it exists and reads; an Exit code
/// when it has errors (printed). A missing file is an empty schedule on the user's zone.
struct Existing {
    core::Settings settings;
    std::set<std::string> ids;
};

std::expected<Existing, int> existing_schedule(const std::string& file, const core::Zone& zone,
                                               const std::string& home, bool must_exist) {
    std::error_code error;
    if (!must_exist && !fs::exists(file, error)) {
        Existing out;
        out.settings.zone = &zone;
        return out;
    }
    auto schedule = core::read_schedule(file, zone, home);
    if (!schedule) {
        fmt::print(stderr, "{}", core::to_string(schedule.error()));
        fmt::print(stderr, "agendactl: {} has errors; fix them first (agendactl check -f {})\n",
                   file, file);
        return std::unexpected(code(Exit::failed));
    }
    Existing out{schedule->settings, {}};
    for (const auto& event : schedule->events)
        out.ids.insert(event.id);
    return out;
}

int export_to_vdir(const std::vector<ExportedEvent>& events, const std::string& folder) {
    std::error_code error;
    fs::create_directories(folder, error);
    if (error) {
        fmt::print(stderr, "agendactl: cannot create {}: {}\n", folder, error.message());
        return code(Exit::failed);
    }
    std::set<std::string> names;
    std::size_t written = 0;
    for (const auto& event : events) {
        const std::string name = event.uid + ".ics";
        names.insert(name);
        const std::string path = (fs::path{folder} / name).string();
        // An unchanged event keeps its file, so a sync uploads only what changed.
        if (const auto old = read_text_file(path, true);
            old && without_stamp(*old) == without_stamp(event.ics))
            continue;
        if (auto done = core::write_file_atomically(path, event.ics, false); !done) {
            fmt::print(stderr, "agendactl: {}\n", done.error());
            return code(Exit::failed);
        }
        ++written;
    }
    core::sync_folder(folder); // once for every rename, not once a file
    std::size_t removed = 0;
    for (fs::directory_iterator it{folder, error}, end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (names.contains(name) || it->path().extension() != ".ics" || !it->is_regular_file())
            continue;
        // Only what an export wrote goes: the folder may hold the calendar's other events.
        const auto text = read_text_file(it->path().string());
        if (text && written_by_export(*text) && fs::remove(it->path(), error))
            ++removed;
    }
    fmt::print("{} event{} in {}: {} written, {} removed\n", events.size(),
               events.size() == 1 ? "" : "s", folder, written, removed);
    return code(Exit::ok);
}

} // namespace

int run_export(const ExportOptions& options) {
    auto schedule = core::read_schedule(options.file, *options.user_zone, options.home);
    if (!schedule) {
        fmt::print(stderr, "{}", core::to_string(schedule.error()));
        fmt::print(stderr, "agendactl: {} has errors; nothing was exported\n", options.file);
        return code(Exit::failed);
    }
    if (!options.vdir.empty())
        return export_to_vdir(export_events(*schedule, options.now), options.vdir);
    const std::string ics = export_calendar(*schedule, options.now);
    if (options.output.empty() || options.output == "-") {
        std::fwrite(ics.data(), 1, ics.size(), stdout);
        return std::fflush(stdout) == 0 ? code(Exit::ok) : code(Exit::failed);
    }
    if (auto done = core::write_file_atomically(options.output, ics); !done) {
        fmt::print(stderr, "agendactl: {}\n", done.error());
        return code(Exit::failed);
    }
    return code(Exit::ok);
}

int run_import(const ImportOptions& options) {
    const auto text = read_text_file(options.ics);
    if (!text) {
        fmt::print(stderr, "agendactl: {}\n", text.error());
        return code(Exit::failed);
    }
    const auto existing = existing_schedule(options.file, *options.user_zone, options.home, false);
    if (!existing)
        return existing.error();
    const Imported imported = import_ics(*text, options.ics, existing->settings);
    fmt::print(stderr, "{}", core::to_string(imported.warnings));
    if (!options.append) {
        std::fwrite(imported.toml.data(), 1, imported.toml.size(), stdout);
        return std::fflush(stdout) == 0 ? code(Exit::ok) : code(Exit::failed);
    }
    if (imported.events == 0) {
        fmt::print(stderr, "agendactl: no events in {}; {} is unchanged\n", options.ics,
                   options.file);
        return code(Exit::ok);
    }
    const int status =
        append_to_schedule(options.file, imported.toml, *options.user_zone, options.home);
    if (status == code(Exit::ok))
        fmt::print("added {} event{} to {}\n", imported.events, imported.events == 1 ? "" : "s",
                   options.file);
    return status;
}

int run_add(const AddOptions& options) {
    const auto existing = existing_schedule(options.file, *options.user_zone, options.home, false);
    if (!existing)
        return existing.error();
    const auto table =
        event_to_add(options.request, options.now, *existing->settings.zone, existing->ids);
    if (!table) {
        fmt::print(stderr, "agendactl: {}\n", table.error());
        return code(Exit::usage);
    }
    const int status =
        append_to_schedule(options.file, core::to_toml(*table), *options.user_zone, options.home);
    if (status != code(Exit::ok))
        return status;
    const std::string zone =
        table->timezone.empty() ? existing->settings.zone->name() : table->timezone;
    if (table->all_day)
        fmt::print("added {}: \"{}\" on {} (all day)\n", table->id, table->title,
                   date::format("%a %F", date::floor<date::days>(table->start)));
    else
        fmt::print("added {}: \"{}\" on {} ({})\n", table->id, table->title,
                   date::format("%a %F %R", table->start), zone);
    return code(Exit::ok);
}

} // namespace agendad::ctl
