#include "core/calendar_cache.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

namespace agendad::core {

namespace {

void append_spans(std::string& out, const std::vector<Span>& spans) {
    for (const Span& span : spans)
        fmt::format_to(std::back_inserter(out), "{},", span.text);
    out += ';';
}

/// Everything parse_ics() reads from the settings, as one string: equal strings, equal parses.
std::string settings_key(const CalendarSettings& calendar, const Settings& settings) {
    std::string key = fmt::format(
        "{}\n{}\n{}\n{}\n{}{}{}\n", calendar.path, static_cast<int>(calendar.alarms),
        calendar.urgency ? to_string(*calendar.urgency) : "-",
        settings.zone != nullptr ? settings.zone->name() : "", int{calendar.skip.cancelled},
        int{calendar.skip.declined}, int{calendar.skip.free});
    if (calendar.remind)
        append_spans(key, *calendar.remind);
    else
        key += "-;";
    append_spans(key, settings.remind);
    fmt::format_to(std::back_inserter(key), "{}\n{}\n", settings.all_day_at.count(),
                   to_string(settings.urgency));
    for (const auto& me : calendar.me)
        fmt::format_to(std::back_inserter(key), "{}\n", me);
    return key;
}

std::int64_t nanoseconds(const timespec& t) {
    return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

/// A file that could not be read or parsed at all: no events, and a warning saying why.
bool unreadable(const IcsFile& file) {
    return file.components.empty() && !file.diagnostics.empty();
}

} // namespace

CalendarCache::Stamp CalendarCache::stamp_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return {};
    return Stamp{.device = static_cast<std::uint64_t>(st.st_dev),
                 .inode = static_cast<std::uint64_t>(st.st_ino),
                 .size = static_cast<std::int64_t>(st.st_size),
                 .mtime_ns = nanoseconds(st.st_mtim),
                 .ctime_ns = nanoseconds(st.st_ctim)};
}

CalendarEvents CalendarCache::read(const CalendarSettings& calendar, const Settings& settings,
                                   Instant now) {
    Files& files = calendars_[calendar.name];
    files.used = true;
    if (auto key = settings_key(calendar, settings); key != files.key) {
        files.key = std::move(key);
        files.by_path.clear();
    }
    const auto racy_after =
        std::chrono::duration_cast<std::chrono::nanoseconds>((now - racy_window).time_since_epoch())
            .count();

    Diagnostics listing;
    std::map<std::string, Entry> fresh;
    for (const auto& path : calendar_files(calendar.path, listing)) {
        const Stamp stamp = stamp_of(path);
        auto old = files.by_path.find(path);
        if (old != files.by_path.end() && !old->second.racy && old->second.stamp == stamp &&
            stamp.size >= 0) {
            ++counts_.reused;
            fresh.emplace(path, std::move(old->second));
            continue;
        }
        ++counts_.parsed;
        IcsFile file = read_ics_file(path, calendar, settings);
        if (unreadable(file) && old != files.by_path.end() && !unreadable(old->second.file)) {
            // Keep what the file last said; tell what went wrong and that the old events stay.
            IcsFile kept = old->second.file;
            kept.diagnostics = file.diagnostics;
            for (auto& d : kept.diagnostics)
                d.message += " (its last good version stays)";
            file = std::move(kept);
        }
        const bool racy = stamp.size < 0 || std::max(stamp.mtime_ns, stamp.ctime_ns) > racy_after;
        fresh.insert_or_assign(path, Entry{stamp, racy, std::move(file)});
    }
    files.by_path = std::move(fresh);

    std::vector<const IcsFile*> parsed; // in name order, as calendar_files() lists them
    parsed.reserve(files.by_path.size());
    for (const auto& [path, entry] : files.by_path)
        parsed.push_back(&entry.file);
    CalendarEvents out = merge_calendar(parsed, calendar);
    out.diagnostics.insert(out.diagnostics.begin(), listing.begin(), listing.end());
    return out;
}

void CalendarCache::forget_unused() {
    std::erase_if(calendars_, [](const auto& named) { return !named.second.used; });
    for (auto& [name, files] : calendars_)
        files.used = false;
}

} // namespace agendad::core
