#include "core/protocol/delivery.hpp"

#include "core/text/reminder_text.hpp"
#include "core/text/when_text.hpp"

namespace agendad::core {

Delivery make_delivery(const Reminder& reminder, Instant now, bool missed) {
    return make_delivery(*reminder.event, reminder.occurrence, lead_text(reminder),
                         reminder.fire_at, now, missed);
}

Delivery make_delivery(const Event& event, const Occurrence& occurrence, std::string lead,
                       Instant fire_at, Instant now, bool missed) {
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
                    .delivered_at = now,
                    .persistent = event.persistent,
                    .sound = event.sound,
                    .calendar = event.calendar};
}

std::string describe_when(const Delivery& d, const Zone& user_zone) {
    return when_text({.start = d.start,
                      .end = d.end,
                      .fire_at = d.fire_at,
                      .now = d.delivered_at,
                      .all_day = d.all_day,
                      .missed = d.missed,
                      .event_zone = find_zone(d.zone_name)},
                     user_zone);
}

} // namespace agendad::core
