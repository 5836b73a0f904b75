#include "core/schedule_reader.hpp"

#include "core/schedule_words.hpp"

#include "core/suggest.hpp"
#include "core/toml_fields.hpp"
#include "core/toml_guard.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>

namespace agendad::core {

std::string_view to_string(Urgency urgency) {
    switch (urgency) {
    case Urgency::low:
        return "low";
    case Urgency::critical:
        return "critical";
    default:
        return "normal";
    }
}

namespace {
const std::vector<std::string_view> urgencies = {"low", "normal", "critical"};

std::vector<std::string_view> zone_names() {
    std::vector<std::string_view> names;
    for (const auto& zone : date::get_tzdb().zones)
        names.emplace_back(zone.name());
    return names;
}
} // namespace

std::optional<std::string> read_word(TableFields& fields, std::string_view key,
                                     std::size_t max_bytes, bool non_empty) {
    auto text = fields.string(key, non_empty);
    if (text && text->size() > max_bytes) {
        fields.error(
            *fields.find(key), key,
            fmt::format("is {} bytes long; at most {} are allowed", text->size(), max_bytes));
        return std::nullopt;
    }
    return text;
}

std::optional<Urgency> read_urgency(TableFields& fields) {
    auto text = read_word(fields, "urgency");
    if (!text)
        return std::nullopt;
    if (*text == "low")
        return Urgency::low;
    if (*text == "normal")
        return Urgency::normal;
    if (*text == "critical")
        return Urgency::critical;
    fields.error(
        *fields.find("urgency"), "urgency",
        with_suggestion(fmt::format("\"{}\" is not an urgency; use low, normal or critical", *text),
                        *text, urgencies));
    return std::nullopt;
}

namespace {

// The keys a table accepts are the keys its reader asks for (TableFields::report_unknown), so
// every read below happens whatever came before it: a new key is one read, in one place.

const Zone* read_zone(TableFields& fields) {
    auto name = read_word(fields, "timezone");
    if (!name)
        return nullptr;
    if (const Zone* zone = find_zone(*name))
        return zone;
    fields.error(*fields.find("timezone"), "timezone",
                 with_suggestion(fmt::format("\"{}\" is not an IANA time zone name", *name), *name,
                                 zone_names()) +
                     "; names look like \"Europe/Brussels\"");
    return nullptr;
}

std::optional<std::chrono::minutes> read_time_of_day(TableFields& fields, std::string_view key) {
    auto text = read_word(fields, key);
    if (!text)
        return std::nullopt;
    unsigned hours = 0;
    unsigned minutes = 0;
    char extra = 0;
    if (text->size() == 5 &&
        std::sscanf(text->c_str(), "%2u:%2u%c", &hours, &minutes, &extra) == 2 && hours < 24 &&
        minutes < 60)
        return std::chrono::hours{hours} + std::chrono::minutes{minutes};
    fields.error(
        *fields.find(key), key,
        fmt::format("\"{}\" is not a time of day; expected \"HH:MM\", e.g. \"09:00\"", *text));
    return std::nullopt;
}

Span default_span(std::string_view text) {
    return *parse_span(text);
}

Settings read_settings(const toml::table* table, std::string_view file, const Zone& default_zone,
                       Diagnostics& diagnostics) {
    Settings settings{.zone = &default_zone,
                      .remind = {default_span("15m")},
                      .catch_up = default_span("12h"),
                      .snooze = default_span("5m")};
    if (table == nullptr)
        return settings;
    TableFields fields{*table, "settings", file, diagnostics};
    if (const Zone* zone = read_zone(fields))
        settings.zone = zone;
    if (auto remind = fields.span_list("remind"))
        settings.remind = std::move(*remind);
    if (auto at = read_time_of_day(fields, "all_day_at"))
        settings.all_day_at = *at;
    if (auto urgency = read_urgency(fields))
        settings.urgency = *urgency;
    if (auto catch_up = fields.span("catch_up"))
        settings.catch_up = std::move(*catch_up);
    if (auto snooze = fields.span("snooze")) {
        if (snooze->is_zero())
            fields.error(*fields.find("snooze"), "snooze", "must be longer than zero");
        else
            settings.snooze = std::move(*snooze);
    }
    fields.report_unknown();
    return settings;
}

std::string format_local(LocalTime t, bool is_date) {
    return is_date ? date::format("%F", date::floor<date::days>(t)) : date::format("%FT%T", t);
}

/// A readable id: the title's ASCII letters and digits in lower case, dashes between words,
/// then the start ("osce-permanent-council-20220113t1000").
std::string derive_id(const Event& event) {
    std::string id;
    for (const char c : event.title) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 && u < 128)
            id += static_cast<char>(std::tolower(u));
        else if (!id.empty() && id.back() != '-')
            id += '-';
        if (id.size() >= 48)
            break;
    }
    if (!id.empty() && id.back() != '-')
        id += '-';
    id += event.all_day ? date::format("%Y%m%d", date::floor<date::days>(event.start))
                        : date::format("%Y%m%dt%H%M", event.start);
    return id;
}

bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > 128)
        return false;
    for (const char c : id) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) == 0 && c != '-' && c != '_' && c != '.' && c != '@')
            return false;
    }
    return true;
}

/// Reads how long the event lasts, from "end" or "duration" (already read) and the start.
bool read_length(TableFields& fields, const TomlMoment& start, const std::optional<TomlMoment>& end,
                 const std::optional<Span>& duration, Event& event) {
    if (fields.find("end") != nullptr && fields.find("duration") != nullptr) {
        fields.error(*fields.find("duration"), "duration",
                     "give either \"end\" or \"duration\", not both");
        return false;
    }
    if (end) {
        if (end->is_date != start.is_date) {
            fields.error(*fields.find("end"), "end",
                         start.is_date ? "the start is a date (all-day), so the end must be a "
                                         "date too"
                                       : "the start has a time, so the end must have one too");
            return false;
        }
        const LocalTime end_local = end->in_zone(*event.zone);
        if (end_local <= event.start) {
            fields.error(*fields.find("end"), "end",
                         fmt::format("{} is not after the start {}",
                                     format_local(end_local, end->is_date),
                                     format_local(event.start, start.is_date)));
            return false;
        }
        if (event.all_day) {
            // As in RFC 5545, an all-day end is the first day after the event.
            event.duration.calendar_days = static_cast<int>(
                (date::floor<date::days>(end_local) - date::floor<date::days>(event.start))
                    .count());
        } else {
            event.duration.exact = end->instant_in(*event.zone) - start.instant_in(*event.zone);
        }
    } else if (duration) {
        event.duration = *duration;
    } else if (event.all_day) {
        event.duration.calendar_days = 1;
    }
    if (event.all_day && event.duration.exact.count() != 0) {
        fields.error(*fields.find("duration"), "duration",
                     "an all-day event lasts whole days; use e.g. \"1d\" or \"2d\"");
        return false;
    }

    return true;
}

/// Reads start, end/duration, repeat and except, which all depend on the zone and each other.
bool read_timing(TableFields& fields, Event& event) {
    // Every key is read before anything is checked, so that each mistake is reported in one
    // pass (and so that report_unknown() knows them all).
    const auto start = fields.moment("start");
    const auto end = fields.moment("end");
    const auto duration = fields.span("duration");
    const auto rule = read_word(fields, "repeat", limits::rule_bytes, true);
    const auto except = fields.moment_list("except");
    if (!start) {
        if (fields.find("start") == nullptr)
            fields.error_here("missing \"start\"; add e.g. start = 2022-01-13T10:00:00");
        return false;
    }
    event.all_day = start->is_date;
    event.start = start->in_zone(*event.zone);
    if (start->offset)
        event.start_instant = start->instant_in(*event.zone);

    bool ok = read_length(fields, *start, end, duration, event);
    if (rule) {
        auto parsed = Recurrence::parse(*rule, event.start, *event.zone, event.all_day);
        if (parsed)
            event.repeat = std::move(*parsed);
        else {
            fields.error(*fields.find("repeat"), "repeat", parsed.error());
            ok = false;
        }
    }
    if (except) {
        if (!rule && !except->empty()) // a rule that failed has been reported already
            fields.error(*fields.find("except"), "except",
                         "only a repeating event (with \"repeat\") has occurrences to skip");
        const toml::array& entries = *fields.array("except");
        for (std::size_t i = 0; i < except->size(); ++i) {
            const auto& m = (*except)[i];
            const auto& where = entries[i].source().begin;
            if (m.is_date) {
                event.except_days.push_back(date::floor<date::days>(m.local));
                event.except_day_positions.push_back({where.line, where.column});
            } else {
                event.except_times.push_back(m.in_zone(*event.zone));
                event.except_time_positions.push_back({where.line, where.column});
            }
        }
    } else if (fields.find("except") != nullptr) {
        ok = false;
    }
    return ok;
}

std::optional<Event> read_event(const toml::table& table, std::size_t number, std::string_view file,
                                const Settings& settings, Diagnostics& diagnostics) {
    TableFields fields{table, fmt::format("event[{}]", number), file, diagnostics};
    const std::size_t errors_before = diagnostics.size();
    Event event;
    event.position = {table.source().begin.line, table.source().begin.column};
    event.zone = settings.zone;
    event.remind = settings.remind;
    event.urgency = settings.urgency;

    if (auto title = fields.string("title", true))
        event.title = *title;
    else if (fields.find("title") == nullptr)
        fields.error_here("missing \"title\"; every event needs one, e.g. title = \"Standup\"");
    if (fields.find("timezone") != nullptr) {
        // With an unknown zone the times are still read (in the default zone) for their own
        // mistakes; the event is dropped all the same, since the zone error is counted.
        if (const Zone* zone = read_zone(fields))
            event.zone = zone;
    }
    read_timing(fields, event);
    event.location = fields.string("location").value_or("");
    event.description = fields.string("description").value_or("");
    if (auto url = fields.string("url")) {
        if (url->find("://") == std::string::npos)
            fields.error(*fields.find("url"), "url",
                         fmt::format("\"{}\" is not a URL; write it whole, e.g. "
                                     "\"https://example.org/meeting\"",
                                     *url));
        event.url = *url;
    }
    if (auto remind = fields.span_list("remind"))
        event.remind = std::move(*remind);
    if (auto urgency = read_urgency(fields))
        event.urgency = *urgency;
    if (auto id = fields.string("id")) {
        if (!valid_id(*id))
            fields.error(*fields.find("id"), "id",
                         fmt::format("\"{}\" is not a usable id; use letters, digits and - _ . @ "
                                     "(at most 128)",
                                     *id));
        event.id = *id;
    }
    fields.report_unknown();
    if (diagnostics.size() != errors_before)
        return std::nullopt;
    if (event.id.empty())
        event.id = derive_id(event);
    return event;
}

void check_unique_ids(const std::vector<Event>& events, std::string_view file,
                      Diagnostics& diagnostics) {
    std::map<std::string_view, const Event*> seen;
    for (const auto& event : events) {
        auto [it, inserted] = seen.emplace(event.id, &event);
        if (inserted)
            continue;
        diagnostics.push_back(Diagnostic{
            std::string{file}, event.position.line, event.position.column, Severity::error,
            fmt::format("event \"{}\": its id \"{}\" is already used by the event at line {}; "
                        "give one of them a distinct id = \"...\"",
                        event.title, event.id, it->second->position.line)});
    }
}

} // namespace

std::expected<Schedule, Diagnostics> parse_schedule(std::string_view text,
                                                    std::string_view display_path,
                                                    const Zone& default_zone, std::string_view home,
                                                    const CalendarReading& calendar_reading) {
    Diagnostics diagnostics;
    if (text.size() > limits::file_bytes) {
        diagnostics.push_back({std::string{display_path}, 0, 0, Severity::error,
                               fmt::format("the file is {} bytes; at most {} (16 MiB) are read",
                                           text.size(), limits::file_bytes)});
        return std::unexpected(std::move(diagnostics));
    }
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
        diagnostics.push_back(
            diagnostic_at(display_path, error.source(), std::string{error.description()}));
        return std::unexpected(std::move(diagnostics));
    }
    const toml::table& root = parsed.table();
    TableFields top{root, "", display_path, diagnostics};

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
    if (!diagnostics.empty()) {
        std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const auto& a, const auto& b) {
            return std::tie(a.line, a.column) < std::tie(b.line, b.column);
        });
        return std::unexpected(std::move(diagnostics));
    }
    // Only a valid file costs reading its calendars; their problems are warnings.
    add_calendars(schedule, calendars, calendar_reading);
    return schedule;
}

std::expected<Schedule, Diagnostics> read_schedule(const std::string& path,
                                                   const Zone& default_zone, std::string_view home,
                                                   const CalendarReading& calendars) {
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
    std::string text;
    text.resize(static_cast<std::size_t>(info.st_size));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return parse_schedule(text, path, default_zone, home, calendars);
}

} // namespace agendad::core
