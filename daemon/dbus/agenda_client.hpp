#pragma once
/// The client side of io.github.agendad.Agenda1 (core/protocol/agenda_protocol.hpp): blocking calls
/// over one sd-bus connection of its own, for agendactl. Prints nothing: every call returns its
/// value or a ClientError whose message is one line ready to show.
///
/// A call does not start agendad through D-Bus activation unless its CallOptions say so, so
/// that "is it running?" questions answer truthfully.

#include "core/protocol/agenda_protocol.hpp"
#include "dbus/bus_refs.hpp"

#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace agendad::dbus {

enum class ClientErrorKind {
    not_running, ///< no session bus, or nobody owns io.github.agendad
    rejected,    ///< the daemon answered with an error (its name in `name`)
    failed,      ///< the call could not be built or its reply not read
};

struct ClientError {
    ClientErrorKind kind = ClientErrorKind::failed;
    std::string message; ///< "agendad is not running (…)", the daemon's message, …
    std::string name;    ///< the D-Bus error name, when the daemon sent one
};

template <typename T>
using ClientResult = std::expected<T, ClientError>;

/// How one call goes.
struct CallOptions {
    bool auto_start = false; ///< let the bus start agendad (D-Bus activation) to answer
    std::chrono::microseconds timeout = std::chrono::seconds{10};
};

class AgendaClient {
  public:
    /// Connects to the user's session bus ($DBUS_SESSION_BUS_ADDRESS).
    static ClientResult<AgendaClient> open_user();

    /// ListUpcoming: reminders with from <= fire_at < until.
    ClientResult<std::vector<core::UpcomingReminder>>
    list_upcoming(core::Instant from, core::Instant until, CallOptions options = {});

    /// The properties, one Get each; Version first, so that a missing daemon is the first
    /// error.
    ClientResult<core::AgendaStatus> status(CallOptions options = {});
    ClientResult<std::string> version(CallOptions options = {});

    /// Reload: the diagnostics as lines, empty when the new schedule runs.
    ClientResult<std::vector<std::string>> reload(CallOptions options = {});

    /// Snooze: when the event reminds again. `span` 0: the schedule's settings.snooze.
    ClientResult<core::Instant> snooze(const std::string& event_id, std::chrono::seconds span,
                                       CallOptions options = {});

    /// Dismiss: the start of the occurrence dismissed.
    ClientResult<core::Instant> dismiss(const std::string& event_id, CallOptions options = {});

    /// History: entries at or after `since`, oldest first (only missed ones if asked).
    ClientResult<std::vector<core::HistoryEntry>> history(core::Instant since, bool missed_only,
                                                          CallOptions options = {});

    /// Pause until `until` (none: until resume); the pause's end as the daemon set it (none:
    /// until resumed).
    ClientResult<std::optional<core::Instant>> pause(std::optional<core::Instant> until,
                                                     CallOptions options = {});

    /// Resume: what became of the reminders held during the pause.
    ClientResult<core::ResumeResult> resume(CallOptions options = {});

    /// PausedUntil, read alone (agendactl next): whether paused, and until when (none: until
    /// resumed).
    ClientResult<std::pair<bool, std::optional<core::Instant>>>
    paused_until(CallOptions options = {});

    /// Calls `handler` for every ReminderDue signal of the current owner of io.github.agendad
    /// while the returned slot lives (any peer may send a signal on our path and interface).
    ClientResult<Slot> on_reminder_due(std::function<void(const core::ReminderDue&)> handler);

    /// Calls `changed` on anything that may change what ListUpcoming or the properties say:
    /// the interface's signals and PropertiesChanged from the current owner of
    /// io.github.agendad, and agendad coming or going. The slots
    /// unsubscribe when dropped.
    ClientResult<std::vector<Slot>> on_change(const std::function<void()>& changed);

    /// Runs the signal handlers of everything received, then waits up to `timeout` (none:
    /// forever) for more. An error means the connection is gone.
    ClientResult<void> process();
    ClientResult<void> wait(std::optional<std::chrono::microseconds> timeout);

  private:
    explicit AgendaClient(Bus bus);
    ClientResult<Message> call(const char* interface, const core::agenda1::Member& member,
                               const CallOptions& options,
                               const std::function<int(sd_bus_message*)>& fill = {});
    ClientResult<Message> get_property(const core::agenda1::Member& property,
                                       const CallOptions& options);
    ClientResult<std::string> string_property(const core::agenda1::Member& property,
                                              const CallOptions& options);
    ClientResult<Slot> match(const std::string& rule, std::function<void(sd_bus_message*)>);
    /// Starts following who owns io.github.agendad (NameOwnerChanged, then GetNameOwner), once.
    ClientResult<void> track_owner();

    Bus bus_;
    /// The unique name owning io.github.agendad ("" when nobody does), kept current by
    /// owner_slot_'s NameOwnerChanged match; shared with the handlers, which may outlive a move.
    std::shared_ptr<std::string> owner_ = std::make_shared<std::string>();
    Slot owner_slot_;
};

} // namespace agendad::dbus
