/// Fuzzes what a D-Bus caller can send to io.github.agendad.Agenda1, through the path a caller
/// reaches in agendad: a real bus (a dbus-daemon of this process's own, started once), the
/// service's vtable and handlers (dbus/agenda_service.cpp) on the sd-bus ⇄ Asio bridge, and
/// behind them the daemon's own backend (app/daemon_backend.cpp) over a real reminder loop,
/// schedule reloader, pause control and state store, wired as app/daemon.cpp wires them, on a
/// fake clock and fake timers. The schedule is a small file with a daily, a weekly, an all-day
/// and a calendar (.ics) event.
///
/// Each input is a script of up to 24 steps, read with FuzzedDataProvider: ListUpcoming (any two
/// int64, or a window near now), Snooze (known, arbitrary or very long ids; any uint64 seconds,
/// or 0, 7 days, 7 days + 1, 2^64-1), Dismiss, History, Pause (any int64, near now, or
/// INT64_MAX), Resume, Reload (of the good file or of a broken one), Properties.Get/GetAll, a
/// method called with the wrong signature, and the clock moved (timers fired) or stepped. Every
/// input starts from an empty state on a fresh loop, so that a finding replays on its own; only
/// the published service (and its cache of the properties it last announced) lives across inputs.
///
/// What a reply must be (else abort): a ListUpcoming window that is reversed or over ten years,
/// and a Snooze over seven days (not "until start"), are InvalidArgument; an error's message
/// stays short whatever the caller sent (an id is quoted cut); every call is answered.
///
/// Not covered: messages that are not valid D-Bus (the dbus-daemon and sd-bus refuse them before
/// agendad sees them; invalid UTF-8 in a string is dropped here by the client side), the
/// notification actions (dbus/notifications.cpp), the file watcher and the real timerfd.
/// Slow next to the other harnesses (tens of inputs a second, not thousands): every batch of
/// calls crosses to the dbus-daemon and back, which is the price of the real path.
#include "app/daemon_backend.hpp"
#include "core/protocol/agenda_protocol.hpp"
#include "dbus/agenda_service.hpp"
#include "dbus/bus_connection.hpp"
#include "runtime/pause.hpp"
#include "runtime/reminder_loop.hpp"
#include "runtime/schedule_reloader.hpp"
#include "runtime/state_store.hpp"

#include <boost/asio/io_context.hpp>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <fuzzer/FuzzedDataProvider.h>
#include <string>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace agendad;
using namespace std::chrono_literals;
namespace agenda1 = core::agenda1;

namespace {

// --- the world shared by every input: a bus daemon, the service, a client ------------------

constexpr const char* bus_config = R"(<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=@DIR@</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)";

const std::string schedule_text = R"(
[settings]
timezone = "UTC"
remind = ["1h", "15m"]
snooze = "10m"

[[event]]
id = "standup"
title = "Standup"
start = 2022-01-10T09:30:00
duration = "15m"
repeat = "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"

[[event]]
id = "review"
title = "Review"
start = 2022-01-12T14:00:00
duration = "1h"
repeat = "FREQ=WEEKLY;COUNT=30"
remind = ["1d", "0m"]

[[event]]
id = "holiday"
title = "Holiday"
start = 2022-02-01
remind = ["1d"]

[[calendar]]
name = "work"
path = "work.ics"
)";

const std::string calendar_text = "BEGIN:VCALENDAR\r\n"
                                  "VERSION:2.0\r\n"
                                  "PRODID:-//agendad fuzz//EN\r\n"
                                  "BEGIN:VEVENT\r\n"
                                  "UID:team-sync@example.org\r\n"
                                  "DTSTAMP:20220101T000000Z\r\n"
                                  "SUMMARY:Team sync\r\n"
                                  "DTSTART:20220110T100000Z\r\n"
                                  "DTEND:20220110T103000Z\r\n"
                                  "RRULE:FREQ=WEEKLY;COUNT=20\r\n"
                                  "BEGIN:VALARM\r\n"
                                  "ACTION:DISPLAY\r\n"
                                  "TRIGGER:-PT5M\r\n"
                                  "END:VALARM\r\n"
                                  "END:VEVENT\r\n"
                                  "END:VCALENDAR\r\n";

void write_file(const std::string& path, const std::string& text) {
    std::ofstream{path, std::ios::binary | std::ios::trunc} << text;
}

/// A dbus-daemon for this process alone, killed with it (PR_SET_PDEATHSIG) or at exit.
struct BusDaemon {
    std::string dir;
    pid_t pid = -1;

    BusDaemon() {
        char templ[] = "/tmp/agendad-fuzz-bus-XXXXXX";
        if (!mkdtemp(templ))
            std::abort();
        dir = templ;
        std::string config = bus_config;
        config.replace(config.find("@DIR@"), 5, dir);
        write_file(dir + "/bus.conf", config);
        const std::string config_arg = "--config-file=" + dir + "/bus.conf";
        int out[2];
        if (pipe(out) != 0)
            std::abort();
        pid = fork();
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            // Every call passes through it twice: when the harness runs niced on a busy machine,
            // a niced bus would make each hop wait for a time slice (it uses little CPU itself).
            setpriority(PRIO_PROCESS, 0, 0);
            dup2(out[1], STDOUT_FILENO);
            close(out[0]);
            // Quiet: it complains that it may not raise its fd limit, which does not matter.
            if (const int null = open("/dev/null", O_WRONLY); null >= 0)
                dup2(null, STDERR_FILENO);
            execlp("dbus-daemon", "dbus-daemon", config_arg.c_str(), "--nofork",
                   "--print-address=1", static_cast<char*>(nullptr));
            _exit(127);
        }
        close(out[1]);
        std::string address;
        char c = 0;
        while (read(out[0], &c, 1) == 1 && c != '\n')
            address += c;
        close(out[0]);
        if (address.empty()) {
            std::fputs("fuzz_agenda: dbus-daemon did not start\n", stderr);
            std::abort();
        }
        setenv("DBUS_SESSION_BUS_ADDRESS", address.c_str(), 1);
    }
    void stop() {
        if (pid > 0) {
            kill(pid, SIGTERM);
            waitpid(pid, nullptr, 0);
            pid = -1;
        }
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
};

/// The service's backend for the whole run, handing each call to the current input's
/// DaemonBackend (the service is published once; each input gets a fresh daemon behind it).
class Forwarding final : public dbus::AgendaBackend {
  public:
    dbus::AgendaBackend* to = nullptr;

    std::expected<std::vector<dbus::UpcomingReminder>, dbus::BackendError>
    list_upcoming(core::Instant from, core::Instant until) override {
        return to->list_upcoming(from, until);
    }
    std::vector<std::string> reload() override { return to->reload(); }
    std::expected<dbus::UpcomingReminder, dbus::BackendError>
    snooze(const dbus::ActionTarget& target, std::chrono::seconds span) override {
        return to->snooze(target, span);
    }
    std::expected<dbus::UpcomingReminder, dbus::BackendError>
    dismiss(const dbus::ActionTarget& target) override {
        return to->dismiss(target);
    }
    std::optional<dbus::UpcomingReminder> next() override { return to->next(); }
    std::string last_error() override { return to->last_error(); }
    std::string schedule_path() override { return to->schedule_path(); }
    std::vector<std::string> warnings() override { return to->warnings(); }
    std::vector<core::HistoryEntry> history(core::Instant since, bool missed_only) override {
        return to->history(since, missed_only);
    }
    std::optional<core::Pause> pause_state() override { return to->pause_state(); }
    std::expected<core::Pause, dbus::BackendError>
    pause(std::optional<core::Instant> until) override {
        return to->pause(until);
    }
    core::ResumeResult resume() override { return to->resume(); }
};

struct World {
    BusDaemon daemon;
    std::string dir = daemon.dir;
    std::string schedule_path = dir + "/agenda.toml";
    /// The state store's folder: in memory when /dev/shm is there (every snooze is fsync'd).
    std::string state_dir;
    boost::asio::io_context io;
    std::unique_ptr<dbus::BusConnection> server;
    std::unique_ptr<dbus::BusConnection> client;
    Forwarding forwarding;
    std::optional<dbus::AgendaService> service;
    bool schedule_broken = false;

    World() {
        write_file(schedule_path, schedule_text);
        write_file(dir + "/work.ics", calendar_text);
        char templ[] = "/dev/shm/agendad-fuzz-state-XXXXXX";
        char fallback[] = "/tmp/agendad-fuzz-state-XXXXXX";
        const char* made = mkdtemp(templ);
        if (!made)
            made = mkdtemp(fallback);
        if (!made)
            std::abort();
        state_dir = made;
        auto server_bus = dbus::BusConnection::open_user(io, "agendad-fuzz");
        auto client_bus = dbus::BusConnection::open_user(io, "agendactl-fuzz");
        if (!server_bus || !client_bus) {
            std::fputs("fuzz_agenda: cannot connect to its dbus-daemon\n", stderr);
            std::abort();
        }
        server = std::move(*server_bus);
        client = std::move(*client_bus);
        service.emplace(*server, forwarding, "fuzz");
    }
};

World* world = nullptr;

void at_exit() {
    world->daemon.stop();
    std::error_code ignored;
    std::filesystem::remove_all(world->state_dir, ignored);
}

// --- the per-input daemon, on fakes ----------------------------------------------------------

class Clock final : public core::Clock {
  public:
    explicit Clock(core::Instant now) : now_(now) {}
    std::chrono::system_clock::time_point now() const override { return now_; }
    void set(core::Instant now) { now_ = now; }

  private:
    core::Instant now_;
};

class Timer final : public runtime::TimerSource {
  public:
    void set_handler(Handler handler) override { handler_ = std::move(handler); }
    void arm(core::Instant deadline) override { armed_ = deadline; }
    void disarm() override { armed_.reset(); }
    /// The clock has reached `now`: fires when the armed deadline has come.
    void reach(core::Instant now) {
        if (armed_ && *armed_ <= now) {
            armed_.reset();
            handler_(runtime::TimerWake::due);
        }
    }
    /// The clock was set: the kernel cancels the timer.
    void clock_changed() {
        if (armed_) {
            armed_.reset();
            handler_(runtime::TimerWake::clock_changed);
        }
    }

  private:
    Handler handler_;
    std::optional<core::Instant> armed_;
};

/// The loop's sink as in the daemon: the pause gate (then the desktop), and ReminderDue.
class FanOut final : public core::Sink {
  public:
    std::vector<core::Sink*> to;
    void deliver(const core::Delivery& d) override {
        for (core::Sink* s : to)
            s->deliver(d);
    }
    void deliver_digest(std::span<const core::Delivery> missed) override {
        for (core::Sink* s : to)
            s->deliver_digest(missed);
    }
    void schedule_problem(const core::Diagnostics& d) override {
        for (core::Sink* s : to)
            s->schedule_problem(d);
    }
    void schedule_fixed() override {
        for (core::Sink* s : to)
            s->schedule_fixed();
    }
};

/// The desktop: counts, as the notification sink would show.
class Desktop final : public core::Sink {
  public:
    std::size_t shown = 0;
    void deliver(const core::Delivery&) override { ++shown; }
    void deliver_digest(std::span<const core::Delivery> missed) override { shown += missed.size(); }
    void schedule_problem(const core::Diagnostics&) override {}
    void schedule_fixed() override {}
};

// --- calls -----------------------------------------------------------------------------------

/// What a reply must be, checked when it comes.
enum class Expect { anything, invalid_argument };

// Longer than any error agendad words itself, far shorter than an id a caller can send whole.
constexpr std::size_t longest_error_message = 1024;

/// Calls sent and not answered yet.
std::size_t pending = 0;

/// Sends `m` from the client; its answer is checked when it comes (aborts on a wrong one).
/// Calls are pipelined: the bus keeps their order, and the service answers in that order, so
/// a batch costs one wait rather than one per call (the dbus-daemon is another process).
void call(sd_bus_message* m, Expect expect) {
    dbus::Message owned{m};
    std::string member = sd_bus_message_get_member(m);
    const int r = world->client->call_async(
        m,
        [expect, member = std::move(member)](sd_bus_message*, const sd_bus_error* error) {
            --pending;
            const bool failed = error && sd_bus_error_is_set(error);
            if (failed && error->message && std::strlen(error->message) > longest_error_message) {
                std::fprintf(stderr, "fuzz_agenda: a %zu-byte error message (%s)\n",
                             std::strlen(error->message), error->name);
                std::abort();
            }
            if (expect == Expect::invalid_argument &&
                (!failed || std::string_view{error->name} != agenda1::error::invalid_argument)) {
                std::fprintf(stderr, "fuzz_agenda: %s was not refused as invalid (%s)\n",
                             member.c_str(), failed ? error->name : "answered");
                std::abort();
            }
        },
        std::chrono::seconds{30});
    if (r >= 0)
        ++pending;
}

/// Runs the loop until every call sent is answered: before the harness itself changes
/// anything (the clock, the schedule file), and at the end of an input.
void flush() {
    world->client->kick();
    while (pending > 0) {
        world->io.restart();
        world->io.run_one_for(std::chrono::milliseconds{100});
    }
}

/// A new method call to Agenda1 (or another interface at the same path).
sd_bus_message* method(const char* interface, const char* member) {
    sd_bus_message* m = nullptr;
    if (sd_bus_message_new_method_call(world->client->get(), &m, agenda1::bus_name,
                                       agenda1::object_path, interface, member) < 0)
        std::abort();
    return m;
}

/// Appends per `signature`; on a refusal (an id that is not UTF-8) the call is dropped, as the
/// bus would drop such a message.
template <typename... Args>
bool append(sd_bus_message* m, const char* signature, Args... args) {
    if (sd_bus_message_append(m, signature, args...) >= 0)
        return true;
    sd_bus_message_unref(m);
    return false;
}

/// An event id: one of the schedule's, one that is not, an arbitrary one, or a long one.
std::string event_id(FuzzedDataProvider& in) {
    static const char* const known[] = {
        "standup", "review", "holiday", "work/team-sync@example.org",
        "",        "nope",   "work/",   "work/team-sync@example.org/20220110T100000Z"};
    switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0:
        return known[in.ConsumeIntegralInRange<std::size_t>(0, std::size(known) - 1)];
    case 1:
        return in.ConsumeRandomLengthString(256);
    case 2: {
        // Long: 64 KiB at most of one character (a multi-byte one makes the cut pick its spot).
        const std::size_t length = in.ConsumeIntegralInRange<std::size_t>(60, 65536);
        const std::string unit =
            in.ConsumeBool() ? "é" : std::string(1, static_cast<char>('a' + length % 26));
        std::string id;
        id.reserve(length + 2);
        while (id.size() < length)
            id += unit;
        return id;
    }
    default:
        return known[0] + in.ConsumeRandomLengthString(16);
    }
}

/// An instant in µs: any int64, or one near now (within about two years), or an edge.
std::int64_t instant_us(FuzzedDataProvider& in, core::Instant now) {
    switch (in.ConsumeIntegralInRange(0, 2)) {
    case 0:
        return in.ConsumeIntegral<std::int64_t>();
    case 1:
        return agenda1::to_us(now) +
               in.ConsumeIntegralInRange<std::int64_t>(-800LL * 86400, 800LL * 86400) * 1000000;
    default: {
        static const std::int64_t edges[] = {
            INT64_MIN,
            INT64_MIN + 1,
            -1,
            0,
            1,
            INT64_MAX - 1,
            INT64_MAX,
            INT64_MAX / 2,
            INT64_MIN / 2,
            -(1LL << 62),
            1LL << 62,
            253402300799LL * 1000000, // 9999-12-31T23:59:59Z
            -62135596800LL * 1000000, // 0001-01-01T00:00:00Z
        };
        return edges[in.ConsumeIntegralInRange<std::size_t>(0, std::size(edges) - 1)];
    }
    }
}

constexpr std::int64_t max_range_us = 10LL * 366 * 86400 * 1000000;
constexpr std::uint64_t week_seconds = 7ULL * 86400;

void list_upcoming(FuzzedDataProvider& in, core::Instant now) {
    const std::int64_t from = instant_us(in, now);
    // Either another instant, or a window of up to 40 days (cut at the end of int64).
    const std::int64_t length = in.ConsumeIntegralInRange<std::int64_t>(0, 40LL * 86400 * 1000000);
    const std::int64_t until = in.ConsumeBool()
                                   ? instant_us(in, now)
                                   : (from > INT64_MAX - length ? INT64_MAX : from + length);
    const __int128 span = static_cast<__int128>(until) - from;
    sd_bus_message* m = method(agenda1::interface, agenda1::list_upcoming.name);
    if (append(m, agenda1::list_upcoming.in, from, until))
        call(m, span < 0 || span > max_range_us ? Expect::invalid_argument : Expect::anything);
}

void snooze(FuzzedDataProvider& in) {
    const std::string id = event_id(in);
    std::uint64_t seconds = 0;
    switch (in.ConsumeIntegralInRange(0, 2)) {
    case 0:
        seconds = in.ConsumeIntegral<std::uint64_t>();
        break;
    case 1:
        seconds = in.ConsumeIntegralInRange<std::uint64_t>(0, week_seconds + 1);
        break;
    default: {
        static const std::uint64_t edges[] = {0,
                                              week_seconds,
                                              week_seconds + 1,
                                              agenda1::snooze_until_start_seconds,
                                              agenda1::snooze_until_start_seconds - 1,
                                              1ULL << 63,
                                              (1ULL << 63) - 1};
        seconds = edges[in.ConsumeIntegralInRange<std::size_t>(0, std::size(edges) - 1)];
    }
    }
    const bool too_long = seconds > week_seconds && seconds != agenda1::snooze_until_start_seconds;
    sd_bus_message* m = method(agenda1::interface, agenda1::snooze.name);
    if (append(m, agenda1::snooze.in, id.c_str(), seconds))
        call(m, too_long ? Expect::invalid_argument : Expect::anything);
}

void dismiss(FuzzedDataProvider& in) {
    const std::string id = event_id(in);
    sd_bus_message* m = method(agenda1::interface, agenda1::dismiss.name);
    if (append(m, agenda1::dismiss.in, id.c_str()))
        call(m, Expect::anything);
}

void history(FuzzedDataProvider& in, core::Instant now) {
    const std::int64_t since = instant_us(in, now);
    const int missed_only = in.ConsumeBool();
    sd_bus_message* m = method(agenda1::interface, agenda1::history.name);
    if (append(m, agenda1::history.in, since, missed_only))
        call(m, Expect::anything);
}

void pause(FuzzedDataProvider& in, core::Instant now) {
    const std::int64_t until =
        in.ConsumeBool() ? agenda1::paused_until_resumed_us : instant_us(in, now);
    sd_bus_message* m = method(agenda1::interface, agenda1::pause.name);
    if (append(m, agenda1::pause.in, until))
        call(m, Expect::anything);
}

void no_arguments(const char* member) {
    call(method(agenda1::interface, member), Expect::anything);
}

void property(FuzzedDataProvider& in) {
    static const char* const names[] = {"SchedulePath", "NextReminder", "LastError", "Version",
                                        "Warnings",     "PausedUntil",  "Nope"};
    const char* name = names[in.ConsumeIntegralInRange<std::size_t>(0, std::size(names) - 1)];
    if (in.ConsumeBool()) {
        sd_bus_message* m = method("org.freedesktop.DBus.Properties", "GetAll");
        if (append(m, "s", agenda1::interface))
            call(m, Expect::anything);
        return;
    }
    sd_bus_message* m = method("org.freedesktop.DBus.Properties", "Get");
    if (append(m, "ss", agenda1::interface, name))
        call(m, Expect::anything);
}

/// A method with another method's arguments: sd-bus must refuse it before any handler.
void wrong_signature(FuzzedDataProvider& in) {
    static const char* const members[] = {"ListUpcoming", "Reload", "Snooze", "Dismiss",
                                          "History",      "Pause",  "Resume", "Nope"};
    const char* member = members[in.ConsumeIntegralInRange<std::size_t>(0, std::size(members) - 1)];
    sd_bus_message* m = method(agenda1::interface, member);
    bool appended = true;
    switch (in.ConsumeIntegralInRange(0, 4)) {
    case 0:
        appended = append(m, "s", "standup");
        break;
    case 1:
        appended = append(m, "x", std::int64_t{0});
        break;
    case 2:
        appended = append(m, "ts", std::uint64_t{60}, "standup");
        break;
    case 3:
        appended = append(m, "xxx", std::int64_t{0}, std::int64_t{1}, std::int64_t{2});
        break;
    default:
        break; // no arguments
    }
    if (appended)
        call(m, Expect::anything);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    world = new World; // never destroyed: it lives as long as the process
    std::atexit(at_exit);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const core::Zone& utc = *core::find_zone("UTC");
    FuzzedDataProvider in{data, size};
    if (world->schedule_broken) {
        write_file(world->schedule_path, schedule_text);
        world->schedule_broken = false;
    }
    std::error_code ignored;
    std::filesystem::remove(world->state_dir + "/state", ignored);

    // Now: within about a year and a half of the schedule's first week.
    const core::Instant start =
        core::Instant{date::sys_days{date::year{2022} / 1 / 10}} + 8h +
        std::chrono::seconds{in.ConsumeIntegralInRange<std::int64_t>(-30LL * 86400, 500LL * 86400)};
    Clock clock{start};
    Timer loop_timer;
    Timer pause_timer;
    FanOut sinks;
    Desktop desktop;
    runtime::StateStore store{world->state_dir, world->io.get_executor()};
    runtime::ReminderLoop loop{clock, loop_timer, sinks, store, &utc};
    runtime::ScheduleReloader reloader{world->schedule_path, loop, sinks,
                                       [&]() -> const core::Zone& { return utc; }};
    runtime::PauseControl pause_control{
        clock, pause_timer, loop,
        runtime::PauseControl::Options{.show_digest = {}, .on_changed = [] {
                                           if (world->service)
                                               world->service->refresh_properties();
                                       }}};
    pause_control.set_desktop(desktop);
    sinks.to = {&pause_control.gate(), &*world->service};
    app::DaemonBackend backend{clock, loop, reloader, pause_control, [&] { reloader.reload(); }};
    world->forwarding.to = &backend;
    loop.start();
    reloader.reload();
    pause_control.start();
    static const bool started = [] {
        if (auto r = world->service->start(); !r) {
            std::fprintf(stderr, "fuzz_agenda: %s\n", r.error().c_str());
            std::abort();
        }
        return true;
    }();
    (void)started;
    world->service->refresh_properties();

    for (int step = 0; step < 24 && in.remaining_bytes() > 0; ++step) {
        const core::Instant now = std::chrono::floor<std::chrono::seconds>(clock.now());
        switch (in.ConsumeIntegralInRange(0, 11)) {
        case 0:
        case 1:
            list_upcoming(in, now);
            break;
        case 2:
            snooze(in);
            break;
        case 3:
            dismiss(in);
            break;
        case 4:
            history(in, now);
            break;
        case 5:
            pause(in, now);
            break;
        case 6:
            no_arguments(agenda1::resume.name);
            break;
        case 7:
            flush();
            if (in.ConsumeBool()) {
                write_file(world->schedule_path, "[[event]\ntitle = \"broken\n");
                world->schedule_broken = true;
            } else if (world->schedule_broken) {
                write_file(world->schedule_path, schedule_text);
                world->schedule_broken = false;
            }
            no_arguments(agenda1::reload.name);
            break;
        case 8:
            property(in);
            break;
        case 9:
            wrong_signature(in);
            break;
        case 10: {
            // Time passes: whatever came due is delivered, a pause may end.
            flush();
            const core::Instant later =
                now + std::chrono::seconds{in.ConsumeIntegralInRange(0, 3 * 86400)};
            clock.set(later);
            loop_timer.reach(later);
            pause_timer.reach(later);
            break;
        }
        default: {
            // The wall clock is set (NTP, date -s), up to a day either way.
            flush();
            clock.set(now + std::chrono::seconds{in.ConsumeIntegralInRange(-86400, 86400)});
            loop_timer.clock_changed();
            pause_timer.clock_changed();
            break;
        }
        }
    }
    flush();
    // What the calls queued (signals, PropertiesChanged) goes out before the daemon goes.
    world->io.restart();
    world->io.poll();
    world->forwarding.to = nullptr;
    return 0;
}
