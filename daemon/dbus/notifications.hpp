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

#include "core/clock.hpp"
#include "core/sink.hpp"
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
        std::chrono::seconds snooze{300};      ///< settings.snooze
        std::chrono::milliseconds call_timeout{5000};
        /// How long a Notify may go unanswered before the server counts as not answering.
        std::chrono::milliseconds notify_timeout{10000};
        std::chrono::milliseconds retry_delay{5000};
        std::size_t queue_limit = 100; ///< reminders kept while no server is there
        /// More reminders than this waiting for a server come back as one digest.
        std::size_t digest_above = 3;
        /// Opens the event's url or meeting link; by default `xdg-open` (see url_opener.hpp).
        std::function<void(const std::string& url)> open_url;
        LogFunction log = log_to_stderr;
    };

    /// `bus`, `clock` and `actions` (null: Snooze and Dismiss are not offered) must outlive it.
    NotificationSink(BusConnection& bus, const core::Clock& clock, AgendaBackend* actions,
                     Options options);
    ~NotificationSink() override { *alive_ = false; }
    NotificationSink(const NotificationSink&) = delete;
    NotificationSink& operator=(const NotificationSink&) = delete;

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
    void set_snooze(std::chrono::seconds span) { options_.snooze = span; }

    enum class ServerState { unknown, probing, absent, stalled, ready };
    ServerState server_state() const { return state_; }
    const Capabilities& capabilities() const { return caps_; }
    /// Reminders waiting for a server.
    std::size_t queued() const { return queue_.size(); }

  private:
    struct Pending {
        std::vector<core::Delivery> deliveries;   ///< one: a reminder; more: a digest
        std::optional<core::Diagnostics> problem; ///< set: a schedule problem
        std::string heading;                      ///< set: a digest with this summary
        int unanswered = 0;                       ///< Notify calls of it that timed out
    };
    /// Why reminders may have waited for a server, for the catch-up's words.
    enum class Waited { no, no_server, not_answering };
    struct Shown {
        core::Delivery delivery;
        std::string open_url;
        std::string join_url;
    };
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
    std::map<std::uint32_t, Shown> shown_;
    std::map<OccurrenceKey, std::uint32_t> by_occurrence_;
    std::uint32_t problem_id_ = 0;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace agendad::dbus
