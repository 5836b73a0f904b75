#include "bus_fixture.hpp"
#include "dbus/agenda_service.hpp"

#include "catch_compat.hpp"

using namespace agendad;
using namespace std::chrono_literals;

namespace {

struct Rig {
    test::PrivateBus private_bus;
    boost::asio::io_context io;
    test::FakeBackend backend;
    std::unique_ptr<dbus::BusConnection> bus = test::connect(io);
    dbus::AgendaService service{*bus, backend, "0.1.0"};
    std::unique_ptr<dbus::BusConnection> client = test::connect(io);

    Rig() {
        const auto d = test::team_sync();
        backend.upcoming.push_back(dbus::UpcomingReminder{d.event_id, d.title, d.location, d.lead,
                                                          d.start, d.end, d.fire_at, "work"});
        auto started = service.start();
        INFO((started ? std::string{} : started.error()));
        REQUIRE(started.has_value());
    }

    /// Calls a method on the service and waits for the answer; `reader` reads the reply.
    std::string call(const char* interface, const char* member,
                     const std::function<void(sd_bus_message*)>& fill,
                     const std::function<void(sd_bus_message*)>& reader = {}) {
        sd_bus_message* raw = nullptr;
        REQUIRE(sd_bus_message_new_method_call(client->get(), &raw, dbus::service_name,
                                               dbus::service_path, interface, member) >= 0);
        dbus::Message m{raw};
        if (fill)
            fill(raw);
        bool done = false;
        std::string error_name;
        REQUIRE(client->call_async(raw, [&](sd_bus_message* reply, const sd_bus_error* error) {
            done = true;
            if (error)
                error_name = error->name;
            else if (reader)
                reader(reply);
        }) >= 0);
        REQUIRE(test::pump_until(io, [&] { return done; }));
        return error_name;
    }
};

std::int64_t us(core::Instant t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

} // namespace

TEST_CASE("ReminderDue is emitted for every reminder", "[dbus][service]") {
    Rig rig;
    struct Seen {
        std::string id, title, lead, calendar;
        std::int64_t start = 0, fire = 0;
        int missed = 0;
    };
    std::vector<Seen> seen;
    auto slot =
        rig.client->match_signal(nullptr, dbus::service_path, dbus::service_interface,
                                 "ReminderDue", [&](sd_bus_message* m) {
                                     const char *id, *title, *lead, *calendar;
                                     Seen s;
                                     sd_bus_message_read(m, "ssxxsbs", &id, &title, &s.start,
                                                         &s.fire, &lead, &s.missed, &calendar);
                                     s.id = id;
                                     s.title = title;
                                     s.lead = lead;
                                     s.calendar = calendar;
                                     seen.push_back(s);
                                 });
    // Let the AddMatch reach the bus before anything is emitted.
    bool matched = false;
    rig.call("org.freedesktop.DBus.Peer", "Ping", {}, [&](sd_bus_message*) { matched = true; });
    REQUIRE(matched);
    auto missed = test::team_sync("0m");
    missed.missed = true;
    auto from_calendar = test::team_sync();
    from_calendar.calendar = "work";
    rig.service.deliver(test::team_sync());
    const core::Delivery digest[] = {missed, from_calendar};
    rig.service.deliver_digest(digest);
    REQUIRE(test::pump_until(rig.io, [&] { return seen.size() == 3; }));
    CHECK(seen[0].id == "team-sync");
    CHECK(seen[0].title == "Team sync");
    CHECK(seen[0].lead == "15m");
    CHECK(seen[0].start == us(test::team_sync().start));
    CHECK(seen[0].fire == us(test::team_sync().fire_at));
    CHECK(seen[0].missed == 0);
    CHECK(seen[0].calendar == "");
    CHECK(seen[1].missed == 1);
    CHECK(seen[2].calendar == "work");
}

TEST_CASE("the service is introspectable", "[dbus][service]") {
    Rig rig;
    std::string xml;
    CHECK(rig.call("org.freedesktop.DBus.Introspectable", "Introspect", {}, [&](sd_bus_message* m) {
        const char* text = nullptr;
        sd_bus_message_read(m, "s", &text);
        xml = text;
    }) == "");
    for (const char* needle :
         {"<interface name=\"io.github.agendad.Agenda1\">", "<method name=\"ListUpcoming\">",
          "<method name=\"Reload\">", "<method name=\"Snooze\">", "<method name=\"Dismiss\">",
          "<signal name=\"ReminderDue\">", "<signal name=\"ScheduleReloaded\">",
          "<property name=\"NextReminder\" type=\"(ssxxs)\"",
          "<property name=\"NextReminderCalendar\" type=\"s\"", "<property name=\"Version\"",
          "<arg type=\"s\" name=\"event_id\""}) {
        INFO(needle);
        CHECK(xml.find(needle) != std::string::npos);
    }
}

TEST_CASE("ListUpcoming, Snooze, Dismiss and Reload answer with data or named errors",
          "[dbus][service]") {
    Rig rig;
    const auto d = test::team_sync();
    SECTION("ListUpcoming returns an array of structs") {
        std::vector<std::string> ids, calendars;
        std::int64_t fire = 0;
        CHECK(rig.call(
                  dbus::service_interface, "ListUpcoming",
                  [&](sd_bus_message* m) {
                      sd_bus_message_append(m, "xx", us(d.fire_at) - 1000000,
                                            us(d.fire_at) + 1000000);
                  },
                  [&](sd_bus_message* m) {
                      sd_bus_message_enter_container(m, 'a', "(ssssxxxs)");
                      const char *id, *title, *location, *lead, *calendar;
                      std::int64_t start, end;
                      while (sd_bus_message_read(m, "(ssssxxxs)", &id, &title, &location, &lead,
                                                 &start, &end, &fire, &calendar) > 0) {
                          ids.emplace_back(id);
                          calendars.emplace_back(calendar);
                      }
                  }) == "");
        CHECK(ids == std::vector<std::string>{"team-sync"});
        CHECK(calendars == std::vector<std::string>{"work"});
        CHECK(fire == us(d.fire_at));
        CHECK(rig.call(dbus::service_interface, "ListUpcoming", [&](sd_bus_message* m) {
            sd_bus_message_append(m, "xx", std::int64_t{10}, std::int64_t{5});
        }) == "io.github.agendad.Error.InvalidArgument");
    }
    SECTION("ListUpcoming takes any two int64 without overflow: too wide is refused, the edges "
            "are answered") {
        constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
        constexpr auto highest = std::numeric_limits<std::int64_t>::max();
        const auto list = [&](std::int64_t from, std::int64_t until) {
            return rig.call(dbus::service_interface, "ListUpcoming", [&](sd_bus_message* m) {
                sd_bus_message_append(m, "xx", from, until);
            });
        };
        CHECK(list(lowest, highest) == "io.github.agendad.Error.InvalidArgument");
        CHECK(list(highest, lowest) == "io.github.agendad.Error.InvalidArgument");
        CHECK(list(-1, highest) == "io.github.agendad.Error.InvalidArgument");
        CHECK(list(lowest, 0) == "io.github.agendad.Error.InvalidArgument");
        CHECK(list(lowest, lowest) == "");
        CHECK(list(highest, highest) == "");
        CHECK(list(lowest, lowest + 1000000) == "");
        CHECK(list(highest - 1000000, highest) == "");
    }
    SECTION("a backend's LimitsExceeded reaches the caller by name") {
        rig.backend.list_error = dbus::BackendError{dbus::BackendErrorKind::limits_exceeded,
                                                    "the window holds more than 10000 reminders"};
        CHECK(rig.call(dbus::service_interface, "ListUpcoming", [&](sd_bus_message* m) {
            sd_bus_message_append(m, "xx", std::int64_t{0}, std::int64_t{1000000});
        }) == "org.freedesktop.DBus.Error.LimitsExceeded");
    }
    SECTION("Snooze and Dismiss take an event id") {
        std::int64_t when = 0;
        CHECK(rig.call(
                  dbus::service_interface, "Snooze",
                  [&](sd_bus_message* m) {
                      sd_bus_message_append(m, "st", "team-sync", std::uint64_t{600});
                  },
                  [&](sd_bus_message* m) { sd_bus_message_read(m, "x", &when); }) == "");
        CHECK(when == us(d.fire_at + 10min));
        REQUIRE(rig.backend.snoozes.size() == 1);
        CHECK_FALSE(rig.backend.snoozes[0].first.occurrence_start.has_value());
        CHECK(rig.call(dbus::service_interface, "Snooze", [&](sd_bus_message* m) {
            sd_bus_message_append(m, "st", "nope", std::uint64_t{600});
        }) == "io.github.agendad.Error.UnknownReminder");
        CHECK(rig.call(dbus::service_interface, "Snooze", [&](sd_bus_message* m) {
            sd_bus_message_append(m, "st", "team-sync", std::uint64_t{8 * 86400});
        }) == "io.github.agendad.Error.InvalidArgument");
        CHECK(rig.call(dbus::service_interface, "Dismiss", [&](sd_bus_message* m) {
            sd_bus_message_append(m, "s", "team-sync");
        }) == "");
        CHECK(rig.backend.dismissals.size() == 1);
    }
    SECTION("Reload returns the errors") {
        rig.backend.reload_errors = {"agenda.toml:3:1: error: bad"};
        std::vector<std::string> errors;
        CHECK(rig.call(dbus::service_interface, "Reload", {}, [&](sd_bus_message* m) {
            char** strv = nullptr;
            sd_bus_message_read_strv(m, &strv);
            for (char** s = strv; s && *s; ++s) {
                errors.emplace_back(*s);
                free(*s);
            }
            free(strv);
        }) == "");
        CHECK(errors == rig.backend.reload_errors);
        CHECK(rig.backend.reloads == 1);
    }
    SECTION("properties") {
        std::string version;
        CHECK(rig.call(
                  "org.freedesktop.DBus.Properties", "Get",
                  [&](sd_bus_message* m) {
                      sd_bus_message_append(m, "ss", dbus::service_interface, "Version");
                  },
                  [&](sd_bus_message* m) {
                      const char* v = nullptr;
                      sd_bus_message_read(m, "v", "s", &v);
                      version = v;
                  }) == "");
        CHECK(version == "0.1.0");
    }
}

TEST_CASE("a changed next reminder or last error is announced with PropertiesChanged",
          "[dbus][service]") {
    Rig rig;
    std::vector<std::string> changed;
    auto slot =
        rig.client->match_signal(nullptr, dbus::service_path, "org.freedesktop.DBus.Properties",
                                 "PropertiesChanged", [&](sd_bus_message* m) {
                                     const char* interface = nullptr;
                                     sd_bus_message_read(m, "s", &interface);
                                     // EMITS_CHANGE properties come with their new values, in the
                                     // dictionary.
                                     sd_bus_message_enter_container(m, 'a', "{sv}");
                                     while (sd_bus_message_enter_container(m, 'e', "sv") > 0) {
                                         const char* name = nullptr;
                                         sd_bus_message_read(m, "s", &name);
                                         changed.emplace_back(name);
                                         sd_bus_message_skip(m, "v");
                                         sd_bus_message_exit_container(m);
                                     }
                                     sd_bus_message_exit_container(m);
                                 });
    rig.call("org.freedesktop.DBus.Peer", "Ping", {});
    rig.backend.error_text = "agenda.toml:1:1: error: x";
    rig.service.schedule_reloaded(false, rig.backend.error_text);
    REQUIRE(test::pump_until(rig.io, [&] { return !changed.empty(); }));
    CHECK(changed == std::vector<std::string>{"LastError"});
    changed.clear();
    // The next reminder's calendar changes with it, in the same signal.
    rig.backend.upcoming.clear();
    rig.service.refresh_properties();
    REQUIRE(test::pump_until(rig.io, [&] { return !changed.empty(); }));
    CHECK(changed == std::vector<std::string>{"NextReminder", "NextReminderCalendar"});
    changed.clear();
    // Another event of no calendar: only NextReminder moves.
    const auto d = test::team_sync();
    rig.backend.upcoming.push_back(dbus::UpcomingReminder{d.event_id, d.title, d.location, d.lead,
                                                          d.start, d.end, d.fire_at, ""});
    rig.service.refresh_properties();
    REQUIRE(test::pump_until(rig.io, [&] { return !changed.empty(); }));
    CHECK(changed == std::vector<std::string>{"NextReminder"});
}

TEST_CASE("NextReminderCalendar names the next reminder's calendar beside NextReminder, whose "
          "type is unchanged",
          "[dbus][service]") {
    Rig rig;
    const auto get = [&rig](const char* property, const char* type,
                            const std::function<void(sd_bus_message*)>& read) {
        return rig.call(
            "org.freedesktop.DBus.Properties", "Get",
            [&](sd_bus_message* m) {
                sd_bus_message_append(m, "ss", dbus::service_interface, property);
            },
            [&](sd_bus_message* m) {
                REQUIRE(sd_bus_message_enter_container(m, 'v', type) >= 0);
                read(m);
            });
    };
    const char* id = nullptr;
    std::string calendar = "unread";
    // A reader of the old type keeps working.
    CHECK(get("NextReminder", "(ssxxs)", [&](sd_bus_message* m) {
              const char *title = nullptr, *lead = nullptr;
              std::int64_t start = 0, fire = 0;
              REQUIRE(sd_bus_message_read(m, "(ssxxs)", &id, &title, &start, &fire, &lead) >= 0);
              CHECK(std::string{id} == "team-sync");
          }) == "");
    CHECK(get("NextReminderCalendar", "s", [&](sd_bus_message* m) {
              const char* text = nullptr;
              REQUIRE(sd_bus_message_read(m, "s", &text) >= 0);
              calendar = text;
          }) == "");
    CHECK(calendar == "work");
    rig.backend.upcoming.clear();
    CHECK(get("NextReminderCalendar", "s", [&](sd_bus_message* m) {
              const char* text = nullptr;
              REQUIRE(sd_bus_message_read(m, "s", &text) >= 0);
              calendar = text;
          }) == "");
    CHECK(calendar.empty());
}

TEST_CASE("a second agendad on the same bus is refused with a clear message", "[dbus][service]") {
    Rig rig;
    auto other_bus = test::connect(rig.io);
    test::FakeBackend other_backend;
    dbus::AgendaService second{*other_bus, other_backend, "0.1.0"};
    auto started = second.start();
    REQUIRE_FALSE(started.has_value());
    CHECK(started.error() ==
          "io.github.agendad is taken on the session bus: is agendad already running? "
          "(agendactl status)");
}

TEST_CASE("Warnings and PausedUntil are properties announced with PropertiesChanged when they move",
          "[dbus][service][pause]") {
    Rig rig;
    std::vector<std::string> changed;
    std::vector<std::string> warnings;
    std::int64_t paused_until = -1;
    auto slot =
        rig.client->match_signal(nullptr, dbus::service_path, "org.freedesktop.DBus.Properties",
                                 "PropertiesChanged", [&](sd_bus_message* m) {
                                     const char* interface = nullptr;
                                     sd_bus_message_read(m, "s", &interface);
                                     sd_bus_message_enter_container(m, 'a', "{sv}");
                                     while (sd_bus_message_enter_container(m, 'e', "sv") > 0) {
                                         const char* name = nullptr;
                                         sd_bus_message_read(m, "s", &name);
                                         changed.emplace_back(name);
                                         if (changed.back() == "Warnings") {
                                             char** lines = nullptr;
                                             sd_bus_message_enter_container(m, 'v', "as");
                                             sd_bus_message_read_strv(m, &lines);
                                             for (char** line = lines; line && *line; ++line) {
                                                 warnings.emplace_back(*line);
                                                 free(*line);
                                             }
                                             free(lines);
                                             sd_bus_message_exit_container(m);
                                         } else if (changed.back() == "PausedUntil") {
                                             sd_bus_message_read(m, "v", "x", &paused_until);
                                         } else {
                                             sd_bus_message_skip(m, "v");
                                         }
                                         sd_bus_message_exit_container(m);
                                     }
                                     sd_bus_message_exit_container(m);
                                 });
    rig.call("org.freedesktop.DBus.Peer", "Ping", {});

    rig.backend.warning_lines = {"agenda.toml:9:1: warning: event[2] \"Gone\": every reminder is "
                                 "in the past; it will never remind"};
    rig.service.schedule_reloaded(true, "");
    REQUIRE(test::pump_until(rig.io, [&] { return !changed.empty(); }));
    CHECK(changed == std::vector<std::string>{"Warnings"});
    CHECK(warnings == rig.backend.warning_lines);

    // Pause through the method: the answer and the property carry the end.
    changed.clear();
    const auto until =
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + 1h;
    std::int64_t answered = 0;
    CHECK(rig.call(
              dbus::service_interface, "Pause",
              [&](sd_bus_message* m) { sd_bus_message_append(m, "x", us(until)); },
              [&](sd_bus_message* reply) { sd_bus_message_read(reply, "x", &answered); }) == "");
    CHECK(answered == us(until));
    REQUIRE(test::pump_until(rig.io, [&] { return !changed.empty(); }));
    CHECK(changed == std::vector<std::string>{"PausedUntil"});
    CHECK(paused_until == us(until));

    // Until resumed is INT64_MAX; an end in the past is refused.
    CHECK(rig.call(dbus::service_interface, "Pause", [&](sd_bus_message* m) {
        sd_bus_message_append(m, "x", us(until - 2h));
    }) == "io.github.agendad.Error.InvalidArgument");
    changed.clear();
    CHECK(rig.call(dbus::service_interface, "Pause",
                   [&](sd_bus_message* m) { sd_bus_message_append(m, "x", INT64_MAX); }) == "");
    REQUIRE(test::pump_until(rig.io, [&] { return !changed.empty(); }));
    CHECK(paused_until == INT64_MAX);

    // Resume answers what became of the held reminders; the property goes back to 0.
    changed.clear();
    rig.backend.resume_result = {2, 1};
    std::uint32_t shown = 0, logged = 0;
    CHECK(rig.call(dbus::service_interface, "Resume", {}, [&](sd_bus_message* reply) {
        sd_bus_message_read(reply, "uu", &shown, &logged);
    }) == "");
    CHECK(shown == 2);
    CHECK(logged == 1);
    REQUIRE(test::pump_until(rig.io, [&] { return !changed.empty(); }));
    CHECK(paused_until == 0);
}

TEST_CASE("History answers the backend's entries since an instant, oldest first",
          "[dbus][service][history]") {
    Rig rig;
    const auto at = test::team_sync().fire_at;
    rig.backend.entries = {
        {at, core::HistoryKind::shown, "team-sync", "Team sync", "15m", at + 15min},
        {at + 1min, core::HistoryKind::missed, "retro", "Retro", "1h", at + 1h}};
    std::vector<std::string> kinds;
    CHECK(rig.call(
              dbus::service_interface, "History",
              [&](sd_bus_message* m) { sd_bus_message_append(m, "xb", us(at), 1); },
              [&](sd_bus_message* reply) {
                  sd_bus_message_enter_container(reply, 'a', "(ssssxx)");
                  const char *kind, *id, *title, *lead;
                  std::int64_t when = 0, start = 0;
                  while (sd_bus_message_read(reply, "(ssssxx)", &kind, &id, &title, &lead, &when,
                                             &start) > 0)
                      kinds.push_back(std::string{kind} + " " + id);
              }) == "");
    CHECK(kinds == std::vector<std::string>{"missed retro"});
    REQUIRE(rig.backend.history_asks.size() == 1);
    CHECK(rig.backend.history_asks[0] == std::pair{at, true});
}
