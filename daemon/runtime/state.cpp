#include "runtime/state.hpp"

#include "core/text/reminder_text.hpp"
#include "runtime/history.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <sstream>
#include <vector>

namespace agendad::runtime {

namespace {

constexpr std::string_view magic = "agendad-state 3";
// Version 1 had no snoozes nor dismissals, version 2 no history, pause nor bubbles; both read
// as version 3 does.
constexpr std::string_view magic_v1 = "agendad-state 1";
constexpr std::string_view magic_v2 = "agendad-state 2";

// A url not offered, in a bubble line (no url is "-": they start with a scheme).
constexpr std::string_view no_url = "-";

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case ' ':
            out += "\\s";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::optional<std::string> unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        if (++i == text.size())
            return std::nullopt;
        switch (text[i]) {
        case '\\':
            out += '\\';
            break;
        case 'n':
            out += '\n';
            break;
        case 's':
            out += ' ';
            break;
        default:
            return std::nullopt;
        }
    }
    return out;
}

// An instant as format_state writes it, "2022-01-10T09:00:00Z", read by hand: strict (nothing
// else was ever written), far cheaper than a stream parse on a large file, and it never hands
// date::parse text such as "08:54::00", on which it converts a NaN to seconds (UB; found by
// fuzz_state).
std::optional<core::Instant> parse_instant(std::string_view text) {
    static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != shape.size())
        return std::nullopt;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (shape[i] == 'd' ? !digit : text[i] != shape[i])
            return std::nullopt;
    }
    const auto number = [&](std::size_t at, std::size_t digits) {
        int value = 0;
        for (std::size_t i = at; i < at + digits; ++i)
            value = value * 10 + (text[i] - '0');
        return value;
    };
    const date::year_month_day day{date::year{number(0, 4)},
                                   date::month{static_cast<unsigned>(number(5, 2))},
                                   date::day{static_cast<unsigned>(number(8, 2))}};
    const int hours = number(11, 2);
    const int minutes = number(14, 2);
    const int seconds = number(17, 2);
    if (!day.ok() || hours > 23 || minutes > 59 || seconds > 59)
        return std::nullopt;
    return core::Instant{date::sys_days{day}} + std::chrono::hours{hours} +
           std::chrono::minutes{minutes} + std::chrono::seconds{seconds};
}

// Splits off the first space-separated word of `rest`.
std::string_view take_word(std::string_view& rest) {
    const auto space = rest.find(' ');
    const auto word = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
    return word;
}

// Version 3's part: the pause and the history.
void format_history_part(const State& state, std::string& out) {
    if (state.pause)
        out += fmt::format("paused {} {}\n", core::rfc3339_utc(state.pause->since),
                           state.pause->until ? core::rfc3339_utc(*state.pause->until) : "-");
    for (const auto& e : state.history)
        append_history_line(e, out);
}

/// Reads a `paused` or `history` line's rest into `state`; false when it is bad.
bool parse_history_part(std::string_view kind, std::string_view rest, State& state) {
    if (kind == "paused") {
        const auto since = parse_instant(take_word(rest));
        const auto until = rest == "-" ? std::nullopt : parse_instant(rest);
        if (!since || (rest != "-" && !until))
            return false;
        state.pause = core::Pause{*since, until};
        return true;
    }
    const auto at = parse_instant(take_word(rest));
    const auto history_kind = core::history_kind_from(take_word(rest));
    const auto start = parse_instant(take_word(rest));
    auto lead = unescape(take_word(rest));
    auto id = unescape(take_word(rest));
    auto title = unescape(rest);
    if (!at || !history_kind || !start || !lead || !id || id->empty() || !title)
        return false;
    state.history.push_back(core::HistoryEntry{*at, *history_kind, std::move(*id),
                                               std::move(*title), std::move(*lead), *start});
    return true;
}

bool parse_horizon(std::string_view rest, State& state) {
    const auto instant = parse_instant(rest);
    if (!instant)
        return false;
    state.horizon = *instant;
    return true;
}

bool parse_delivered(std::string_view rest, State& state) {
    const auto start = parse_instant(take_word(rest));
    auto lead = unescape(take_word(rest));
    auto id = unescape(rest);
    if (!start || !lead || !id || id->empty())
        return false;
    state.delivered.insert(ReminderKey{std::move(*id), *start, std::move(*lead)});
    return true;
}

// `ID START OPEN-URL JOIN-URL EVENT-ID`, the rest of a `bubble` line.
std::optional<core::OpenBubble> parse_bubble(std::string_view rest) {
    const auto id_text = take_word(rest);
    std::uint32_t id = 0;
    const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (ec != std::errc{} || end != id_text.data() + id_text.size() || id == 0)
        return std::nullopt;
    const auto start = parse_instant(take_word(rest));
    const auto url = [&]() -> std::optional<std::string> {
        const auto word = take_word(rest);
        return word == no_url ? std::optional<std::string>{""} : unescape(word);
    };
    auto open_url = url();
    auto join_url = url();
    auto event_id = unescape(rest);
    if (!start || !open_url || !join_url || !event_id || event_id->empty())
        return std::nullopt;
    return core::OpenBubble{id, std::move(*event_id), *start, std::move(*open_url),
                            std::move(*join_url)};
}

} // namespace

void append_horizon_line(core::Instant horizon, std::string& out) {
    out += "horizon ";
    out += core::rfc3339_utc(horizon);
    out += '\n';
}

void append_delivered_line(const ReminderKey& key, std::string& out) {
    fmt::format_to(std::back_inserter(out), "delivered {} {} {}\n",
                   core::rfc3339_utc(key.occurrence_start), escape(key.lead), escape(key.event_id));
}

void append_history_line(const core::HistoryEntry& e, std::string& out) {
    fmt::format_to(std::back_inserter(out), "history {} {} {} {} {} {}\n", core::rfc3339_utc(e.at),
                   core::name_of(e.kind), core::rfc3339_utc(e.start), escape(e.lead),
                   escape(e.event_id), escape(e.title));
}

std::string format_state(const State& state) {
    return format_state(state, state.journal_seq);
}

std::string format_state(const State& state, std::uint64_t journal_seq) {
    std::string out = "# agendad state: delivered reminders, snoozes, dismissals. Safe to delete "
                      "(reminders may then repeat).\n";
    out += magic;
    out += '\n';
    if (state.horizon)
        append_horizon_line(*state.horizon, out);
    if (journal_seq != 0)
        fmt::format_to(std::back_inserter(out), "journal {}\n", journal_seq);
    for (const auto& key : state.delivered)
        append_delivered_line(key, out);
    for (const auto& [key, until] : state.snoozed)
        out += fmt::format("snoozed {} {} {}\n", core::rfc3339_utc(key.start),
                           core::rfc3339_utc(until), escape(key.event_id));
    for (const auto& key : state.dismissed)
        out += fmt::format("dismissed {} {}\n", core::rfc3339_utc(key.start), escape(key.event_id));
    format_history_part(state, out);
    if (!state.bubbles.bubbles.empty()) {
        out += "# bubbles\n";
        out += fmt::format("bubbles-server {}\n", escape(state.bubbles.server));
        const auto url = [](const std::string& u) {
            return u.empty() ? std::string{no_url} : escape(u);
        };
        for (const auto& b : state.bubbles.bubbles)
            out += fmt::format("bubble {} {} {} {} {}\n", b.id, core::rfc3339_utc(b.start),
                               url(b.open_url), url(b.join_url), escape(b.event_id));
    }
    return out;
}

std::expected<State, std::string> parse_state(std::string_view text) {
    State state;
    bool seen_magic = false;
    bool version_1 = false;
    bool before_3 = false;
    std::size_t number = 0;
    while (!text.empty()) {
        ++number;
        const auto newline = text.find('\n');
        if (newline == std::string_view::npos)
            return std::unexpected{fmt::format("line {}: truncated (no newline)", number)};
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline + 1);
        if (line.empty() || line.starts_with('#'))
            continue;
        if (!seen_magic) {
            if (line != magic && line != magic_v1 && line != magic_v2)
                return std::unexpected{fmt::format("line {}: expected \"{}\"", number, magic)};
            seen_magic = true;
            version_1 = line == magic_v1;
            before_3 = line != magic;
            continue;
        }
        const auto bad = [&](std::string_view what) {
            return std::unexpected{fmt::format("line {}: {}", number, what)};
        };
        std::string_view rest = line;
        const auto kind = take_word(rest);
        if (kind == "horizon") {
            if (!parse_horizon(rest, state))
                return bad("bad horizon instant");
        } else if (kind == "delivered") {
            if (!parse_delivered(rest, state))
                return bad("bad delivered entry");
        } else if (kind == "journal" && !before_3) {
            std::uint64_t seq = 0;
            const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), seq);
            if (ec != std::errc{} || end != rest.data() + rest.size() || seq == 0)
                return bad("bad journal entry");
            state.journal_seq = seq;
        } else if (kind == "snoozed" && !version_1) {
            const auto start = parse_instant(take_word(rest));
            const auto until = parse_instant(take_word(rest));
            auto id = unescape(rest);
            if (!start || !until || !id || id->empty())
                return bad("bad snoozed entry");
            state.snoozed[OccurrenceKey{std::move(*id), *start}] = *until;
        } else if (kind == "dismissed" && !version_1) {
            const auto start = parse_instant(take_word(rest));
            auto id = unescape(rest);
            if (!start || !id || id->empty())
                return bad("bad dismissed entry");
            state.dismissed.insert(OccurrenceKey{std::move(*id), *start});
        } else if ((kind == "paused" || kind == "history") && !before_3) {
            if (!parse_history_part(kind, rest, state))
                return bad(fmt::format("bad {} entry", kind));
        } else if (kind == "bubbles-server" && !before_3) {
            auto server = unescape(rest);
            if (!server || server->empty())
                return bad("bad bubbles-server entry");
            state.bubbles.server = std::move(*server);
        } else if (kind == "bubble" && !before_3) {
            auto bubble = parse_bubble(rest);
            if (!bubble)
                return bad("bad bubble entry");
            state.bubbles.bubbles.push_back(std::move(*bubble));
        } else {
            return bad(fmt::format("unknown entry \"{}\"", kind));
        }
    }
    if (!seen_magic)
        return std::unexpected{std::string{"empty file"}};
    bound_history(state.history);
    if (!state.bubbles.bubbles.empty() && state.bubbles.server.empty())
        return std::unexpected{std::string{"bubbles without a bubbles-server line"}};
    if (state.bubbles.bubbles.empty())
        state.bubbles.server.clear(); // a server without bubbles names nothing
    auto& bubbles = state.bubbles.bubbles;
    std::ranges::sort(bubbles, {}, &core::OpenBubble::id);
    if (const auto twice = std::ranges::adjacent_find(bubbles, {}, &core::OpenBubble::id);
        twice != bubbles.end())
        return std::unexpected{fmt::format("bubble {} listed twice", twice->id)};
    return state;
}

std::expected<void, std::string> apply_journal_line(std::string_view line, State& state) {
    std::string_view rest = line;
    const auto kind = take_word(rest);
    if (kind == "horizon") {
        if (!parse_horizon(rest, state))
            return std::unexpected{std::string{"bad horizon instant"}};
    } else if (kind == "delivered") {
        if (!parse_delivered(rest, state))
            return std::unexpected{std::string{"bad delivered entry"}};
    } else if (kind == "history") {
        if (!parse_history_part(kind, rest, state))
            return std::unexpected{std::string{"bad history entry"}};
    } else {
        return std::unexpected{fmt::format("unknown entry \"{}\"", kind)};
    }
    return {};
}

namespace {

// Moves `cutoff` later, when needed, so that at most `max_entries` of `starts` are at or
// after it: the newest survive (ties at the boundary all go).
void keep_newest(std::vector<core::Instant>& starts, std::size_t max_entries,
                 core::Instant& cutoff) {
    if (starts.size() <= max_entries || max_entries == 0)
        return;
    const auto boundary = starts.end() - static_cast<std::ptrdiff_t>(max_entries);
    std::nth_element(starts.begin(), boundary, starts.end());
    cutoff = std::max(cutoff, *boundary + std::chrono::seconds{1});
}

} // namespace

void prune_state(State& state, core::Instant cutoff, std::size_t max_entries) {
    core::Instant delivered_cutoff = cutoff;
    std::vector<core::Instant> starts;
    if (state.delivered.size() > max_entries) {
        starts.reserve(state.delivered.size());
        for (const auto& key : state.delivered)
            starts.push_back(key.occurrence_start);
        keep_newest(starts, max_entries, delivered_cutoff);
    }
    std::erase_if(state.delivered,
                  [&](const ReminderKey& key) { return key.occurrence_start < delivered_cutoff; });

    core::Instant snoozed_cutoff = cutoff;
    if (state.snoozed.size() > max_entries) {
        starts.clear();
        for (const auto& entry : state.snoozed)
            starts.push_back(entry.first.start);
        keep_newest(starts, max_entries, snoozed_cutoff);
    }
    std::erase_if(state.snoozed,
                  [&](const auto& entry) { return entry.first.start < snoozed_cutoff; });

    core::Instant dismissed_cutoff = cutoff;
    if (state.dismissed.size() > max_entries) {
        starts.clear();
        for (const auto& key : state.dismissed)
            starts.push_back(key.start);
        keep_newest(starts, max_entries, dismissed_cutoff);
    }
    std::erase_if(state.dismissed,
                  [&](const OccurrenceKey& key) { return key.start < dismissed_cutoff; });

    auto& bubbles = state.bubbles.bubbles;
    std::erase_if(bubbles, [&](const core::OpenBubble& b) { return b.start < cutoff; });
    if (bubbles.size() > core::open_bubbles_limit)
        bubbles.erase(bubbles.begin(),
                      bubbles.end() - static_cast<std::ptrdiff_t>(core::open_bubbles_limit));
    if (bubbles.empty())
        state.bubbles.server.clear();
}

} // namespace agendad::runtime
