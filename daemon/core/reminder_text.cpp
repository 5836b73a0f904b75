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

/// "2022-01-13T10:00:00" (or with a space, or without seconds)
std::string date_time(const Fields& f, char separator, bool seconds) {
    const int y = static_cast<int>(f.ymd.year());
    const auto m = static_cast<unsigned>(f.ymd.month());
    const auto d = static_cast<unsigned>(f.ymd.day());
    const auto hh = f.time.hours().count();
    const auto mm = f.time.minutes().count();
    if (!seconds)
        return fmt::format("{:04}-{:02}-{:02}{}{:02}:{:02}", y, m, d, separator, hh, mm);
    return fmt::format("{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}", y, m, d, separator, hh, mm,
                       f.time.seconds().count());
}

/// "Thu 2022-01-13 10:00"
std::string human(const Fields& f) {
    return fmt::format("{} {}", weekday_names[f.weekday.c_encoding()], date_time(f, ' ', false));
}

} // namespace

std::string rfc3339_utc(Instant instant) {
    return date_time(fields_of(instant.time_since_epoch()), 'T', true) + 'Z';
}

std::string rfc3339_in(const Zone& zone, Instant instant) {
    const auto offset =
        std::chrono::duration_cast<std::chrono::minutes>(zone.get_info(instant).offset);
    const auto magnitude = offset < offset.zero() ? -offset : offset;
    return fmt::format("{}{}{:02}:{:02}",
                       date_time(fields_of(instant.time_since_epoch() + offset), 'T', true),
                       offset < offset.zero() ? '-' : '+', magnitude.count() / 60,
                       magnitude.count() % 60);
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
    for (const char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
            else
                out += c;
        }
    }
    return out;
}

std::string reminder_json(const Reminder& r) {
    return fmt::format(
        R"({{"fire_at":"{}","start":"{}","title":"{}","id":"{}","lead":"{}","all_day":{}}})",
        rfc3339_utc(r.fire_at), rfc3339_in(*r.event->zone, r.occurrence.start),
        json_escape(r.event->title), json_escape(r.event->id), json_escape(r.lead->text),
        r.event->all_day ? "true" : "false");
}

std::string describe_lead(const Span& lead) {
    return lead.is_zero() ? std::string{"at the start"} : lead.text + " before";
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
    return fmt::format("{} {}  {:<14}  {} · {}", human(fire), fire_abbrev, describe_lead(*r.lead),
                       event.title, when);
}

} // namespace agendad::core
