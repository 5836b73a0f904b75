// agendactl: checks the schedule, lists what is coming, and talks to the running daemon.

#include "app/ctl_daemon_commands.hpp"
#include "app/ctl_state_marks.hpp"
#include "app/version.hpp"
#include "core/paths.hpp"
#include "core/text/reminder_text.hpp"
#include "ctl/daemon_presentation.hpp"
#include "ctl/file_commands.hpp"
#include "ctl/schedule_commands.hpp"
#include "ctl/schedule_edit.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fmt/format.h>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

using namespace agendad;
using ctl::code;
using ctl::Exit;

namespace {

/// Every subcommand with what runs it: a command is added together with its handler, so none
/// can exist without one.
class Commands {
  public:
    explicit Commands(CLI::App& app) : app_(app) {}

    CLI::App* add(const char* name, const char* description, std::function<int()> run) {
        CLI::App* command = app_.add_subcommand(name, description);
        commands_.emplace_back(command, std::move(run));
        return command;
    }

    /// The names, for "what are the commands?" messages: "check, upcoming, …".
    std::string names() const {
        std::string out;
        for (const auto& [command, handler] : commands_) {
            if (!out.empty())
                out += ", ";
            out += command->get_name();
        }
        return out;
    }

    /// Runs the command that was parsed.
    int run() const {
        for (const auto& [command, handler] : commands_)
            if (command->parsed())
                return handler();
        fmt::print(stderr, "agendactl: no command given; the commands are: {}\n", names());
        return code(Exit::usage);
    }

  private:
    CLI::App& app_;
    std::vector<std::pair<CLI::App*, std::function<int()>>> commands_;
};

ctl::NextFormat next_format(std::string_view name) {
    if (name == "json")
        return ctl::NextFormat::json;
    if (name == "waybar")
        return ctl::NextFormat::waybar;
    return ctl::NextFormat::text;
}

int run(int argc, char** argv) {
    CLI::App app{"agendactl: check the agenda, list what is coming, talk to agendad"};
    app.require_subcommand(1);
    app.set_version_flag("--version", [] { return app::version_text("agendactl"); });
    Commands commands{app};

    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const core::Zone& user_zone = core::system_zone(std::getenv("TZ"));
    const std::string default_file =
        core::default_schedule_path(std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME"));
    std::string file = default_file;
    // The daemon's snoozes and dismissals, for the default schedule only (ctl_state_marks.hpp).
    const auto marks = [&] {
        return app::daemon_marks(
            file, default_file,
            core::default_state_dir(std::getenv("XDG_STATE_HOME"), std::getenv("HOME")));
    };

    auto* check = commands.add("check", "Check the schedule file and summarize it", [&] {
        const auto state = marks();
        return ctl::run_check({file, now, &user_zone, &state});
    });
    check->add_option("-f,--file", file, "Schedule file")->capture_default_str();

    std::string from_text = "now";
    std::string until_text;
    int days = 7;
    bool json = false;
    auto* upcoming = commands.add("upcoming", "List the coming reminders", [&] {
        const auto from = ctl::parse_instant_argument(from_text, now, user_zone);
        if (!from) {
            fmt::print(stderr,
                       "agendactl: --from \"{}\" is not \"now\", a date such as 2022-01-07 or an "
                       "RFC 3339 date-time such as 2022-01-07T12:00:00Z\n",
                       from_text);
            return code(Exit::usage);
        }
        auto until = *from + date::days{days};
        if (!until_text.empty()) {
            const auto parsed = ctl::parse_instant_argument(until_text, now, user_zone);
            if (!parsed || *parsed < *from) {
                fmt::print(stderr,
                           "agendactl: --until \"{}\" is not a date or an RFC 3339 date-time "
                           "after --from\n",
                           until_text);
                return code(Exit::usage);
            }
            until = *parsed;
        }
        const auto state = marks();
        return ctl::run_upcoming({file, *from, until, json, &user_zone, &state});
    });
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
    commands.add("status", "Is agendad running? Its file, next reminder, last error",
                 [&] { return app::run_status(user_zone); });
    std::string format = "text";
    bool follow = false;
    auto* next = commands.add("next", "The current or next event (for bars)", [&] {
        return app::run_next(next_format(format), follow, user_zone);
    });
    next->add_option("--format", format, "text, json or waybar")
        ->check(CLI::IsMember({"text", "json", "waybar"}))
        ->capture_default_str();
    next->add_flag("--follow", follow, "Print a new line whenever the answer changes");
    commands.add("reload", "Make agendad read the schedule file again",
                 [] { return app::run_reload(); });
    std::string event_id;
    std::string span;
    auto* snooze = commands.add(
        "snooze", "Remind again later about an event's current (or else next) occurrence",
        [&] { return app::run_snooze(event_id, span, user_zone); });
    snooze->add_option("ID", event_id,
                       "Event id, the start of one, or a piece of a title (default: the current or "
                       "next event)");
    snooze->add_option("SPAN", span,
                       "How long, e.g. 10m, or until-start (default: settings.snooze, 5m)");
    auto* dismiss = commands.add(
        "dismiss", "No more reminders for an event's current (or else next) occurrence",
        [&] { return app::run_dismiss(event_id, user_zone); });
    dismiss->add_option(
        "ID", event_id,
        "Event id, the start of one, or a piece of a title (default: the current or "
        "next event)");
    commands.add("watch", "Print reminders as agendad delivers them",
                 [&] { return app::run_watch(user_zone); });

    // History and do-not-disturb (app/ctl_daemon_commands.hpp: run_log, run_pause, run_resume).
    bool missed_only = false;
    std::string since;
    bool log_json = false;
    auto* log = commands.add("log", "What was shown, missed, held, snoozed and dismissed",
                             [&] { return app::run_log(missed_only, since, log_json, user_zone); });
    log->add_flag("--missed", missed_only, "Only the reminders missed");
    log->add_option("--since", since,
                    "From a span back (2h, 1d), \"now\", a date or an RFC 3339 date-time");
    log->add_flag("--json", log_json, "One JSON object a line");
    std::string pause_span;
    std::string pause_until;
    auto* pause = commands.add(
        "pause", "Do not disturb: no reminder pops up until then (they are shown at the end)",
        [&] { return app::run_pause(pause_span, pause_until, user_zone); });
    pause->add_option("SPAN", pause_span, "How long, e.g. 1h (default: until `agendactl resume`)");
    pause->add_option("--until", pause_until,
                      "Until a time (14:00), a date or an RFC 3339 date-time");
    commands.add("resume", "End the pause: what it held is shown as one digest",
                 [] { return app::run_resume(); });

    // Commands that write files (export, import, add, edit). Each takes -f FILE; the schedule
    // changes only checked whole and atomically (ctl/schedule_append.hpp).
    const char* home_env = std::getenv("HOME");
    const std::string home = home_env != nullptr ? home_env : "";
    // AGENDACTL_NOW (RFC 3339) pins "now" for "tomorrow", "in 2h" and DTSTAMP, for tests.
    core::Instant file_now = now;
    if (const char* pinned = std::getenv("AGENDACTL_NOW"); pinned != nullptr)
        if (const auto t = core::parse_rfc3339(pinned))
            file_now = *t;

    std::string export_output;
    std::string export_vdir;
    auto* export_command = commands.add("export", "Write the schedule's events as iCalendar", [&] {
        return ctl::run_export({file, export_output, export_vdir, file_now, &user_zone, home});
    });
    export_command->add_option("-f,--file", file, "Schedule file")->capture_default_str();
    auto* output_option =
        export_command->add_option("-o,--output", export_output, "An .ics file (default: stdout)");
    export_command
        ->add_option("--vdir", export_vdir, "A folder: one UID.ics per event (vdirsyncer, khal)")
        ->excludes(output_option);

    std::string import_ics;
    bool import_append = false;
    auto* import_command =
        commands.add("import", "Print an .ics file's events as [[event]] tables", [&] {
            return ctl::run_import({import_ics, file, import_append, &user_zone, home});
        });
    import_command->add_option("ICS", import_ics, "The iCalendar file")->required();
    import_command->add_option("-f,--file", file, "Schedule file")->capture_default_str();
    import_command->add_flag("--append", import_append,
                             "Append them to the schedule (checked, written atomically)");

    ctl::AddRequest add_request;
    std::vector<std::string> add_when;
    auto* add_command = commands.add("add", "Add one event to the schedule", [&] {
        std::string words;
        for (const auto& word : add_when)
            words += (words.empty() ? "" : " ") + word;
        add_request.when = words;
        return ctl::run_add({file, add_request, file_now, &user_zone, home});
    });
    add_command->add_option("TITLE", add_request.title, "What to be reminded of")->required();
    add_command
        ->add_option("WHEN", add_when,
                     "2026-12-03T15:00, 2026-12-03, tomorrow 15:00, friday 9:00, 15:00, in 2h")
        ->required();
    add_command->add_option("-f,--file", file, "Schedule file")->capture_default_str();
    add_command->add_option("--duration", add_request.duration, "How long, e.g. 1h30m");
    add_command->add_option("--remind", add_request.remind,
                            "Lead times, e.g. 1d,1h (\"none\": no reminders)");
    add_command->add_option("--timezone", add_request.timezone,
                            "The IANA zone of WHEN (default: the schedule's)");
    add_command->add_option("--repeat", add_request.repeat, "An RRULE, e.g. FREQ=WEEKLY");

    auto* edit_command =
        commands.add("edit", "Edit the schedule; saved only when it reads clean", [&] {
            ctl::EditOptions options;
            options.file = file;
            options.editor = ctl::choose_editor(std::getenv("VISUAL"), std::getenv("EDITOR"));
            options.now = file_now;
            options.user_zone = &user_zone;
            options.home = home;
            return ctl::run_edit(options);
        });
    edit_command->add_option("-f,--file", file, "Schedule file")->capture_default_str();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // No command recognised (none given, or a word that is not one): say which exist,
        // rather than CLI11's "A subcommand is required".
        if (app.get_subcommands().empty() && e.get_exit_code() != 0) {
            if (argc > 1 && argv[1][0] != '-')
                fmt::print(stderr, "agendactl: \"{}\" is not a command; the commands are: {}\n",
                           argv[1], commands.names());
            else
                fmt::print(stderr, "agendactl: a command is required: {} (see agendactl --help)\n",
                           commands.names());
            return code(Exit::usage);
        }
        const int status = app.exit(e);
        return code(status == 0 ? Exit::ok : Exit::usage);
    }
    return commands.run();
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        // Out of memory, say: nothing that can be done but to say so.
        std::fputs("agendactl: ", stderr);
        std::fputs(e.what(), stderr);
        std::fputs("\n", stderr);
        return 1;
    }
}
