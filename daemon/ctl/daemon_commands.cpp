#include "ctl/daemon_commands.hpp"

#include "core/reminder_text.hpp"
#include "core/span.hpp"
#include "core/when_text.hpp"
#include "ctl/schedule_commands.hpp"

#include <algorithm>
#include <cstring>
#include <expected>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <systemd/sd-bus.h>

namespace agendad::ctl {

namespace {

constexpr const char* bus_name = "io.github.agendad";
constexpr const char* object_path = "/io/github/agendad";
constexpr const char* interface = "io.github.agendad.Agenda1";
constexpr std::uint64_t call_timeout_us = 10'000'000;

struct BusDeleter {
    void operator()(sd_bus* bus) const { sd_bus_flush_close_unref(bus); }
};
struct MessageDeleter {
    void operator()(sd_bus_message* m) const { sd_bus_message_unref(m); }
};
using Bus = std::unique_ptr<sd_bus, BusDeleter>;
using Message = std::unique_ptr<sd_bus_message, MessageDeleter>;

/// A failed exchange: the exit code and the line already printed.
struct Failure {
    int code;
};

core::Instant from_us(std::int64_t us) {
    return std::chrono::floor<std::chrono::seconds>(
        std::chrono::sys_time<std::chrono::microseconds>{std::chrono::microseconds{us}});
}
std::int64_t to_us(core::Instant t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}
core::Instant now_seconds() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::optional<Bus> open_bus() {
    sd_bus* raw = nullptr;
    if (const int r = sd_bus_open_user(&raw); r < 0) {
        fmt::print(stderr, "agendactl: agendad is not running (no session bus: {})\n",
                   std::strerror(-r));
        return std::nullopt;
    }
    return Bus{raw};
}

bool not_there(const sd_bus_error* error) {
    return sd_bus_error_has_name(error, "org.freedesktop.DBus.Error.ServiceUnknown") ||
           sd_bus_error_has_name(error, "org.freedesktop.DBus.Error.NameHasNoOwner") ||
           sd_bus_error_has_name(error, "org.freedesktop.DBus.Error.NoReply");
}

/// Calls a method without auto-starting the daemon; prints the failure as one line.
std::expected<Message, Failure> call(sd_bus* bus, const char* iface, const char* member,
                                     const std::function<int(sd_bus_message*)>& fill = {}) {
    sd_bus_message* raw = nullptr;
    int r = sd_bus_message_new_method_call(bus, &raw, bus_name, object_path, iface, member);
    Message m{raw};
    if (r >= 0)
        r = sd_bus_message_set_auto_start(raw, 0);
    if (r >= 0 && fill)
        r = fill(raw);
    if (r < 0) {
        fmt::print(stderr, "agendactl: cannot build the call: {}\n", std::strerror(-r));
        return std::unexpected(Failure{Exit::failed});
    }
    sd_bus_error error = SD_BUS_ERROR_NULL;
    sd_bus_message* reply = nullptr;
    r = sd_bus_call(bus, raw, call_timeout_us, &error, &reply);
    if (r < 0) {
        int code = Exit::failed;
        if (not_there(&error)) {
            fmt::print(stderr,
                       "agendactl: agendad is not running (nothing owns {} on the "
                       "session bus)\n",
                       bus_name);
            code = Exit::not_running;
        } else if (sd_bus_error_is_set(&error)) {
            fmt::print(stderr, "agendactl: {}\n", error.message ? error.message : error.name);
        } else {
            fmt::print(stderr, "agendactl: agendad is not running ({})\n", std::strerror(-r));
            code = Exit::not_running;
        }
        sd_bus_error_free(&error);
        return std::unexpected(Failure{code});
    }
    return Message{reply};
}

std::expected<Message, Failure> get_property(sd_bus* bus, const char* name) {
    return call(bus, "org.freedesktop.DBus.Properties", "Get",
                [&](sd_bus_message* m) { return sd_bus_message_append(m, "ss", interface, name); });
}

std::expected<std::string, Failure> string_property(sd_bus* bus, const char* name) {
    auto reply = get_property(bus, name);
    if (!reply)
        return std::unexpected(reply.error());
    const char* value = nullptr;
    if (sd_bus_message_read(reply->get(), "v", "s", &value) < 0)
        return std::unexpected(Failure{Exit::failed});
    return std::string{value};
}

std::expected<std::vector<ListedReminder>, Failure> list(sd_bus* bus, core::Instant from,
                                                         core::Instant until) {
    auto reply = call(bus, interface, "ListUpcoming", [&](sd_bus_message* m) {
        return sd_bus_message_append(m, "xx", to_us(from), to_us(until));
    });
    if (!reply)
        return std::unexpected(reply.error());
    std::vector<ListedReminder> out;
    if (sd_bus_message_enter_container(reply->get(), 'a', "(ssssxxx)") < 0)
        return std::unexpected(Failure{Exit::failed});
    const char *id, *title, *location, *lead;
    std::int64_t start, end, fire;
    while (sd_bus_message_read(reply->get(), "(ssssxxx)", &id, &title, &location, &lead, &start,
                               &end, &fire) > 0)
        out.push_back({id, title, location, lead, from_us(start), from_us(end), from_us(fire)});
    return out;
}

std::string clock_text(core::Instant t, core::Instant now, const core::Zone& zone) {
    const auto local = date::make_zoned(&zone, t);
    const auto today = date::floor<date::days>(date::make_zoned(&zone, now).get_local_time());
    if (date::floor<date::days>(local.get_local_time()) == today)
        return date::format("%H:%M", local);
    return date::format("%a %H:%M", local);
}

} // namespace

NextAnswer next_answer(const std::vector<ListedReminder>& reminders, core::Instant now,
                       const core::Zone& zone) {
    // One entry per occurrence that has not ended, by start.
    std::map<std::pair<core::Instant, std::string>, const ListedReminder*> occurrences;
    for (const ListedReminder& r : reminders)
        if (r.end > now)
            occurrences.emplace(std::pair{r.start, r.id}, &r);
    if (occurrences.empty())
        return NextAnswer{"", "nothing coming", "none"};
    const ListedReminder& first = *occurrences.begin()->second;
    NextAnswer answer;
    if (first.start <= now) {
        answer.css_class = "ongoing";
        answer.text =
            fmt::format("{} now, until {}", first.title, clock_text(first.end, now, zone));
    } else if (first.start - now <= std::chrono::minutes{15}) {
        answer.css_class = "imminent";
        answer.text = fmt::format("{} in {}", first.title, core::duration_text(first.start - now));
    } else {
        answer.css_class = "upcoming";
        answer.text = fmt::format("{} at {}", first.title, clock_text(first.start, now, zone));
    }
    std::size_t shown = 0;
    for (const auto& [key, r] : occurrences) {
        if (shown++ == 5)
            break;
        answer.tooltip += (answer.tooltip.empty() ? "" : "\n") +
                          fmt::format("{} {}", clock_text(r->start, now, zone), r->title);
        if (!r->location.empty())
            answer.tooltip += " · " + r->location;
    }
    return answer;
}

std::string format_next(const NextAnswer& a, NextFormat format) {
    switch (format) {
    case NextFormat::text:
        return a.text.empty() ? "nothing coming" : a.text;
    case NextFormat::waybar:
        return fmt::format(R"({{"text":"{}","tooltip":"{}","class":"{}"}})",
                           core::json_escape(a.text), core::json_escape(a.tooltip), a.css_class);
    case NextFormat::json:
        break;
    }
    return fmt::format(R"({{"text":"{}","tooltip":"{}","class":"{}"}})", core::json_escape(a.text),
                       core::json_escape(a.tooltip), a.css_class);
}

int run_status(const core::Zone& zone) {
    auto bus = open_bus();
    if (!bus)
        return Exit::not_running;
    auto version = string_property(bus->get(), "Version");
    if (!version)
        return version.error().code;
    auto path = string_property(bus->get(), "SchedulePath");
    auto error = string_property(bus->get(), "LastError");
    auto next = get_property(bus->get(), "NextReminder");
    if (!path || !error || !next)
        return Exit::failed;
    const char *id, *title, *lead;
    std::int64_t start = 0, fire = 0;
    if (sd_bus_message_read(next->get(), "v", "(ssxxs)", &id, &title, &start, &fire, &lead) < 0)
        return Exit::failed;
    fmt::print("agendad {} is running\n", *version);
    fmt::print("schedule:   {}\n", *path);
    if (*id && std::string_view{lead} == "snooze") // a snoozed reminder coming again
        fmt::print("next:       {} (snoozed) at {}\n", title,
                   clock_text(from_us(fire), now_seconds(), zone));
    else if (*id)
        fmt::print("next:       {} ({} before) at {}\n", title, lead,
                   clock_text(from_us(fire), now_seconds(), zone));
    else
        fmt::print("next:       nothing planned\n");
    fmt::print("last error: {}\n", error->empty() ? "none" : *error);
    return Exit::ok;
}

namespace {

std::expected<std::string, Failure> next_line(sd_bus* bus, NextFormat format,
                                              const core::Zone& zone, core::Instant now) {
    auto listed = list(bus, now - date::days{1}, now + date::days{7});
    if (!listed)
        return std::unexpected(listed.error());
    return format_next(next_answer(*listed, now, zone), format);
}

int on_any_signal(sd_bus_message*, void* userdata, sd_bus_error*) {
    *static_cast<bool*>(userdata) = true;
    return 0;
}

} // namespace

int run_next(NextFormat format, bool follow, const core::Zone& zone) {
    auto bus = open_bus();
    if (!bus)
        return Exit::not_running;
    auto line = next_line(bus->get(), format, zone, now_seconds());
    if (!line)
        return line.error().code;
    fmt::print("{}\n", *line);
    std::fflush(stdout);
    if (!follow)
        return Exit::ok;

    bool changed = false;
    sd_bus_slot* slots[3] = {};
    sd_bus_match_signal(bus->get(), &slots[0], nullptr, object_path, interface, nullptr,
                        on_any_signal, &changed);
    sd_bus_match_signal(bus->get(), &slots[1], nullptr, object_path,
                        "org.freedesktop.DBus.Properties", "PropertiesChanged", on_any_signal,
                        &changed);
    sd_bus_add_match(bus->get(), &slots[2],
                     "type='signal',sender='org.freedesktop.DBus',member='NameOwnerChanged',"
                     "arg0='io.github.agendad'",
                     on_any_signal, &changed);
    std::string last = *line;
    for (;;) {
        int r;
        while ((r = sd_bus_process(bus->get(), nullptr)) > 0) {
        }
        if (r < 0)
            break;
        // Relative times ("in 12 min") go stale with the minute: wake at the next one too.
        const auto now = std::chrono::system_clock::now();
        const auto next_minute =
            std::chrono::ceil<std::chrono::minutes>(now + std::chrono::milliseconds{1});
        const auto wait = std::chrono::duration_cast<std::chrono::microseconds>(next_minute - now);
        if (!changed && sd_bus_wait(bus->get(), static_cast<std::uint64_t>(wait.count())) < 0)
            break;
        while ((r = sd_bus_process(bus->get(), nullptr)) > 0) {
        }
        changed = false;
        auto again = next_line(bus->get(), format, zone, now_seconds());
        const std::string text =
            again ? *again
                  : format_next(NextAnswer{"", "agendad is not running", "stopped"}, format);
        if (text != last) {
            fmt::print("{}\n", text);
            std::fflush(stdout);
            last = text;
        }
    }
    for (sd_bus_slot* slot : slots)
        sd_bus_slot_unref(slot);
    return Exit::failed;
}

int run_reload() {
    auto bus = open_bus();
    if (!bus)
        return Exit::not_running;
    auto reply = call(bus->get(), interface, "Reload");
    if (!reply)
        return reply.error().code;
    char** errors = nullptr;
    if (sd_bus_message_read_strv(reply->get(), &errors) < 0)
        return Exit::failed;
    int code = Exit::ok;
    for (char** e = errors; e && *e; ++e) {
        fmt::print(stderr, "{}\n", *e);
        free(*e);
        code = Exit::failed;
    }
    free(errors);
    if (code == Exit::ok)
        fmt::print("reloaded\n");
    else
        fmt::print(stderr, "agendactl: the schedule has errors; agendad keeps the previous one\n");
    return code;
}

int run_snooze(const std::string& event_id, const std::string& span_text, const core::Zone& zone) {
    std::uint64_t seconds = 0;
    if (!span_text.empty()) {
        auto span = core::parse_span(span_text);
        if (!span || span->is_zero()) {
            fmt::print(stderr, "agendactl: {}\n",
                       span ? "a snooze must last longer than 0m" : span.error());
            return Exit::usage;
        }
        seconds = static_cast<std::uint64_t>(span->calendar_days) * 86400 +
                  static_cast<std::uint64_t>(span->exact.count());
    }
    auto bus = open_bus();
    if (!bus)
        return Exit::not_running;
    auto reply = call(bus->get(), interface, "Snooze", [&](sd_bus_message* m) {
        return sd_bus_message_append(m, "st", event_id.c_str(), seconds);
    });
    if (!reply)
        return reply.error().code;
    std::int64_t when = 0;
    sd_bus_message_read(reply->get(), "x", &when);
    fmt::print("snoozed {}: reminding again at {}\n", event_id,
               clock_text(from_us(when), now_seconds(), zone));
    return Exit::ok;
}

int run_dismiss(const std::string& event_id, const core::Zone& zone) {
    auto bus = open_bus();
    if (!bus)
        return Exit::not_running;
    auto reply = call(bus->get(), interface, "Dismiss", [&](sd_bus_message* m) {
        return sd_bus_message_append(m, "s", event_id.c_str());
    });
    if (!reply)
        return reply.error().code;
    std::int64_t start = 0;
    sd_bus_message_read(reply->get(), "x", &start);
    fmt::print("dismissed {} (the occurrence at {}): no more reminders for it\n", event_id,
               clock_text(from_us(start), now_seconds(), zone));
    return Exit::ok;
}

namespace {

struct WatchContext {
    const core::Zone* zone;
};

int on_reminder_due(sd_bus_message* m, void* userdata, sd_bus_error*) {
    const auto& ctx = *static_cast<WatchContext*>(userdata);
    const char *id, *title, *lead;
    std::int64_t start = 0, fire = 0;
    int missed = 0;
    if (sd_bus_message_read(m, "ssxxsb", &id, &title, &start, &fire, &lead, &missed) < 0)
        return 0;
    const auto now = now_seconds();
    fmt::print("{} {}reminder [{} {}]: {} · starts {}\n",
               date::format("%H:%M:%S", date::make_zoned(ctx.zone, now)), missed ? "missed " : "",
               id, lead, title, clock_text(from_us(start), now, *ctx.zone));
    std::fflush(stdout);
    return 0;
}

} // namespace

int run_watch(const core::Zone& zone) {
    auto bus = open_bus();
    if (!bus)
        return Exit::not_running;
    WatchContext ctx{&zone};
    sd_bus_slot* slot = nullptr;
    if (sd_bus_match_signal(bus->get(), &slot, nullptr, object_path, interface, "ReminderDue",
                            on_reminder_due, &ctx) < 0)
        return Exit::failed;
    // Only after subscribing: is anyone there to send them?
    if (auto version = string_property(bus->get(), "Version"); !version) {
        sd_bus_slot_unref(slot);
        return version.error().code;
    }
    fmt::print(stderr, "agendactl: watching for reminders (Ctrl-C to stop)\n");
    for (;;) {
        int r;
        while ((r = sd_bus_process(bus->get(), nullptr)) > 0) {
        }
        if (r < 0 || sd_bus_wait(bus->get(), UINT64_MAX) < 0)
            break;
    }
    sd_bus_slot_unref(slot);
    return Exit::failed;
}

} // namespace agendad::ctl
