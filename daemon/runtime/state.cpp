#include "runtime/state.hpp"

#include "core/reminder_text.hpp"
#include "runtime/history.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <sstream>
#include <vector>

namespace agendad::runtime {

namespace {

constexpr std::string_view magic = "agendad-state 3";
// Version 1 had no snoozes nor dismissals, version 2 no history nor pause; both read as
// version 3 does.
constexpr std::string_view magic_v1 = "agendad-state 1";
constexpr std::string_view magic_v2 = "agendad-state 2";

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
        out += fmt::format("history {} {} {} {} {} {}\n", core::rfc3339_utc(e.at),
                           core::name_of(e.kind), core::rfc3339_utc(e.start), escape(e.lead),
                           escape(e.event_id), escape(e.title));
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

} // namespace

std::string format_state(const State& state) {
    std::string out = "# agendad state: delivered reminders, snoozes, dismissals. Safe to delete "
                      "(reminders may then repeat).\n";
    out += magic;
    out += '\n';
    if (state.horizon)
        out += fmt::format("horizon {}\n", core::rfc3339_utc(*state.horizon));
    for (const auto& key : state.delivered)
        out += fmt::format("delivered {} {} {}\n", core::rfc3339_utc(key.occurrence_start),
                           escape(key.lead), escape(key.event_id));
    for (const auto& [key, until] : state.snoozed)
        out += fmt::format("snoozed {} {} {}\n", core::rfc3339_utc(key.start),
                           core::rfc3339_utc(until), escape(key.event_id));
    for (const auto& key : state.dismissed)
        out += fmt::format("dismissed {} {}\n", core::rfc3339_utc(key.start), escape(key.event_id));
    format_history_part(state, out);
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
            const auto instant = parse_instant(rest);
            if (!instant)
                return bad("bad horizon instant");
            state.horizon = *instant;
        } else if (kind == "delivered") {
            const auto start = parse_instant(take_word(rest));
            auto lead = unescape(take_word(rest));
            auto id = unescape(rest);
            if (!start || !lead || !id || id->empty())
                return bad("bad delivered entry");
            state.delivered.insert(ReminderKey{std::move(*id), *start, std::move(*lead)});
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
        } else {
            return bad(fmt::format("unknown entry \"{}\"", kind));
        }
    }
    if (!seen_magic)
        return std::unexpected{std::string{"empty file"}};
    bound_history(state.history);
    return state;
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
}

} // namespace agendad::runtime
