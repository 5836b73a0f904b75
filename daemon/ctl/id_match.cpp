#include "ctl/id_match.hpp"

#include "core/model/suggest.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace agendad::ctl {

namespace {

std::string lower(std::string_view text) {
    std::string out{text};
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// One entry per event id, by its earliest listed start (then id).
std::vector<EventChoice> events(const std::vector<core::UpcomingReminder>& reminders) {
    std::vector<EventChoice> out;
    for (const core::UpcomingReminder& r : reminders) {
        auto same = std::find_if(out.begin(), out.end(),
                                 [&](const EventChoice& e) { return e.event_id == r.event_id; });
        if (same == out.end())
            out.push_back(EventChoice{r.event_id, r.title, r.start});
        else if (r.start < same->start)
            same->start = r.start;
    }
    std::sort(out.begin(), out.end(), [](const EventChoice& a, const EventChoice& b) {
        return std::tie(a.start, a.event_id) < std::tie(b.start, b.event_id);
    });
    return out;
}

/// `found` as a match: one is chosen, several are ambiguous, none is no match.
EventMatch decide(std::vector<EventChoice> found) {
    if (found.size() == 1)
        return EventMatch{.kind = MatchKind::one,
                          .chosen = std::move(found.front()),
                          .choices = {},
                          .matched = 1};
    const std::size_t matched = found.size();
    if (found.size() > max_choices)
        found.resize(max_choices);
    return EventMatch{.kind = MatchKind::several,
                      .chosen = std::nullopt,
                      .choices = std::move(found),
                      .matched = matched};
}

} // namespace

EventMatch match_event(std::string_view word,
                       const std::vector<core::UpcomingReminder>& reminders) {
    const std::vector<EventChoice> all = events(reminders);
    for (const EventChoice& e : all)
        if (e.event_id == word)
            return EventMatch{.kind = MatchKind::one, .chosen = e, .choices = {}, .matched = 1};
    if (word.empty() || word.size() > core::max_suggested_word)
        return EventMatch{};

    std::vector<EventChoice> found;
    std::copy_if(all.begin(), all.end(), std::back_inserter(found),
                 [&](const EventChoice& e) { return e.event_id.starts_with(word); });
    if (!found.empty())
        return decide(std::move(found));
    const std::string folded = lower(word);
    std::copy_if(all.begin(), all.end(), std::back_inserter(found), [&](const EventChoice& e) {
        return lower(e.title).find(folded) != std::string::npos;
    });
    if (!found.empty())
        return decide(std::move(found));

    // Nothing: the likely misspellings (of an id, or of a title as a whole), else what is
    // coming, so that the next try can be a copy.
    constexpr std::size_t limit = 3;
    for (const EventChoice& e : all)
        if (core::edit_distance_within(word, e.event_id, limit) <= limit ||
            core::edit_distance_within(word, e.title, limit) <= limit)
            found.push_back(e);
    const MatchKind kind = found.empty() ? MatchKind::none : MatchKind::close;
    if (found.empty())
        found = all;
    if (found.size() > max_choices)
        found.resize(max_choices);
    return EventMatch{
        .kind = kind, .chosen = std::nullopt, .choices = std::move(found), .matched = 0};
}

std::optional<EventChoice> current_event(const std::vector<core::UpcomingReminder>& reminders,
                                         core::Instant now) {
    const core::UpcomingReminder* best = nullptr;
    for (const core::UpcomingReminder& r : reminders) {
        if (r.end <= now)
            continue;
        // Started ones first (the earliest start is the one running longest), then by start.
        if (best == nullptr ||
            std::tie(r.start, r.event_id) < std::tie(best->start, best->event_id))
            best = &r;
    }
    if (best == nullptr)
        return std::nullopt;
    return EventChoice{best->event_id, best->title, best->start};
}

std::string choices_text(std::string_view word, const EventMatch& match) {
    if (match.choices.empty())
        return {};
    std::string out;
    switch (match.kind) {
    case MatchKind::several:
        out = fmt::format("\"{}\" matches {} events; say which{}:\n", word, match.matched,
                          match.matched > match.choices.size()
                              ? fmt::format(" (the first {})", max_choices)
                              : "");
        break;
    case MatchKind::close:
        out = "did you mean one of these?\n";
        break;
    case MatchKind::one:
    case MatchKind::none:
        out = "coming up:\n";
        break;
    }
    std::size_t width = 0;
    for (const EventChoice& e : match.choices)
        width = std::max(width, e.event_id.size());
    for (const EventChoice& e : match.choices)
        fmt::format_to(std::back_inserter(out), "  {:<{}}  {}\n", e.event_id, width, e.title);
    return out;
}

} // namespace agendad::ctl
