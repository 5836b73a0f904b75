#include "ctl/ics_export.hpp"

#include "ctl/ics_vtimezone.hpp"

#include <fmt/format.h>
#include <map>

namespace agendad::ctl {

namespace {

constexpr std::string_view crlf = "\r\n";

/// RFC 5545 §3.3.11: backslash, semicolon, comma and newline escaped.
std::string escape_text(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '\\':
        case ';':
        case ',':
            out += '\\';
            out += c;
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            break;
        default:
            out += c;
        }
    }
    return out;
}

/// Appends one content line, folded at 75 octets (§3.1) and never inside a UTF-8 character.
void content_line(std::string& out, std::string_view line) {
    std::size_t limit = 75;
    while (line.size() > limit) {
        std::size_t cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0U) == 0x80U)
            --cut;
        out += line.substr(0, cut);
        out += crlf;
        out += ' ';
        line.remove_prefix(cut);
        limit = 74; // the leading space counts
    }
    out += line;
    out += crlf;
}

std::string utc_text(core::Instant t) {
    return date::format("%Y%m%dT%H%M%SZ", t);
}

std::string local_text(core::LocalTime t) {
    return date::format("%Y%m%dT%H%M%S", t);
}

bool is_utc(const core::Zone& zone) {
    return zone.name() == "UTC" || zone.name() == "Etc/UTC";
}

/// ";TZID=Europe/Brussels:20220103T093000", or ":20220103T083000Z" on UTC.
std::string time_value(const core::Zone& zone, core::LocalTime t) {
    if (is_utc(zone))
        return fmt::format(":{}Z", local_text(t)); // not ":" + …: GCC 12 -Wrestrict false alarm
    return fmt::format(";TZID={}:{}", zone.name(), local_text(t));
}

/// A duration (§3.3.6) of `days` calendar days and `exact` seconds, both of one sign.
std::string duration_text(int days, std::chrono::seconds exact) {
    const bool negative = days < 0 || exact.count() < 0;
    days = std::abs(days);
    auto seconds = std::chrono::abs(exact).count();
    std::string out = negative ? "-P" : "P";
    if (days != 0)
        out += fmt::format("{}D", days);
    if (seconds != 0 || days == 0) {
        out += 'T';
        if (seconds >= 3600)
            out += fmt::format("{}H", seconds / 3600);
        if (seconds % 3600 >= 60)
            out += fmt::format("{}M", seconds % 3600 / 60);
        if (seconds % 60 != 0 || seconds == 0)
            out += fmt::format("{}S", seconds % 60);
    }
    return out;
}

/// The TRIGGER of a lead: before the start for a timed event; for an all-day event, counted
/// from its midnight to fire when the lead before all_day_at does (see the header).
std::string trigger_text(const core::Span& lead, bool all_day, std::chrono::minutes all_day_at) {
    if (!all_day)
        return duration_text(-lead.calendar_days, -lead.exact);
    const std::chrono::seconds at = all_day_at;
    if (lead.calendar_days >= 1) // a day back to the day before's all_day_at, then the rest
        return duration_text(-(lead.calendar_days - 1), -(lead.exact + std::chrono::days{1} - at));
    return duration_text(0, at - lead.exact);
}

void alarm(std::string& out, const std::string& trigger, std::string_view title) {
    content_line(out, "BEGIN:VALARM");
    content_line(out, "ACTION:DISPLAY");
    content_line(out, "TRIGGER:" + trigger);
    content_line(out, "DESCRIPTION:" + escape_text(title));
    content_line(out, "END:VALARM");
}

void vevent(std::string& out, const core::Event& event, const core::Settings& settings,
            core::Instant stamp) {
    const core::Zone& zone = *event.zone;
    content_line(out, "BEGIN:VEVENT");
    content_line(out, "UID:" + exported_uid(event.id));
    content_line(out, "DTSTAMP:" + utc_text(stamp));
    if (event.all_day) {
        content_line(out, "DTSTART;VALUE=DATE:" + date::format("%Y%m%d", event.start));
        // A date has no zone in iCalendar; the event's clock still says when its day begins.
        content_line(out, "X-AGENDAD-TIMEZONE:" + zone.name());
    } else if (!event.repeat && event.start_instant &&
               *event.start_instant != core::resolve_local(zone, event.start)) {
        // The second pass of a repeated hour: only the instant names it.
        content_line(out, "DTSTART:" + utc_text(*event.start_instant));
    } else {
        content_line(out, "DTSTART" + time_value(zone, event.start));
    }
    // Said even when zero: readers such as khal give a start alone an hour of their own.
    content_line(out,
                 "DURATION:" + duration_text(event.duration.calendar_days, event.duration.exact));
    content_line(out, "SUMMARY:" + escape_text(event.title));
    if (!event.location.empty())
        content_line(out, "LOCATION:" + escape_text(event.location));
    if (!event.description.empty())
        content_line(out, "DESCRIPTION:" + escape_text(event.description));
    if (!event.url.empty())
        content_line(out, "URL:" + event.url.str());
    // Always said, so that reading it back does not fall to another settings.urgency.
    content_line(out, fmt::format("PRIORITY:{}", event.urgency == core::Urgency::critical ? 1
                                                 : event.urgency == core::Urgency::low    ? 9
                                                                                          : 5));
    if (event.repeat) {
        std::string_view rule = event.repeat->text();
        if (rule.starts_with("RRULE:") || rule.starts_with("rrule:"))
            rule.remove_prefix(6);
        content_line(out, "RRULE:" + std::string{rule});
        for (const auto t : event.except_times)
            content_line(out, "EXDATE" + time_value(zone, t));
        for (const auto day : event.except_days) {
            if (event.all_day) {
                content_line(out, "EXDATE;VALUE=DATE:" + date::format("%Y%m%d", day));
                continue;
            }
            // iCalendar excepts occurrences, not days: each one on that day.
            auto cursor = event.repeat->starting_at(core::LocalTime{day});
            while (const auto t = cursor.next()) {
                if (*t >= core::LocalTime{day + date::days{1}})
                    break;
                content_line(out, "EXDATE" + time_value(zone, *t));
            }
        }
    }
    if (event.remind.empty()) {
        content_line(out, "BEGIN:VALARM");
        content_line(out, "ACTION:NONE");
        content_line(out, "TRIGGER;VALUE=DATE-TIME:19760401T005545Z");
        content_line(out, "END:VALARM");
    }
    for (const auto& lead : event.remind)
        alarm(out, trigger_text(lead, event.all_day, settings.all_day_at), event.title);
    content_line(out, "END:VEVENT");
}

/// Whether the event's lines name its zone in a TZID (and so need its VTIMEZONE).
bool uses_tzid(const core::Event& event) {
    return !event.all_day && !is_utc(*event.zone);
}

/// The span a zone's VTIMEZONE covers: from the start of the year of its earliest event (a day
/// before, for the zones east of UTC) to ten whole years past the later of `stamp` and its
/// latest start, which bounds open-ended rules (see the header).
struct ZoneSpan {
    core::Instant from = core::Instant::max();
    core::Instant until = core::Instant::min();

    void cover(const core::Event& event, core::Instant stamp) {
        const core::Instant start = core::resolve_local(*event.zone, event.start);
        const auto year_of = [](core::Instant t) {
            return date::year_month_day{std::chrono::floor<date::days>(t)}.year();
        };
        from =
            std::min(from, core::Instant{date::sys_days{year_of(start) / 1 / 1}} - date::days{1});
        until = std::max(until, core::Instant{date::sys_days{
                                    (year_of(std::max(start, stamp)) + date::years{11}) / 1 / 1}});
    }
};

/// The VTIMEZONEs of the zones `events` name, in the order of their names.
std::string vtimezones(const std::map<const core::Zone*, ZoneSpan>& zones) {
    std::map<std::string_view, std::string> by_name;
    for (const auto& [zone, span] : zones)
        by_name.emplace(zone->name(), vtimezone(*zone, span.from, span.until));
    std::string out;
    for (const auto& [name, text] : by_name)
        out += text;
    return out;
}

std::string calendar(std::string_view vevents, std::string_view zones) {
    std::string out;
    content_line(out, "BEGIN:VCALENDAR");
    content_line(out, "VERSION:2.0");
    content_line(out, "PRODID:-//agendad//agendactl export//EN");
    out += zones;
    out += vevents;
    content_line(out, "END:VCALENDAR");
    return out;
}

} // namespace

std::string exported_uid(std::string_view id) {
    return std::string{exported_uid_prefix} + std::string{id};
}

std::vector<ExportedEvent> export_events(const core::Schedule& schedule, core::Instant stamp) {
    std::vector<ExportedEvent> out;
    for (const auto& event : schedule.events) {
        if (!event.calendar.empty())
            continue;
        std::string text;
        vevent(text, event, schedule.settings, stamp);
        std::map<const core::Zone*, ZoneSpan> zones;
        if (uses_tzid(event))
            zones[event.zone].cover(event, stamp);
        out.push_back({exported_uid(event.id), calendar(text, vtimezones(zones))});
    }
    return out;
}

std::string export_calendar(const core::Schedule& schedule, core::Instant stamp) {
    std::string vevents;
    std::map<const core::Zone*, ZoneSpan> zones;
    for (const auto& event : schedule.events) {
        if (!event.calendar.empty())
            continue;
        vevent(vevents, event, schedule.settings, stamp);
        if (uses_tzid(event))
            zones[event.zone].cover(event, stamp);
    }
    return calendar(vevents, vtimezones(zones));
}

bool written_by_export(std::string_view ics) {
    return ics.find(fmt::format("\nUID:{}", exported_uid_prefix)) != std::string_view::npos;
}

std::string without_stamp(std::string_view ics) {
    std::string out;
    while (!ics.empty()) {
        const auto end = ics.find('\n');
        const auto line = ics.substr(0, end == std::string_view::npos ? ics.size() : end + 1);
        if (!line.starts_with("DTSTAMP:"))
            out += line;
        ics.remove_prefix(line.size());
    }
    return out;
}

} // namespace agendad::ctl
