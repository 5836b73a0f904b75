#include "runtime/delivery.hpp"

#include <fmt/format.h>

namespace agendad::runtime {

Delivery make_delivery(const core::Reminder& reminder, core::Instant now, bool missed) {
    return make_delivery(*reminder.event, reminder.occurrence, reminder.lead->text,
                         reminder.fire_at, now, missed);
}

Delivery make_delivery(const core::Event& event, const core::Occurrence& occurrence,
                       std::string lead, core::Instant fire_at, core::Instant now, bool missed) {
    return Delivery{.event_id = event.id,
                    .title = event.title,
                    .location = event.location,
                    .description = event.description,
                    .url = event.url,
                    .urgency = event.urgency,
                    .zone_name = std::string{event.zone->name()},
                    .all_day = event.all_day,
                    .start = occurrence.start,
                    .end = occurrence.end,
                    .fire_at = fire_at,
                    .lead = std::move(lead),
                    .missed = missed,
                    .delivered_at = now};
}

std::string describe_duration(std::chrono::seconds duration) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(duration).count();
    if (minutes < 1)
        return "less than a minute";
    if (minutes < 60)
        return fmt::format("{} min", minutes);
    if (minutes < 24 * 60) {
        const auto rest = minutes % 60;
        return rest == 0 ? fmt::format("{} h", minutes / 60)
                         : fmt::format("{} h {} min", minutes / 60, rest);
    }
    const auto days = minutes / (24 * 60);
    return days == 1 ? std::string{"1 day"} : fmt::format("{} days", days);
}

std::string describe_when(const Delivery& d, const core::Zone& user_zone) {
    const auto local = [&](core::Instant t) {
        return date::format("%H:%M", date::make_zoned(&user_zone, t));
    };
    std::string relative;
    if (d.delivered_at < d.start)
        relative = "in " + describe_duration(d.start - d.delivered_at);
    else if (d.delivered_at < d.end)
        relative = (d.missed ? "started " : "now, started ") +
                   describe_duration(d.delivered_at - d.start) + " ago";
    else
        relative = "ended " + describe_duration(d.delivered_at - d.end) + " ago";
    if (d.delivered_at == d.start)
        relative = "now";
    const std::string span =
        d.all_day ? date::format("all day %a %F", date::make_zoned(&user_zone, d.start))
                  : local(d.start) + "–" + local(d.end);
    if (d.missed)
        return fmt::format("missed at {} — {} · {}", local(d.fire_at), relative, span);
    return fmt::format("{} · {}", relative, span);
}

} // namespace agendad::runtime
