#include "ctl/history_presentation.hpp"

#include "core/text/plural.hpp"
#include "core/text/reminder_text.hpp"
#include "core/time/span.hpp"
#include "ctl/daemon_presentation.hpp"
#include "ctl/schedule_commands.hpp"

#include <fmt/format.h>

namespace agendad::ctl {

std::expected<core::Instant, std::string> since_argument(const std::string& text, core::Instant now,
                                                         const core::Zone& zone) {
    if (const auto span = core::parse_span(text))
        return span->before(now, zone);
    if (const auto instant = parse_instant_argument(text, now, zone))
        return *instant;
    return std::unexpected(fmt::format("--since \"{}\" is not a span back from now (2h, 1d), "
                                       "\"now\", a date such as 2022-01-07 or an RFC 3339 "
                                       "date-time",
                                       text));
}

namespace {

/// "14:00": its next coming on the user's clock, today or tomorrow.
std::optional<core::Instant> next_clock_time(const std::string& text, core::Instant now,
                                             const core::Zone& zone) {
    const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4))
        return std::nullopt;
    const int hours = (text[0] - '0') * 10 + (text[1] - '0');
    const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (hours > 23 || minutes > 59)
        return std::nullopt;
    const auto time_of_day = std::chrono::hours{hours} + std::chrono::minutes{minutes};
    const auto today = date::floor<date::days>(date::make_zoned(&zone, now).get_local_time());
    for (const auto day : {today, today + date::days{1}}) {
        const auto at = core::resolve_local(zone, core::LocalTime{day} + time_of_day);
        if (at > now)
            return at;
    }
    return std::nullopt;
}

} // namespace

std::expected<std::optional<core::Instant>, std::string>
pause_end_argument(const std::string& span_text, const std::string& until_text, core::Instant now,
                   const core::Zone& zone) {
    if (!span_text.empty() && !until_text.empty())
        return std::unexpected(std::string{"give a SPAN or --until, not both"});
    if (!span_text.empty()) {
        const auto span = core::parse_span(span_text);
        if (!span)
            return std::unexpected(span.error());
        if (span->is_zero())
            return std::unexpected(std::string{"a pause must last longer than 0m"});
        return std::optional<core::Instant>{span->after(now, zone)};
    }
    if (until_text.empty())
        return std::optional<core::Instant>{};
    auto until = next_clock_time(until_text, now, zone);
    if (!until)
        until = parse_instant_argument(until_text, now, zone);
    if (!until)
        return std::unexpected(fmt::format("--until \"{}\" is not a time such as 14:00, a date "
                                           "such as 2022-01-07 or an RFC 3339 date-time",
                                           until_text));
    if (*until <= now)
        return std::unexpected(fmt::format("--until \"{}\" is not ahead", until_text));
    return std::optional<core::Instant>{*until};
}

namespace {

std::string detail(const core::HistoryEntry& e, const core::Zone& zone) {
    const auto start = date::format("%H:%M", date::make_zoned(&zone, e.start));
    switch (e.kind) {
    case core::HistoryKind::snoozed:
        return fmt::format("for {}, the occurrence at {}", e.lead, start);
    case core::HistoryKind::dismissed:
        return fmt::format("the occurrence at {}", start);
    case core::HistoryKind::shown:
    case core::HistoryKind::missed:
    case core::HistoryKind::held:
        break;
    }
    if (e.lead == "snooze")
        return fmt::format("again after a snooze, starts {}", start);
    return fmt::format("{} before, starts {}", e.lead, start);
}

} // namespace

std::string history_line(const core::HistoryEntry& e, const core::Zone& zone) {
    return fmt::format("{}  {:<9}  {} · {} · [{}]",
                       date::format("%F %H:%M", date::make_zoned(&zone, e.at)),
                       core::name_of(e.kind), e.title, detail(e, zone), e.event_id);
}

std::string history_text(const std::vector<core::HistoryEntry>& entries, bool missed_only,
                         const core::Zone& zone) {
    if (entries.empty())
        return missed_only ? "nothing missed\n" : "nothing in the history\n";
    std::string out;
    for (const auto& e : entries)
        fmt::format_to(std::back_inserter(out), "{}\n", history_line(e, zone));
    return out;
}

std::string history_json(const core::HistoryEntry& e) {
    return fmt::format(
        R"({{"at":"{}","kind":"{}","id":"{}","title":"{}","lead":"{}","start":"{}"}})",
        core::rfc3339_utc(e.at), core::name_of(e.kind), core::json_escape(e.event_id),
        core::json_escape(e.title), core::json_escape(e.lead), core::rfc3339_utc(e.start));
}

std::string pause_end_text(std::optional<core::Instant> until, core::Instant now,
                           const core::Zone& zone) {
    return until ? fmt::format("until {}", clock_text(*until, now, zone)) : "until resumed";
}

std::string paused_line(std::optional<core::Instant> until, core::Instant now,
                        const core::Zone& zone) {
    return fmt::format("paused {}: no reminder pops up; those due meanwhile are shown when the "
                       "pause ends{}",
                       pause_end_text(until, now, zone),
                       until ? " (or at `agendactl resume`)" : " (`agendactl resume`)");
}

std::string resumed_line(bool was_paused, const core::ResumeResult& result) {
    if (!was_paused)
        return "agendad was not paused";
    if (result.shown == 0 && result.logged == 0)
        return "resumed; no reminder was due during the pause";
    std::string out = fmt::format("resumed; {} held during the pause shown",
                                  core::counted(result.shown, "reminder"));
    if (result.logged > 0)
        fmt::format_to(std::back_inserter(out), ", {} of ended events only logged", result.logged);
    return out;
}

} // namespace agendad::ctl
