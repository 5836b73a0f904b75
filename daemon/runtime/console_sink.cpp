#include "runtime/console_sink.hpp"

#include "core/text/plural.hpp"
#include "core/text/reminder_text.hpp"
#include "runtime/log.hpp"

namespace agendad::runtime {

std::string ConsoleSink::line(const core::Delivery& d) const {
    return fmt::format("{} [{} {}]: {} · {}", d.missed ? "missed reminder" : "reminder", d.event_id,
                       d.lead, d.title, core::describe_when(d, *user_zone_));
}

void ConsoleSink::deliver(const core::Delivery& d) {
    log::write(d.urgency == core::Urgency::critical ? log::Level::warning : log::Level::notice,
               line(d),
               {{"EVENT_ID", d.event_id},
                {"FIRE_AT", core::rfc3339_utc(d.fire_at)},
                {"OCCURRENCE_START", core::rfc3339_utc(d.start)},
                {"LEAD", d.lead},
                {"MISSED", d.missed ? "1" : "0"},
                {"URGENCY", std::string{core::to_string(d.urgency)}}});
}

void ConsoleSink::deliver_digest(std::span<const core::Delivery> missed) {
    std::string text = fmt::format("while you were away: {} missed reminders", missed.size());
    for (const auto& d : missed)
        text += "\n  " + line(d);
    log::write(log::Level::notice, text, {{"MISSED_COUNT", std::to_string(missed.size())}});
}

void ConsoleSink::schedule_problem(const core::Diagnostics& /*diagnostics*/) {
    // Nothing to add: the reloader logged each mistake and what it did about them, once
    // (schedule_reloader.cpp); a summary here made three journal lines of one typo.
}

void ConsoleSink::schedule_fixed() {
    log::write(log::Level::notice, "schedule problem fixed");
}

} // namespace agendad::runtime
