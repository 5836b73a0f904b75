// The real agendad process on a private bus, with the fake notification server of the tests:
// delivery as Notify and as ReminderDue, snooze and dismiss through the bubble and through
// agendactl surviving a restart, a server that appears late, a second agendad refused, and
// the interface as a client sees it. Every wait is a condition with a deadline.

#include "bus_fixture.hpp"
#include "dbus/agenda_service.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <date/date.h>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <random>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using namespace agendad;
using namespace std::chrono_literals;

namespace {

using SysSeconds = std::chrono::sys_seconds;

SysSeconds now_seconds() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// A whole second at least `ahead` from now.
SysSeconds whole_second_ahead(std::chrono::milliseconds ahead) {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now() + ahead) + 1s;
}

std::string local(SysSeconds t) {
    return date::format("%FT%T", t);
}

std::string event(const std::string& id, SysSeconds start, const std::string& remind = "0m") {
    return fmt::format("[[event]]\nid = \"{}\"\ntitle = \"Event {}\"\nstart = {}\n"
                       "duration = \"1h\"\nremind = [\"{}\"]\n\n",
                       id, id, local(start), remind);
}

std::string schedule(const std::string& events, const std::string& snooze = "4s") {
    return fmt::format("[settings]\ntimezone = \"UTC\"\nremind = [\"0m\"]\nsnooze = \"{}\"\n\n{}",
                       snooze, events);
}

std::string read_file(const std::string& path) {
    std::ifstream in{path};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// A home of its own: schedule under config/, state under state/.
struct Home {
    std::filesystem::path dir;
    Home() {
        std::random_device random;
        dir = std::filesystem::temp_directory_path() /
              fmt::format("agendad-e2e-{}{}", random(), random());
        std::filesystem::create_directories(dir / "config" / "agendad");
    }
    ~Home() {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
    std::string schedule_path() const {
        return (dir / "config" / "agendad" / "agenda.toml").string();
    }
    std::string state_path() const { return (dir / "state" / "agendad" / "state").string(); }
    void write(const std::string& text) const { std::ofstream{schedule_path()} << text; }
};

/// One agendad process, its stdout and stderr collected as it runs.
class Agendad {
  public:
    Agendad(boost::asio::io_context& io, const Home& home) : io_(io), home_(home) {}
    ~Agendad() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        if (out_ >= 0)
            close(out_);
    }

    void start(std::vector<std::string> extra_args = {}) {
        REQUIRE(pid_ <= 0);
        int pipe_fds[2];
        REQUIRE(pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
        posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);

        std::vector<std::string> env;
        for (char** e = environ; *e; ++e) {
            const std::string_view entry = *e;
            const auto name = entry.substr(0, entry.find('='));
            if (name != "NOTIFY_SOCKET" && name != "JOURNAL_STREAM" && name != "INVOCATION_ID" &&
                name != "TZ" && name != "HOME" && !name.starts_with("XDG_"))
                env.emplace_back(entry);
        }
        env.push_back("TZ=UTC");
        env.push_back("HOME=" + home_.dir.string());
        env.push_back("XDG_CONFIG_HOME=" + (home_.dir / "config").string());
        env.push_back("XDG_STATE_HOME=" + (home_.dir / "state").string());
        std::vector<std::string> args{AGENDAD_PATH, "-f", home_.schedule_path(), "--verbose"};
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        std::vector<char*> argv, envp;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        for (auto& e : env)
            envp.push_back(e.data());
        envp.push_back(nullptr);
        const int r = posix_spawn(&pid_, AGENDAD_PATH, &actions, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        close(pipe_fds[1]);
        REQUIRE(r == 0);
        if (out_ >= 0)
            close(out_);
        out_ = pipe_fds[0];
        since_start_ = output_.size();
    }

    /// Everything written so far (all runs).
    const std::string& output() {
        drain();
        return output_;
    }
    /// What the current (or last) run wrote.
    std::string run_output() { return output().substr(since_start_); }
    std::size_t count(std::string_view needle) {
        const std::string text = run_output();
        std::size_t n = 0;
        for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
            ++n;
        return n;
    }
    bool says(std::string_view needle) { return count(needle) > 0; }

    bool wait_for(std::string_view needle, std::chrono::milliseconds timeout = 10s) {
        const bool ok = test::pump_until(
            io_, [&] { return says(needle); }, timeout);
        if (!ok)
            UNSCOPED_INFO("agendad said:\n" << output());
        return ok;
    }

    /// The exit code once it has exited (-1 when killed by a signal).
    std::optional<int> exited() {
        if (pid_ <= 0)
            return code_;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) != pid_)
            return std::nullopt;
        pid_ = -1;
        drain();
        code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return code_;
    }

    std::optional<int> wait_exit(std::chrono::milliseconds timeout = 10s) {
        test::pump_until(
            io_, [&] { return exited().has_value(); }, timeout);
        return exited();
    }

    /// SIGTERM, then the exit code.
    std::optional<int> stop() {
        REQUIRE(pid_ > 0);
        kill(pid_, SIGTERM);
        return wait_exit();
    }

  private:
    void drain() {
        if (out_ < 0)
            return;
        char buffer[4096];
        ssize_t n;
        while ((n = read(out_, buffer, sizeof buffer)) > 0)
            output_.append(buffer, static_cast<std::size_t>(n));
    }

    boost::asio::io_context& io_;
    const Home& home_;
    pid_t pid_ = -1;
    int out_ = -1;
    std::string output_;
    std::size_t since_start_ = 0;
    std::optional<int> code_;
};

struct Due {
    std::string id;
    std::string title;
    SysSeconds start;
    SysSeconds fire_at;
    std::string lead;
    bool missed = false;
    std::chrono::system_clock::time_point received;
};

SysSeconds from_us(std::int64_t us) {
    return std::chrono::floor<std::chrono::seconds>(
        std::chrono::sys_time<std::chrono::microseconds>{std::chrono::microseconds{us}});
}

/// A client of io.github.agendad.Agenda1 that records every ReminderDue.
struct Listener {
    std::unique_ptr<dbus::BusConnection> bus;
    dbus::Slot slot;
    std::vector<Due> due;

    explicit Listener(boost::asio::io_context& io) : bus(test::connect(io)) {
        slot =
            bus->match_signal(nullptr, dbus::service_path, dbus::service_interface, "ReminderDue",
                              [this](sd_bus_message* m) {
                                  const char *id = nullptr, *title = nullptr, *lead = nullptr;
                                  std::int64_t start = 0, fire = 0;
                                  int missed = 0;
                                  if (sd_bus_message_read(m, "ssxxsb", &id, &title, &start, &fire,
                                                          &lead, &missed) < 0)
                                      return;
                                  due.push_back(Due{id, title, from_us(start), from_us(fire), lead,
                                                    missed != 0, std::chrono::system_clock::now()});
                              });
        REQUIRE(slot);
    }
    std::size_t count(const std::string& id, const std::string& lead = "") const {
        return static_cast<std::size_t>(std::count_if(due.begin(), due.end(), [&](const Due& d) {
            return d.id == id && (lead.empty() || d.lead == lead);
        }));
    }
};

std::size_t notifies(const test::FakeNotificationServer& server, const std::string& title) {
    return static_cast<std::size_t>(
        std::count_if(server.calls.begin(), server.calls.end(),
                      [&](const test::NotifyCall& c) { return c.summary == title; }));
}

const test::NotifyCall* last_notify(const test::FakeNotificationServer& server,
                                    const std::string& title) {
    for (auto it = server.calls.rbegin(); it != server.calls.rend(); ++it)
        if (it->summary == title)
            return &*it;
    return nullptr;
}

struct Result {
    int code = -1;
    std::string out;
    std::string err;
};

/// Runs agendactl, serving the loop meanwhile (the fake server lives in this process).
Result agendactl(boost::asio::io_context& io, std::vector<std::string> args) {
    int out[2], err[2];
    REQUIRE(pipe2(out, O_CLOEXEC | O_NONBLOCK) == 0);
    REQUIRE(pipe2(err, O_CLOEXEC | O_NONBLOCK) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    args.insert(args.begin(), AGENDACTL_PATH);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int r = posix_spawn(&pid, AGENDACTL_PATH, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    close(err[1]);
    REQUIRE(r == 0);
    Result result;
    const auto drain = [](int fd, std::string& text) {
        char buffer[4096];
        ssize_t n;
        while ((n = read(fd, buffer, sizeof buffer)) > 0)
            text.append(buffer, static_cast<std::size_t>(n));
    };
    int status = 0;
    const bool done = test::pump_until(io, [&] {
        drain(out[0], result.out);
        drain(err[0], result.err);
        return waitpid(pid, &status, WNOHANG) == pid;
    });
    if (!done) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    drain(out[0], result.out);
    drain(err[0], result.err);
    close(out[0]);
    close(err[0]);
    REQUIRE(done);
    result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

const std::vector<std::string> all_caps{"actions", "body", "body-markup", "body-hyperlinks"};

} // namespace

TEST_CASE("a reminder a second or two ahead arrives as a bubble and as ReminderDue, on time",
          "[dbus][e2e]") {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    Home home;
    test::FakeNotificationServer server{io, all_caps};
    Listener listener{io};
    const auto due = whole_second_ahead(1500ms);
    home.write(schedule(event("soon", due)));
    Agendad agendad{io, home};
    agendad.start();
    REQUIRE(agendad.wait_for("loaded "));

    REQUIRE(test::pump_until(
        io, [&] { return notifies(server, "Event soon") == 1 && listener.count("soon") == 1; }));
    const Due& d = listener.due.front();
    CHECK(d.lead == "0m");
    CHECK(d.fire_at == due);
    CHECK(d.start == due);
    CHECK_FALSE(d.missed);
    CHECK(d.received >= due - 50ms);
    CHECK(d.received <= due + 1500ms);
    const auto* call = last_notify(server, "Event soon");
    REQUIRE(call);
    CHECK(call->app_name == "agendad");
    CHECK(std::find(call->actions.begin(), call->actions.end(), "snooze") != call->actions.end());
    CHECK(agendad.stop() == 0);
}

TEST_CASE("a snooze from the bubble is kept across a restart and reminds once at its time",
          "[dbus][e2e]") {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    Home home;
    test::FakeNotificationServer server{io, all_caps};
    Listener listener{io};
    const auto due = whole_second_ahead(1500ms);
    home.write(schedule(event("standup", due), "4s"));
    Agendad agendad{io, home};
    agendad.start();
    REQUIRE(agendad.wait_for("loaded "));
    REQUIRE(test::pump_until(io, [&] { return notifies(server, "Event standup") == 1; }));

    const auto snoozed_at = std::chrono::system_clock::now();
    server.emit_action(last_notify(server, "Event standup")->id, "snooze");
    REQUIRE(agendad.wait_for("snoozed [standup]"));
    CHECK(agendad.stop() == 0);
    CHECK(read_file(home.state_path()).find("\nsnoozed ") != std::string::npos);

    agendad.start();
    REQUIRE(agendad.wait_for("loaded "));
    REQUIRE(test::pump_until(io, [&] {
        return listener.count("standup", "snooze") == 1 && notifies(server, "Event standup") == 2;
    }));
    CHECK(listener.due.back().received >= snoozed_at + 3s);
    // Once only, and the original reminder does not come again.
    test::pump_for(io, 1500ms);
    CHECK(listener.count("standup") == 1 + 1);
    CHECK(notifies(server, "Event standup") == 2);
    CHECK(agendad.stop() == 0);
    CHECK(read_file(home.state_path()).find("\nsnoozed ") == std::string::npos);
}

TEST_CASE("agendactl snooze, then Dismiss from the bubble: nothing more, even after a restart",
          "[dbus][e2e][ctl]") {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    Home home;
    test::FakeNotificationServer server{io, all_caps};
    Listener listener{io};
    const auto due = whole_second_ahead(1500ms);
    home.write(schedule(event("review", due), "1h"));
    Agendad agendad{io, home};
    agendad.start();
    REQUIRE(agendad.wait_for("loaded "));
    REQUIRE(test::pump_until(io, [&] { return notifies(server, "Event review") == 1; }));

    const Result snoozed = agendactl(io, {"snooze", "review", "3s"});
    CHECK(snoozed.code == 0);
    CHECK(snoozed.out.starts_with("snoozed review: reminding again at "));
    const auto snooze_due = std::chrono::system_clock::now() + 3s;
    const Result status = agendactl(io, {"status"});
    CHECK(status.out.find("next:       Event review (snoozed) at ") != std::string::npos);
    server.emit_action(last_notify(server, "Event review")->id, "dismiss");
    REQUIRE(agendad.wait_for("dismissed [review]"));
    CHECK(agendad.stop() == 0);
    const std::string state = read_file(home.state_path());
    CHECK(state.find("\ndismissed ") != std::string::npos);
    CHECK(state.find("\nsnoozed ") == std::string::npos);

    agendad.start();
    REQUIRE(agendad.wait_for("loaded "));
    test::pump_until(
        io, [] { return false; },
        std::chrono::duration_cast<std::chrono::milliseconds>(snooze_due -
                                                              std::chrono::system_clock::now()) +
            1500ms);
    CHECK(listener.count("review") == 1);
    CHECK(notifies(server, "Event review") == 1);
    CHECK(agendad.stop() == 0);
}

TEST_CASE("agendactl dismiss before the reminder keeps it away across a restart",
          "[dbus][e2e][ctl]") {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    Home home;
    test::FakeNotificationServer server{io, all_caps};
    Listener listener{io};
    const auto due = whole_second_ahead(4000ms);
    home.write(schedule(event("skipped", due) + event("kept", due)));
    Agendad agendad{io, home};
    agendad.start();
    REQUIRE(agendad.wait_for("loaded "));
    const Result dismissed = agendactl(io, {"dismiss", "skipped"});
    CHECK(dismissed.code == 0);
    CHECK(dismissed.out.starts_with("dismissed skipped (the occurrence at "));
    CHECK(agendad.stop() == 0);

    agendad.start();
    REQUIRE(agendad.wait_for("loaded "));
    REQUIRE(test::pump_until(io, [&] { return listener.count("kept") == 1; }));
    test::pump_for(io, 500ms);
    CHECK(listener.count("skipped") == 0);
    CHECK(notifies(server, "Event skipped") == 0);
    CHECK(notifies(server, "Event kept") == 1);
    CHECK(agendad.stop() == 0);
}

TEST_CASE("without a notification server reminders go to the log and ReminderDue, and reach a "
          "server that appears later",
          "[dbus][e2e]") {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    Home home;
    Listener listener{io};
    const auto due = whole_second_ahead(1500ms);
    home.write(schedule(event("early", due)));
    Agendad agendad{io, home};
    agendad.start();
    REQUIRE(agendad.wait_for("loaded "));
    REQUIRE(agendad.wait_for("reminder [early 0m]"));
    REQUIRE(test::pump_until(io, [&] { return listener.count("early") == 1; }));

    test::FakeNotificationServer server{io, all_caps};
    REQUIRE(test::pump_until(io, [&] { return notifies(server, "Event early") == 1; }));
    CHECK(agendad.stop() == 0);
}

TEST_CASE("a second agendad on the same bus says so in one line and exits 1", "[dbus][e2e]") {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    Home home;
    home.write(schedule(event("later", now_seconds() + 1h)));
    Agendad first{io, home};
    first.start();
    REQUIRE(first.wait_for("loaded "));

    Home other;
    other.write(schedule(event("later", now_seconds() + 1h)));
    Agendad second{io, other};
    second.start();
    CHECK(second.wait_exit() == 1);
    CHECK(second.output() ==
          "agendad: another agendad is already running on this bus (io.github.agendad is "
          "taken)\n");
    CHECK_FALSE(first.exited());
    CHECK(first.stop() == 0);
}

TEST_CASE("agendactl status and next answer from the live daemon, and the interface is "
          "introspectable",
          "[dbus][e2e][ctl]") {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    Home home;
    const auto start = now_seconds() + 2h;
    home.write(schedule(event("planning", start, "15m")));
    Agendad agendad{io, home};
    agendad.start();
    REQUIRE(agendad.wait_for("loaded "));

    const Result status = agendactl(io, {"status"});
    CHECK(status.code == 0);
    CHECK(status.out.starts_with("agendad "));
    CHECK(status.out.find(fmt::format("schedule:   {}\n", home.schedule_path())) !=
          std::string::npos);
    CHECK(status.out.find("next:       Event planning (15m before) at ") != std::string::npos);
    CHECK(status.out.ends_with("last error: none\n"));

    const Result next = agendactl(io, {"next", "--format", "json"});
    CHECK(next.code == 0);
    CHECK(next.out.find("Event planning") != std::string::npos);

    auto client = test::connect(io);
    sd_bus_error error = SD_BUS_ERROR_NULL;
    sd_bus_message* raw = nullptr;
    REQUIRE(sd_bus_call_method(client->get(), dbus::service_name, dbus::service_path,
                               "org.freedesktop.DBus.Introspectable", "Introspect", &error, &raw,
                               "") >= 0);
    dbus::Message reply{raw};
    const char* xml = nullptr;
    REQUIRE(sd_bus_message_read(raw, "s", &xml) >= 0);
    const std::string text = xml;
    for (const char* needle :
         {R"(<interface name="io.github.agendad.Agenda1">)", R"(<method name="ListUpcoming">)",
          R"(<method name="Reload">)", R"(<method name="Snooze">)", R"(<method name="Dismiss">)",
          R"(<signal name="ReminderDue">)", R"(<signal name="ScheduleReloaded">)",
          R"x(<property name="NextReminder" type="(ssxxs)" access="read">)x",
          R"(<property name="Version" type="s" access="read">)"}) {
        INFO(needle);
        CHECK(text.find(needle) != std::string::npos);
    }
    sd_bus_error_free(&error);
    CHECK(agendad.stop() == 0);
}

TEST_CASE("agendad writes a starter schedule when there is none, and never overwrites one",
          "[dbus][e2e]") {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    Home home;
    std::filesystem::remove_all(home.dir / "config");
    Agendad agendad{io, home};
    agendad.start();
    REQUIRE(agendad.wait_for("created a starter schedule at " + home.schedule_path()));
    REQUIRE(agendad.wait_for("loaded "));
    const auto mode = std::filesystem::status(home.schedule_path()).permissions();
    CHECK(mode == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                   std::filesystem::perms::group_read | std::filesystem::perms::others_read));
    CHECK(agendad.stop() == 0);

    const std::string mine = schedule(event("mine", now_seconds() + 1h));
    home.write(mine);
    agendad.start();
    REQUIRE(agendad.wait_for("loaded "));
    CHECK_FALSE(agendad.says("created a starter schedule"));
    CHECK(read_file(home.schedule_path()) == mine);
    CHECK(agendad.stop() == 0);
}
