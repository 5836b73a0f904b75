#include "ctl/daemon_presentation.hpp"

#include "core/text/markup.hpp"

#include "core/text/reminder_text.hpp"
#include "core/text/when_text.hpp"
#include "core/time/span.hpp"

#include <fmt/format.h>
#include <map>
#include <utility>

namespace agendad::ctl {

std::string clock_text(core::Instant t, core::Instant now, const core::Zone& zone) {
    const auto local = date::make_zoned(&zone, t);
    const auto today = date::floor<date::days>(date::make_zoned(&zone, now).get_local_time());
    if (date::floor<date::days>(local.get_local_time()) == today)
        return date::format("%H:%M", local);
    return date::format("%a %H:%M", local);
}

std::string date_clock_text(core::Instant t, core::Instant now, const core::Zone& zone) {
    const auto local = date::make_zoned(&zone, t);
    const auto today = date::floor<date::days>(date::make_zoned(&zone, now).get_local_time());
    if (date::floor<date::days>(local.get_local_time()) == today)
        return date::format("%H:%M", local);
    return date::format("%a %m-%d %H:%M", local);
}

namespace {

/// "[work] " before the title of a calendar's event, as `upcoming` shows it; "" for a TOML one.
std::string calendar_prefix(const std::string& calendar) {
    return calendar.empty() ? std::string{} : fmt::format("[{}] ", calendar);
}

} // namespace

NextAnswer next_answer(const std::vector<core::UpcomingReminder>& reminders, core::Instant now,
                       const core::Zone& zone) {
    // One entry per occurrence that has not ended, by start.
    std::map<std::pair<core::Instant, std::string>, const core::UpcomingReminder*> occurrences;
    for (const core::UpcomingReminder& r : reminders)
        if (r.end > now)
            occurrences.emplace(std::pair{r.start, r.event_id}, &r);
    if (occurrences.empty())
        return NextAnswer{"", "nothing coming", "none"};
    const core::UpcomingReminder& first = *occurrences.begin()->second;
    NextAnswer answer;
    answer.first = first;
    // Its next reminder still to come, else its last one.
    for (const core::UpcomingReminder& r : reminders) {
        if (r.event_id != first.event_id || r.start != first.start)
            continue;
        const bool r_to_come = r.fire_at >= now;
        const bool chosen_to_come = answer.first->fire_at >= now;
        if (r_to_come ? !chosen_to_come || r.fire_at < answer.first->fire_at
                      : !chosen_to_come && r.fire_at > answer.first->fire_at)
            answer.first->fire_at = r.fire_at;
    }
    if (first.start <= now) {
        answer.css_class = "ongoing";
        answer.text =
            fmt::format("{} now, until {}", first.title, clock_text(first.end, now, zone));
    } else if (first.start - now <= std::chrono::minutes{15}) {
        answer.css_class = "imminent";
        answer.text = fmt::format("{} in {}", first.title, core::duration_text(first.start - now));
    } else {
        answer.css_class = "upcoming";
        answer.text = fmt::format("{} at {}", first.title, clock_text(first.start, now, zone));
    }
    std::size_t shown = 0;
    for (const auto& [key, r] : occurrences) {
        if (shown++ == 5)
            break;
        // Appended piece by piece: `"\n" + std::string` trips GCC 12's -Wrestrict in Release.
        if (!answer.tooltip.empty())
            answer.tooltip += '\n';
        fmt::format_to(std::back_inserter(answer.tooltip), "{} {}{}",
                       date_clock_text(r->start, now, zone), calendar_prefix(r->calendar),
                       r->title);
        if (!r->location.empty())
            fmt::format_to(std::back_inserter(answer.tooltip), " · {}", r->location);
    }
    return answer;
}

NextAnswer stopped_answer() {
    return NextAnswer{"", "agendad is not running", "stopped"};
}

void show_paused(NextAnswer& answer, std::optional<core::Instant> until, core::Instant now,
                 const core::Zone& zone) {
    answer.paused = true;
    answer.paused_until = until;
    answer.pause_text = until ? fmt::format("paused until {}", clock_text(*until, now, zone))
                              : std::string{"paused until resumed"};
}

std::string format_next(const NextAnswer& a, NextFormat format) {
    switch (format) {
    case NextFormat::text:
        if (a.css_class == "stopped")
            return "agendad stopped";
        if (a.paused)
            return fmt::format("{} ({})", a.text.empty() ? "nothing coming" : a.text, a.pause_text);
        return a.text.empty() ? "nothing coming" : a.text;
    case NextFormat::waybar:
        // waybar reads text and tooltip as Pango markup: "R&D" alone would blank the module.
        if (a.paused)
            return fmt::format(R"({{"text":"{}","tooltip":"{}","class":"paused"}})",
                               core::json_escape(core::escape_markup(a.text)),
                               core::json_escape(core::escape_markup(
                                   fmt::format("{}\n{}", a.pause_text, a.tooltip))));
        return fmt::format(R"({{"text":"{}","tooltip":"{}","class":"{}"}})",
                           core::json_escape(core::escape_markup(a.text)),
                           core::json_escape(core::escape_markup(a.tooltip)), a.css_class);
    case NextFormat::json:
        break;
    }
    const auto instant = [](core::Instant t) { return core::rfc3339_utc(t); };
    return fmt::format(
        R"({{"id":"{}","title":"{}","start":"{}","fire_at":"{}","calendar":"{}","state":"{}","text":"{}","paused":{},"paused_until":{}}})",
        a.first ? core::json_escape(a.first->event_id) : "",
        a.first ? core::json_escape(a.first->title) : "", a.first ? instant(a.first->start) : "",
        a.first ? instant(a.first->fire_at) : "",
        a.first ? core::json_escape(a.first->calendar) : "", a.css_class, core::json_escape(a.text),
        a.paused,
        a.paused && a.paused_until ? fmt::format("\"{}\"", instant(*a.paused_until))
                                   : std::string{"null"});
}

namespace {

/// A lead as the daemon hands it on (core::lead_text), said after the title: "15m before",
/// "at the start"; an own alarm's words ("10m after the start", "its alarm") as they come.
std::string lead_phrase(const std::string& lead) {
    const auto span = core::parse_span(lead);
    if (!span)
        return lead;
    return span->is_zero() ? std::string{"at the start"} : lead + " before";
}

} // namespace

std::string status_text(const core::AgendaStatus& status, core::Instant now,
                        const core::Zone& zone) {
    std::string out = fmt::format("agendad {} is running\nschedule:   {}\n", status.version,
                                  status.schedule_path);
    if (!status.next)
        out += "next:       nothing planned\n";
    else if (status.next->lead == "snooze") // a snoozed reminder coming again
        out += fmt::format("next:       {}{} (snoozed) at {}\n",
                           calendar_prefix(status.next->calendar), status.next->title,
                           clock_text(status.next->fire_at, now, zone));
    else
        out += fmt::format("next:       {}{} ({}) at {}\n", calendar_prefix(status.next->calendar),
                           status.next->title, lead_phrase(status.next->lead),
                           clock_text(status.next->fire_at, now, zone));
    if (status.paused)
        out +=
            fmt::format("paused:     {}\n",
                        status.paused_until
                            ? fmt::format("until {}", clock_text(*status.paused_until, now, zone))
                            : std::string{"until resumed (agendactl resume)"});
    out += fmt::format("last error: {}\n", status.last_error.empty() ? "none" : status.last_error);
    for (std::size_t i = 0; i < status.warnings.size(); ++i)
        out += fmt::format("{}{}\n", i == 0 ? "warnings:   " : "            ", status.warnings[i]);
    return out;
}

std::string reload_errors_text(const std::vector<std::string>& errors) {
    if (errors.empty())
        return {};
    std::string out;
    for (const std::string& e : errors)
        fmt::format_to(std::back_inserter(out), "{}\n", e);
    out += "agendactl: the schedule has errors; agendad keeps the previous one\n";
    return out;
}

std::expected<std::chrono::seconds, std::string> snooze_span(const std::string& text) {
    if (text.empty())
        return std::chrono::seconds{0};
    if (text == until_start_word)
        return core::agenda1::snooze_until_start;
    auto span = core::parse_span(text);
    if (!span)
        return std::unexpected(span.error());
    if (span->is_zero())
        return std::unexpected("a snooze must last longer than 0m");
    return std::chrono::seconds{static_cast<std::int64_t>(span->calendar_days) * 86400} +
           span->exact;
}

std::string snoozed_line(const std::string& event_id, core::Instant fire_at, core::Instant now,
                         const core::Zone& zone) {
    return fmt::format("snoozed {}: reminding again at {}", event_id,
                       clock_text(fire_at, now, zone));
}

std::string dismissed_line(const std::string& event_id, core::Instant start, core::Instant now,
                           const core::Zone& zone) {
    return fmt::format("dismissed {} (the occurrence at {}): no more reminders for it", event_id,
                       clock_text(start, now, zone));
}

std::string reminder_due_line(const core::ReminderDue& due, core::Instant now,
                              const core::Zone& zone) {
    return fmt::format("{} {}reminder [{} {}]: {} · starts {}",
                       date::format("%H:%M:%S", date::make_zoned(&zone, now)),
                       due.missed ? "missed " : "", due.event_id, due.lead, due.title,
                       clock_text(due.start, now, zone));
}

} // namespace agendad::ctl
