#include "core/ical/calendar_cache.hpp"

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

/// A file that could not be read or parsed at all: no events, and a warning saying why.
bool unreadable(const IcsFile& file) {
    return file.components.empty() && !file.diagnostics.empty();
}

} // namespace

void CalendarCache::update(Entry& entry, bool added, const ListedFile& file,
                           const CalendarSettings& calendar, const Settings& settings,
                           std::int64_t racy_after) {
    if (!added && !entry.racy && entry.stamp == file.stamp) {
        ++counts_.reused;
        return;
    }
    Diagnostics problems;
    const auto text = read_ics_text(file.path, problems);
    const std::uint64_t hash = text ? std::hash<std::string_view>{}(*text) : 0;
    if (!added && text && entry.stamp == file.stamp && hash == entry.text_hash) {
        // Racy, but the same bytes: nothing to parse (libical costs far more than the read).
        ++counts_.reused;
        entry.racy = std::max(file.stamp.mtime_ns, file.stamp.ctime_ns) > racy_after;
        return;
    }
    ++counts_.parsed;
    IcsFile fresh = text ? parse_ics(*text, file.path, calendar, settings)
                         : IcsFile{.path = file.path, .components = {}, .diagnostics = problems};
    entry.text_hash = hash;
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
}

void CalendarCache::update_listed(Files& files, const CalendarSettings& calendar,
                                  const Settings& settings, std::int64_t racy_after,
                                  Diagnostics& listing) {
    ++counts_.folders_listed;
    const std::uint64_t this_read = ++files.reads;
    files.racy.clear();
    for (const ListedFile& file : list_calendar_files(calendar.path, listing)) {
        auto [at, added] = files.by_path.try_emplace(file.path);
        Entry& entry = at->second;
        entry.listed = this_read;
        update(entry, added, file, calendar, settings, racy_after);
        if (entry.racy)
            files.racy.push_back(file.path);
    }
    // Files no longer listed: removed from the folder.
    std::erase_if(files.by_path,
                  [this_read](const auto& named) { return named.second.listed != this_read; });
}

bool CalendarCache::update_named(Files& files, const News& news, const CalendarSettings& calendar,
                                 const Settings& settings, std::int64_t racy_after) {
    const std::string prefix = calendar.path.ends_with('/') ? calendar.path : calendar.path + '/';
    std::set<std::string> names = news.names;
    for (const auto& path : files.racy)
        names.insert(path.substr(prefix.size()));
    files.racy.clear();
    std::size_t named = 0; // files looked at (the others are unchanged)
    for (const auto& name : names) {
        auto listed = list_calendar_file(calendar.path, name);
        if (!listed) { // gone, renamed away, or not a file a listing would give
            files.by_path.erase(prefix + name);
            continue;
        }
        auto [at, added] = files.by_path.try_emplace(listed->path);
        if (added && files.by_path.size() > limits::ics::files_per_calendar)
            return false; // the listing words the limit
        ++named;
        update(at->second, added, *listed, calendar, settings, racy_after);
        if (at->second.racy)
            files.racy.push_back(listed->path);
    }
    counts_.reused += files.by_path.size() - named; // update() counted the named ones
    return true;
}

CalendarEvents CalendarCache::read(const CalendarSettings& calendar, const Settings& settings,
                                   Instant now) {
    Files& files = calendars_[calendar.name];
    files.used = true;
    if (auto key = settings_key(calendar, settings); key != files.key) {
        files.key = std::move(key);
        files.by_path.clear();
        files.folder.reset();
        files.racy.clear();
        files.path = calendar.path;
    }
    const auto racy_after =
        std::chrono::duration_cast<std::chrono::nanoseconds>((now - racy_window).time_since_epoch())
            .count();

    // News count only for the very folder the last read knew whole (see the header).
    std::optional<FolderId> folder;
    if (struct stat st{}; ::stat(calendar.path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        folder =
            FolderId{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
    const auto news = news_.extract(calendar.path);
    const bool from_news =
        !news.empty() && !news.mapped().whole && folder.has_value() && files.folder == folder;
    Diagnostics listing;
    if (!from_news || !update_named(files, news.mapped(), calendar, settings, racy_after))
        update_listed(files, calendar, settings, racy_after, listing);
    files.folder = listing.empty() ? folder : std::nullopt;

    std::vector<const IcsFile*> parsed; // in name order, as list_calendar_files() gives them
    parsed.reserve(files.by_path.size());
    for (const auto& [path, entry] : files.by_path)
        parsed.push_back(&entry.file);
    CalendarEvents out = merge_calendar(parsed, calendar);
    out.diagnostics.insert(out.diagnostics.begin(), listing.begin(), listing.end());
    return out;
}

void CalendarCache::note_changes(const CalendarChanges& changes) {
    for (const auto& [name, files] : calendars_) {
        if (!files.folder)
            continue; // listed whole at its next read anyway
        News& news = news_[files.path];
        const auto seen = changes.names.find(files.path);
        if (seen == changes.names.end())
            news.whole = true;
        else if (!news.whole)
            news.names.insert(seen->second.begin(), seen->second.end());
    }
}

void CalendarCache::forget_unused() {
    std::erase_if(calendars_, [](const auto& named) { return !named.second.used; });
    for (auto& [name, files] : calendars_)
        files.used = false;
}

} // namespace agendad::core
