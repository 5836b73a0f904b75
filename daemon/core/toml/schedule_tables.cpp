#include "core/toml/schedule_tables.hpp"

#include "core/model/suggest.hpp"
#include "core/recurrence/rrule_parse.hpp"
#include "core/toml/schedule_words.hpp"
#include "core/toml/style_fields.hpp"

#include <cctype>
#include <fmt/format.h>
#include <unordered_map>

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

std::string format_local(LocalTime t, bool is_date) {
    return is_date ? date::format("%F", date::floor<date::days>(t)) : date::format("%FT%T", t);
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

/// Reports what is wrong with a rule's text alone (its syntax and the combinations RFC 5545
/// forbids), worded as Recurrence::parse words it, for an event whose start is unusable.
void check_rule_text(TableFields& fields, std::string_view rule) {
    const std::string_view text = rule.starts_with("RRULE:") ? rule.substr(6) : rule;
    if (auto parsed = parse_rrule(text); !parsed)
        fields.error(
            *fields.find("repeat"), "repeat",
            fmt::format("\"{}\" is not an RFC 5545 recurrence rule: {}", text, parsed.error()));
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
        // Without a start the rule cannot be expanded, but its text can still be checked: a
        // mistake in it is its own, not one to meet only after the start is fixed.
        if (rule)
            check_rule_text(fields, *rule);
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
        // A `repeat` that is there but unusable has been reported already; `except` is not
        // wrong for it.
        if (fields.find("repeat") == nullptr && !except->empty())
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

} // namespace

Settings read_settings(const toml::table* table, std::string_view file, const Zone& default_zone,
                       Diagnostics& diagnostics) {
    Settings settings{.zone = &default_zone,
                      .remind = {default_span("15m")},
                      .catch_up = default_span("12h"),
                      .snooze = default_span("5m")};
    if (table == nullptr)
        return settings;
    TableFields fields{*table, {"settings"}, file, diagnostics};
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
    if (auto choices = read_snooze(fields, settings.snooze))
        settings.snooze_choices = std::move(*choices);
    if (auto persistent = read_persistent(fields))
        settings.persistent = *persistent;
    if (auto sound = read_sound(fields))
        settings.sound = std::move(*sound);
    fields.report_unknown();
    return settings;
}

std::optional<Event> read_event(const toml::table& table, std::size_t number, std::string_view file,
                                const Settings& settings, Diagnostics& diagnostics,
                                std::uint8_t* inherited) {
    TableFields fields{table, {"event", number}, file, diagnostics};
    const std::size_t errors_before = diagnostics.size();
    Event event;
    event.position = {table.source().begin.line, table.source().begin.column};
    event.zone = settings.zone;
    event.remind = settings.remind;
    event.urgency = settings.urgency;
    event.persistent = settings.persistent;
    event.sound = settings.sound;

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
    if (auto persistent = read_persistent(fields))
        event.persistent = *persistent;
    if (auto sound = read_sound(fields))
        event.sound = std::move(*sound);
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
    if (inherited != nullptr) {
        // A key the event does not set is one it takes from [settings].
        const auto from_settings = [&table](std::string_view key, std::uint8_t bit) {
            return table.contains(key) ? std::uint8_t{0} : bit;
        };
        *inherited = static_cast<std::uint8_t>(from_settings("timezone", inherits::zone) |
                                               from_settings("remind", inherits::remind) |
                                               from_settings("urgency", inherits::urgency) |
                                               from_settings("persistent", inherits::persistent) |
                                               from_settings("sound", inherits::sound));
    }
    if (event.id.empty())
        event.id = derived_event_id(event.title, event.start, event.all_day);
    return event;
}

void check_unique_ids(const EventList& events, std::string_view file, Diagnostics& diagnostics) {
    // Hashed: a reload of 10,000 events spends its few milliseconds elsewhere.
    std::unordered_map<std::string_view, const Event*> seen;
    seen.reserve(events.size());
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

std::string derived_event_id(std::string_view title, LocalTime start, bool all_day) {
    std::string id;
    for (const char c : title) {
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
    id += all_day ? date::format("%Y%m%d", date::floor<date::days>(start))
                  : date::format("%Y%m%dt%H%M", start);
    return id;
}

} // namespace agendad::core
