#include "core/reminder_text.hpp"

#include <fmt/format.h>
#include <sstream>

namespace agendad::core {

namespace {

// Formatting by hand rather than with date::format, which builds a stream and a locale on every
// call: `agendactl upcoming --json` prints tens of thousands of these.
struct Fields {
    date::year_month_day ymd;
    date::weekday weekday;
    date::hh_mm_ss<std::chrono::seconds> time;
};

Fields fields_of(std::chrono::seconds since_epoch) {
    const date::sys_seconds t{since_epoch};
    const auto day = date::floor<date::days>(t);
    return {date::year_month_day{day}, date::weekday{day}, date::hh_mm_ss{t - day}};
}

Fields fields_in(const Zone& zone, Instant instant, std::string* abbrev = nullptr) {
    const auto info = zone.get_info(instant);
    if (abbrev != nullptr)
        *abbrev = info.abbrev;
    return fields_of(instant.time_since_epoch() + info.offset);
}

constexpr const char* weekday_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

/// Appends "2022-01-13T10:00:00" (or with a space, or without seconds). Digits are written by
/// hand: fmt's runtime formatting cost more than the whole planner here.
void append_date_time(std::string& out, const Fields& f, char separator, bool seconds) {
    char text[20];
    const auto put = [&text](int at, unsigned value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            text[at + i] = static_cast<char>('0' + value % 10);
    };
    put(0, static_cast<unsigned>(static_cast<int>(f.ymd.year())), 4);
    text[4] = '-';
    put(5, static_cast<unsigned>(f.ymd.month()), 2);
    text[7] = '-';
    put(8, static_cast<unsigned>(f.ymd.day()), 2);
    text[10] = separator;
    put(11, static_cast<unsigned>(f.time.hours().count()), 2);
    text[13] = ':';
    put(14, static_cast<unsigned>(f.time.minutes().count()), 2);
    text[16] = ':';
    put(17, static_cast<unsigned>(f.time.seconds().count()), 2);
    out.append(text, seconds ? 19 : 16);
}

std::string date_time(const Fields& f, char separator, bool seconds) {
    std::string out;
    append_date_time(out, f, separator, seconds);
    return out;
}

void append_rfc3339_utc(std::string& out, Instant instant) {
    append_date_time(out, fields_of(instant.time_since_epoch()), 'T', true);
    out += 'Z';
}

void append_rfc3339_in(std::string& out, const Zone& zone, Instant instant) {
    const auto offset =
        std::chrono::duration_cast<std::chrono::minutes>(zone.get_info(instant).offset);
    append_date_time(out, fields_of(instant.time_since_epoch() + offset), 'T', true);
    const auto minutes =
        static_cast<unsigned>(offset < offset.zero() ? -offset.count() : offset.count());
    const char sign[] = {offset < offset.zero() ? '-' : '+'};
    out.append(sign, 1);
    const char hhmm[] = {
        static_cast<char>('0' + minutes / 600), static_cast<char>('0' + minutes / 60 % 10), ':',
        static_cast<char>('0' + minutes % 60 / 10), static_cast<char>('0' + minutes % 10)};
    out.append(hhmm, 5);
}

void append_json_escaped(std::string& out, std::string_view text) {
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
            else
                out += c;
        }
    }
}

/// "Thu 2022-01-13 10:00"
std::string human(const Fields& f) {
    return fmt::format("{} {}", weekday_names[f.weekday.c_encoding()], date_time(f, ' ', false));
}

} // namespace

std::string rfc3339_utc(Instant instant) {
    std::string out;
    append_rfc3339_utc(out, instant);
    return out;
}

std::string rfc3339_in(const Zone& zone, Instant instant) {
    std::string out;
    append_rfc3339_in(out, zone, instant);
    return out;
}

std::optional<Instant> parse_rfc3339(std::string_view text) {
    std::string normalized{text};
    if (normalized.size() > 10 && (normalized[10] == ' ' || normalized[10] == 't'))
        normalized[10] = 'T';
    if (!normalized.empty() && (normalized.back() == 'Z' || normalized.back() == 'z'))
        normalized.replace(normalized.size() - 1, 1, "+00:00");
    std::istringstream in{normalized};
    date::sys_time<std::chrono::seconds> instant;
    in >> date::parse("%FT%T%Ez", instant);
    if (in.fail() || in.peek() != std::char_traits<char>::eof())
        return std::nullopt;
    return instant;
}

std::string json_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_json_escaped(out, text);
    return out;
}

void append_reminder_json(std::string& out, const Reminder& r) {
    out += R"({"fire_at":")";
    append_rfc3339_utc(out, r.fire_at);
    out += R"(","start":")";
    append_rfc3339_in(out, *r.event->zone, r.occurrence.start);
    out += R"(","title":")";
    append_json_escaped(out, r.event->title);
    out += R"(","id":")";
    append_json_escaped(out, r.event->id);
    out += R"(","lead":")";
    append_json_escaped(out, lead_text(r));
    out += r.event->all_day ? R"(","all_day":true)" : R"(","all_day":false)";
    if (!r.event->calendar.empty()) {
        out += R"(,"calendar":")";
        append_json_escaped(out, r.event->calendar);
        out += '"';
    }
    out += '}';
}

std::string reminder_json(const Reminder& r) {
    std::string out;
    append_reminder_json(out, r);
    return out;
}

std::string describe_lead(const Span& lead) {
    return lead.is_zero() ? std::string{"at the start"} : lead.text + " before";
}

namespace {

/// "1w2d3h15m" for a span's magnitude, in the units `remind` is written in.
std::string span_words(int days, std::chrono::seconds exact) {
    std::string out;
    const auto put = [&out](long long n, char unit) {
        if (n != 0)
            out += fmt::format("{}{}", n, unit);
    };
    put(days / 7, 'w');
    put(days % 7, 'd');
    const auto s = exact.count();
    put(s / 3600, 'h');
    put(s / 60 % 60, 'm');
    put(s % 60, 's');
    return out;
}

} // namespace

std::string describe_lead(const Reminder& r) {
    if (r.alarm == nullptr)
        return describe_lead(*r.lead);
    const Alarm& alarm = *r.alarm;
    if (alarm.related == Alarm::Related::instant)
        return "its alarm"; // at a fixed instant: the line's time says when
    const Span& lead = alarm.lead;
    const std::string_view anchor = alarm.related == Alarm::Related::end ? "the end" : "the start";
    if (lead.is_zero())
        return fmt::format("at {}", anchor);
    // A TRIGGER counts back from its anchor; a negative lead (written "PT15M") is after it. A
    // REPEAT can leave days and hours of opposite signs: the words then say the nominal total.
    const long long total = lead.calendar_days * 86400LL + lead.exact.count();
    const bool after = total < 0;
    const long long size = after ? -total : total;
    const std::string words =
        span_words(static_cast<int>(size / 86400), std::chrono::seconds{size % 86400});
    if (after)
        return fmt::format("{} after {}", words, anchor);
    return alarm.related == Alarm::Related::end ? fmt::format("{} before the end", words)
                                                : words + " before";
}

std::string lead_text(const Reminder& r) {
    if (r.alarm == nullptr)
        return r.lead->text;
    const Alarm& alarm = *r.alarm;
    if (alarm.related == Alarm::Related::start) {
        const long long total = alarm.lead.calendar_days * 86400LL + alarm.lead.exact.count();
        if (total == 0)
            return "0m";
        if (total > 0)
            return span_words(static_cast<int>(total / 86400), std::chrono::seconds{total % 86400});
    }
    return describe_lead(r);
}

std::string reminder_line(const Reminder& r, const Zone& user_zone) {
    const Event& event = *r.event;
    std::string fire_abbrev;
    const Fields fire = fields_in(user_zone, r.fire_at, &fire_abbrev);
    std::string when;
    if (event.all_day) {
        const auto day = fields_of(r.occurrence.local_start.time_since_epoch());
        when = "all day " + human(day).substr(0, 14);
    } else {
        when = human(fields_in(user_zone, r.occurrence.start));
        if (event.zone != &user_zone) {
            const auto own_offset = event.zone->get_info(r.occurrence.start).offset;
            if (own_offset != user_zone.get_info(r.occurrence.start).offset) {
                std::string own_abbrev;
                const Fields own = fields_in(*event.zone, r.occurrence.start, &own_abbrev);
                when += fmt::format(" ({:02}:{:02} {} {})", own.time.hours().count(),
                                    own.time.minutes().count(), own_abbrev, event.zone->name());
            } else {
                when += fmt::format(" ({})", event.zone->name());
            }
        }
    }
    if (!event.calendar.empty())
        return fmt::format("{} {}  {:<14}  [{}] {} · {}", human(fire), fire_abbrev,
                           describe_lead(r), event.calendar, event.title, when);
    return fmt::format("{} {}  {:<14}  {} · {}", human(fire), fire_abbrev, describe_lead(r),
                       event.title, when);
}

} // namespace agendad::core
