#include "core/text/when_text.hpp"

#include <fmt/format.h>

namespace agendad::core {

std::string duration_text(std::chrono::seconds duration) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(duration).count();
    constexpr decltype(minutes) minutes_per_day = decltype(minutes){24} * 60;
    if (minutes < 1)
        return "less than a minute";
    if (minutes < 60)
        return fmt::format("{} min", minutes);
    if (minutes < minutes_per_day) {
        const auto rest = minutes % 60;
        return rest == 0 ? fmt::format("{} h", minutes / 60)
                         : fmt::format("{} h {} min", minutes / 60, rest);
    }
    const auto days = minutes / minutes_per_day;
    return days == 1 ? std::string{"1 day"} : fmt::format("{} days", days);
}

namespace {

std::string relative_text(const WhenParts& w) {
    if (w.now == w.start)
        return "now";
    if (w.now < w.start)
        return "in " + duration_text(w.start - w.now);
    if (w.now < w.end)
        return (w.missed ? "started " : "now, started ") + duration_text(w.now - w.start) + " ago";
    return "ended " + duration_text(w.now - w.end) + " ago";
}

std::string span_text(const WhenParts& w, const Zone& zone) {
    const auto start = date::make_zoned(&zone, w.start);
    if (w.all_day)
        return date::format("all day %a %F", start);
    if (w.end == w.start) // a moment, not a span: "11:23–11:23" reads like a mistake
        return date::format("%H:%M %Z", start);
    return date::format("%H:%M", start) + "–" +
           date::format("%H:%M %Z", date::make_zoned(&zone, w.end));
}

} // namespace

std::string when_text(const WhenParts& w, const Zone& user_zone) {
    std::string span = span_text(w, user_zone);
    if (w.event_zone != nullptr && w.event_zone != &user_zone && !w.all_day &&
        w.event_zone->get_info(w.start).offset != user_zone.get_info(w.start).offset)
        span += fmt::format(" ({}, {})", span_text(w, *w.event_zone), w.event_zone->name());
    const std::string relative = relative_text(w);
    if (w.missed)
        return fmt::format("missed at {} — {} · {}",
                           date::format("%H:%M", date::make_zoned(&user_zone, w.fire_at)), relative,
                           span);
    return fmt::format("{} · {}", relative, span);
}

} // namespace agendad::core
