#include "app/daemon_backend.hpp"

#include "core/plan/occurrence_lookup.hpp"
#include "core/text/reminder_text.hpp"
#include "core/text/when_text.hpp"
#include "runtime/history.hpp"

#include <fmt/format.h>

namespace agendad::app {

namespace {

// ListUpcoming answers at most this many reminders; a window holding more is refused.
constexpr std::size_t upcoming_limit = 10000;

// An id quoted in an error is cut to this many bytes: it comes from the caller, and a
// 10 MB id echoed whole would make a 10 MB error (and as much in agendactl's output).
constexpr std::size_t quoted_id_bytes = 64;

/// `id` for a message: whole when short, else its first quoted_id_bytes (never splitting a
/// UTF-8 sequence, which D-Bus would refuse) and "…".
std::string clipped_id(std::string_view id) {
    if (id.size() <= quoted_id_bytes)
        return std::string{id};
    std::size_t cut = quoted_id_bytes;
    while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80)
        --cut;
    return fmt::format("{}…", id.substr(0, cut));
}

dbus::BackendError error(dbus::BackendErrorKind kind, std::string message) {
    return dbus::BackendError{kind, std::move(message)};
}

} // namespace

dbus::UpcomingReminder to_upcoming(const core::Delivery& d) {
    return dbus::UpcomingReminder{d.event_id, d.title, d.location, d.lead,
                                  d.start,    d.end,   d.fire_at,  d.calendar};
}

DaemonBackend::DaemonBackend(const core::Clock& clock, runtime::ReminderLoop& loop,
                             const runtime::ScheduleReloader& reloader,
                             runtime::PauseControl& pause, std::function<void()> reload)
    : clock_(clock), loop_(loop), reloader_(reloader), pause_(pause), reload_(std::move(reload)) {}

std::expected<std::vector<dbus::UpcomingReminder>, dbus::BackendError>
DaemonBackend::list_upcoming(core::Instant from, core::Instant until) {
    if (!loop_.schedule())
        return std::unexpected(
            error(dbus::BackendErrorKind::no_schedule,
                  fmt::format("no schedule is running (see {})", reloader_.path())));
    const auto listed = loop_.upcoming(from, until, upcoming_limit);
    if (!listed)
        return std::unexpected(
            error(dbus::BackendErrorKind::limits_exceeded, listed.error().message));
    std::vector<dbus::UpcomingReminder> out;
    for (const core::Delivery& d : *listed)
        out.push_back(to_upcoming(d));
    return out;
}

std::vector<std::string> DaemonBackend::reload() {
    reload_();
    std::vector<std::string> lines;
    for (const auto& diagnostic : reloader_.problem())
        lines.push_back(core::to_string(diagnostic));
    return lines;
}

std::expected<core::Delivery, dbus::BackendError>
DaemonBackend::resolve(const dbus::ActionTarget& target, core::Instant now) const {
    const core::Schedule* schedule = loop_.schedule();
    if (!schedule)
        return std::unexpected(
            error(dbus::BackendErrorKind::no_schedule,
                  fmt::format("no schedule is running (see {})", reloader_.path())));
    const core::Event* event = loop_.find_event(target.event_id);
    if (!event)
        return std::unexpected(error(
            dbus::BackendErrorKind::unknown_reminder,
            fmt::format("no event \"{}\" in {}", clipped_id(target.event_id), reloader_.path())));
    const auto occurrence =
        core::find_occurrence(*event, schedule->settings, target.occurrence_start, now);
    if (!occurrence)
        return std::unexpected(error(
            dbus::BackendErrorKind::unknown_reminder,
            target.occurrence_start
                ? fmt::format("event \"{}\" has no occurrence at {}", clipped_id(target.event_id),
                              core::rfc3339_utc(*target.occurrence_start))
                : fmt::format("event \"{}\" has no occurrence now or ahead",
                              clipped_id(target.event_id))));
    return core::make_delivery(*event, *occurrence, "", occurrence->start, now, false);
}

std::expected<core::Delivery, dbus::BackendError>
DaemonBackend::redelivery(const dbus::ActionTarget& target) {
    return resolve(target, std::chrono::floor<std::chrono::seconds>(clock_.now()));
}

std::expected<dbus::UpcomingReminder, dbus::BackendError>
DaemonBackend::snooze(const dbus::ActionTarget& target, std::chrono::seconds span) {
    const auto now = std::chrono::floor<std::chrono::seconds>(clock_.now());
    auto found = resolve(target, now);
    if (!found)
        return std::unexpected(found.error());
    if (span < std::chrono::seconds{0})
        return std::unexpected(
            error(dbus::BackendErrorKind::invalid_argument, "a snooze cannot be negative"));
    const auto& settings = loop_.schedule()->settings;
    if (span == dbus::snooze_until_start && found->start <= now)
        return std::unexpected(error(dbus::BackendErrorKind::invalid_argument,
                                     fmt::format("\"{}\" has already started; snooze it for a "
                                                 "while instead (e.g. 10m)",
                                                 clipped_id(found->event_id))));
    const core::Instant until = span == dbus::snooze_until_start ? found->start
                                : span == std::chrono::seconds{0}
                                    ? settings.snooze.after(now, *settings.zone)
                                    : now + span;
    // A snooze of "0" in the file would remind at once, over and over; a second is the least.
    found->fire_at = std::max(until, now + std::chrono::seconds{1});
    found->lead = std::string{core::snooze_lead};
    loop_.snooze(runtime::OccurrenceKey{found->event_id, found->start}, found->fire_at);
    record(*found, core::HistoryKind::snoozed, now);
    return to_upcoming(*found);
}

std::expected<dbus::UpcomingReminder, dbus::BackendError>
DaemonBackend::dismiss(const dbus::ActionTarget& target) {
    const auto now = std::chrono::floor<std::chrono::seconds>(clock_.now());
    auto found = resolve(target, now);
    if (!found)
        return std::unexpected(found.error());
    loop_.dismiss(runtime::OccurrenceKey{found->event_id, found->start});
    record(*found, core::HistoryKind::dismissed, now);
    return to_upcoming(*found);
}

std::optional<dbus::UpcomingReminder> DaemonBackend::next() {
    if (auto next = loop_.next())
        return to_upcoming(*next);
    return std::nullopt;
}

std::string DaemonBackend::last_error() {
    return reloader_.has_problem() ? core::to_string(reloader_.problem()) : std::string{};
}

std::string DaemonBackend::schedule_path() {
    return reloader_.path();
}

} // namespace agendad::app

namespace agendad::app {

void DaemonBackend::record(const core::Delivery& d, core::HistoryKind kind, core::Instant now) {
    // When the user acted, and until when a snooze holds it ("" lead: a dismissal).
    core::HistoryEntry entry{now, kind, d.event_id, d.title, "", d.start};
    if (kind == core::HistoryKind::snoozed)
        entry.lead = core::duration_text(d.fire_at - now);
    loop_.change_state([&](runtime::State& state) {
        runtime::record_history(state.history, std::move(entry), now);
    });
}

std::vector<std::string> DaemonBackend::warnings() {
    std::vector<std::string> lines;
    for (const auto& warning : reloader_.warnings())
        lines.push_back(core::to_string(warning));
    return lines;
}

std::vector<core::HistoryEntry> DaemonBackend::history(core::Instant since, bool missed_only) {
    return runtime::history_since(loop_.state().history, since, missed_only);
}

std::optional<core::Pause> DaemonBackend::pause_state() {
    return pause_.current();
}

std::expected<core::Pause, dbus::BackendError>
DaemonBackend::pause(std::optional<core::Instant> until) {
    auto paused = pause_.pause(until);
    if (!paused)
        return std::unexpected(error(dbus::BackendErrorKind::invalid_argument, paused.error()));
    return *paused;
}

core::ResumeResult DaemonBackend::resume() {
    return pause_.resume();
}

} // namespace agendad::app
