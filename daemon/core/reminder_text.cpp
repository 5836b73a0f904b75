#include "core/reminder_text.hpp"

#include <fmt/format.h>
#include <sstream>

namespace agendad::core {

std::string rfc3339_utc(Instant instant) { return date::format("%FT%TZ", instant); }

std::string rfc3339_in(const Zone& zone, Instant instant) {
    const auto info = zone.get_info(instant);
    const auto offset = std::chrono::duration_cast<std::chrono::minutes>(info.offset);
    const auto magnitude = offset < offset.zero() ? -offset : offset;
    return fmt::format("{}{}{:02}:{:02}", date::format("%FT%T", instant + info.offset),
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
    const auto fire = date::make_zoned(&user_zone, r.fire_at);
    std::string when;
    if (event.all_day) {
        when = date::format("all day %a %F", date::floor<date::days>(r.occurrence.local_start));
    } else {
        when = date::format("%a %F %H:%M", date::make_zoned(&user_zone, r.occurrence.start));
        if (event.zone != &user_zone) {
            const auto own = date::make_zoned(event.zone, r.occurrence.start);
            const auto user_offset = user_zone.get_info(r.occurrence.start).offset;
            const auto own_offset = event.zone->get_info(r.occurrence.start).offset;
            if (own_offset != user_offset)
                when += date::format(" (%H:%M %Z ", own) + std::string{event.zone->name()} + ")";
            else
                when += " (" + std::string{event.zone->name()} + ")";
        }
    }
    return fmt::format("{}  {:<14}  {} · {}", date::format("%a %F %H:%M %Z", fire),
                       describe_lead(*r.lead), event.title, when);
}

} // namespace agendad::core
