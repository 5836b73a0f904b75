#pragma once
/// What agendactl log, pause and resume say, and how they read their arguments. Pure: `now`
/// and the zone are arguments; the commands are in app/ctl_daemon_commands.hpp.

#include "core/protocol/agenda_protocol.hpp"
#include "core/protocol/history_entry.hpp"
#include "core/time/time_types.hpp"

#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace agendad::ctl {

/// `log --since T`: a span back from now ("2h", "1d"), or what --from takes ("now", a date, an
/// RFC 3339 date-time). The error is the message.
std::expected<core::Instant, std::string> since_argument(const std::string& text, core::Instant now,
                                                         const core::Zone& zone);

/// `pause [SPAN | --until T]`: when the pause ends (none: until resumed). SPAN is from now
/// ("1h"); T is "14:00" (its next coming on the user's clock), a date or an RFC 3339
/// date-time. Both empty: until resumed. The error is the message.
std::expected<std::optional<core::Instant>, std::string>
pause_end_argument(const std::string& span, const std::string& until, core::Instant now,
                   const core::Zone& zone);

/// One entry as a line of `agendactl log`:
/// "2022-01-10 09:45  shown      Team sync · 15m before, starts 10:00 · [team-sync]".
std::string history_line(const core::HistoryEntry& entry, const core::Zone& zone);

/// The whole log, each line with its newline; a sentence when there is nothing.
std::string history_text(const std::vector<core::HistoryEntry>& entries, bool missed_only,
                         const core::Zone& zone);

/// One entry as a JSON object (`log --json`, one a line): {"at","kind","id","title","lead",
/// "start"}, instants in RFC 3339 UTC.
std::string history_json(const core::HistoryEntry& entry);

/// "until 14:00", "until Tue 09:00", "until resumed".
std::string pause_end_text(std::optional<core::Instant> until, core::Instant now,
                           const core::Zone& zone);

/// What `agendactl pause` prints once paused.
std::string paused_line(std::optional<core::Instant> until, core::Instant now,
                        const core::Zone& zone);

/// What `agendactl resume` prints: what became of the held reminders; `was_paused` false:
/// "agendad was not paused".
std::string resumed_line(bool was_paused, const core::ResumeResult& result);

} // namespace agendad::ctl
