#include "core/text/meeting_link.hpp"

#include "catch_compat.hpp"

using namespace agendad::core;

TEST_CASE("a meeting link is found in the URL, location or description", "[core][link]") {
    Event event;
    CHECK(meeting_link(event).empty());
    event.description = "Agenda: https://wiki.example.org/retro.\nJoin: "
                        "https://us02web.zoom.us/j/123456?pwd=abc, or call.";
    CHECK(meeting_link(event) == "https://us02web.zoom.us/j/123456?pwd=abc");
    event.location = "Room 4 (https://meet.google.com/abc-defg-hij)";
    CHECK(meeting_link(event) == "https://meet.google.com/abc-defg-hij");
    event.url = "https://teams.microsoft.com/l/meetup-join/19%3ameeting";
    CHECK(meeting_link(event) == "https://teams.microsoft.com/l/meetup-join/19%3ameeting");
}

TEST_CASE("known meeting hosts win over other https links, which still count", "[core][link]") {
    Event event;
    event.url = "https://example.org/event/42";
    event.description = "<https://meet.jit.si/AgendadStandup>";
    CHECK(meeting_link(event) == "https://meet.jit.si/AgendadStandup");
    event.description = "https://acme.webex.com/meet/alice";
    CHECK(meeting_link(event) == "https://acme.webex.com/meet/alice");
    event.description = "http://insecure.example.org and https://notzoom.us.example.org/x";
    CHECK(meeting_link(event) == "https://example.org/event/42");
    CHECK(find_link("HTTPS://ZOOM.US/j/1", false) == "HTTPS://ZOOM.US/j/1");
    CHECK(find_link("no link here", true).empty());
}

TEST_CASE("the meeting link of a delivery's texts is the event's", "[core][link]") {
    CHECK(meeting_link("https://example.org/x", "(https://meet.example.com/a)", "") ==
          "https://example.org/x");
    CHECK(meeting_link("https://example.org/x", "", "https://zoom.us/j/1.") ==
          "https://zoom.us/j/1");
    CHECK(meeting_host("https://us02web.zoom.us/j/1"));
    CHECK_FALSE(meeting_host("https://example.org/zoom.us"));
    CHECK_FALSE(meeting_host("http://zoom.us/j/1"));
}
