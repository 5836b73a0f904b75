#include "core/ical/ics_reader.hpp"

#include "core/files/file_read.hpp"

#include "core/ical/ics_event.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unordered_map>
#include <unordered_set>

namespace agendad::core {

namespace {

namespace fs = std::filesystem;

void warn(Diagnostics& diagnostics, const std::string& path, std::uint32_t line,
          std::string message) {
    if (diagnostics.size() < limits::ics::diagnostics)
        diagnostics.push_back({path, line, 0, Severity::warning, std::move(message)});
}

// libical reports problems through a global errno and may abort on them unless told not to.
void quiet_libical() {
    static const bool once = [] {
        icalerror_set_errors_are_fatal(0);
        return true;
    }();
    (void)once;
}

/// The line of each "BEGIN:VEVENT", in file order: libical keeps no positions, and VEVENTs
/// come out of it in the order they are written.
std::vector<std::uint32_t> vevent_lines(std::string_view text) {
    std::vector<std::uint32_t> lines;
    std::uint32_t number = 0;
    for (std::size_t at = 0; at <= text.size();) {
        const auto end = std::min(text.find('\n', at), text.size());
        std::string_view line = text.substr(at, end - at);
        ++number;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.remove_suffix(1);
        if (line.size() == 12 && std::equal(line.begin(), line.end(), "BEGIN:VEVENT",
                                            [](char a, char b) { return std::toupper(a) == b; }))
            lines.push_back(number);
        at = end + 1;
    }
    return lines;
}

/// libical's complaints about a component, which it leaves as X-LIC-ERROR properties.
void report_parse_errors(icalcomponent* component, const std::string& path, std::uint32_t line,
                         Diagnostics& diagnostics) {
    for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY);
         p != nullptr; p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
        const char* what = icalproperty_get_xlicerror(p);
        warn(diagnostics, path, line, fmt::format("libical: {}", what != nullptr ? what : "error"));
    }
}

std::vector<icalcomponent*> children(icalcomponent* parent, icalcomponent_kind kind);

std::vector<icalcomponent*> vcalendars_of(icalcomponent* root) {
    if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT)
        return {root};
    return children(root, ICAL_VCALENDAR_COMPONENT);
}

/// The children of one kind, collected first: libical keeps one iteration cursor per component
/// and kind, which any nested walk over the same parent would move.
std::vector<icalcomponent*> children(icalcomponent* parent, icalcomponent_kind kind) {
    std::vector<icalcomponent*> out;
    for (icalcomponent* c = icalcomponent_get_first_component(parent, kind); c != nullptr;
         c = icalcomponent_get_next_component(parent, kind))
        out.push_back(c);
    return out;
}

std::string utc_text(Instant instant) {
    return date::format("%Y%m%dT%H%M%SZ", instant);
}

} // namespace

IcsFile parse_ics(std::string_view text, const std::string& path, const CalendarSettings& calendar,
                  const Settings& settings) {
    quiet_libical();
    IcsFile file{.path = path, .components = {}, .diagnostics = {}};
    const std::string owned{text}; // libical wants a terminating NUL
    icalcomponent* root = icalparser_parse_string(owned.c_str());
    const auto calendars = root != nullptr ? vcalendars_of(root) : std::vector<icalcomponent*>{};
    if (calendars.empty()) {
        warn(file.diagnostics, path, 0,
             "not an iCalendar file (no VCALENDAR that libical can read); its events are left out");
        if (root != nullptr)
            icalcomponent_free(root);
        return file;
    }
    const auto lines = vevent_lines(text);
    std::size_t index = 0; // of the VEVENT in the file, for its line
    for (icalcomponent* vcalendar : calendars) {
        report_parse_errors(vcalendar, path, 0, file.diagnostics);
        ics::FileZones zones{children(vcalendar, ICAL_VTIMEZONE_COMPONENT)};
        for (icalcomponent* vevent : children(vcalendar, ICAL_VEVENT_COMPONENT)) {
            if (file.components.size() == limits::ics::events_per_calendar) {
                warn(file.diagnostics, path, 0,
                     fmt::format("more than {} events; the rest are left out",
                                 limits::ics::events_per_calendar));
                break;
            }
            const std::uint32_t line = index < lines.size() ? lines[index] : 0;
            report_parse_errors(vevent, path, line, file.diagnostics);
            ics::Context context{calendar, settings, zones, path, line, file.diagnostics};
            if (auto component = ics::read_vevent(vevent, context))
                file.components.push_back(std::move(*component));
            ++index;
        }
    }
    icalcomponent_free(root);
    return file;
}

std::optional<std::string> read_ics_text(const std::string& path, Diagnostics& diagnostics) {
    auto file = read_file_text(path, limits::ics::file_bytes);
    if (file.exists && file.problem.empty())
        return std::move(file.text);
    warn(diagnostics, path, 0,
         !file.exists     ? std::string{"cannot read it: No such file or directory"}
         : file.size != 0 ? fmt::format("{} bytes is more than the {} an .ics file may have; "
                                        "left out",
                                        file.size, limits::ics::file_bytes)
                          : fmt::format("cannot read it: {}", file.problem));
    return std::nullopt;
}

IcsFile read_ics_file(const std::string& path, const CalendarSettings& calendar,
                      const Settings& settings) {
    IcsFile file{.path = path, .components = {}, .diagnostics = {}};
    if (auto text = read_ics_text(path, file.diagnostics))
        return parse_ics(*text, path, calendar, settings);
    return file;
}

CalendarEvents merge_calendar(const std::vector<IcsFile>& files, const CalendarSettings& calendar) {
    std::vector<const IcsFile*> pointers;
    pointers.reserve(files.size());
    for (const auto& file : files)
        pointers.push_back(&file);
    return merge_calendar(pointers, calendar);
}

namespace {

/// `component`'s event with the id `id`: the one merged before when its id is the same (the
/// file did not change), else a copy made now and kept for the next merge.
std::shared_ptr<const Event> merged_event(const IcsComponent& component, std::string id) {
    if (component.merged == nullptr || component.merged->id != id) {
        auto event = std::make_shared<Event>(component.event);
        event->id = std::move(id);
        component.merged = std::move(event);
    }
    return component.merged;
}

} // namespace

CalendarEvents merge_calendar(const std::vector<const IcsFile*>& files,
                              const CalendarSettings& calendar) {
    CalendarEvents out;
    std::size_t components = 0;
    for (const IcsFile* file : files)
        components += file->components.size();
    std::vector<std::shared_ptr<const Event>> events;
    events.reserve(std::min(components, limits::ics::events_per_calendar));
    // Hashed, and keyed by views into the components and the events (which outlive the maps):
    // a vdir of thousands is merged again on every reload.
    std::unordered_map<std::string_view, std::size_t> series; // UID → index in events
    std::vector<const IcsComponent*> overrides;
    std::unordered_set<std::string_view> ids;
    ids.reserve(components);
    bool full = false;
    const auto add = [&](std::shared_ptr<const Event> event, const std::string& path) {
        if (events.size() == limits::ics::events_per_calendar) {
            if (!full)
                warn(out.diagnostics, path, 0,
                     fmt::format("the calendar has more than {} events; the rest are left out",
                                 limits::ics::events_per_calendar));
            full = true;
            return false;
        }
        if (!ids.insert(event->id).second) {
            warn(out.diagnostics, path, event->position.line,
                 fmt::format("event \"{}\" repeats the UID (and RECURRENCE-ID) of an earlier one; "
                             "the earlier one is kept",
                             event->title));
            return false;
        }
        events.push_back(std::move(event));
        return true;
    };

    std::string id;
    for (const IcsFile* pointer : files) {
        const IcsFile& file = *pointer;
        for (const auto& d : file.diagnostics)
            if (out.diagnostics.size() < limits::ics::diagnostics)
                out.diagnostics.push_back(d);
        std::string name;
        for (std::size_t n = 0; n < file.components.size(); ++n) {
            const auto& component = file.components[n];
            if (component.recurrence_id && !component.uid.empty()) {
                overrides.push_back(&component);
                continue;
            }
            if (component.uid.empty() && name.empty())
                name = fs::path(file.path).filename().string();
            id = calendar.name;
            id += '/';
            id += component.uid.empty() ? fmt::format("{}#{}", name, n + 1) : component.uid;
            if (add(merged_event(component, std::move(id)), file.path) && !component.uid.empty())
                series.emplace(component.uid, events.size() - 1);
        }
    }
    // The series an override moves an occurrence of loses that occurrence: a copy of its own.
    std::vector<std::pair<std::size_t, Instant>> excepted; // index in events, RECURRENCE-ID
    for (const IcsComponent* component : overrides) {
        const auto master = series.find(component->uid);
        if (!add(merged_event(*component, fmt::format("{}/{}/{}", calendar.name, component->uid,
                                                      utc_text(*component->recurrence_id))),
                 "") ||
            master == series.end())
            continue;
        excepted.emplace_back(master->second, *component->recurrence_id);
    }
    std::stable_sort(excepted.begin(), excepted.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < excepted.size();) {
        auto original = std::make_shared<Event>(*events[excepted[i].first]);
        const std::size_t index = excepted[i].first;
        for (; i < excepted.size() && excepted[i].first == index; ++i)
            original->except_times.push_back(to_local(*original->zone, excepted[i].second));
        events[index] = std::move(original);
    }
    for (auto& event : events)
        out.events.push_back(std::move(event));
    return out;
}

namespace {

std::int64_t nanoseconds(const timespec& t) {
    return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

FileStamp stamp_of(const struct stat& st) {
    return FileStamp{.device = static_cast<std::uint64_t>(st.st_dev),
                     .inode = static_cast<std::uint64_t>(st.st_ino),
                     .size = static_cast<std::int64_t>(st.st_size),
                     .mtime_ns = nanoseconds(st.st_mtim),
                     .ctime_ns = nanoseconds(st.st_ctim)};
}

/// "x.ics", "x.ICS"; not hidden (vdirsyncer's ".<name>.tmp" while it writes, editors' files).
bool is_ics_name(std::string_view name) {
    if (name.starts_with('.') || name.size() < 5)
        return false;
    const std::string_view extension = name.substr(name.size() - 4);
    return std::equal(extension.begin(), extension.end(), ".ics", [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
    });
}

struct DirCloser {
    void operator()(DIR* dir) const { ::closedir(dir); }
};

} // namespace

std::vector<ListedFile> list_calendar_files(const std::string& path, Diagnostics& diagnostics) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        warn(diagnostics, path, 0, "no such file or folder; the calendar is empty");
        return {};
    }
    if (!S_ISDIR(st.st_mode))
        return {ListedFile{path, stamp_of(st)}};
    const std::unique_ptr<DIR, DirCloser> dir{::opendir(path.c_str())};
    if (!dir) {
        warn(diagnostics, path, 0, fmt::format("cannot list the folder: {}", std::strerror(errno)));
        return {};
    }
    const std::string prefix = path.ends_with('/') ? path : path + '/';
    std::vector<ListedFile> out;
    errno = 0;
    while (const dirent* entry = ::readdir(dir.get())) {
        const std::string_view name = entry->d_name;
        if (!is_ics_name(name) ||
            (entry->d_type != DT_REG && entry->d_type != DT_LNK && entry->d_type != DT_UNKNOWN))
            continue;
        struct stat file {};
        if (::fstatat(::dirfd(dir.get()), entry->d_name, &file, 0) != 0 || !S_ISREG(file.st_mode))
            continue;
        if (out.size() == limits::ics::files_per_calendar) {
            warn(diagnostics, path, 0,
                 fmt::format("more than {} .ics files; the rest are left out",
                             limits::ics::files_per_calendar));
            break;
        }
        out.push_back(ListedFile{prefix + entry->d_name, stamp_of(file)});
        errno = 0;
    }
    if (errno != 0)
        warn(diagnostics, path, 0, fmt::format("cannot list the folder: {}", std::strerror(errno)));
    std::sort(out.begin(), out.end(),
              [](const ListedFile& a, const ListedFile& b) { return a.path < b.path; });
    return out;
}

std::optional<ListedFile> list_calendar_file(const std::string& folder, std::string_view name) {
    if (!is_ics_name(name) || name.find('/') != std::string_view::npos)
        return std::nullopt;
    std::string path = folder.ends_with('/') ? folder : folder + '/';
    path += name;
    struct stat file {};
    if (::stat(path.c_str(), &file) != 0 || !S_ISREG(file.st_mode))
        return std::nullopt;
    return ListedFile{std::move(path), stamp_of(file)};
}

std::vector<std::string> calendar_files(const std::string& path, Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (auto& file : list_calendar_files(path, diagnostics))
        out.push_back(std::move(file.path));
    return out;
}

CalendarEvents read_calendar(const CalendarSettings& calendar, const Settings& settings) {
    Diagnostics listing;
    std::vector<IcsFile> files;
    for (const auto& path : calendar_files(calendar.path, listing))
        files.push_back(read_ics_file(path, calendar, settings));
    CalendarEvents out = merge_calendar(files, calendar);
    out.diagnostics.insert(out.diagnostics.begin(), listing.begin(), listing.end());
    return out;
}

} // namespace agendad::core
