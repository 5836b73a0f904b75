#pragma once

#include "core/model/schedule.hpp"
#include "core/plan/planner.hpp"
#include "core/plan/reminder_queue.hpp"
#include "core/protocol/clock.hpp"
#include "core/protocol/sink.hpp"
#include "runtime/event_index.hpp"
#include "runtime/state_store.hpp"
#include "runtime/timer_source.hpp"

#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace agendad::runtime {

/*
 * The planning loop: one timer, one invariant.
 *
 *   horizon_  every reminder due at or before this instant has been handled (delivered, or
 *             logged as too old to show). It only moves forward, except when the wall clock
 *             is set back, which pulls it back to "now" (the delivered set then keeps the
 *             reminders already shown from repeating).
 *   queue_    the running schedule's reminders strictly after horizon_, in order (its
 *             position() is horizon_): each event's next instant in a heap, so that a firing
 *             steps only the events that fired (core/plan/reminder_queue.hpp). It moves with
 *             horizon_; a new schedule keeps the entries of events that did not change.
 *   timer_    at all times exactly one deadline is armed while a schedule runs: the earlier of
 *             the planner's earliest reminder strictly after horizon_ that is not of a
 *             dismissed occurrence, i.e. next_reminders_after(*schedule_, horizon_) skipping
 *             dismissed ones, which queue_ answers without a rescan, and the earliest snooze
 *             (state_.snoozed). Nothing is armed when neither exists or no schedule is
 *             running; then the process sleeps until a file, a signal, the clock or a
 *             snooze/dismiss request changes something. There is no periodic tick. Every change to
 * the snoozes re-arms, so the invariant holds.
 *
 * Every way in (the timer is due, the clock was set, a new schedule, the start) ends the same:
 * handle everything in (horizon_, now] in the planner's order, then every snooze due by now,
 * move horizon_ to now, re-arm. Reminders of a dismissed occurrence are passed over. A due
 * snooze delivers its occurrence again (lead "snooze"), looked up by event id in the running
 * schedule; it is dropped (and logged) when that event or occurrence is gone.
 * A timer that comes late (resume from suspend) or a clock stepped forward therefore delivers
 * all it skipped, each one more than `grace` late marked as missed and subject to catch-up
 * rules; reminders due together are delivered together.
 *
 * Delivery is at most once: the reminder is recorded in the state file (fsync'd) before the
 * sinks see it, together with its history entry, in one write per firing (the open bubbles
 * the desktop reports afterwards ride on the next write, or a coalesced one: losing them is
 * harmless). A kill -9 between the two loses that one reminder; the other order would show
 * it twice after every such crash. The window is a few microseconds (the sinks only queue),
 * while the issue asks that nothing be delivered twice, so we take this side.
 */
class ReminderLoop {
  public:
    struct Options {
        /// A reminder this late is "missed" rather than on time.
        std::chrono::seconds grace{60};
        /// More missed reminders than this at once arrive as one digest.
        std::size_t digest_above = 3;
        /// How far back catch-up looks at most, whatever settings.catch_up says; bounds the
        /// work after a long downtime (events still running beyond it are not caught up).
        std::chrono::seconds lookback{7 * 86400};
        /// Called after every re-plan (for sd_notify STATUS=).
        std::function<void()> on_planned;
    };

    /// All references must outlive the loop. The timer's handler is set to this loop.
    ReminderLoop(const core::Clock& clock, TimerSource& timer, core::Sink& sink, StateStore& store,
                 const core::Zone* user_zone, Options options);
    ReminderLoop(const core::Clock& clock, TimerSource& timer, core::Sink& sink, StateStore& store,
                 const core::Zone* user_zone)
        : ReminderLoop(clock, timer, sink, store, user_zone, Options{}) {}

    /// Loads the state. Nothing is planned until a schedule is given.
    void start();

    /// Runs `schedule` from now on. The first schedule (at start, or once a missing file
    /// appears) catches up on what was missed since the saved horizon; a later one first
    /// delivers whatever was due under the old one, then plans only what is still ahead.
    void replace_schedule(std::shared_ptr<const core::Schedule> schedule);

    /// The timer's handler (tests call it directly).
    void on_timer(TimerWake wake);

    /// Saves the state (at exit).
    void save();

    /// Reminds again about `occurrence` at `until` (replacing an earlier snooze of it, undoing
    /// a dismissal); saved at once, and the timer re-armed.
    void snooze(const OccurrenceKey& occurrence, core::Instant until);
    /// No more reminders nor snoozes for `occurrence`; saved at once, and the timer re-armed.
    void dismiss(const OccurrenceKey& occurrence);
    /// The bubbles now open on the notification server, for the next run to take over. Saved
    /// with the next save, or by StateStore::save_soon() within its delay: a kill -9 may lose
    /// the latest ids (their old bubbles then do nothing), which is not worth a write per
    /// bubble. Nothing is planned from them.
    void set_open_bubbles(core::OpenBubbles bubbles);

    /// Changes the parts of the state the loop keeps but does not plan by (the history, the
    /// pause: runtime/history.hpp, runtime/pause.hpp), then saves it, so that one file holds
    /// all and one writer writes it.
    void change_state(const std::function<void(State&)>& change);

    /// The reminder the armed deadline is for (the first, when several fall together).
    const std::optional<core::Delivery>& next() const { return next_; }
    /// Reminders (and snoozes) with from <= fire_at < until, in delivery order; those of
    /// dismissed occurrences left out. The window comes from a D-Bus caller, so its expansion is
    /// bounded: more than `limit` reminders (or a million occurrences examined) is PlanTooLarge,
    /// never a partial list.
    std::expected<std::vector<core::Delivery>, core::PlanTooLarge>
    upcoming(core::Instant from, core::Instant until, std::size_t limit) const;

    /// The user's zone changed ($TZ or /etc/localtime); used for text only.
    void set_user_zone(const core::Zone* zone) { user_zone_ = zone; }

    /// The armed deadline, if any.
    std::optional<core::Instant> next_deadline() const { return next_deadline_; }
    /// "next: Team sync (15m before) at Mon 09:15", for STATUS= and agendactl.
    std::string status() const;
    const State& state() const { return state_; }
    const core::Schedule* schedule() const { return schedule_.get(); }
    /// The running schedule's event with this id, or null (none running): through the index
    /// the loop keeps for its snoozes, for whoever else looks events up by id.
    const core::Event* find_event(std::string_view event_id) const {
        return schedule_ ? events_by_id_.find(*schedule_, event_id) : nullptr;
    }
    /// The clock the loop plans by (the reloader dates its warnings with it).
    const core::Clock& clock() const { return clock_; }

  private:
    void run_due(std::chrono::system_clock::time_point precise_now);
    /// Takes the snoozes due by `now` out of the state, as deliveries; true if any was there.
    bool take_due_snoozes(core::Instant now, std::vector<core::Delivery>& out);
    bool dismissed(const core::Reminder& reminder) const;
    void arm();
    std::chrono::seconds catch_up_reach(core::Instant now) const;

    const core::Clock& clock_;
    TimerSource& timer_;
    core::Sink& sink_;
    StateStore& store_;
    const core::Zone* user_zone_;
    Options options_;
    std::shared_ptr<const core::Schedule> schedule_;
    /// The running schedule's reminders after horizon_ (its position is horizon_ whenever a
    /// schedule runs).
    core::ReminderQueue queue_;
    /// schedule_'s events by id, for find_event() (built on demand; const look-ups fill it).
    mutable EventIndex events_by_id_;
    State state_;
    core::Instant horizon_;
    std::optional<core::Instant> next_deadline_;
    std::optional<core::Delivery> next_;
    std::string next_title_;
    std::string next_lead_;
};

} // namespace agendad::runtime
