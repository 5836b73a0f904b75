#include "ctl/ics_import.hpp"

#include "core/ical/ics_reader.hpp"
#include "core/toml/event_toml.hpp"
#include "ctl/ics_export.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <map>
#include <set>

namespace agendad::ctl {

namespace {

const std::string calendar_name = "import";

/// What the core reader does not keep but an import needs, read from the VEVENT lines of the
/// unfolded text: PRIORITY, and whether every VALARM is ACTION:NONE.
struct Extras {
    int priority = 0;
    std::string timezone; ///< X-AGENDAD-TIMEZONE: an all-day event's zone, from export
    int alarms = 0;
    int none_alarms = 0;
};

std::string upper(std::string_view text) {
    std::string out{text};
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

/// Extras of each series VEVENT (one without RECURRENCE-ID), by UID.
std::map<std::string, Extras> scan_extras(std::string_view text) {
    std::map<std::string, Extras> out;
    std::string unfolded;
    unfolded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r')
            continue;
        if (text[i] == '\n' && i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t')) {
            ++i; // a folded line goes on
            continue;
        }
        unfolded += text[i];
    }
    int depth = 0; // 1: in a VEVENT, 2: in its VALARM
    std::string uid;
    bool is_override = false;
    Extras extras;
    std::string_view rest{unfolded};
    while (!rest.empty()) {
        const auto end = rest.find('\n');
        const std::string_view line = rest.substr(0, end);
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
        const auto name_end = line.find_first_of(":;");
        const auto colon = line.find(':');
        if (name_end == std::string_view::npos || colon == std::string_view::npos)
            continue;
        const std::string name = upper(line.substr(0, name_end));
        const std::string_view value = line.substr(colon + 1);
        if (name == "BEGIN" && upper(value) == "VEVENT" && depth == 0) {
            depth = 1;
            uid.clear();
            is_override = false;
            extras = {};
        } else if (name == "BEGIN" && upper(value) == "VALARM" && depth == 1) {
            depth = 2;
            ++extras.alarms;
        } else if (name == "END" && upper(value) == "VALARM" && depth == 2) {
            depth = 1;
        } else if (name == "END" && upper(value) == "VEVENT" && depth == 1) {
            depth = 0;
            if (!is_override && !uid.empty())
                out.emplace(uid, extras);
        } else if (depth == 1 && name == "UID") {
            uid = value;
        } else if (depth == 1 && name == "RECURRENCE-ID") {
            is_override = true;
        } else if (depth == 1 && name == "X-AGENDAD-TIMEZONE") {
            extras.timezone = value;
        } else if (depth == 1 && name == "PRIORITY") {
            extras.priority = std::atoi(std::string{value}.c_str());
        } else if (depth == 2 && name == "ACTION" && upper(value) == "NONE") {
            ++extras.none_alarms;
        }
    }
    return out;
}

/// An id from a UID: export's own prefix taken off, other characters made id characters.
std::string id_from_uid(std::string_view uid) {
    if (uid.starts_with(exported_uid_prefix) && uid.size() > exported_uid_prefix.size())
        uid.remove_prefix(exported_uid_prefix.size());
    std::string id;
    for (const char c : uid) {
        const auto u = static_cast<unsigned char>(c);
        const bool kept =
            (std::isalnum(u) != 0 && u < 128) || c == '-' || c == '_' || c == '.' || c == '@';
        id += kept ? c : '-';
        if (id.size() == 100)
            break; // room for an override's or a repeat's suffix within 128
    }
    return id.empty() ? "imported" : id;
}

std::string unique_id(std::string id, std::set<std::string>& taken) {
    if (taken.insert(id).second)
        return id;
    for (int n = 2;; ++n)
        if (auto candidate = fmt::format("{}-{}", id, n); taken.insert(candidate).second)
            return candidate;
}

bool non_negative(const core::Span& lead) {
    return lead.calendar_days >= 0 && lead.exact.count() >= 0;
}

core::Span span_of(int days, std::chrono::seconds exact) {
    core::Span span;
    span.calendar_days = days;
    span.exact = exact;
    span.text = core::span_text(span);
    return span;
}

/// A lead counted from an all-day event's midnight as one counted from all_day_at (the inverse
/// of ics_export's trigger_text).
std::optional<core::Span> all_day_lead(int days, std::chrono::seconds exact,
                                       std::chrono::minutes all_day_at) {
    const std::chrono::seconds at = all_day_at;
    const std::chrono::seconds rest_of_day = std::chrono::days{1} - at;
    if (days < 0)
        return std::nullopt;
    if (exact >= rest_of_day)
        return span_of(days + 1, exact - rest_of_day);
    if (exact + at < std::chrono::seconds{0})
        return std::nullopt;
    return span_of(days, exact + at);
}

/// The `remind` lead that fires when `alarm` does, or nothing when no lead does.
std::optional<core::Span> lead_of(const core::Alarm& alarm, const core::Event& event,
                                  const core::Settings& settings) {
    int days = alarm.lead.calendar_days;
    std::chrono::seconds exact = alarm.lead.exact;
    switch (alarm.related) {
    case core::Alarm::Related::instant: {
        if (event.repeat || !event.extra_times.empty())
            return std::nullopt; // one fixed instant, not one per occurrence
        const core::Instant anchor = core::resolve_local(
            *event.zone, event.all_day ? event.start + settings.all_day_at : event.start);
        if (alarm.at > anchor)
            return std::nullopt;
        return span_of(0, anchor - alarm.at);
    }
    case core::Alarm::Related::end:
        days -= event.duration.calendar_days;
        exact -= event.duration.exact;
        break;
    case core::Alarm::Related::start:
        break;
    }
    if (event.all_day)
        return all_day_lead(days, exact, settings.all_day_at);
    const auto lead = span_of(days, exact);
    if (!non_negative(lead))
        return std::nullopt;
    return lead;
}

struct Source {
    std::string uid;
    std::optional<core::Instant> recurrence_id;
};

} // namespace

Imported import_ics(std::string_view text, const std::string& path, const core::Settings& target) {
    Imported out;
    core::Settings settings = target;
    // A stand-in default lead: an event left with it has no alarm of its own, and one left
    // with no lead at all was skipped (cancelled).
    settings.remind = {span_of(0, std::chrono::seconds{0})};
    core::CalendarSettings calendar;
    calendar.name = calendar_name;
    calendar.path = path;
    std::vector<core::IcsFile> files{core::parse_ics(text, path, calendar, settings)};
    const auto merged = core::merge_calendar(files, calendar);
    out.warnings = merged.diagnostics;
    const auto extras = scan_extras(text);

    std::map<std::string, Source> sources; // by the merged event's id
    for (const auto& component : files.front().components)
        if (!component.uid.empty())
            sources.emplace(
                component.recurrence_id
                    ? fmt::format("{}/{}/{}", calendar_name, component.uid,
                                  date::format("%Y%m%dT%H%M%SZ", *component.recurrence_id))
                    : calendar_name + "/" + component.uid,
                Source{component.uid, component.recurrence_id});

    const auto warn = [&](const core::Event& event, std::string message) {
        out.warnings.push_back(
            {path, event.position.line, 0, core::Severity::warning, std::move(message)});
    };
    std::set<std::string> taken;
    for (const auto& event : merged.events) {
        const std::string title = event.title.empty() ? "(no title)" : event.title;
        if (event.remind.empty() && event.alarms.empty()) {
            warn(event, fmt::format("event \"{}\" is cancelled; it is left out", title));
            continue;
        }
        const auto source = sources.find(event.id);
        std::string base;
        const Extras* extra = nullptr;
        if (source != sources.end()) {
            base = id_from_uid(source->second.uid);
            if (source->second.recurrence_id)
                base += date::format("-%Y%m%dt%H%M%Sz", *source->second.recurrence_id);
            if (const auto it = extras.find(source->second.uid); it != extras.end())
                extra = &it->second;
        } else {
            base = id_from_uid(event.id.substr(calendar_name.size() + 1));
        }

        core::EventTable table;
        table.id = unique_id(base, taken);
        table.title = title;
        table.all_day = event.all_day;
        table.start = event.start;
        if (!event.all_day)
            table.timezone = event.zone->name();
        else if (extra != nullptr && core::find_zone(extra->timezone) != nullptr)
            table.timezone = extra->timezone;
        if (event.all_day ? !(event.duration == span_of(1, {})) : !event.duration.is_zero())
            table.duration = span_of(event.duration.calendar_days, event.duration.exact);
        table.location = event.location;
        table.description = event.description;
        if (event.url.str().find("://") != std::string::npos)
            table.url = event.url;
        else if (!event.url.empty())
            table.comments.push_back(fmt::format("URL {} left out: it has no scheme", event.url));
        if (!event.alarms.empty()) {
            std::vector<core::Span> leads;
            for (const auto& alarm : event.alarms) {
                const auto lead = lead_of(alarm, event, settings);
                if (!lead) {
                    table.comments.push_back(fmt::format(
                        "alarm TRIGGER:{} left out: remind cannot say it", alarm.lead.text));
                    continue;
                }
                if (leads.size() < core::limits::reminders_per_event &&
                    std::find(leads.begin(), leads.end(), *lead) == leads.end())
                    leads.push_back(*lead);
            }
            table.remind = std::move(leads);
        } else if (extra != nullptr && extra->alarms > 0 && extra->alarms == extra->none_alarms) {
            table.remind = std::vector<core::Span>{};
        }
        if (extra != nullptr && extra->priority >= 1 && extra->priority <= 4)
            table.urgency = "critical";
        else if (extra != nullptr && extra->priority == 5)
            table.urgency = "normal";
        else if (extra != nullptr && extra->priority >= 6)
            table.urgency = "low";
        if (event.repeat) {
            table.repeat = event.repeat->text();
            table.except_days.assign(event.except_days.begin(), event.except_days.end());
            for (const auto t : event.except_times) {
                if (event.all_day) // an all-day event's exceptions are days: written as dates
                    table.except_days.push_back(date::floor<date::days>(t));
                else
                    table.except_times.push_back(t);
            }
        }
        out.toml += (out.toml.empty() ? "" : "\n") + core::to_toml(table);
        ++out.events;

        for (const auto extra_time : event.extra_times) { // RDATE: an event each
            core::EventTable single = table;
            single.comments.clear();
            single.repeat.clear();
            single.except_times.clear();
            single.except_days.clear();
            single.start = extra_time;
            single.id = unique_id(table.id + date::format("-%Y%m%dt%H%M%S", extra_time), taken);
            out.toml += "\n" + core::to_toml(single);
            ++out.events;
        }
    }
    return out;
}

} // namespace agendad::ctl
