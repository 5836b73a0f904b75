// Which event a word means, among the listed ones: now is Monday 2022-01-03 13:04:05 UTC.

#include "core_support.hpp"
#include "ctl/id_match.hpp"

#include "catch_compat.hpp"

using namespace agendad;
using namespace std::chrono_literals;

namespace {

const core::Instant now = *core::parse_rfc3339("2022-01-03T13:04:05Z");

core::UpcomingReminder at(std::string id, std::string title, std::chrono::minutes from_now) {
    const core::Instant start = now + from_now;
    return core::UpcomingReminder{std::move(id), std::move(title), "", "15m", start,
                                  start + 30min, start - 15min,    ""};
}

const std::vector<core::UpcomingReminder> listed{
    at("team-sync", "Team sync", 10min),         at("retro", "Sprint retro", 3h),
    at("team-lunch", "Lunch with the team", 2h), at("standup", "Standup", -10min),
    at("team-sync", "Team sync", 24h * 7),       at("1on1-bob", "1:1 with Bob", 26h),
};

std::vector<std::string> ids(const ctl::EventMatch& match) {
    std::vector<std::string> out;
    if (match.chosen)
        out.push_back(match.chosen->event_id);
    for (const ctl::EventChoice& e : match.choices)
        out.push_back(e.event_id);
    return out;
}

} // namespace

TEST_CASE("a word names an event by id, id prefix or title fragment", "[ctl][id]") {
    using ctl::MatchKind;
    struct Row {
        const char* word;
        MatchKind kind;
        std::vector<std::string> ids; ///< chosen, or the choices by start
    };
    const std::vector<Row> rows{
        {"team-sync", MatchKind::one, {"team-sync"}},
        {"retro", MatchKind::one, {"retro"}},
        {"stand", MatchKind::one, {"standup"}}, // an id prefix
        {"team-", MatchKind::several, {"team-sync", "team-lunch"}},
        {"bob", MatchKind::one, {"1on1-bob"}}, // a title fragment, any case
        {"SPRINT", MatchKind::one, {"retro"}},
        {"team", MatchKind::several, {"team-sync", "team-lunch"}},
        {"t", MatchKind::several, {"team-sync", "team-lunch"}}, // ids first, then titles
        {"retor", MatchKind::close, {"retro"}},                 // a misspelling
        {"standpu", MatchKind::close, {"standup"}},
        {"zzzzzzzzzz",
         MatchKind::none,
         {"standup", "team-sync", "team-lunch", "retro", "1on1-bob"}}, // what is coming
        {"", MatchKind::none, {}},
    };
    for (const Row& row : rows) {
        SECTION(row.word) {
            const auto match = ctl::match_event(row.word, listed);
            CHECK(match.kind == row.kind);
            CHECK(ids(match) == row.ids);
        }
    }
}

TEST_CASE("an ambiguous or unknown word lists the choices with ids and titles", "[ctl][id]") {
    CHECK(ctl::choices_text("team", ctl::match_event("team", listed)) ==
          "\"team\" matches 2 events; say which:\n"
          "  team-sync   Team sync\n"
          "  team-lunch  Lunch with the team\n");
    CHECK(ctl::choices_text("retor", ctl::match_event("retor", listed)) ==
          "did you mean one of these?\n  retro  Sprint retro\n");
    CHECK(ctl::choices_text("zzzzzzzzzz", ctl::match_event("zzzzzzzzzz", listed))
              .starts_with("coming up:\n  standup     Standup\n"));
    CHECK(ctl::choices_text("x", ctl::match_event("x", {})).empty());
    std::vector<core::UpcomingReminder> many;
    for (int i = 0; i < 7; ++i)
        many.push_back(at("e" + std::to_string(i), "E", std::chrono::minutes{i}));
    const auto match = ctl::match_event("e", many);
    CHECK(match.choices.size() == ctl::max_choices);
    CHECK(ctl::choices_text("e", match)
              .starts_with("\"e\" matches 7 events; say which (the "
                           "first 5):\n  e0  E\n"));
}

TEST_CASE("without a word, the current occurrence, else the next one", "[ctl][id]") {
    CHECK(ctl::current_event(listed, now)->event_id == "standup");
    CHECK(ctl::current_event(listed, now + 25min)->event_id == "team-sync");
    CHECK(ctl::current_event(listed, now + 25min)->title == "Team sync");
    CHECK(ctl::current_event(listed, now + 24h * 8) == std::nullopt);
    CHECK(ctl::current_event({}, now) == std::nullopt);
}
