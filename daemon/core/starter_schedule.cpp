#include "core/starter_schedule.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <optional>
#include <vector>

namespace agendad::core {

namespace {

/// Where one date sits in the text and which form it is written in.
struct DateToken {
    std::size_t offset = 0;
    bool compact = false; ///< `20220630` (RFC 5545 UNTIL) rather than `2022-06-30`
    LocalDays day;
    bool anchors = true; ///< takes part in choosing the shift (UNTIL does not)
};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size())
        return false;
    return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(at),
                       text.begin() + static_cast<std::ptrdiff_t>(at + count), is_digit);
}

int number(std::string_view text, std::size_t at, std::size_t count) {
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i)
        value = value * 10 + (text[i] - '0');
    return value;
}

std::optional<LocalDays> make_day(int y, int m, int d) {
    const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                   date::day{static_cast<unsigned>(d)}};
    if (!ymd.ok())
        return std::nullopt;
    return LocalDays{ymd};
}

/// A TOML date value starting at `at` (`YYYY-MM-DD`, not part of a longer token).
std::optional<DateToken> value_date_at(std::string_view text, std::size_t at) {
    if (at > 0) {
        const char before = text[at - 1];
        if (std::isalnum(static_cast<unsigned char>(before)) != 0 || before == '-' ||
            before == '_' || before == '.' || before == '+' || before == ':')
            return std::nullopt;
    }
    if (!digits(text, at, 4) || at + 10 > text.size() || text[at + 4] != '-' ||
        !digits(text, at + 5, 2) || text[at + 7] != '-' || !digits(text, at + 8, 2) ||
        (at + 10 < text.size() && is_digit(text[at + 10])))
        return std::nullopt;
    const auto day =
        make_day(number(text, at, 4), number(text, at + 5, 2), number(text, at + 8, 2));
    if (!day)
        return std::nullopt;
    return DateToken{at, false, *day, true};
}

/// An RFC 5545 `UNTIL=YYYYMMDD…` inside a string, its date starting at `at`.
std::optional<DateToken> until_date_at(std::string_view text, std::size_t at) {
    constexpr std::string_view key = "until=";
    if (at < key.size())
        return std::nullopt;
    for (std::size_t i = 0; i < key.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[at - key.size() + i])) != key[i])
            return std::nullopt;
    if (!digits(text, at, 8) || (at + 8 < text.size() && is_digit(text[at + 8])))
        return std::nullopt;
    const auto day =
        make_day(number(text, at, 4), number(text, at + 4, 2), number(text, at + 6, 2));
    if (!day)
        return std::nullopt;
    return DateToken{at, true, *day, false};
}

/// Finds the dates of a TOML text. A small scanner rather than the TOML parser, because the
/// parser forgets what we must keep: comments, layout and how each value was written.
/// A date counts only in value position (after `=`, up to the end of the value, arrays
/// included), so bare keys and table headers that look like dates are left alone.
std::vector<DateToken> find_dates(std::string_view text) {
    std::vector<DateToken> found;
    bool in_value = false;
    int depth = 0; // open [ and { inside the current value
    std::size_t i = 0;
    const auto starts = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '#') {
            while (i < text.size() && text[i] != '\n')
                ++i;
            continue;
        }
        if (c == '"' || c == '\'') {
            const bool multi = starts(c == '"' ? "\"\"\"" : "'''");
            const std::string_view close = multi ? text.substr(i, 3) : text.substr(i, 1);
            i += close.size();
            while (i < text.size() && !starts(close) && (multi || text[i] != '\n')) {
                if (c == '"' && text[i] == '\\') {
                    i += 2;
                    continue;
                }
                if (auto until = until_date_at(text, i)) {
                    found.push_back(*until);
                    i += 8;
                    continue;
                }
                ++i;
            }
            i += close.size();
            continue;
        }
        if (c == '=' && depth == 0) {
            in_value = true;
        } else if (in_value && (c == '[' || c == '{')) {
            ++depth;
        } else if (in_value && (c == ']' || c == '}')) {
            depth = std::max(0, depth - 1);
        } else if (c == '\n' && depth == 0) {
            in_value = false;
        } else if (in_value) {
            if (auto value = value_date_at(text, i)) {
                found.push_back(*value);
                i += 10;
                continue;
            }
        }
        ++i;
    }
    return found;
}

/// floor(a / b) for b > 0.
long floor_div(long a, long b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

std::string format_day(LocalDays day, bool compact) {
    const date::year_month_day ymd{day};
    const int y = static_cast<int>(ymd.year());
    const unsigned m = static_cast<unsigned>(ymd.month());
    const unsigned d = static_cast<unsigned>(ymd.day());
    return compact ? fmt::format("{:04}{:02}{:02}", y, m, d)
                   : fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

} // namespace

StarterSchedule make_starter_schedule(std::string_view example, LocalDays today) {
    const auto dates = find_dates(example);
    // The example's busiest week (most dates within seven days of its first, the earliest of
    // equals) is moved so that it starts between tomorrow and a week from today: the week of
    // talks becomes the coming week, rather than the first day of the weekly meeting's series.
    std::vector<LocalDays> days;
    for (const auto& token : dates)
        if (token.anchors)
            days.push_back(token.day);
    std::sort(days.begin(), days.end());
    StarterSchedule starter;
    std::size_t best = 0;
    std::optional<LocalDays> week_start;
    for (std::size_t first = 0, last = 0; first < days.size(); ++first) {
        while (last < days.size() && days[last] < days[first] + date::days{7})
            ++last;
        if (last - first > best) {
            best = last - first;
            week_start = days[first];
        }
    }
    if (week_start)
        starter.shift =
            date::weeks{floor_div((today + date::days{1} - *week_start).count() + 6, 7)};

    starter.text =
        fmt::format("# Starter schedule written by agendad on {}: the example, its dates "
                    "moved by {} weeks.\n",
                    format_day(today, false), starter.shift.count());
    std::size_t copied = 0;
    for (const auto& token : dates) {
        starter.text.append(example.substr(copied, token.offset - copied));
        starter.text.append(format_day(token.day + starter.shift, token.compact));
        copied = token.offset + (token.compact ? 8 : 10);
    }
    starter.text.append(example.substr(copied));
    return starter;
}

} // namespace agendad::core
