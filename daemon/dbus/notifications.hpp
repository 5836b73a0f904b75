#pragma once
/// Desktop notifications: a client of org.freedesktop.Notifications (spec 1.2) as a Sink.
///
/// The server's state, one of:
///   unknown  nothing asked yet, or the last call failed for a reason other than "no owner";
///            a retry (GetCapabilities) is armed `retry_delay` ahead.
///   probing  GetCapabilities is in flight.
///   absent   nobody owns org.freedesktop.Notifications; we wait for NameOwnerChanged.
///   stalled  a Notify went unanswered for `notify_timeout`; the queue waits and
///            GetCapabilities is asked every `retry_delay` until the server answers again.
///   ready    capabilities known; the queue is sent one Notify at a time (in order, so that a
///            later reminder of an occurrence can replace the earlier bubble by its id).
/// Invariant: a reminder leaves `queue_` only when a server answered its Notify with an id, or
/// when its Notify went unanswered twice (then it is logged as not shown): a server that never
/// answers one call cannot hold back those behind it for ever.
/// When a server comes back after reminders waited for it (absent or stalled), they are caught
/// up: those still current are shown one by one, or as one digest when more than
/// `digest_above`; those of events that have ended in the meantime are summarised in one
/// bubble. Every server change (NameOwnerChanged) starts a new `generation_`: replies and
/// bubble ids of an older server are ignored.
///
/// Bubbles outlive us: after a restart or a crash, a bubble of the previous run is still on
/// screen. Every change to the open bubbles is reported (`on_bubbles_changed`; the daemon keeps
/// them in the state file), and the next run hands them to adopt(): once the server answers
/// GetCapabilities, if it is the same server (same unique name), their ids are ours again, so
/// their Snooze, Dismiss, Open and Join work and a later reminder of the occurrence replaces
/// its bubble. A clean stop closes nothing: the bubbles stay for the next run to take over.
/// Taking over the ids is not enough with every server: dunst sends ActionInvoked (and
/// NotificationClosed) only to the connection that made the bubble, which died with the
/// previous run. So each taken-over bubble is also sent again in its own place (Notify with
/// replaces_id = its id), rebuilt from the running schedule as a delivery now would be: that
/// moves it to this connection. A re-send is not a reminder: it goes to this sink only (no
/// history, no ReminderDue), plays no sound (no sound hints, and `suppress-sound`), and goes
/// before the reminders waiting in the queue, so that a new reminder of the same occurrence
/// still replaces it. A bubble whose occurrence is no longer in the schedule is closed: its
/// Snooze and Dismiss could only fail, and it reminds of something the user removed or moved.

#include "core/protocol/clock.hpp"
#include "core/protocol/open_bubble.hpp"
#include "core/protocol/sink.hpp"
#include "dbus/agenda_backend.hpp"
#include "dbus/bus_connection.hpp"
#include "dbus/log_hook.hpp"
#include "dbus/notification_text.hpp"

#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <map>
#include <optional>

namespace agendad::dbus {

class NotificationSink final : public core::Sink {
  public:
    struct Options {
        const core::Zone* user_zone = nullptr; ///< must outlive the sink
        /// settings.snooze: what the bubble's Snooze offers.
        std::vector<core::SnoozeChoice> snooze_choices =
            NotificationContext::default_snooze_choices();
        std::chrono::milliseconds call_timeout{5000};
        /// How long a Notify may go unanswered before the server counts as not answering.
        std::chrono::milliseconds notify_timeout{10000};
        std::chrono::milliseconds retry_delay{5000};
        std::size_t queue_limit = 100; ///< reminders kept while no server is there
        /// More reminders than this waiting for a server come back as one digest.
        std::size_t digest_above = 3;
        /// Opens the event's url or meeting link; by default `xdg-open` (see url_opener.hpp).
        /// It reports a failure (not found, non-zero exit) by calling its second argument with
        /// the reason, maybe later, on the loop.
        std::function<void(const std::string& url, std::function<void(std::string)> failed)>
            open_url{};
        /// Told every change to the bubbles open on the server (to keep them across restarts).
        std::function<void(const core::OpenBubbles&)> on_bubbles_changed{};
        /// A taken-over bubble's occurrence as a delivery now: what it is sent again as. An
        /// unknown_reminder error closes the bubble (its event or occurrence is gone); any
        /// other (no schedule running) keeps it as it is. Unset: bubbles are taken over by id
        /// only, never sent again.
        std::function<std::expected<core::Delivery, BackendError>(const ActionTarget&)> redeliver{};
        LogFunction log = log_to_stderr;
    };

    /// `bus`, `clock` and `actions` (null: Snooze and Dismiss are not offered) must outlive it.
    NotificationSink(BusConnection& bus, const core::Clock& clock, AgendaBackend* actions,
                     Options options);
    ~NotificationSink() override { *alive_ = false; }
    NotificationSink(const NotificationSink&) = delete;
    NotificationSink& operator=(const NotificationSink&) = delete;

    /// The bubbles a previous run left open; taken over if the server is the same one. Call
    /// before start().
    void adopt(core::OpenBubbles previous) { adopted_ = std::move(previous); }

    /// Subscribes to the server's signals and asks for its capabilities.
    void start();

    void deliver(const core::Delivery& delivery) override;
    void deliver_digest(std::span<const core::Delivery> missed) override;
    void schedule_problem(const core::Diagnostics& diagnostics) override;
    void schedule_fixed() override;
    /// Several reminders as one bubble under `heading` (the pause's resume digest: "3
    /// reminders held while paused").
    void deliver_digest(std::span<const core::Delivery> deliveries, std::string heading);

    void set_user_zone(const core::Zone* zone) { options_.user_zone = zone; }
    void set_snooze_choices(std::vector<core::SnoozeChoice> choices) {
        options_.snooze_choices = std::move(choices);
    }

    enum class ServerState { unknown, probing, absent, stalled, ready };
    ServerState server_state() const { return state_; }
    const Capabilities& capabilities() const { return caps_; }
    /// Reminders waiting for a server.
    std::size_t queued() const { return queue_.size(); }
    /// The reminders' bubbles open on the server, as the state keeps them.
    core::OpenBubbles open_bubbles() const;

  private:
    struct Pending {
        std::vector<core::Delivery> deliveries;   ///< one: a reminder; more: a digest
        std::optional<core::Diagnostics> problem; ///< set: a schedule problem
        std::string heading;                      ///< set: a digest with this summary
        int unanswered = 0;                       ///< Notify calls of it that timed out
        std::optional<NotificationText> notice;   ///< set: a short note of ours, as is
        /// Set: a bubble of the previous run (this id), sent again in its place, quietly.
        std::uint32_t resend_of = 0;
    };
    /// Why reminders may have waited for a server, for the catch-up's words.
    enum class Waited { no, no_server, not_answering };
    using OccurrenceKey = std::pair<std::string, core::Instant>;

    void enqueue(Pending pending);
    void probe();
    void pump();
    void send(const Pending& pending);
    void failed(const sd_bus_error* error, std::string_view what);
    void arm_retry();
    void server_appeared();
    void server_vanished();
    void unanswered();
    void catch_up();
    void on_action(std::uint32_t id, std::string_view key);
    void on_closed(std::uint32_t id);
    void close(std::uint32_t id);
    void take_over();
    /// Queues the re-send of a taken-over bubble, or closes it when its occurrence is gone.
    void resend(const core::OpenBubble& bubble, std::deque<Pending>& resends);
    void forget(std::uint32_t id);
    void forget_bubbles();
    void remember(core::OpenBubble bubble);
    void bubbles_changed();
    void open(const std::string& url);
    void snooze(const core::OpenBubble& bubble, const std::optional<core::SnoozeChoice>& choice);
    void log(LogLevel level, std::string_view message) const;

    BusConnection& bus_;
    const core::Clock& clock_;
    AgendaBackend* actions_;
    Options options_;
    boost::asio::steady_timer retry_;
    Slot owner_changed_;
    Slot action_invoked_;
    Slot closed_;
    ServerState state_ = ServerState::unknown;
    Capabilities caps_;
    std::string server_name_; ///< the server's unique name, to trust its signals only
    std::uint64_t generation_ = 0;
    bool in_flight_ = false;
    bool said_absent_ = false;
    bool said_stalled_ = false;
    Waited waited_ = Waited::no;
    std::deque<Pending> queue_;
    std::map<std::uint32_t, core::OpenBubble> shown_;
    core::OpenBubbles adopted_; ///< a previous run's, until the server is known
    std::map<OccurrenceKey, std::uint32_t> by_occurrence_;
    std::uint32_t problem_id_ = 0;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace agendad::dbus
