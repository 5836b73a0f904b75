#include "core/plan/occurrence_lookup.hpp"

#include <algorithm>

namespace agendad::core {

namespace {

// How many occurrences a lookup walks at most (a minutely series over a week-long duration).
constexpr int occurrences_walked = 20000;

} // namespace

const Event* find_event(const Schedule& schedule, std::string_view event_id) {
    const auto it = std::find_if(schedule.events.begin(), schedule.events.end(),
                                 [&](const Event& e) { return e.id == event_id; });
    return it == schedule.events.end() ? nullptr : &*it;
}

std::optional<Occurrence> find_occurrence(const Event& event, const Settings& settings,
                                          std::optional<Instant> start, Instant now) {
    if (start) {
        // An anchor is never before its occurrence's start, so the cursor begins with it.
        OccurrenceCursor cursor{event, settings, *start};
        auto occurrence = cursor.next();
        if (occurrence && occurrence->start == *start)
            return occurrence;
        return std::nullopt;
    }
    // An occurrence still running at `now` started less than its duration ago.
    const auto from = event.duration.before(now, *event.zone) - std::chrono::seconds{1};
    OccurrenceCursor cursor{event, settings, from};
    for (int i = 0; i < occurrences_walked; ++i) {
        auto occurrence = cursor.next();
        if (!occurrence)
            return std::nullopt;
        if (occurrence->end > now || occurrence->start > now)
            return occurrence;
    }
    return std::nullopt;
}

} // namespace agendad::core
