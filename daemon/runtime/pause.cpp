#include "runtime/pause.hpp"

#include "core/plan/occurrence_lookup.hpp"
#include "core/text/plural.hpp"
#include "core/text/reminder_text.hpp"
#include "runtime/history.hpp"
#include "runtime/log.hpp"
#include "runtime/reminder_loop.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace agendad::runtime {

bool pause_in_force(const std::optional<core::Pause>& pause, core::Instant now) {
    return pause && (!pause->until || *pause->until > now);
}

PauseControl::PauseControl(const core::Clock& clock, TimerSource& timer, ReminderLoop& loop,
                           Options options)
    : clock_(clock), timer_(timer), loop_(loop), options_(std::move(options)) {
    gate_.control = this;
    timer_.set_handler([this](TimerWake wake) { on_timer(wake); });
}

core::Instant PauseControl::now() const {
    return std::chrono::floor<std::chrono::seconds>(clock_.now());
}

std::optional<core::Pause> PauseControl::current() const {
    const auto& pause = loop_.state().pause;
    return pause_in_force(pause, now()) ? pause : std::nullopt;
}

void PauseControl::start() {
    const auto& pause = loop_.state().pause;
    if (!pause)
        return;
    if (!pause_in_force(pause, now())) {
        log::write(log::Level::info, "the pause ended while agendad was not running");
        resume();
        return;
    }
    arm();
}

void PauseControl::arm() {
    const auto& pause = loop_.state().pause;
    if (pause && pause->until)
        timer_.arm(*pause->until);
    else
        timer_.disarm();
}

std::expected<core::Pause, std::string> PauseControl::pause(std::optional<core::Instant> until) {
    const auto at = now();
    if (until && *until <= at)
        return std::unexpected(fmt::format("the pause would end at {}, which is not ahead",
                                           core::rfc3339_utc(*until)));
    const auto in_force = current();
    const core::Pause pause{in_force ? in_force->since : at, until};
    loop_.change_state([&](State& state) { state.pause = pause; });
    log::write(log::Level::info,
               until ? fmt::format("paused until {}: no reminder pops up until then",
                                   core::rfc3339_utc(*until))
                     : std::string{"paused until resumed: no reminder pops up until then"});
    arm();
    if (options_.on_changed)
        options_.on_changed();
    return pause;
}

core::ResumeResult PauseControl::resume() {
    const auto pause = loop_.state().pause;
    if (!pause)
        return {};
    const auto at = now();
    // The held reminders, the latest of each reminder of each occurrence.
    std::map<std::tuple<std::string, core::Instant, std::string>, core::HistoryEntry> held;
    // Those of an occurrence dismissed meanwhile are left out: the user has said enough.
    const auto& kept = loop_.state();
    for (const auto& e : kept.history)
        if (e.kind == core::HistoryKind::held && e.at >= pause->since &&
            !kept.dismissed.contains(OccurrenceKey{e.event_id, e.start}))
            held[{e.event_id, e.start, e.lead}] = e;

    std::vector<core::Delivery> current;
    std::vector<core::HistoryEntry> records;
    core::ResumeResult result;
    const core::Schedule* schedule = loop_.schedule();
    for (const auto& [key, e] : held) {
        const core::Event* event = loop_.find_event(e.event_id);
        const auto occurrence =
            event ? core::find_occurrence(*event, schedule->settings, e.start, at) : std::nullopt;
        if (!occurrence || occurrence->end <= at) {
            // Stale: its event has ended (or is gone); as catch-up does, only logged.
            log::write(log::Level::info,
                       fmt::format("held reminder not shown, {}: {}",
                                   occurrence ? "its event has ended" : "no longer in the schedule",
                                   e.title),
                       {{"EVENT_ID", e.event_id}, {"FIRE_AT", core::rfc3339_utc(e.at)}});
            auto record = e;
            record.kind = core::HistoryKind::missed;
            records.push_back(std::move(record));
            ++result.logged;
            continue;
        }
        auto d =
            core::make_delivery(*event, *occurrence, e.lead, e.at, at, at - e.at > options_.grace);
        records.push_back(history_entry(d, core::HistoryKind::shown));
        current.push_back(std::move(d));
        ++result.shown;
    }
    std::stable_sort(current.begin(), current.end(),
                     [](const auto& a, const auto& b) { return a.fire_at < b.fire_at; });
    loop_.change_state([&](State& state) {
        state.pause.reset();
        for (auto& record : records)
            record_history(state.history, std::move(record), at);
    });
    timer_.disarm();
    log::write(log::Level::info,
               fmt::format("resumed: {} held during the pause shown, {} only logged",
                           core::counted(result.shown, "reminder"), result.logged));
    if (gate_.desktop) {
        if (gate_.held_problem)
            gate_.desktop->schedule_problem(*std::exchange(gate_.held_problem, std::nullopt));
        if (current.size() == 1) {
            gate_.desktop->deliver(current.front());
        } else if (!current.empty()) {
            const auto heading = fmt::format("{} reminders held while paused", current.size());
            if (options_.show_digest)
                options_.show_digest(current, heading);
            else
                gate_.desktop->deliver_digest(current);
        }
    }
    if (options_.on_changed)
        options_.on_changed();
    return result;
}

void PauseControl::on_timer(TimerWake /*wake*/) {
    // Due, or the clock was set: either way, has the end come?
    if (loop_.state().pause && !current())
        resume();
    else
        arm();
}

void PauseControl::Gate::deliver(const core::Delivery& delivery) {
    if (desktop && !control->current())
        desktop->deliver(delivery);
}

void PauseControl::Gate::deliver_digest(std::span<const core::Delivery> missed) {
    if (desktop && !control->current())
        desktop->deliver_digest(missed);
}

void PauseControl::Gate::schedule_problem(const core::Diagnostics& diagnostics) {
    if (control->current())
        held_problem = diagnostics;
    else if (desktop)
        desktop->schedule_problem(diagnostics);
}

void PauseControl::Gate::schedule_fixed() {
    held_problem.reset();
    if (desktop)
        desktop->schedule_fixed();
}

} // namespace agendad::runtime
