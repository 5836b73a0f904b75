#include "core/text/when_text.hpp"

#include "core_support.hpp"

#include "catch_compat.hpp"

namespace agendad::core {
namespace {

using test::at;
using test::zone;

WhenParts meeting(const char* start, const char* end, const char* now) {
    return WhenParts{.start = at(start), .end = at(end), .fire_at = at(now), .now = at(now)};
}

TEST_CASE("when_text says when, relative and on the user's clock", "[core][when]") {
    const auto& utc = zone("UTC");
    CHECK(when_text(meeting("2026-11-27T10:00:00Z", "2026-11-27T10:30:00Z", "2026-11-27T09:45:00Z"),
                    utc) == "in 15 min · 10:00–10:30 UTC");
    CHECK(when_text(meeting("2026-11-27T10:00:00Z", "2026-11-27T10:30:00Z", "2026-11-27T10:05:00Z"),
                    utc) == "now, started 5 min ago · 10:00–10:30 UTC");
    CHECK(when_text(meeting("2026-11-27T10:00:00Z", "2026-11-27T10:30:00Z", "2026-11-27T10:00:00Z"),
                    zone("America/Sao_Paulo")) == "now · 07:00–07:30 -03");
}

TEST_CASE("an event without a duration is a moment, not a span from a time to itself",
          "[core][when]") {
    CHECK(when_text(meeting("2026-11-27T14:23:00Z", "2026-11-27T14:23:00Z", "2026-11-27T14:22:00Z"),
                    zone("America/Sao_Paulo")) == "in 1 min · 11:23 -03");
}

TEST_CASE("the event's own clock is added when its offset differs", "[core][when]") {
    auto w = meeting("2026-11-27T09:00:00Z", "2026-11-27T10:00:00Z", "2026-11-27T08:45:00Z");
    w.event_zone = &zone("Asia/Tokyo");
    CHECK(when_text(w, zone("Europe/Brussels")) ==
          "in 15 min · 10:00–11:00 CET (18:00–19:00 JST, Asia/Tokyo)");
    w.event_zone = &zone("Europe/Paris"); // same offset: nothing added
    CHECK(when_text(w, zone("Europe/Brussels")) == "in 15 min · 10:00–11:00 CET");
}

} // namespace
} // namespace agendad::core
