#pragma once
/// What a sink is handed: one reminder, copied out of the schedule so that it outlives a reload.

#include "core/plan/planner.hpp"
#include "core/text/reminder_text.hpp"

#include <string>
#include <string_view>

namespace agendad::core {

/// One reminder being delivered. Holds copies, never pointers into a Schedule.
struct Delivery {
    std::string event_id;
    std::string title;
    std::string location;
    std::string description;
    std::string url;
    Urgency urgency = Urgency::normal;
    std::string zone_name; ///< the event's own zone
    bool all_day = false;
    Instant start; ///< this occurrence's start
    Instant end;
    Instant fire_at;         ///< the reminder's own instant
    std::string lead;        ///< lead_text(): "15m", "0m", "10m after the start"
    bool missed = false;     ///< its instant passed while we were not running (or asleep)
    Instant delivered_at;    ///< when it was handed over, for "started 12 min ago"
    bool persistent = false; ///< the bubble stays until acted on
    std::string sound{};     ///< a sound name or an absolute file path; "" for none
    std::string calendar;    ///< its [[calendar]]'s name; empty for a TOML event
};

/// The copy of `reminder` handed to sinks at `now`.
Delivery make_delivery(const Reminder& reminder, Instant now, bool missed);

/// A delivery of `occurrence` of `event` outside the planner's reminders (a snooze).
Delivery make_delivery(const Event& event, const Occurrence& occurrence, std::string lead,
                       Instant fire_at, Instant now, bool missed);

/// When, relative to the delivery, on the user's clock (when_text, as the desktop bubble
/// says it): "in 15 min · 09:30–10:00 CET", or for a missed one
/// "missed at 09:15 — started 12 min ago · 09:30–10:00 CET".
std::string describe_when(const Delivery& delivery, const Zone& user_zone);

} // namespace agendad::core
