#include "core/calendar_cache.hpp"

#include <fmt/format.h>

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

/// A file that could not be read or parsed at all: no events, and a warning saying why.
bool unreadable(const IcsFile& file) {
    return file.components.empty() && !file.diagnostics.empty();
}

} // namespace

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
    const std::uint64_t this_read = ++files.reads;
    std::vector<const IcsFile*> parsed; // in name order, as list_calendar_files() gives them
    const auto listed = list_calendar_files(calendar.path, listing);
    parsed.reserve(listed.size());
    for (const ListedFile& file : listed) {
        auto [at, added] = files.by_path.try_emplace(file.path);
        Entry& entry = at->second;
        entry.listed = this_read;
        if (!added && !entry.racy && entry.stamp == file.stamp) {
            ++counts_.reused;
            parsed.push_back(&entry.file);
            continue;
        }
        ++counts_.parsed;
        IcsFile fresh = read_ics_file(file.path, calendar, settings);
        if (unreadable(fresh) && !added && !unreadable(entry.file)) {
            // Keep what the file last said; tell what went wrong and that the old events stay.
            for (auto& d : fresh.diagnostics)
                d.message += " (its last good version stays)";
            entry.file.diagnostics = std::move(fresh.diagnostics);
        } else {
            entry.file = std::move(fresh);
        }
        entry.stamp = file.stamp;
        entry.racy = std::max(file.stamp.mtime_ns, file.stamp.ctime_ns) > racy_after;
        parsed.push_back(&entry.file);
    }
    // Files no longer listed: removed from the folder.
    std::erase_if(files.by_path,
                  [this_read](const auto& named) { return named.second.listed != this_read; });

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
