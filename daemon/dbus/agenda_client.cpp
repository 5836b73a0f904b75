#include "dbus/agenda_client.hpp"

#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <tuple>

namespace agendad::dbus {

namespace agenda1 = core::agenda1;

namespace {

constexpr const char* properties_interface = "org.freedesktop.DBus.Properties";

bool not_there(const sd_bus_error* error) {
    return sd_bus_error_has_name(error, "org.freedesktop.DBus.Error.ServiceUnknown") ||
           sd_bus_error_has_name(error, "org.freedesktop.DBus.Error.NameHasNoOwner") ||
           sd_bus_error_has_name(error, "org.freedesktop.DBus.Error.NoReply");
}

ClientError failed(std::string what, int negative_errno) {
    return ClientError{
        ClientErrorKind::failed, fmt::format("{}: {}", what, std::strerror(-negative_errno)), {}};
}

ClientError bad_reply(const core::agenda1::Member& member, int negative_errno) {
    return failed(fmt::format("cannot read agendad's answer to {}", member.name), negative_errno);
}

using Handler = std::function<void(sd_bus_message*)>;

int on_signal(sd_bus_message* message, void* userdata, sd_bus_error* /*ret_error*/) {
    (*static_cast<Handler*>(userdata))(message);
    return 0; // let other matches see it too
}

/// Whether `m` comes from `owner`, the unique name owning io.github.agendad ("": nobody).
bool sent_by(sd_bus_message* m, const std::string& owner) {
    const char* sender = sd_bus_message_get_sender(m);
    return sender && !owner.empty() && owner == sender;
}

void destroy_handler(void* userdata) {
    delete static_cast<Handler*>(userdata);
}

/// Installs a match (synchronously: it is in place when this returns) whose slot owns `handler`.
template <typename Add>
ClientResult<Slot> add_match(Handler handler, Add add) {
    auto* stored = new Handler(std::move(handler));
    sd_bus_slot* slot = nullptr;
    if (const int r = add(&slot, stored); r < 0) {
        delete stored;
        return std::unexpected(failed("cannot subscribe to agendad's signals", r));
    }
    sd_bus_slot_set_destroy_callback(slot, destroy_handler);
    return Slot{slot};
}

} // namespace

AgendaClient::AgendaClient(Bus bus) : bus_(std::move(bus)) {}

ClientResult<AgendaClient> AgendaClient::open_user() {
    sd_bus* raw = nullptr;
    if (const int r = sd_bus_open_user(&raw); r < 0)
        return std::unexpected(ClientError{
            ClientErrorKind::not_running,
            fmt::format("agendad is not running (no session bus: {})", std::strerror(-r)),
            {}});
    return AgendaClient{Bus{raw}};
}

ClientResult<Message> AgendaClient::call(const char* interface, const core::agenda1::Member& member,
                                         const CallOptions& options,
                                         const std::function<int(sd_bus_message*)>& fill) {
    sd_bus_message* raw = nullptr;
    int r = sd_bus_message_new_method_call(bus_.get(), &raw, agenda1::bus_name,
                                           agenda1::object_path, interface, member.name);
    const Message message{raw};
    if (r >= 0)
        r = sd_bus_message_set_auto_start(raw, options.auto_start ? 1 : 0);
    if (r >= 0 && fill)
        r = fill(raw);
    if (r < 0)
        return std::unexpected(failed("cannot build the call", r));
    sd_bus_error error{}; // both fields NULL (sd_bus_error(3)); SD_BUS_ERROR_NULL is C only
    sd_bus_message* reply = nullptr;
    r = sd_bus_call(bus_.get(), raw, static_cast<std::uint64_t>(options.timeout.count()), &error,
                    &reply);
    if (r >= 0)
        return Message{reply};
    ClientError out;
    if (not_there(&error)) {
        out = {ClientErrorKind::not_running,
               fmt::format("agendad is not running (nothing owns {} on the session bus)",
                           agenda1::bus_name),
               error.name};
    } else if (sd_bus_error_is_set(&error)) {
        out = {ClientErrorKind::rejected, error.message ? error.message : error.name, error.name};
    } else {
        out = {ClientErrorKind::not_running,
               fmt::format("agendad is not running ({})", std::strerror(-r)),
               {}};
    }
    sd_bus_error_free(&error);
    return std::unexpected(std::move(out));
}

ClientResult<Message> AgendaClient::get_property(const core::agenda1::Member& property,
                                                 const CallOptions& options) {
    static constexpr core::agenda1::Member get{"Get", "ss", "v"};
    return call(properties_interface, get, options, [&](sd_bus_message* m) {
        return sd_bus_message_append(m, get.in, agenda1::interface, property.name);
    });
}

ClientResult<std::string> AgendaClient::string_property(const core::agenda1::Member& property,
                                                        const CallOptions& options) {
    auto reply = get_property(property, options);
    if (!reply)
        return std::unexpected(std::move(reply.error()));
    const char* value = nullptr;
    if (const int r = sd_bus_message_read(reply->get(), "v", property.in, &value); r < 0)
        return std::unexpected(bad_reply(property, r));
    return std::string{value};
}

ClientResult<std::vector<core::UpcomingReminder>>
AgendaClient::list_upcoming(core::Instant from, core::Instant until, CallOptions options) {
    const auto& member = agenda1::list_upcoming;
    auto reply = call(agenda1::interface, member, options, [&](sd_bus_message* m) {
        return sd_bus_message_append(m, member.in, agenda1::to_us(from), agenda1::to_us(until));
    });
    if (!reply)
        return std::unexpected(std::move(reply.error()));
    if (const int r =
            sd_bus_message_enter_container(reply->get(), 'a', agenda1::reminder_signature);
        r < 0)
        return std::unexpected(bad_reply(member, r));
    std::vector<core::UpcomingReminder> out;
    const char *id, *title, *location, *lead, *calendar;
    std::int64_t start, end, fire;
    int r;
    while ((r = sd_bus_message_read(reply->get(), agenda1::reminder_signature, &id, &title,
                                    &location, &lead, &start, &end, &fire, &calendar)) > 0)
        out.push_back({id, title, location, lead, agenda1::from_us(start), agenda1::from_us(end),
                       agenda1::from_us(fire), calendar});
    if (r < 0)
        return std::unexpected(bad_reply(member, r));
    return out;
}

ClientResult<std::string> AgendaClient::version(CallOptions options) {
    return string_property(agenda1::version_property, options);
}

ClientResult<core::AgendaStatus> AgendaClient::status(CallOptions options) {
    core::AgendaStatus status;
    for (auto [property, value] :
         {std::pair{&agenda1::version_property, &status.version},
          std::pair{&agenda1::schedule_path_property, &status.schedule_path},
          std::pair{&agenda1::last_error_property, &status.last_error}}) {
        auto text = string_property(*property, options);
        if (!text)
            return std::unexpected(std::move(text.error()));
        *value = std::move(*text);
    }
    const auto& property = agenda1::next_reminder_property;
    auto next = get_property(property, options);
    if (!next)
        return std::unexpected(std::move(next.error()));
    const char *id, *title, *lead;
    std::int64_t start = 0, fire = 0;
    if (const int r =
            sd_bus_message_read(next->get(), "v", property.in, &id, &title, &start, &fire, &lead);
        r < 0)
        return std::unexpected(bad_reply(property, r));
    if (*id) {
        status.next = core::UpcomingReminder{id,
                                             title,
                                             "",
                                             lead,
                                             agenda1::from_us(start),
                                             agenda1::from_us(start),
                                             agenda1::from_us(fire),
                                             ""};
        // Its calendar: a property of its own (agenda_protocol.hpp); an agendad from before it
        // has none, and its events are then shown without one.
        if (auto calendar = string_property(agenda1::next_reminder_calendar_property, options))
            status.next->calendar = std::move(*calendar);
        else if (calendar.error().name != SD_BUS_ERROR_UNKNOWN_PROPERTY)
            return std::unexpected(std::move(calendar.error()));
    }
    auto warnings = get_property(agenda1::warnings_property, options);
    if (!warnings)
        return std::unexpected(std::move(warnings.error()));
    if (const int r = sd_bus_message_enter_container(warnings->get(), 'v', "as"); r < 0)
        return std::unexpected(bad_reply(agenda1::warnings_property, r));
    char** lines = nullptr;
    if (const int r = sd_bus_message_read_strv(warnings->get(), &lines); r < 0)
        return std::unexpected(bad_reply(agenda1::warnings_property, r));
    for (char** line = lines; line && *line; ++line) {
        status.warnings.emplace_back(*line);
        std::free(*line);
    }
    std::free(lines);
    auto paused = paused_until(options);
    if (!paused)
        return std::unexpected(std::move(paused.error()));
    std::tie(status.paused, status.paused_until) = *paused;
    return status;
}

ClientResult<std::pair<bool, std::optional<core::Instant>>>
AgendaClient::paused_until(CallOptions options) {
    const auto& property = agenda1::paused_until_property;
    auto reply = get_property(property, options);
    if (!reply)
        return std::unexpected(std::move(reply.error()));
    std::int64_t until = 0;
    if (const int r = sd_bus_message_read(reply->get(), "v", property.in, &until); r < 0)
        return std::unexpected(bad_reply(property, r));
    if (until == agenda1::not_paused_us)
        return std::pair{false, std::optional<core::Instant>{}};
    if (until == agenda1::paused_until_resumed_us)
        return std::pair{true, std::optional<core::Instant>{}};
    return std::pair{true, std::optional<core::Instant>{agenda1::from_us(until)}};
}

ClientResult<std::vector<core::HistoryEntry>>
AgendaClient::history(core::Instant since, bool missed_only, CallOptions options) {
    const auto& member = agenda1::history;
    auto reply = call(agenda1::interface, member, options, [&](sd_bus_message* m) {
        return sd_bus_message_append(m, member.in, agenda1::to_us(since),
                                     static_cast<int>(missed_only));
    });
    if (!reply)
        return std::unexpected(std::move(reply.error()));
    if (const int r =
            sd_bus_message_enter_container(reply->get(), 'a', agenda1::history_entry_signature);
        r < 0)
        return std::unexpected(bad_reply(member, r));
    std::vector<core::HistoryEntry> out;
    const char *kind, *id, *title, *lead;
    std::int64_t at, start;
    int r;
    while ((r = sd_bus_message_read(reply->get(), agenda1::history_entry_signature, &kind, &id,
                                    &title, &lead, &at, &start)) > 0) {
        // A kind this agendactl does not know (a newer daemon) is left out, not misnamed.
        if (const auto known = core::history_kind_from(kind))
            out.push_back({agenda1::from_us(at), *known, id, title, lead, agenda1::from_us(start)});
    }
    if (r < 0)
        return std::unexpected(bad_reply(member, r));
    return out;
}

ClientResult<std::optional<core::Instant>> AgendaClient::pause(std::optional<core::Instant> until,
                                                               CallOptions options) {
    const auto& member = agenda1::pause;
    auto reply = call(agenda1::interface, member, options, [&](sd_bus_message* m) {
        return sd_bus_message_append(
            m, member.in, until ? agenda1::to_us(*until) : agenda1::paused_until_resumed_us);
    });
    if (!reply)
        return std::unexpected(std::move(reply.error()));
    std::int64_t set = 0;
    if (const int r = sd_bus_message_read(reply->get(), member.out, &set); r < 0)
        return std::unexpected(bad_reply(member, r));
    if (set == agenda1::paused_until_resumed_us)
        return std::optional<core::Instant>{};
    return std::optional<core::Instant>{agenda1::from_us(set)};
}

ClientResult<core::ResumeResult> AgendaClient::resume(CallOptions options) {
    auto reply = call(agenda1::interface, agenda1::resume, options);
    if (!reply)
        return std::unexpected(std::move(reply.error()));
    core::ResumeResult result;
    if (const int r =
            sd_bus_message_read(reply->get(), agenda1::resume.out, &result.shown, &result.logged);
        r < 0)
        return std::unexpected(bad_reply(agenda1::resume, r));
    return result;
}

ClientResult<std::vector<std::string>> AgendaClient::reload(CallOptions options) {
    auto reply = call(agenda1::interface, agenda1::reload, options);
    if (!reply)
        return std::unexpected(std::move(reply.error()));
    char** errors = nullptr;
    if (const int r = sd_bus_message_read_strv(reply->get(), &errors); r < 0)
        return std::unexpected(bad_reply(agenda1::reload, r));
    std::vector<std::string> out;
    for (char** e = errors; e && *e; ++e) {
        out.emplace_back(*e);
        std::free(*e);
    }
    std::free(errors);
    return out;
}

ClientResult<core::Instant> AgendaClient::snooze(const std::string& event_id,
                                                 std::chrono::seconds span, CallOptions options) {
    const auto& member = agenda1::snooze;
    auto reply = call(agenda1::interface, member, options, [&](sd_bus_message* m) {
        return sd_bus_message_append(m, member.in, event_id.c_str(),
                                     span == agenda1::snooze_until_start
                                         ? agenda1::snooze_until_start_seconds
                                         : static_cast<std::uint64_t>(span.count()));
    });
    if (!reply)
        return std::unexpected(std::move(reply.error()));
    std::int64_t when = 0;
    if (const int r = sd_bus_message_read(reply->get(), member.out, &when); r < 0)
        return std::unexpected(bad_reply(member, r));
    return agenda1::from_us(when);
}

ClientResult<core::Instant> AgendaClient::dismiss(const std::string& event_id,
                                                  CallOptions options) {
    const auto& member = agenda1::dismiss;
    auto reply = call(agenda1::interface, member, options, [&](sd_bus_message* m) {
        return sd_bus_message_append(m, member.in, event_id.c_str());
    });
    if (!reply)
        return std::unexpected(std::move(reply.error()));
    std::int64_t start = 0;
    if (const int r = sd_bus_message_read(reply->get(), member.out, &start); r < 0)
        return std::unexpected(bad_reply(member, r));
    return agenda1::from_us(start);
}

/*
 * Any peer on the bus may emit a signal with agendad's path and interface. The matches name
 * sender='io.github.agendad', which the bus resolves to the name's current owner when it
 * routes (dbus-daemon's rule; sd-bus lets a well-known sender pass locally, so agendad's own
 * signals still arrive: tests/dbus/agendactl_test.cpp). But sd-bus hands a message to every local
 * match that fits, so one routed for another rule of this connection would get through. So
 * the handlers also check the sender themselves against the unique name that owns
 * io.github.agendad, followed here: the NameOwnerChanged match is in place before GetNameOwner
 * is asked, and the bus sends a name's NameOwnerChanged before anything its new owner sends
 * under it, so the name is current whenever a signal is handled.
 */
ClientResult<void> AgendaClient::track_owner() {
    if (owner_slot_)
        return {};
    const auto rule = fmt::format("type='signal',sender='org.freedesktop.DBus',"
                                  "path='/org/freedesktop/DBus',interface='org.freedesktop.DBus',"
                                  "member='NameOwnerChanged',arg0='{}'",
                                  agenda1::bus_name);
    auto owner_match = add_match(
        [owner = owner_](sd_bus_message* m) {
            const char* sender = sd_bus_message_get_sender(m);
            const char *name, *old_owner, *new_owner;
            if (!sender || std::string_view{sender} != "org.freedesktop.DBus" ||
                sd_bus_message_read(m, "sss", &name, &old_owner, &new_owner) < 0 ||
                std::string_view{name} != agenda1::bus_name)
                return;
            *owner = new_owner;
        },
        [&](sd_bus_slot** slot, void* stored) {
            return sd_bus_add_match(bus_.get(), slot, rule.c_str(), on_signal, stored);
        });
    if (!owner_match)
        return std::unexpected(std::move(owner_match.error()));
    owner_slot_ = std::move(*owner_match);
    sd_bus_error error{}; // both fields NULL (sd_bus_error(3)); SD_BUS_ERROR_NULL is C only
    sd_bus_message* reply = nullptr;
    const int r = sd_bus_call_method(bus_.get(), "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                     "org.freedesktop.DBus", "GetNameOwner", &error, &reply, "s",
                                     agenda1::bus_name);
    Message owned{reply};
    const bool nobody = sd_bus_error_has_name(&error, "org.freedesktop.DBus.Error.NameHasNoOwner");
    sd_bus_error_free(&error);
    if (r < 0) {
        if (nobody)
            owner_->clear();
        else
            return std::unexpected(failed("cannot ask the bus who runs agendad", r));
        return {};
    }
    const char* unique = nullptr;
    if (const int rr = sd_bus_message_read(reply, "s", &unique); rr < 0)
        return std::unexpected(failed("cannot read the bus's answer to GetNameOwner", rr));
    *owner_ = unique;
    return {};
}

ClientResult<Slot>
AgendaClient::on_reminder_due(std::function<void(const core::ReminderDue&)> handler) {
    const auto& member = agenda1::reminder_due;
    if (auto tracked = track_owner(); !tracked)
        return std::unexpected(std::move(tracked.error()));
    return add_match(
        [handler = std::move(handler), owner = owner_](sd_bus_message* m) {
            if (!sent_by(m, *owner))
                return;
            const char *id, *title, *lead, *calendar;
            std::int64_t start = 0, fire = 0;
            int missed = 0;
            if (sd_bus_message_read(m, agenda1::reminder_due.in, &id, &title, &start, &fire, &lead,
                                    &missed, &calendar) < 0)
                return;
            handler(core::ReminderDue{id, title, agenda1::from_us(start), agenda1::from_us(fire),
                                      lead, missed != 0, calendar});
        },
        [&](sd_bus_slot** slot, void* stored) {
            return sd_bus_match_signal(bus_.get(), slot, agenda1::bus_name, agenda1::object_path,
                                       agenda1::interface, member.name, on_signal, stored);
        });
}

ClientResult<std::vector<Slot>> AgendaClient::on_change(const std::function<void()>& changed) {
    const auto rule = fmt::format("type='signal',sender='org.freedesktop.DBus',"
                                  "member='NameOwnerChanged',arg0='{}'",
                                  agenda1::bus_name);
    if (auto tracked = track_owner(); !tracked)
        return std::unexpected(std::move(tracked.error()));
    const std::function<int(sd_bus_slot**, void*)> adds[] = {
        [&](sd_bus_slot** slot, void* stored) {
            return sd_bus_match_signal(bus_.get(), slot, agenda1::bus_name, agenda1::object_path,
                                       agenda1::interface, nullptr, on_signal, stored);
        },
        [&](sd_bus_slot** slot, void* stored) {
            return sd_bus_match_signal(bus_.get(), slot, agenda1::bus_name, agenda1::object_path,
                                       properties_interface, "PropertiesChanged", on_signal,
                                       stored);
        },
        [&](sd_bus_slot** slot, void* stored) {
            return sd_bus_add_match(bus_.get(), slot, rule.c_str(), on_signal, stored);
        },
    };
    // The first two are agendad's own signals: only its current owner's count. The third is
    // the bus's (NameOwnerChanged), which no peer can send.
    std::vector<Slot> slots;
    for (const auto& add : adds) {
        const bool own_signal = slots.size() < 2;
        auto slot = add_match(
            [changed, own_signal, owner = owner_](sd_bus_message* m) {
                if (own_signal && !sent_by(m, *owner))
                    return;
                changed();
            },
            add);
        if (!slot)
            return std::unexpected(std::move(slot.error()));
        slots.push_back(std::move(*slot));
    }
    return slots;
}

ClientResult<void> AgendaClient::process() {
    int r;
    while ((r = sd_bus_process(bus_.get(), nullptr)) > 0) {
    }
    if (r < 0)
        return std::unexpected(failed("lost the session bus", r));
    return {};
}

ClientResult<void> AgendaClient::wait(std::optional<std::chrono::microseconds> timeout) {
    const std::uint64_t usec = timeout ? static_cast<std::uint64_t>(timeout->count()) : UINT64_MAX;
    if (const int r = sd_bus_wait(bus_.get(), usec); r < 0)
        return std::unexpected(failed("lost the session bus", r));
    return {};
}

} // namespace agendad::dbus
