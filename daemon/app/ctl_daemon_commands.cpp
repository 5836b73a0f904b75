#include "app/ctl_daemon_commands.hpp"

#include "ctl/history_presentation.hpp"
#include "ctl/id_match.hpp"
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

/// Commands that need the daemon let the bus start it (D-Bus activation); `status` does not,
/// so that it tells whether agendad runs.
constexpr dbus::CallOptions start_it{.auto_start = true};
constexpr dbus::CallOptions ask_only{.auto_start = false};

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
                                          const core::Zone& zone, core::Instant now,
                                          const dbus::CallOptions& options) {
    auto listed = client.list_upcoming(now - date::days{1}, now + date::days{7}, options);
    if (!listed)
        return std::unexpected(std::move(listed.error()));
    auto answer = ctl::next_answer(*listed, now, zone);
    const auto paused = client.paused_until(options);
    if (!paused)
        return std::unexpected(std::move(paused.error()));
    if (paused->first)
        ctl::show_paused(answer, paused->second, now, zone);
    return ctl::format_next(answer, format);
}

} // namespace

int run_next(ctl::NextFormat format, bool follow, const core::Zone& zone) {
    auto client = AgendaClient::open_user();
    if (!client)
        return report(client);
    // Following subscribes before the first answer, so no change falls between the two.
    bool changed = false;
    std::vector<dbus::Slot> slots;
    if (follow) {
        auto subscribed = client->on_change([&changed] { changed = true; });
        if (!subscribed)
            return report(subscribed);
        slots = std::move(*subscribed);
    }
    const auto line = next_line(*client, format, zone, now_seconds(), start_it);
    if (!line)
        return report(line);
    print_line(*line);
    if (!follow)
        return ctl::code(Exit::ok);

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
        // Not started again: a daemon stopped while we follow was stopped on purpose.
        auto again = next_line(*client, format, zone, now_seconds(), ask_only);
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
    const auto errors = client->reload(start_it);
    if (!errors)
        return report(errors);
    if (!errors->empty()) {
        fmt::print(stderr, "{}", ctl::reload_errors_text(*errors));
        return ctl::code(Exit::failed);
    }
    fmt::print("reloaded\n");
    return ctl::code(Exit::ok);
}

namespace {

/// What may be snoozed or dismissed: a day back (ongoing ones), a month ahead.
dbus::ClientResult<std::vector<core::UpcomingReminder>> listed_around(AgendaClient& client,
                                                                      core::Instant now) {
    return client.list_upcoming(now - date::days{1}, now + date::days{30}, start_it);
}

/// The exact id `word` means among `listed` (ctl/id_match.hpp), or without a word the current
/// or next event (said on stderr); else the exit code, the reason said. A word that matches
/// nothing listed is sent as it is: the daemon may know it beyond the window.
std::expected<std::string, int> resolve_event(const std::vector<core::UpcomingReminder>& listed,
                                              const std::string& word, core::Instant now,
                                              const core::Zone& zone) {
    if (word.empty()) {
        const auto current = ctl::current_event(listed, now);
        if (!current) {
            fmt::print(stderr, "agendactl: no ID given, and nothing is on or coming\n");
            return std::unexpected(ctl::code(Exit::failed));
        }
        fmt::print(stderr, "agendactl: no ID given: the {} event, {} ({} at {})\n",
                   current->start <= now ? "current" : "next", current->event_id, current->title,
                   ctl::clock_text(current->start, now, zone));
        return current->event_id;
    }
    const ctl::EventMatch match = ctl::match_event(word, listed);
    if (match.kind == ctl::MatchKind::one)
        return match.chosen->event_id;
    if (match.kind == ctl::MatchKind::several) {
        fmt::print(stderr, "agendactl: {}", ctl::choices_text(word, match));
        return std::unexpected(ctl::code(Exit::failed));
    }
    return word;
}

/// report(), and for an id the daemon does not know either, what the user may have meant.
int report_action(const ClientError& error, const std::vector<core::UpcomingReminder>& listed,
                  const std::string& word) {
    const int exit = report(error);
    if (error.name == core::agenda1::error::unknown_reminder)
        fmt::print(stderr, "{}", ctl::choices_text(word, ctl::match_event(word, listed)));
    return exit;
}

} // namespace

int run_snooze(const std::string& word_given, const std::string& span_given,
               const core::Zone& zone) {
    if (const auto span = ctl::snooze_span(span_given); !span) {
        fmt::print(stderr, "agendactl: {}\n", span.error());
        return ctl::code(Exit::usage);
    }
    auto client = AgendaClient::open_user();
    if (!client)
        return report(client);
    const auto now = now_seconds();
    const auto listed = listed_around(*client, now);
    if (!listed)
        return report(listed);
    std::string word = word_given;
    std::string span_text = span_given;
    // `snooze 10m`: a span alone is for the current event, unless it names one.
    if (span_text.empty() && ctl::snooze_span(word) && !word.empty() &&
        ctl::match_event(word, *listed).kind != ctl::MatchKind::one)
        std::swap(word, span_text);
    const auto id = resolve_event(*listed, word, now, zone);
    if (!id)
        return id.error();
    const auto when = client->snooze(*id, *ctl::snooze_span(span_text), start_it);
    if (!when)
        return report_action(when.error(), *listed, word);
    print_line(ctl::snoozed_line(*id, *when, now_seconds(), zone));
    return ctl::code(Exit::ok);
}

int run_dismiss(const std::string& word, const core::Zone& zone) {
    auto client = AgendaClient::open_user();
    if (!client)
        return report(client);
    const auto now = now_seconds();
    const auto listed = listed_around(*client, now);
    if (!listed)
        return report(listed);
    const auto id = resolve_event(*listed, word, now, zone);
    if (!id)
        return id.error();
    const auto start = client->dismiss(*id, start_it);
    if (!start)
        return report_action(start.error(), *listed, word);
    print_line(ctl::dismissed_line(*id, *start, now_seconds(), zone));
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
    if (const auto version = client->version(start_it); !version)
        return report(version);
    fmt::print(stderr, "agendactl: watching for reminders (Ctrl-C to stop)\n");
    while (client->process() && client->wait(std::nullopt)) {
    }
    return ctl::code(Exit::failed);
}

int run_log(bool missed_only, const std::string& since_text, bool json, const core::Zone& zone) {
    const auto now = now_seconds();
    core::Instant since{};
    if (!since_text.empty()) {
        const auto parsed = ctl::since_argument(since_text, now, zone);
        if (!parsed) {
            fmt::print(stderr, "agendactl: {}\n", parsed.error());
            return ctl::code(Exit::usage);
        }
        since = *parsed;
    }
    auto client = AgendaClient::open_user();
    if (!client)
        return report(client);
    const auto entries = client->history(since, missed_only, start_it);
    if (!entries)
        return report(entries);
    if (!json) {
        fmt::print("{}", ctl::history_text(*entries, missed_only, zone));
        return ctl::code(Exit::ok);
    }
    for (const auto& entry : *entries)
        fmt::print("{}\n", ctl::history_json(entry));
    return ctl::code(Exit::ok);
}

int run_pause(const std::string& span, const std::string& until_text, const core::Zone& zone) {
    const auto now = now_seconds();
    const auto until = ctl::pause_end_argument(span, until_text, now, zone);
    if (!until) {
        fmt::print(stderr, "agendactl: {}\n", until.error());
        return ctl::code(Exit::usage);
    }
    auto client = AgendaClient::open_user();
    if (!client)
        return report(client);
    const auto set = client->pause(*until, start_it);
    if (!set)
        return report(set);
    print_line(ctl::paused_line(*set, now_seconds(), zone));
    return ctl::code(Exit::ok);
}

int run_resume() {
    auto client = AgendaClient::open_user();
    if (!client)
        return report(client);
    const auto paused = client->paused_until(start_it);
    if (!paused)
        return report(paused);
    const auto resumed = client->resume(start_it);
    if (!resumed)
        return report(resumed);
    print_line(ctl::resumed_line(paused->first, *resumed));
    return ctl::code(Exit::ok);
}

} // namespace agendad::app
