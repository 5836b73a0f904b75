#pragma once
/// Do not disturb (`agendactl pause`, `resume`, the Pause and Resume methods).

#include "core/protocol/agenda_protocol.hpp"
#include "core/protocol/clock.hpp"
#include "core/protocol/history_entry.hpp"
#include "core/protocol/sink.hpp"
#include "runtime/timer_source.hpp"

#include <expected>
#include <functional>
#include <optional>
#include <span>
#include <string>

namespace agendad::runtime {

class ReminderLoop;

/// Whether `pause` silences the desktop at `now` (its end, when it has one, not yet come).
bool pause_in_force(const std::optional<core::Pause>& pause, core::Instant now);

/*
 * While a pause is in force the desktop (the notification sink, behind gate()) is handed no
 * reminder; the loop records each as `held` (runtime/history.hpp), in the state. The pause
 * ends at its `until` (a wall-clock timer of its own, not the loop's: the loop's one deadline
 * is about reminders) or on resume(). Then the held reminders are read back from the history,
 * so that a restart during the pause loses none, looked up in the running schedule, and shown
 * as one digest (one alone: its own bubble, with its actions); those of events that have ended
 * by then are only logged, the rule the notification sink's catch-up follows. Each gets a
 * `shown` or `missed` entry. A schedule problem met during the pause waits for its end too.
 *
 * Not behind the gate: the journal and the ReminderDue signal. Scripts and bars that follow
 * ReminderDue keep working during a pause; one that pops things up itself can read PausedUntil.
 *
 * The pause is in the state (State::pause), so it survives a restart; one whose end came while
 * agendad was down ends at start().
 */
class PauseControl {
  public:
    struct Options {
        /// Shows the held reminders (more than one) under a heading; by default the desktop's
        /// deliver_digest.
        std::function<void(std::span<const core::Delivery>, const std::string& heading)>
            show_digest;
        /// Called whenever the pause starts, changes or ends (the D-Bus property, STATUS=).
        std::function<void()> on_changed;
        /// Held reminders this late are shown as missed ("missed at 09:15").
        std::chrono::seconds grace{60};
    };

    /// `clock`, `timer` and `loop` must outlive it; the timer's handler is set to this.
    PauseControl(const core::Clock& clock, TimerSource& timer, ReminderLoop& loop, Options options);

    /// Where reminders go when not paused; must outlive it. Without one, pauses still hold
    /// and record, and resume shows nothing.
    void set_desktop(core::Sink& desktop) { gate_.desktop = &desktop; }
    /// The Sink to hand reminders to in place of the desktop.
    core::Sink& gate() { return gate_; }

    /// Call after the loop has loaded its state and its first schedule: ends a pause whose
    /// end came while agendad was down, arms the end of one in force.
    void start();

    /// The pause in force now, if any.
    std::optional<core::Pause> current() const;

    /// Pauses until `until` (none: until resume()); a pause in force keeps its start. An end
    /// not after now is refused, with the reason.
    std::expected<core::Pause, std::string> pause(std::optional<core::Instant> until);

    /// Ends the pause and releases what it held (see above). Not paused: {0, 0}.
    core::ResumeResult resume();

    /// The timer's handler (tests call it directly).
    void on_timer(TimerWake wake);

  private:
    struct Gate final : core::Sink {
        PauseControl* control = nullptr;
        core::Sink* desktop = nullptr;
        std::optional<core::Diagnostics> held_problem;
        void deliver(const core::Delivery& delivery) override;
        void deliver_digest(std::span<const core::Delivery> missed) override;
        void schedule_problem(const core::Diagnostics& diagnostics) override;
        void schedule_fixed() override;
    };

    core::Instant now() const;
    void arm();

    const core::Clock& clock_;
    TimerSource& timer_;
    ReminderLoop& loop_;
    Options options_;
    Gate gate_;
};

} // namespace agendad::runtime
