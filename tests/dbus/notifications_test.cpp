#include "bus_fixture.hpp"
#include "dbus/notifications.hpp"

#include "catch_compat.hpp"

#include <algorithm>
#include <fmt/format.h>

using namespace agendad;
using namespace std::chrono_literals;
using dbus::NotificationSink;
using test::FakeNotificationServer;

namespace {

const std::vector<std::string> full_caps{"body", "body-markup", "body-hyperlinks", "actions"};

struct Rig {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    test::FakeClock clock{test::reminder_time()};
    test::FakeBackend backend;
    std::vector<std::string> opened;
    std::string open_fails; ///< set: the fake opener fails with this reason
    std::vector<core::OpenBubbles> reported;
    std::vector<std::string> logged;
    std::unique_ptr<dbus::BusConnection> bus = test::connect(io);
    std::unique_ptr<NotificationSink> sink;
    /// What the next sink sends a taken-over bubble again as (unset: it does not).
    std::function<std::expected<core::Delivery, dbus::BackendError>(const dbus::ActionTarget&)>
        redeliver;

    bool with_backend;

    explicit Rig(bool backend_given = true) : with_backend(backend_given) {
        backend.upcoming.push_back(dbus::UpcomingReminder{
            "team-sync", "Team sync", "Room 4", "15m", test::team_sync().start,
            test::team_sync().end, test::team_sync().fire_at, ""});
        make_sink();
    }
    /// A new run: a new connection (a new process would have one) and a new sink.
    void restart_sink() {
        sink.reset();
        bus = test::connect(io);
        make_sink();
    }
    void make_sink() {
        sink = std::make_unique<NotificationSink>(
            *bus, clock, with_backend ? &backend : nullptr,
            NotificationSink::Options{
                .user_zone = core::find_zone("UTC"),
                .call_timeout = 300ms,
                .notify_timeout = 300ms,
                .retry_delay = 100ms,
                .queue_limit = 100,
                .open_url =
                    [this](const std::string& url, std::function<void(std::string)> failed) {
                        opened.push_back(url);
                        if (!open_fails.empty())
                            failed(open_fails);
                    },
                .on_bubbles_changed =
                    [this](const core::OpenBubbles& now) { reported.push_back(now); },
                .redeliver = redeliver,
                .log = [this](dbus::LogLevel, std::string_view m) { logged.emplace_back(m); }});
    }
    bool ready() { return sink->server_state() == NotificationSink::ServerState::ready; }
    bool absent() { return sink->server_state() == NotificationSink::ServerState::absent; }
};

bool has_action(const test::NotifyCall& call, std::string_view key) {
    for (std::size_t i = 0; i < call.actions.size(); i += 2)
        if (call.actions[i] == key)
            return true;
    return false;
}

} // namespace

TEST_CASE("a reminder becomes one Notify call with agendad's name, icon and hints",
          "[dbus][notifications]") {
    Rig rig;
    FakeNotificationServer server{rig.io, full_caps};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    rig.sink->deliver(test::team_sync());
    REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 1; }));
    const auto& call = server.calls.front();
    CHECK(call.app_name == "agendad");
    CHECK(call.icon == "appointment-soon");
    CHECK(call.summary == "Team sync");
    CHECK(call.body.starts_with(
        "in 15 min · 10:00–10:30 UTC\nRoom 4\nAgenda:\n1. status\n2. plans…"));
    CHECK(call.body.find("<a href=\"https://example.org/sync\">") != std::string::npos);
    CHECK(call.urgency == 1);
    CHECK(call.category == "x-agendad.reminder");
    CHECK(call.desktop_entry == "agendad");
    CHECK(call.replaces_id == 0);
    CHECK(call.timeout == -1);
    CHECK(has_action(call, "default"));
    CHECK(has_action(call, "snooze:5m"));
    CHECK(has_action(call, "dismiss"));
    CHECK_FALSE(has_action(call, "join"));
    CHECK_FALSE(call.resident);
    CHECK(call.sound_name.empty());
    CHECK(call.sound_file.empty());
}

TEST_CASE("the notification adapts to the server's capabilities", "[dbus][notifications]") {
    Rig rig;
    auto delivery = test::team_sync();
    delivery.title = "<b>x</b> & y";
    delivery.location = "https://meet.example.com/abc-def, room <2>";
    std::vector<std::string> caps;
    SECTION("no markup: text goes as is, no links") {
        caps = {"body", "actions"};
    }
    SECTION("markup: & < > are escaped in every user text") {
        caps = {"body", "body-markup", "actions"};
    }
    SECTION("no actions: no Snooze, Dismiss, Open or Join") {
        caps = {"body", "body-markup"};
    }
    FakeNotificationServer server{rig.io, caps};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    rig.sink->deliver(delivery);
    REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 1; }));
    const auto& call = server.calls.front();
    const bool markup = rig.sink->capabilities().markup;
    // The summary is plain text by the spec: the server shows it literally either way.
    CHECK(call.summary == "<b>x</b> & y");
    if (markup) {
        CHECK(call.body.find("room &lt;2&gt;") != std::string::npos);
        CHECK(call.body.find("<b>") == std::string::npos);
    } else {
        CHECK(call.body.find("room <2>") != std::string::npos);
        CHECK(call.body.find("&lt;") == std::string::npos);
    }
    CHECK(call.body.find("<a href") == std::string::npos); // no body-hyperlinks here
    if (rig.sink->capabilities().actions) {
        CHECK(has_action(call, "join"));
        CHECK(has_action(call, "snooze:5m"));
        CHECK(has_action(call, "dismiss"));
    } else {
        CHECK(call.actions.empty());
    }
}

TEST_CASE("a later reminder of the same occurrence replaces the earlier bubble",
          "[dbus][notifications]") {
    Rig rig;
    FakeNotificationServer server{rig.io, full_caps};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    rig.sink->deliver(test::team_sync("15m"));
    auto at_start = test::team_sync("0m");
    at_start.fire_at = at_start.delivered_at = at_start.start;
    rig.sink->deliver(at_start);
    REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 2; }));
    CHECK(server.calls[1].replaces_id == server.calls[0].id);
    CHECK(server.calls[1].body.starts_with("now · 10:00–10:30 UTC"));

    SECTION("a missed reminder says so") {
        auto missed = test::team_sync("5m");
        missed.start += 24h; // another occurrence: a bubble of its own
        missed.end += 24h;
        missed.fire_at = missed.start - 5min;
        missed.delivered_at = missed.start + 12min;
        missed.missed = true;
        rig.sink->deliver(missed);
        REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 3; }));
        CHECK(server.calls[2].replaces_id == 0);
        CHECK(server.calls[2].summary == "Missed: Team sync");
        CHECK(server.calls[2].body.starts_with("missed at 09:55 — started 12 min ago"));
    }
}

TEST_CASE("with no notification server, reminders are kept and shown when one appears",
          "[dbus][notifications]") {
    Rig rig;
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.absent(); }));
    rig.sink->deliver(test::team_sync());
    auto over = test::team_sync();
    over.event_id = "breakfast";
    over.title = "Breakfast";
    over.start -= 2h;
    over.end -= 2h;
    rig.sink->deliver(over);
    CHECK(rig.sink->queued() == 2);
    // Whatever the bus said to the sink about them (no one owns the name) has been heard.
    REQUIRE(test::round_trip(rig.io, *rig.bus));
    CHECK(rig.absent());
    CHECK(rig.sink->queued() == 2);

    // Later: breakfast has ended, the meeting has not.
    rig.clock.set(test::reminder_time() + 5min);
    FakeNotificationServer server{rig.io, full_caps};
    REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 1; }));
    CHECK(server.calls[0].summary == "Team sync");
    // The sentinel: a reminder delivered after them goes out after anything still queued.
    auto sentinel = test::team_sync("5m");
    sentinel.title = "Sentinel";
    rig.sink->deliver(sentinel);
    REQUIRE(test::pump_until(rig.io,
                             [&] { return server.calls.size() >= 3 && rig.sink->queued() == 0; }));
    CHECK(server.calls.size() == 3);
    // Breakfast has ended: not a bubble of its own, but not silently dropped either.
    CHECK(server.calls[1].summary ==
          "1 reminder of an event that ended while no notification server was running");
    CHECK_THAT(server.calls[1].body, Catch::Contains("Breakfast"));
    CHECK(server.calls[2].summary == "Sentinel");
}

TEST_CASE("a notification server restarting mid-run is asked again and gets the next ones",
          "[dbus][notifications]") {
    Rig rig;
    auto first = std::make_unique<FakeNotificationServer>(rig.io, std::vector<std::string>{"body"});
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    rig.sink->deliver(test::team_sync());
    REQUIRE(test::pump_until(rig.io, [&] { return first->calls.size() == 1; }));
    CHECK_FALSE(rig.sink->capabilities().actions);

    first.reset();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.absent(); }));
    FakeNotificationServer second{rig.io, full_caps};
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    CHECK(rig.sink->capabilities().actions);
    rig.sink->deliver(test::team_sync("5m"));
    REQUIRE(test::pump_until(rig.io, [&] { return second.calls.size() == 1; }));
    // The old server's bubble ids mean nothing to the new one.
    CHECK(second.calls[0].replaces_id == 0);
    CHECK(has_action(second.calls[0], "snooze:5m"));
}

TEST_CASE("a server that errors or hangs does not stall the loop, and the reminder is retried",
          "[dbus][notifications]") {
    Rig rig;
    FakeNotificationServer server{rig.io, full_caps};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    SECTION("errors") {
        server.mode = FakeNotificationServer::Mode::fail;
    }
    SECTION("hangs") {
        server.mode = FakeNotificationServer::Mode::hang;
    }
    rig.sink->deliver(test::team_sync());
    bool ticked = false;
    boost::asio::steady_timer other_work{rig.io, 50ms};
    other_work.async_wait([&](const boost::system::error_code&) { ticked = true; });
    REQUIRE(test::pump_until(
        rig.io, [&] { return ticked; }, 2s));
    // It fails (or times out at 300 ms), is retried every 100 ms, and is still queued.
    REQUIRE(test::pump_until(rig.io, [&] { return server.capability_requests >= 3; }));
    CHECK(rig.sink->queued() == 1);
    server.mode = FakeNotificationServer::Mode::answer;
    REQUIRE(test::pump_until(rig.io, [&] { return rig.sink->queued() == 0; }));
    REQUIRE_FALSE(server.calls.empty());
    CHECK(server.calls.back().summary == "Team sync");
    CHECK(server.calls.back().id != 0);
}

namespace {

/// team_sync under another id and title; `ended` moves it two hours back.
core::Delivery reminder(const std::string& title, bool ended = false) {
    auto d = test::team_sync();
    d.event_id = title;
    d.title = title;
    if (ended) {
        d.start -= 2h;
        d.end -= 2h;
    }
    return d;
}

std::size_t calls_titled(const FakeNotificationServer& server, const std::string& summary) {
    return static_cast<std::size_t>(
        std::count_if(server.calls.begin(), server.calls.end(),
                      [&](const test::NotifyCall& call) { return call.summary == summary; }));
}

} // namespace

TEST_CASE("a server that stops answering holds nothing back: what waited comes as one digest, "
          "what ended is summarised",
          "[dbus][notifications]") {
    Rig rig;
    FakeNotificationServer server{rig.io, full_caps};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    server.mode = FakeNotificationServer::Mode::hang;
    rig.sink->deliver(reminder("First"));
    // Its Notify is not answered within 300 ms: the server counts as not answering.
    REQUIRE(test::pump_until(rig.io, [&] {
        return std::any_of(rig.logged.begin(), rig.logged.end(), [](const std::string& line) {
            return line.find("did not answer within 300 ms") != std::string::npos;
        });
    }));
    for (const char* title : {"Second", "Third", "Fourth", "Fifth"})
        rig.sink->deliver(reminder(title));
    rig.sink->deliver(reminder("Over", true));
    server.mode = FakeNotificationServer::Mode::answer;
    REQUIRE(test::pump_until(rig.io, [&] { return rig.sink->queued() == 0; }));

    // Behind the one unanswered Notify (First), the rest were never sent one by one.
    CHECK(calls_titled(server, "First") == 1);
    CHECK(calls_titled(server, "Second") == 0);
    CHECK(calls_titled(server, "5 reminders while the notification server was not answering") == 1);
    CHECK(calls_titled(server,
                       "1 reminder of an event that ended while the notification server was not "
                       "answering") == 1);
    const auto digest = std::find_if(server.calls.begin(), server.calls.end(),
                                     [](const auto& c) { return c.summary.starts_with("5 "); });
    REQUIRE(digest != server.calls.end());
    for (const char* title : {"First", "Second", "Third", "Fourth", "Fifth"})
        CHECK_THAT(digest->body, Catch::Contains(title));
    CHECK_THAT(digest->body, !Catch::Contains("Over"));
}

TEST_CASE("a Notify never answered is given up after a second try, and the next are shown",
          "[dbus][notifications]") {
    Rig rig;
    FakeNotificationServer server{rig.io, full_caps};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    // The server answers GetCapabilities, never Notify.
    server.mode = FakeNotificationServer::Mode::hang_notify;
    rig.sink->deliver(reminder("Stuck"));
    REQUIRE(test::pump_until(rig.io, [&] { return calls_titled(server, "Stuck") == 2; }));
    REQUIRE(test::pump_until(rig.io, [&] { return rig.sink->queued() == 0; }));
    CHECK(std::any_of(rig.logged.begin(), rig.logged.end(), [](const std::string& line) {
        return line == "not shown, the notification server did not answer it twice: Stuck";
    }));
    // The sentinel: the server answers again, and what comes next is shown.
    server.mode = FakeNotificationServer::Mode::answer;
    rig.sink->deliver(reminder("Next"));
    REQUIRE(test::pump_until(rig.io, [&] { return calls_titled(server, "Next") == 1; }));
    CHECK(calls_titled(server, "Stuck") == 2);
}

TEST_CASE("Snooze, Dismiss, Open and Join in the bubble act on that occurrence",
          "[dbus][notifications]") {
    Rig rig;
    FakeNotificationServer server{rig.io, full_caps};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    auto delivery = test::team_sync();
    delivery.description = "Join at https://meet.example.com/xyz.";
    rig.sink->deliver(delivery);
    REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 1; }));
    const auto id = server.calls[0].id;

    SECTION("snooze") {
        server.emit_action(id, "snooze:5m");
        REQUIRE(test::pump_until(rig.io, [&] { return rig.backend.snoozes.size() == 1; }));
        CHECK(rig.backend.snoozes[0].first.event_id == "team-sync");
        CHECK(rig.backend.snoozes[0].first.occurrence_start == delivery.start);
        CHECK(rig.backend.snoozes[0].second == 300s);
    }
    SECTION("the bare snooze key of an older bubble: the schedule's settings.snooze") {
        server.emit_action(id, "snooze");
        REQUIRE(test::pump_until(rig.io, [&] { return rig.backend.snoozes.size() == 1; }));
        CHECK(rig.backend.snoozes[0].second == 0s);
    }
    SECTION("dismiss") {
        server.emit_action(id, "dismiss");
        REQUIRE(test::pump_until(rig.io, [&] { return rig.backend.dismissals.size() == 1; }));
        CHECK(rig.backend.dismissals[0].occurrence_start == delivery.start);
    }
    SECTION("default opens the url, join the meeting link") {
        server.emit_action(id, "default");
        server.emit_action(id, "join");
        REQUIRE(test::pump_until(rig.io, [&] { return rig.opened.size() == 2; }));
        CHECK(rig.opened[0] == "https://example.org/sync");
        CHECK(rig.opened[1] == "https://meet.example.com/xyz");
    }
    SECTION("another program's bubble and another sender are ignored") {
        server.emit_action(id + 100, "snooze");
        auto impostor = test::connect(rig.io);
        sd_bus_emit_signal(impostor->get(), "/org/freedesktop/Notifications",
                           "org.freedesktop.Notifications", "ActionInvoked", "us", id, "dismiss");
        impostor->kick();
        // The sentinel: once the bus has answered the impostor, its signal is on the sink's
        // way; a real action the server sends after reaches the sink after both of them.
        REQUIRE(test::round_trip(rig.io, *impostor));
        server.emit_action(id, "default");
        REQUIRE(test::pump_until(rig.io, [&] { return rig.opened.size() == 1; }));
        CHECK(rig.backend.snoozes.empty());
        CHECK(rig.backend.dismissals.empty());
    }
}

TEST_CASE("without a backend the bubble offers no Snooze or Dismiss", "[dbus][notifications]") {
    Rig rig{false};
    FakeNotificationServer server{rig.io, full_caps};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    rig.sink->deliver(test::team_sync());
    REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 1; }));
    CHECK_FALSE(has_action(server.calls[0], "snooze:5m"));
    CHECK(has_action(server.calls[0], "default"));
}

TEST_CASE("meeting links and urls are checked before anything opens them", "[dbus]") {
    CHECK(dbus::openable_url("file:///home/u/notes.txt"));
    CHECK_FALSE(dbus::openable_url("javascript:alert(1)"));
    CHECK_FALSE(dbus::openable_url("https://x.example/ --help"));
    CHECK_FALSE(dbus::openable_url("-https://x"));
}

TEST_CASE("the Snooze choices of the schedule are offered, and each snoozes as it says",
          "[dbus][notifications]") {
    Rig rig;
    rig.sink->set_snooze_choices({*core::parse_snooze_choice("10m"),
                                  *core::parse_snooze_choice("1h"),
                                  *core::parse_snooze_choice("start")});
    FakeNotificationServer server{rig.io, full_caps};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    rig.sink->deliver(test::team_sync());
    REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 1; }));
    const auto& call = server.calls[0];
    CHECK(call.actions == std::vector<std::string>{"default", "Open", "snooze:10m", "Snooze 10 min",
                                                   "snooze:1h", "Snooze 1 h", "snooze:start",
                                                   "Snooze until start", "dismiss", "Dismiss"});
    server.emit_action(call.id, "snooze:start");
    REQUIRE(test::pump_until(rig.io, [&] { return rig.backend.snoozes.size() == 1; }));
    CHECK(rig.backend.snoozes[0].second == dbus::snooze_until_start);
    CHECK(rig.backend.snoozes[0].first.occurrence_start == test::team_sync().start);
    CHECK(std::find(rig.logged.begin(), rig.logged.end(),
                    "snoozed [team-sync] until it starts, for 15 min") != rig.logged.end());
}

TEST_CASE("a persistent reminder never expires and stays resident, and its sound is a hint",
          "[dbus][notifications]") {
    Rig rig;
    FakeNotificationServer server{rig.io, {"body", "actions", "persistence", "sound"}};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    auto named = test::team_sync();
    named.persistent = true;
    named.sound = "message-new-instant";
    rig.sink->deliver(named);
    auto filed = test::team_sync();
    filed.event_id = "other";
    filed.sound = "/usr/share/sounds/bell.oga";
    rig.sink->deliver(filed);
    REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 2; }));
    CHECK(server.calls[0].timeout == 0);
    CHECK(server.calls[0].resident);
    CHECK(server.calls[0].sound_name == "message-new-instant");
    CHECK(server.calls[0].sound_file.empty());
    CHECK(server.calls[1].timeout == -1);
    CHECK_FALSE(server.calls[1].resident);
    CHECK(server.calls[1].sound_name.empty());
    CHECK(server.calls[1].sound_file == "/usr/share/sounds/bell.oga");
}

TEST_CASE("a link that does not open is said in the log and in a short bubble",
          "[dbus][notifications]") {
    Rig rig;
    rig.open_fails = "xdg-open exited with status 4";
    FakeNotificationServer server{rig.io, full_caps};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    rig.sink->deliver(test::team_sync());
    REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 1; }));
    server.emit_action(server.calls[0].id, "default");
    REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 2; }));
    CHECK(server.calls[1].summary == "Could not open https://example.org/sync");
    CHECK(server.calls[1].body == "xdg-open exited with status 4");
    CHECK(server.calls[1].actions.empty());
    CHECK(std::find(rig.logged.begin(), rig.logged.end(),
                    "could not open https://example.org/sync: xdg-open exited with status 4") !=
          rig.logged.end());
}

TEST_CASE("bubbles are reported as they open and close, and the next run takes them over",
          "[dbus][notifications]") {
    Rig rig;
    FakeNotificationServer server{rig.io, full_caps};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    auto other = test::team_sync();
    other.event_id = "other";
    rig.sink->deliver(test::team_sync());
    rig.sink->deliver(other);
    REQUIRE(test::pump_until(rig.io, [&] { return rig.reported.size() == 2; }));
    const core::OpenBubbles left = rig.reported.back();
    CHECK(left.server == server.unique_name());
    REQUIRE(left.bubbles.size() == 2);
    CHECK(left.bubbles[0] == core::OpenBubble{server.calls[0].id, "team-sync",
                                              test::team_sync().start, "https://example.org/sync",
                                              ""});
    CHECK(left.bubbles[1].event_id == "other");

    SECTION("closed by the user: forgotten") {
        server.emit_closed(server.calls[1].id, 2);
        REQUIRE(test::pump_until(rig.io, [&] { return rig.reported.size() == 3; }));
        CHECK(rig.reported.back().bubbles.size() == 1);
    }
    SECTION("the same server: Snooze on an old bubble works, a new reminder replaces it") {
        rig.restart_sink();
        rig.sink->adopt(left);
        rig.sink->start();
        REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
        server.emit_action(left.bubbles[0].id, "snooze:5m");
        REQUIRE(test::pump_until(rig.io, [&] { return rig.backend.snoozes.size() == 1; }));
        CHECK(rig.backend.snoozes[0].first.event_id == "team-sync");
        CHECK(rig.backend.snoozes[0].first.occurrence_start == test::team_sync().start);
        rig.sink->deliver(other);
        REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 3; }));
        CHECK(server.calls[2].replaces_id == left.bubbles[1].id);
        // The snoozed one was closed by us; the other, closed by the user after the restart, is
        // forgotten as this run's are.
        REQUIRE(test::pump_until(rig.io, [&] {
            return rig.reported.back().bubbles.size() == 1 &&
                   rig.reported.back().bubbles[0].event_id == "other";
        }));
        CHECK(server.close_requests == std::vector<std::uint32_t>{left.bubbles[0].id});
        server.emit_closed(left.bubbles[1].id, 2);
        REQUIRE(test::pump_until(rig.io, [&] { return rig.reported.back().bubbles.empty(); }));
    }
    SECTION("another server: nothing is taken over, and the state forgets them") {
        rig.restart_sink();
        auto elsewhere = left;
        elsewhere.server = ":1.9999";
        rig.sink->adopt(elsewhere);
        rig.sink->start();
        REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
        CHECK(rig.reported.back() == core::OpenBubbles{});
        server.emit_action(left.bubbles[0].id, "snooze:5m");
        // The sentinel: an action of a bubble of this run arrives after the ignored one.
        rig.sink->deliver(test::team_sync());
        REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 3; }));
        CHECK(server.calls[2].replaces_id == 0);
        server.emit_action(server.calls[2].id, "dismiss");
        REQUIRE(test::pump_until(rig.io, [&] { return rig.backend.dismissals.size() == 1; }));
        CHECK(rig.backend.snoozes.empty());
    }
}

TEST_CASE("a taken-over bubble is sent again in its place, quietly and before what waits; one "
          "whose occurrence is gone is closed",
          "[dbus][notifications]") {
    Rig rig;
    FakeNotificationServer server{rig.io, full_caps};
    rig.sink->start();
    REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
    auto other = test::team_sync();
    other.event_id = "other";
    rig.sink->deliver(test::team_sync());
    rig.sink->deliver(other);
    REQUIRE(test::pump_until(rig.io, [&] { return rig.reported.size() == 2; }));
    const core::OpenBubbles left = rig.reported.back();
    const std::uint32_t sync_id = left.bubbles[0].id;
    const std::uint32_t other_id = left.bubbles[1].id;

    SECTION("the schedule has one, not the other") {
        rig.redeliver = [](const dbus::ActionTarget& target)
            -> std::expected<core::Delivery, dbus::BackendError> {
            if (target.event_id == "other")
                return std::unexpected(dbus::BackendError{dbus::BackendErrorKind::unknown_reminder,
                                                          "no event \"other\""});
            auto d = test::team_sync();
            d.sound = "message-new-instant";
            return d;
        };
        rig.restart_sink();
        rig.sink->adopt(left);
        // A reminder of the same occurrence, handed over before the server answers: it goes
        // after the re-send, and replaces the bubble in turn.
        rig.sink->deliver(test::team_sync("5m"));
        rig.sink->start();
        REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 4; }));
        const test::NotifyCall& again = server.calls[2];
        CHECK(again.replaces_id == sync_id);
        CHECK(again.summary == server.calls[0].summary);
        CHECK(again.actions == server.calls[0].actions);
        CHECK(again.suppress_sound);
        CHECK(again.sound_name.empty());
        CHECK(server.calls[3].replaces_id == sync_id);
        CHECK_FALSE(server.calls[3].suppress_sound);
        CHECK(server.close_requests == std::vector<std::uint32_t>{other_id});
        CHECK(std::find(rig.logged.begin(), rig.logged.end(),
                        fmt::format("closing bubble {} of the previous run: no event \"other\"",
                                    other_id)) != rig.logged.end());
        REQUIRE(test::pump_until(rig.io, [&] {
            return rig.reported.back().bubbles.size() == 1 &&
                   rig.reported.back().bubbles[0].id == sync_id;
        }));
    }
    SECTION("one whose event is over is neither sent again nor closed, only no longer kept") {
        rig.redeliver = [](const dbus::ActionTarget& target)
            -> std::expected<core::Delivery, dbus::BackendError> {
            auto d = test::team_sync();
            d.event_id = target.event_id;
            if (target.event_id == "team-sync")
                d.end = d.delivered_at - std::chrono::minutes{1};
            return d;
        };
        rig.restart_sink();
        rig.sink->adopt(left);
        rig.sink->start();
        REQUIRE(test::pump_until(rig.io, [&] { return server.calls.size() == 3; }));
        CHECK(server.calls[2].replaces_id == other_id);
        REQUIRE(test::round_trip(rig.io, *rig.bus));
        REQUIRE(test::round_trip(rig.io, server.bus()));
        CHECK(server.calls.size() == 3);
        CHECK(server.close_requests.empty());
        CHECK(std::find(rig.logged.begin(), rig.logged.end(),
                        fmt::format("bubble {} of the previous run ([team-sync]) not sent again: "
                                    "its event is over",
                                    sync_id)) != rig.logged.end());
        REQUIRE(test::pump_until(rig.io, [&] {
            return rig.reported.back().bubbles.size() == 1 &&
                   rig.reported.back().bubbles[0].id == other_id;
        }));
    }
    SECTION("no schedule is running: both are kept as they are, and still work") {
        rig.redeliver =
            [](const dbus::ActionTarget&) -> std::expected<core::Delivery, dbus::BackendError> {
            return std::unexpected(
                dbus::BackendError{dbus::BackendErrorKind::no_schedule, "no schedule is running"});
        };
        rig.restart_sink();
        rig.sink->adopt(left);
        rig.sink->start();
        REQUIRE(test::pump_until(rig.io, [&] { return rig.ready(); }));
        server.emit_action(sync_id, "dismiss");
        REQUIRE(test::pump_until(rig.io, [&] { return rig.backend.dismissals.size() == 1; }));
        // The sentinels: whatever the sink sent has reached the server, and been handled.
        REQUIRE(test::round_trip(rig.io, *rig.bus));
        REQUIRE(test::round_trip(rig.io, server.bus()));
        CHECK(server.calls.size() == 2);
        CHECK(std::find(rig.logged.begin(), rig.logged.end(),
                        fmt::format("bubble {} of the previous run ([team-sync]) not sent again: "
                                    "no schedule is running",
                                    sync_id)) != rig.logged.end());
    }
}
