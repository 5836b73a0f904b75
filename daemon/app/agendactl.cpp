// agendactl: checks the schedule, lists what is coming, and talks to the running daemon.

#include "app/version.hpp"
#include "core/paths.hpp"
#include "ctl/daemon_commands.hpp"
#include "ctl/schedule_commands.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fmt/format.h>

using namespace agendad;

int main(int argc, char** argv) {
    CLI::App app{"agendactl: check the agenda, list what is coming, talk to agendad"};
    app.require_subcommand(1);
    app.set_version_flag("--version", [] { return app::version_text("agendactl"); });

    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const core::Zone& user_zone = core::system_zone(std::getenv("TZ"));
    std::string file =
        core::default_schedule_path(std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME"));

    auto* check = app.add_subcommand("check", "Check the schedule file and summarize it");
    check->add_option("-f,--file", file, "Schedule file")->capture_default_str();

    auto* upcoming = app.add_subcommand("upcoming", "List the coming reminders");
    std::string from_text = "now";
    std::string until_text;
    int days = 7;
    bool json = false;
    upcoming->add_option("-f,--file", file, "Schedule file")->capture_default_str();
    upcoming->add_option("--from", from_text, "Start: \"now\", a date or an RFC 3339 date-time")
        ->capture_default_str();
    auto* until_option = upcoming->add_option("--until", until_text,
                                              "End: \"now\", a date or an RFC 3339 date-time");
    auto* days_option = upcoming->add_option("--days", days, "Days after --from")
                            ->check(CLI::Range(1, 3660))
                            ->capture_default_str();
    until_option->excludes(days_option);
    upcoming->add_flag("--json", json, "One JSON object a line");

    // Commands that talk to the running daemon over the session bus.
    auto* status = app.add_subcommand("status", "Is agendad running? Its file, next reminder, "
                                                "last error");
    auto* next = app.add_subcommand("next", "The current or next event (for bars)");
    std::string format = "text";
    bool follow = false;
    next->add_option("--format", format, "text, json or waybar")
        ->check(CLI::IsMember({"text", "json", "waybar"}))
        ->capture_default_str();
    next->add_flag("--follow", follow, "Print a new line whenever the answer changes");
    auto* reload = app.add_subcommand("reload", "Make agendad read the schedule file again");
    std::string event_id;
    std::string span;
    auto* snooze = app.add_subcommand(
        "snooze", "Remind again later about an event's current (or else next) occurrence");
    snooze->add_option("ID", event_id, "Event id (as `agendactl upcoming --json` shows it)")
        ->required();
    snooze->add_option("SPAN", span, "How long, e.g. 10m (default: settings.snooze, 5m)");
    auto* dismiss = app.add_subcommand(
        "dismiss", "No more reminders for an event's current (or else next) occurrence");
    dismiss->add_option("ID", event_id, "Event id")->required();
    auto* watch = app.add_subcommand("watch", "Print reminders as agendad delivers them");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? ctl::Exit::ok : ctl::Exit::usage;
    }

    if (check->parsed())
        return ctl::run_check({file, now, &user_zone});
    if (status->parsed())
        return ctl::run_status(user_zone);
    if (next->parsed())
        return ctl::run_next(format == "json"     ? ctl::NextFormat::json
                             : format == "waybar" ? ctl::NextFormat::waybar
                                                  : ctl::NextFormat::text,
                             follow, user_zone);
    if (reload->parsed())
        return ctl::run_reload();
    if (snooze->parsed())
        return ctl::run_snooze(event_id, span, user_zone);
    if (dismiss->parsed())
        return ctl::run_dismiss(event_id, user_zone);
    if (watch->parsed())
        return ctl::run_watch(user_zone);

    const auto from = ctl::parse_instant_argument(from_text, now, user_zone);
    if (!from) {
        fmt::print(stderr,
                   "agendactl: --from \"{}\" is not \"now\", a date such as 2022-01-07 or an "
                   "RFC 3339 date-time such as 2022-01-07T12:00:00Z\n",
                   from_text);
        return ctl::Exit::usage;
    }
    auto until = *from + date::days{days};
    if (!until_text.empty()) {
        const auto parsed = ctl::parse_instant_argument(until_text, now, user_zone);
        if (!parsed || *parsed < *from) {
            fmt::print(stderr,
                       "agendactl: --until \"{}\" is not a date or an RFC 3339 date-time "
                       "after --from\n",
                       until_text);
            return ctl::Exit::usage;
        }
        until = *parsed;
    }
    return ctl::run_upcoming({file, *from, until, json, &user_zone});
}
