#include "dbus/notifications.hpp"

#include "core/text/when_text.hpp"
#include "dbus/url_opener.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <utility>

namespace agendad::dbus {

namespace {

constexpr const char* server_bus_name = "org.freedesktop.Notifications";
constexpr const char* server_path = "/org/freedesktop/Notifications";
constexpr const char* server_interface = "org.freedesktop.Notifications";

bool no_owner(const sd_bus_error* error) {
    return sd_bus_error_has_name(error, "org.freedesktop.DBus.Error.ServiceUnknown") ||
           sd_bus_error_has_name(error, "org.freedesktop.DBus.Error.NameHasNoOwner");
}

Message new_call(sd_bus* bus, const char* member) {
    sd_bus_message* raw = nullptr;
    if (sd_bus_message_new_method_call(bus, &raw, server_bus_name, server_path, server_interface,
                                       member) < 0)
        return nullptr;
    return Message{raw};
}

std::uint8_t urgency_byte(core::Urgency urgency) {
    switch (urgency) {
    case core::Urgency::low:
        return 0;
    case core::Urgency::critical:
        return 2;
    case core::Urgency::normal:
        break;
    }
    return 1;
}

/// Notify's hints: always urgency, category and desktop-entry; resident and sounds when the
/// text asks for them; `quiet` (a bubble sent again, not a new reminder): no sound at all.
int append_hints(sd_bus_message* call, const NotificationText& n, core::Urgency urgency,
                 bool quiet) {
    int r = sd_bus_message_open_container(call, 'a', "{sv}");
    if (r >= 0)
        r = sd_bus_message_append(call, "{sv}{sv}{sv}", "urgency", "y", urgency_byte(urgency),
                                  "category", "s", "x-agendad.reminder", "desktop-entry", "s",
                                  "agendad");
    if (r >= 0 && n.resident)
        r = sd_bus_message_append(call, "{sv}", "resident", "b", 1);
    if (r >= 0 && quiet)
        r = sd_bus_message_append(call, "{sv}", "suppress-sound", "b", 1);
    if (r >= 0 && !quiet && !n.sound_name.empty())
        r = sd_bus_message_append(call, "{sv}", "sound-name", "s", n.sound_name.c_str());
    if (r >= 0 && !quiet && !n.sound_file.empty())
        r = sd_bus_message_append(call, "{sv}", "sound-file", "s", n.sound_file.c_str());
    if (r >= 0)
        r = sd_bus_message_close_container(call);
    return r;
}

} // namespace

NotificationSink::NotificationSink(BusConnection& bus, const core::Clock& clock,
                                   AgendaBackend* actions, Options options)
    : bus_(bus), clock_(clock), actions_(actions), options_(std::move(options)), retry_(bus.io()) {
    if (!options_.open_url)
        options_.open_url = [this](const std::string& url,
                                   std::function<void(std::string)> failed) {
            dbus::open_url(bus_.io(), url, std::move(failed));
        };
}

void NotificationSink::log(LogLevel level, std::string_view message) const {
    if (options_.log)
        options_.log(level, message);
}

void NotificationSink::start() {
    owner_changed_ = bus_.match_rule(
        fmt::format("type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
                    "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='{}'",
                    server_bus_name),
        [this](sd_bus_message* m) {
            const char* name = nullptr;
            const char* old_owner = nullptr;
            const char* new_owner = nullptr;
            if (sd_bus_message_read(m, "sss", &name, &old_owner, &new_owner) < 0 ||
                std::string_view{name} != server_bus_name)
                return;
            if (*new_owner == '\0')
                server_vanished();
            else
                server_appeared();
        });
    action_invoked_ = bus_.match_signal(
        nullptr, server_path, server_interface, "ActionInvoked", [this](sd_bus_message* m) {
            const char* sender = sd_bus_message_get_sender(m);
            std::uint32_t id = 0;
            const char* key = nullptr;
            if (state_ != ServerState::ready || !sender || server_name_ != sender ||
                sd_bus_message_read(m, "us", &id, &key) < 0)
                return;
            on_action(id, key);
        });
    closed_ = bus_.match_signal(
        nullptr, server_path, server_interface, "NotificationClosed", [this](sd_bus_message* m) {
            const char* sender = sd_bus_message_get_sender(m);
            std::uint32_t id = 0;
            std::uint32_t reason = 0;
            if (!sender || server_name_ != sender || sd_bus_message_read(m, "uu", &id, &reason) < 0)
                return;
            on_closed(id);
        });
    probe();
}

void NotificationSink::probe() {
    if (state_ == ServerState::probing)
        return;
    Message call = new_call(bus_.get(), "GetCapabilities");
    if (!call)
        return arm_retry();
    state_ = ServerState::probing;
    const auto generation = generation_;
    const int r = bus_.call_async(
        call.get(),
        [this, generation, alive = alive_](sd_bus_message* reply, const sd_bus_error* error) {
            if (!*alive || generation != generation_)
                return;
            state_ = ServerState::unknown;
            if (error)
                return failed(error, "asking the notification server for its capabilities");
            char** names = nullptr;
            if (sd_bus_message_read_strv(reply, &names) < 0)
                return failed(nullptr, "reading the notification server's capabilities");
            std::vector<std::string> list;
            for (char** name = names; name && *name; ++name) {
                list.emplace_back(*name);
                free(*name);
            }
            free(names);
            caps_ = Capabilities::from(list);
            const char* sender = sd_bus_message_get_sender(reply);
            server_name_ = sender ? sender : "";
            state_ = ServerState::ready;
            said_absent_ = false;
            said_stalled_ = false;
            log(LogLevel::info,
                fmt::format("notification server {} ready (markup {}, links {}, actions {})",
                            server_name_, caps_.markup ? "yes" : "no",
                            caps_.hyperlinks ? "yes" : "no", caps_.actions ? "yes" : "no"));
            take_over();
            catch_up();
            pump();
        },
        options_.call_timeout);
    if (r < 0) {
        state_ = ServerState::unknown;
        arm_retry();
    }
}

void NotificationSink::failed(const sd_bus_error* error, std::string_view what) {
    in_flight_ = false;
    if (error && no_owner(error)) {
        state_ = ServerState::absent;
        if (waited_ == Waited::no)
            waited_ = Waited::no_server;
        if (!said_absent_)
            log(LogLevel::notice,
                fmt::format("no notification server on the session bus; {} reminder(s) kept "
                            "(and logged) until one appears",
                            queue_.size()));
        said_absent_ = true;
        return;
    }
    state_ = ServerState::unknown;
    log(LogLevel::warning, fmt::format("{} failed ({}); retrying in {} ms", what,
                                       error ? error_text(error) : std::string{"bad reply"},
                                       options_.retry_delay.count()));
    arm_retry();
}

void NotificationSink::arm_retry() {
    retry_.expires_after(options_.retry_delay);
    retry_.async_wait([this, alive = alive_](const boost::system::error_code& error) {
        if (error || !*alive)
            return;
        if (state_ == ServerState::unknown || state_ == ServerState::stalled)
            probe();
    });
}

void NotificationSink::server_appeared() {
    ++generation_;
    in_flight_ = false;
    forget_bubbles();
    problem_id_ = 0;
    state_ = ServerState::unknown;
    // What waited is caught up once the new server has answered GetCapabilities.
    if (waited_ == Waited::no)
        waited_ = Waited::no_server;
    retry_.cancel();
    probe();
}

void NotificationSink::server_vanished() {
    ++generation_;
    in_flight_ = false;
    forget_bubbles();
    problem_id_ = 0;
    server_name_.clear();
    retry_.cancel();
    state_ = ServerState::absent;
    if (waited_ == Waited::no)
        waited_ = Waited::no_server;
    if (!said_absent_)
        log(LogLevel::notice, "the notification server left the bus; reminders are kept (and "
                              "logged) until one appears");
    said_absent_ = true;
}

void NotificationSink::enqueue(Pending pending) {
    if (queue_.size() >= options_.queue_limit) {
        log(LogLevel::warning, "too many reminders waiting for a notification server; the "
                               "oldest is dropped (it is in the log)");
        queue_.pop_front();
    }
    queue_.push_back(std::move(pending));
    pump();
}

void NotificationSink::deliver(const core::Delivery& delivery) {
    enqueue(Pending{{delivery}, {}, {}, 0, {}});
}

void NotificationSink::deliver_digest(std::span<const core::Delivery> missed) {
    if (missed.empty())
        return;
    enqueue(Pending{{missed.begin(), missed.end()}, {}, {}, 0, {}});
}

void NotificationSink::deliver_digest(std::span<const core::Delivery> deliveries,
                                      std::string heading) {
    if (!deliveries.empty())
        enqueue(Pending{{deliveries.begin(), deliveries.end()}, {}, std::move(heading), 0, {}});
}

void NotificationSink::schedule_problem(const core::Diagnostics& diagnostics) {
    enqueue(Pending{{}, diagnostics, {}, 0, {}});
}

void NotificationSink::schedule_fixed() {
    std::erase_if(queue_, [](const Pending& p) { return p.problem.has_value(); });
    if (problem_id_ != 0)
        close(problem_id_);
    problem_id_ = 0;
}

void NotificationSink::pump() {
    if (state_ != ServerState::ready || in_flight_)
        return;
    // A bubble of the previous run closed (or replaced) before its re-send went out: gone.
    while (!queue_.empty() && queue_.front().resend_of != 0 &&
           !shown_.contains(queue_.front().resend_of))
        queue_.pop_front();
    if (!queue_.empty())
        send(queue_.front());
}

void NotificationSink::send(const Pending& pending) {
    const NotificationContext context{.caps = caps_,
                                      .user_zone = options_.user_zone,
                                      .snooze_choices = options_.snooze_choices,
                                      .can_act = actions_ != nullptr};
    NotificationText n;
    std::uint32_t replaces = 0;
    core::Urgency urgency = core::Urgency::normal;
    if (pending.notice) {
        n = *pending.notice;
    } else if (pending.problem) {
        n = problem_text(*pending.problem, context);
        replaces = problem_id_;
    } else if (pending.resend_of != 0) {
        const core::Delivery& d = pending.deliveries.front();
        n = notification_text(d, context);
        urgency = d.urgency;
        replaces = pending.resend_of;
    } else if (pending.deliveries.size() == 1 && pending.heading.empty()) {
        const core::Delivery& d = pending.deliveries.front();
        n = notification_text(d, context);
        urgency = d.urgency;
        if (auto it = by_occurrence_.find({d.event_id, d.start}); it != by_occurrence_.end())
            replaces = it->second;
    } else {
        n = digest_text(pending.deliveries, context);
        if (!pending.heading.empty())
            n.summary = pending.heading;
        for (const core::Delivery& d : pending.deliveries)
            if (d.urgency == core::Urgency::critical)
                urgency = d.urgency;
    }

    Message call = new_call(bus_.get(), "Notify");
    const std::vector<std::string> action_strings = n.action_strings();
    std::vector<const char*> actions;
    for (const std::string& a : action_strings)
        actions.push_back(a.c_str());
    actions.push_back(nullptr);
    int r = call ? 0 : -ENOMEM;
    if (r >= 0)
        r = sd_bus_message_append(call.get(), "susss", "agendad", replaces, "appointment-soon",
                                  n.summary.c_str(), n.body.c_str());
    if (r >= 0)
        r = sd_bus_message_append_strv(call.get(), const_cast<char**>(actions.data()));
    if (r >= 0)
        r = append_hints(call.get(), n, urgency, pending.resend_of != 0);
    if (r >= 0)
        r = sd_bus_message_append(call.get(), "i",
                                  urgency == core::Urgency::critical ? 0 : n.expire_timeout);
    if (r < 0) {
        log(LogLevel::error, fmt::format("cannot build a Notify call: {}", errno_text(r)));
        queue_.pop_front();
        return pump();
    }
    in_flight_ = true;
    const auto generation = generation_;
    core::OpenBubble shown;
    const bool is_problem = pending.problem.has_value();
    const bool is_single = pending.deliveries.size() == 1 && pending.heading.empty() && !is_problem;
    const std::uint32_t resend_of = pending.resend_of;
    if (is_single) {
        const core::Delivery& d = pending.deliveries.front();
        shown = core::OpenBubble{0, d.event_id, d.start, n.open_url, n.join_url};
    }
    r = bus_.call_async(
        call.get(),
        [this, generation, shown = std::move(shown), is_problem, is_single, resend_of,
         alive = alive_](sd_bus_message* reply, const sd_bus_error* error) {
            if (!*alive)
                return;
            if (generation != generation_) {
                // Sent to a server that has since changed; the reminder is still queued.
                in_flight_ = false;
                return pump();
            }
            in_flight_ = false;
            std::uint32_t id = 0;
            if (error && sd_bus_error_has_name(error, "org.freedesktop.DBus.Error.NoReply"))
                return unanswered();
            if (error)
                return failed(error, "showing a reminder");
            if (sd_bus_message_read(reply, "u", &id) < 0)
                return failed(nullptr, "showing a reminder");
            queue_.pop_front();
            if (is_problem)
                problem_id_ = id;
            if (is_single) {
                core::OpenBubble bubble = shown;
                bubble.id = id;
                remember(std::move(bubble));
                bubbles_changed();
            }
            if (resend_of != 0 && id != resend_of) {
                // The server made a new bubble instead of replacing: the new id is the one
                // remembered, and the old bubble, whose actions reach nobody, goes.
                log(LogLevel::info, fmt::format("the notification server gave bubble {} of the "
                                                "previous run a new id ({}); closing the old one",
                                                resend_of, id));
                close(resend_of);
            }
            pump();
        },
        options_.notify_timeout);
    if (r < 0) {
        in_flight_ = false;
        failed(nullptr, "sending a reminder");
    }
}

void NotificationSink::unanswered() {
    // The head is the call that timed out (the queue only grows at the back meanwhile).
    if (!queue_.empty() && ++queue_.front().unanswered >= 2) {
        const Pending& head = queue_.front();
        log(LogLevel::warning,
            fmt::format("not shown, the notification server did not answer it twice: {}",
                        head.problem            ? std::string{"the schedule's problems"}
                        : head.notice           ? head.notice->summary
                        : !head.heading.empty() ? head.heading
                                                : head.deliveries.front().title));
        queue_.pop_front();
    }
    state_ = ServerState::stalled;
    waited_ = Waited::not_answering;
    if (!said_stalled_)
        log(LogLevel::warning,
            fmt::format("the notification server {} did not answer within {} ms; reminders are "
                        "kept (and logged) until it answers again",
                        server_name_, options_.notify_timeout.count()));
    said_stalled_ = true;
    arm_retry();
}

void NotificationSink::catch_up() {
    const Waited waited = std::exchange(waited_, Waited::no);
    if (waited == Waited::no)
        return;
    const char* while_text = waited == Waited::not_answering
                                 ? "while the notification server was not answering"
                                 : "while no notification server was running";
    // Reminders of events that are over by now get one summary bubble, not one each.
    const auto now = std::chrono::floor<std::chrono::seconds>(clock_.now());
    // Each with the unanswered count of the pending it came from, so that a merged one still
    // has at most one more try when one of its reminders had already gone unanswered.
    std::vector<std::pair<core::Delivery, int>> current;
    std::vector<core::Delivery> ended;
    int unanswered = 0;
    for (Pending& p : queue_) {
        if (p.problem || p.notice || p.resend_of != 0)
            continue;
        unanswered = std::max(unanswered, p.unanswered);
        for (core::Delivery& d : p.deliveries) {
            if (d.end <= now)
                ended.push_back(std::move(d));
            else
                current.emplace_back(std::move(d), p.unanswered);
        }
        p.deliveries.clear();
    }
    const std::size_t waiting = current.size() + ended.size();
    if (waiting == 0)
        return;
    std::erase_if(queue_, [](const Pending& p) {
        return !p.problem && !p.notice && p.resend_of == 0 && p.deliveries.empty();
    });
    if (current.size() > options_.digest_above) {
        std::vector<core::Delivery> digest;
        for (auto& [d, tries] : current)
            digest.push_back(std::move(d));
        std::string heading = fmt::format("{} reminders {}", digest.size(), while_text);
        queue_.push_back(Pending{std::move(digest), {}, std::move(heading), unanswered, {}});
    } else {
        for (auto& [d, tries] : current)
            queue_.push_back(Pending{{std::move(d)}, {}, {}, tries, {}});
    }
    if (!ended.empty()) {
        log(LogLevel::info,
            fmt::format("{} reminder(s) of events that ended {} are summarised in one bubble",
                        ended.size(), while_text));
        const std::string heading =
            ended.size() == 1
                ? fmt::format("1 reminder of an event that ended {}", while_text)
                : fmt::format("{} reminders of events that ended {}", ended.size(), while_text);
        queue_.push_back(Pending{std::move(ended), {}, heading, unanswered, {}});
    }
}

void NotificationSink::close(std::uint32_t id) {
    Message call = new_call(bus_.get(), "CloseNotification");
    if (!call || sd_bus_message_append(call.get(), "u", id) < 0)
        return;
    bus_.call_async(
        call.get(), [](sd_bus_message*, const sd_bus_error*) {}, options_.call_timeout);
}

void NotificationSink::on_action(std::uint32_t id, std::string_view key) {
    const auto it = shown_.find(id);
    const auto chosen = parse_action_key(key);
    if (it == shown_.end() || !chosen)
        return; // someone else's bubble, or a key we never offered
    const core::OpenBubble bubble = it->second;
    switch (chosen->action) {
    case Action::open:
        if (!bubble.open_url.empty())
            open(bubble.open_url);
        return;
    case Action::join:
        if (!bubble.join_url.empty())
            open(bubble.join_url);
        return;
    case Action::snooze:
        if (!actions_)
            return;
        snooze(bubble, chosen->snooze);
        break;
    case Action::dismiss: {
        if (!actions_)
            return;
        const ActionTarget target{bubble.event_id, bubble.start};
        if (auto dismissed = actions_->dismiss(target))
            log(LogLevel::info, fmt::format("dismissed [{}]: no more reminders for this "
                                            "occurrence",
                                            target.event_id));
        else
            log(LogLevel::warning,
                fmt::format("cannot dismiss [{}]: {}", target.event_id, dismissed.error().message));
        break;
    }
    }
    // Resident servers keep the bubble after snooze or dismiss; it has done its job. Forgotten
    // now, not when the server says it closed: a stop in between must not leave it in the state
    // for the next run to show again.
    forget(id);
    bubbles_changed();
    close(id);
}

void NotificationSink::snooze(const core::OpenBubble& bubble,
                              const std::optional<core::SnoozeChoice>& choice) {
    const ActionTarget target{bubble.event_id, bubble.start};
    const auto now = std::chrono::floor<std::chrono::seconds>(clock_.now());
    // No choice (a bubble from before choices): the schedule's settings.snooze, as 0 asks.
    std::chrono::seconds span{0};
    if (choice && choice->until_start())
        span = snooze_until_start;
    else if (choice)
        span =
            std::max(choice->span->after(now, *options_.user_zone) - now, std::chrono::seconds{1});
    auto snoozed = actions_->snooze(target, span);
    if (!snoozed)
        return log(LogLevel::warning,
                   fmt::format("cannot snooze [{}]: {}", target.event_id, snoozed.error().message));
    log(LogLevel::info,
        fmt::format("snoozed [{}] {}{}", target.event_id,
                    choice && choice->until_start() ? "until it starts, for " : "for ",
                    core::duration_text(snoozed->fire_at - now)));
}

void NotificationSink::open(const std::string& url) {
    options_.open_url(url, [this, alive = alive_, url](std::string reason) {
        if (!*alive)
            return;
        log(LogLevel::warning, fmt::format("could not open {}: {}", url, reason));
        const NotificationContext context{.caps = caps_, .user_zone = options_.user_zone};
        enqueue(Pending{{}, {}, {}, 0, open_failed_text(url, reason, context)});
    });
}

} // namespace agendad::dbus
