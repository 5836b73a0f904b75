#include "app/ctl_daemon_commands.hpp"

#include "ctl/schedule_commands.hpp"
#include "dbus/agenda_client.hpp"

#include <cstdio>
#include <fmt/format.h>

namespace agendad::app {

namespace {

using ctl::Exit;
using dbus::AgendaClient;
using dbus::ClientError;
using dbus::ClientErrorKind;

core::Instant now_seconds() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// Says why on stderr (one line) and returns the exit code for it.
int report(const ClientError& error) {
    fmt::print(stderr, "agendactl: {}\n", error.message);
    return ctl::code(error.kind == ClientErrorKind::not_running ? Exit::not_running : Exit::failed);
}

template <typename T>
int report(const dbus::ClientResult<T>& result) {
    return report(result.error());
}

void print_line(const std::string& line) {
    fmt::print("{}\n", line);
    std::fflush(stdout);
}

} // namespace

int run_status(const core::Zone& zone) {
    auto client = AgendaClient::open_user();
    if (!client)
        return report(client);
    const auto status = client->status();
    if (!status)
        return report(status);
    fmt::print("{}", ctl::status_text(*status, now_seconds(), zone));
    return ctl::code(Exit::ok);
}

namespace {

dbus::ClientResult<std::string> next_line(AgendaClient& client, ctl::NextFormat format,
                                          const core::Zone& zone, core::Instant now) {
    auto listed = client.list_upcoming(now - date::days{1}, now + date::days{7});
    if (!listed)
        return std::unexpected(std::move(listed.error()));
    return ctl::format_next(ctl::next_answer(*listed, now, zone), format);
}

} // namespace

int run_next(ctl::NextFormat format, bool follow, const core::Zone& zone) {
    auto client = AgendaClient::open_user();
    if (!client)
        return report(client);
    const auto line = next_line(*client, format, zone, now_seconds());
    if (!line)
        return report(line);
    print_line(*line);
    if (!follow)
        return ctl::code(Exit::ok);

    bool changed = false;
    const auto slots = client->on_change([&changed] { changed = true; });
    std::string last = *line;
    while (client->process()) {
        // Relative times ("in 12 min") go stale with the minute: wake at the next one too.
        const auto now = std::chrono::system_clock::now();
        const auto next_minute =
            std::chrono::ceil<std::chrono::minutes>(now + std::chrono::milliseconds{1});
        const auto wait = std::chrono::duration_cast<std::chrono::microseconds>(next_minute - now);
        if (!changed && !client->wait(wait))
            break;
        // A lost bus shows as the next answer (not running), then ends the loop at its top.
        static_cast<void>(client->process());
        changed = false;
        auto again = next_line(*client, format, zone, now_seconds());
        const std::string text = again ? *again : ctl::format_next(ctl::stopped_answer(), format);
        if (text != last) {
            print_line(text);
            last = text;
        }
    }
    return ctl::code(Exit::failed);
}

int run_reload() {
    auto client = AgendaClient::open_user();
    if (!client)
        return report(client);
    const auto errors = client->reload();
    if (!errors)
        return report(errors);
    if (!errors->empty()) {
        fmt::print(stderr, "{}", ctl::reload_errors_text(*errors));
        return ctl::code(Exit::failed);
    }
    fmt::print("reloaded\n");
    return ctl::code(Exit::ok);
}

int run_snooze(const std::string& event_id, const std::string& span_text, const core::Zone& zone) {
    const auto span = ctl::snooze_span(span_text);
    if (!span) {
        fmt::print(stderr, "agendactl: {}\n", span.error());
        return ctl::code(Exit::usage);
    }
    auto client = AgendaClient::open_user();
    if (!client)
        return report(client);
    const auto when = client->snooze(event_id, *span);
    if (!when)
        return report(when);
    print_line(ctl::snoozed_line(event_id, *when, now_seconds(), zone));
    return ctl::code(Exit::ok);
}

int run_dismiss(const std::string& event_id, const core::Zone& zone) {
    auto client = AgendaClient::open_user();
    if (!client)
        return report(client);
    const auto start = client->dismiss(event_id);
    if (!start)
        return report(start);
    print_line(ctl::dismissed_line(event_id, *start, now_seconds(), zone));
    return ctl::code(Exit::ok);
}

int run_watch(const core::Zone& zone) {
    auto client = AgendaClient::open_user();
    if (!client)
        return report(client);
    const auto slot = client->on_reminder_due([&zone](const core::ReminderDue& due) {
        print_line(ctl::reminder_due_line(due, now_seconds(), zone));
    });
    if (!slot)
        return report(slot);
    // Only after subscribing: is anyone there to send them?
    if (const auto version = client->version(); !version)
        return report(version);
    fmt::print(stderr, "agendactl: watching for reminders (Ctrl-C to stop)\n");
    while (client->process() && client->wait(std::nullopt)) {
    }
    return ctl::code(Exit::failed);
}

} // namespace agendad::app
