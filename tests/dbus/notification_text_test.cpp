// What a reminder's bubble says and offers, as a table: the server's capabilities and the
// event's url, location and description in; the actions and the body's link lines out.

#include "bus_fixture.hpp"
#include "core_support.hpp"
#include "dbus/notification_text.hpp"

#include "catch_compat.hpp"

#include <algorithm>

using namespace agendad;

namespace {

bool offers(const dbus::NotificationText& n, dbus::Action action) {
    return std::any_of(n.actions.begin(), n.actions.end(),
                       [&](const dbus::OfferedAction& a) { return a.action == action; });
}

const std::vector<std::string> plain{"body", "actions"};
const std::vector<std::string> links{"body", "body-markup", "body-hyperlinks", "actions"};

} // namespace

TEST_CASE("a meeting link in url, location or description offers Join and shows in the body",
          "[dbus][notifications]") {
    struct Row {
        const char* name;
        std::vector<std::string> caps;
        std::string url, location, description;
        std::string join;              ///< the Join link, "" for no Join
        bool open;                     ///< whether Open (the default action) is offered
        std::vector<std::string> tail; ///< the body's last lines, in order
    };
    const std::string zoom = "https://zoom.us/j/123";
    const std::vector<Row> rows{
        {"a meeting link in url, plain server: Join, and the link as text",
         plain,
         zoom,
         "",
         "",
         zoom,
         true,
         {zoom}},
        {"a meeting link in url, hyperlinks: Join, and the link as a hyperlink",
         links,
         zoom,
         "",
         "",
         zoom,
         true,
         {"<a href=\"https://zoom.us/j/123\">https://zoom.us/j/123</a>"}},
        {"a meeting link in the location: Join, the location line shows it already",
         plain,
         "",
         "Zoom: " + zoom + ", pw 4",
         "",
         zoom,
         false,
         {"Zoom: " + zoom + ", pw 4"}},
        {"a meeting link in the description beats a plain page in url",
         plain,
         "https://example.org/sync",
         "",
         "Join (" + zoom + ")",
         zoom,
         true,
         {"Join (" + zoom + ")", "https://example.org/sync"}},
        {"a plain page in url alone is Open's, not Join's",
         plain,
         "https://example.org/sync",
         "Room 4",
         "",
         "",
         true,
         {"Room 4", "https://example.org/sync"}},
        {"any https link in the location still joins",
         plain,
         "",
         "https://meet.example.com/abc",
         "",
         "https://meet.example.com/abc",
         false,
         {"https://meet.example.com/abc"}},
        {"markup without hyperlinks: the link as escaped text",
         {"body", "body-markup", "actions"},
         "https://zoom.us/j/1?a=1&b=2",
         "",
         "",
         "https://zoom.us/j/1?a=1&b=2",
         true,
         {"https://zoom.us/j/1?a=1&amp;b=2"}},
        {"a link already in the location is not repeated, markup or not",
         links,
         "",
         "Zoom https://zoom.us/j/1?a=1&b=2",
         "",
         "https://zoom.us/j/1?a=1&b=2",
         false,
         {"Zoom https://zoom.us/j/1?a=1&amp;b=2"}},
        {"a meeting link past the description lines kept is added",
         plain,
         "",
         "",
         "1\n2\n3\n" + zoom,
         zoom,
         false,
         {"1\n2\n3…", zoom}},
        {"http is no meeting link, and not shown as one",
         plain,
         "",
         "http://zoom.us/j/1",
         "",
         "",
         false,
         {"http://zoom.us/j/1"}},
    };
    for (const Row& row : rows) {
        SECTION(row.name) {
            auto delivery = test::team_sync();
            delivery.url = row.url;
            delivery.location = row.location;
            delivery.description = row.description;
            const dbus::NotificationContext context{
                .caps = dbus::Capabilities::from(row.caps),
                .user_zone = &core::test::zone("UTC"),
            };
            const auto n = dbus::notification_text(delivery, context);
            CHECK(n.join_url == row.join);
            CHECK(offers(n, dbus::Action::join) == !row.join.empty());
            CHECK(offers(n, dbus::Action::open) == row.open);
            std::string tail;
            for (const std::string& line : row.tail)
                tail += '\n' + line;
            INFO(n.body);
            CHECK(n.body.ends_with(tail));
            CHECK(n.body.find('\n' + row.tail.front()) == n.body.size() - tail.size());
        }
    }
}

TEST_CASE("a server without actions still shows the meeting link in the body",
          "[dbus][notifications]") {
    auto delivery = test::team_sync();
    delivery.url = "https://meet.google.com/abc-defg-hij";
    const dbus::NotificationContext context{.caps = dbus::Capabilities::from({"body"}),
                                            .user_zone = &core::test::zone("UTC")};
    const auto n = dbus::notification_text(delivery, context);
    CHECK(n.actions.empty());
    CHECK(n.body.ends_with("\nhttps://meet.google.com/abc-defg-hij"));
}

TEST_CASE("Snooze is offered once per choice, until-start only before the start",
          "[dbus][notifications]") {
    struct Row {
        const char* name;
        std::vector<std::string> choices;
        std::string delivered_at;
        std::vector<std::string> offered; ///< key, label…
    };
    const std::vector<Row> rows{
        {"the default: one Snooze of 5 min",
         {},
         "2022-01-10T09:45:00Z",
         {"snooze:5m", "Snooze 5 min"}},
        {"a list, before the start",
         {"5m", "1d", "start"},
         "2022-01-10T09:45:00Z",
         {"snooze:5m", "Snooze 5 min", "snooze:1d", "Snooze 1 day", "snooze:start",
          "Snooze until start"}},
        {"a list, once the event has started: no until-start",
         {"15m", "start"},
         "2022-01-10T10:00:00Z",
         {"snooze:15m", "Snooze 15 min"}},
    };
    for (const Row& row : rows) {
        SECTION(row.name) {
            auto delivery = test::team_sync();
            delivery.url.clear();
            delivery.delivered_at = core::test::at(row.delivered_at);
            dbus::NotificationContext context{.caps = dbus::Capabilities::from({"actions"}),
                                              .user_zone = &core::test::zone("UTC")};
            if (!row.choices.empty()) {
                context.snooze_choices.clear();
                for (const std::string& text : row.choices)
                    context.snooze_choices.push_back(*core::parse_snooze_choice(text));
            }
            auto strings = dbus::notification_text(delivery, context).action_strings();
            REQUIRE(strings.size() >= 2);
            CHECK(strings.back() == "Dismiss");
            strings.resize(strings.size() - 2);
            CHECK(strings == row.offered);
        }
    }
}

TEST_CASE("action keys name the action and the snooze choice", "[dbus][notifications]") {
    CHECK(dbus::parse_action_key("dismiss")->action == dbus::Action::dismiss);
    CHECK_FALSE(dbus::parse_action_key("snooze")->snooze);
    const auto ten = dbus::parse_action_key("snooze:10m");
    REQUIRE(ten);
    CHECK(ten->action == dbus::Action::snooze);
    CHECK(ten->snooze->span->exact == std::chrono::minutes{10});
    CHECK(dbus::parse_action_key("snooze:start")->snooze->until_start());
    CHECK_FALSE(dbus::parse_action_key("snooze:soon"));
    CHECK_FALSE(dbus::parse_action_key("snooze:0m"));
    CHECK_FALSE(dbus::parse_action_key("reply"));
}

TEST_CASE("persistent and sound become expire_timeout, resident and sound hints",
          "[dbus][notifications]") {
    struct Row {
        const char* name;
        bool persistent;
        core::Urgency urgency;
        std::vector<std::string> caps;
        std::string sound;
        std::int32_t timeout;
        bool resident;
        std::string sound_name, sound_file;
    };
    const std::vector<Row> rows{
        {"plain", false, core::Urgency::normal, {"actions"}, "", -1, false, "", ""},
        {"critical never expires",
         false,
         core::Urgency::critical,
         {"actions"},
         "",
         0,
         false,
         "",
         ""},
        {"persistent never expires; no resident without persistence",
         true,
         core::Urgency::normal,
         {"actions"},
         "",
         0,
         false,
         "",
         ""},
        {"persistent on a server that keeps bubbles is resident",
         true,
         core::Urgency::low,
         {"actions", "persistence"},
         "",
         0,
         true,
         "",
         ""},
        {"a sound name",
         false,
         core::Urgency::normal,
         {},
         "message-new-instant",
         -1,
         false,
         "message-new-instant",
         ""},
        {"a sound file",
         false,
         core::Urgency::normal,
         {},
         "/home/u/bell.oga",
         -1,
         false,
         "",
         "/home/u/bell.oga"},
    };
    for (const Row& row : rows) {
        SECTION(row.name) {
            auto delivery = test::team_sync();
            delivery.persistent = row.persistent;
            delivery.urgency = row.urgency;
            delivery.sound = row.sound;
            const dbus::NotificationContext context{.caps = dbus::Capabilities::from(row.caps),
                                                    .user_zone = &core::test::zone("UTC")};
            const auto n = dbus::notification_text(delivery, context);
            CHECK(n.expire_timeout == row.timeout);
            CHECK(n.resident == row.resident);
            CHECK(n.sound_name == row.sound_name);
            CHECK(n.sound_file == row.sound_file);
        }
    }
}

TEST_CASE("a link that could not be opened gets a short bubble", "[dbus][notifications]") {
    const dbus::NotificationContext context{.caps = dbus::Capabilities::from({"body-markup"}),
                                            .user_zone = &core::test::zone("UTC")};
    const auto n = dbus::open_failed_text("https://x.example/?a=1&b=2",
                                          "xdg-open exited with status 3", context);
    CHECK(n.summary == "Could not open https://x.example/?a=1&b=2");
    CHECK(n.body == "xdg-open exited with status 3");
    CHECK(n.actions.empty());
}
