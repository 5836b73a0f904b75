// What a reminder's bubble says and offers, as a table: the server's capabilities and the
// event's url, location and description in; the actions and the body's link lines out.

#include "bus_fixture.hpp"
#include "core_support.hpp"
#include "dbus/notification_text.hpp"

#include <catch2/catch.hpp>

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
