#include "core/recurrence/rrule_parse.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <fmt/format.h>

namespace agendad::core {

namespace {

constexpr std::array<std::string_view, 7> weekday_names{"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
constexpr std::array<std::string_view, 7> freq_names{"SECONDLY", "MINUTELY", "HOURLY", "DAILY",
                                                     "WEEKLY",   "MONTHLY",  "YEARLY"};

using Error = std::unexpected<std::string>;

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> out;
    std::size_t begin = 0;
    while (true) {
        const auto end = text.find(separator, begin);
        out.push_back(text.substr(begin, end - begin));
        if (end == std::string_view::npos)
            return out;
        begin = end + 1;
    }
}

/// A whole decimal integer with an optional sign, or nothing.
std::optional<int> integer(std::string_view text) {
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<int> weekday(std::string_view text) {
    const auto it = std::find(weekday_names.begin(), weekday_names.end(), text);
    if (it == weekday_names.end())
        return std::nullopt;
    return static_cast<int>(it - weekday_names.begin());
}

/// A list of integers in [-high, -low] ∪ [low, high] (only the positive range when `low` is
/// 0), each value once.
std::expected<std::vector<int>, std::string> int_list(std::string_view name, std::string_view text,
                                                      int low, int high, bool negative) {
    std::vector<int> out;
    for (const auto item : split(text, ',')) {
        const auto value = integer(item);
        if (!value)
            return Error(fmt::format("{}: \"{}\" is not a number", name, item));
        const int magnitude = *value < 0 ? -*value : *value;
        if ((*value < 0 && !negative) || magnitude < low || magnitude > high)
            return Error(negative
                             ? fmt::format("{}={}: values are {} to {} or -{} to -{}", name, item,
                                           low, high, high, low)
                             : fmt::format("{}={}: values are {} to {}", name, item, low, high));
        if (std::find(out.begin(), out.end(), *value) == out.end())
            out.push_back(*value);
    }
    return out;
}

std::expected<RuleUntil, std::string> until_of(std::string_view text) {
    // DATE (19970902), DATE-TIME (19970902T090000) or UTC DATE-TIME (19970902T090000Z).
    const auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
        if (at + n > text.size())
            return std::nullopt;
        const auto part = text.substr(at, n);
        if (!std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        return integer(part);
    };
    const auto bad =
        Error(fmt::format("UNTIL=\"{}\" is not a date (19970902) or a date-time (19970902T090000 "
                          "or, in UTC, 19970902T090000Z)",
                          text));
    const auto y = digits(0, 4), mo = digits(4, 2), d = digits(6, 2);
    if (!y || !mo || !d)
        return bad;
    const date::year_month_day ymd{date::year{*y}, date::month(static_cast<unsigned>(*mo)),
                                   date::day(static_cast<unsigned>(*d))};
    if (!ymd.ok())
        return bad;
    RuleUntil until;
    until.value = LocalDays{ymd};
    if (text.size() == 8) {
        until.kind = RuleUntil::Kind::date;
        return until;
    }
    const auto h = digits(9, 2), mi = digits(11, 2), s = digits(13, 2);
    if (text[8] != 'T' || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 60 ||
        (text.size() != 15 && !(text.size() == 16 && text[15] == 'Z')))
        return bad;
    until.kind = text.size() == 16 ? RuleUntil::Kind::utc : RuleUntil::Kind::local;
    until.value +=
        std::chrono::hours{*h} + std::chrono::minutes{*mi} + std::chrono::seconds{std::min(*s, 59)};
    return until;
}

std::expected<std::vector<WeekdayNum>, std::string> by_day_of(std::string_view text) {
    std::vector<WeekdayNum> out;
    for (const auto item : split(text, ',')) {
        const auto day = item.size() >= 2 ? weekday(item.substr(item.size() - 2)) : std::nullopt;
        const auto prefix = item.substr(0, item.size() - std::min<std::size_t>(2, item.size()));
        const auto ordinal = prefix.empty() ? std::optional<int>{0} : integer(prefix);
        if (!day || !ordinal)
            return Error(fmt::format("BYDAY: \"{}\" is not a weekday (MO … SU, with an optional "
                                     "ordinal as in 1MO or -1FR)",
                                     item));
        if (!prefix.empty() && (*ordinal == 0 || *ordinal > 53 || *ordinal < -53))
            return Error(fmt::format("BYDAY={}: ordinals are 1 to 53 or -53 to -1", item));
        const WeekdayNum entry{*day, *ordinal};
        if (std::find(out.begin(), out.end(), entry) == out.end())
            out.push_back(entry);
    }
    return out;
}

/// The combinations RFC 5545 §3.3.10 forbids, with its reasons.
std::optional<std::string> forbidden(const RRule& r) {
    const bool ordinals = std::any_of(r.by_day.begin(), r.by_day.end(),
                                      [](const WeekdayNum& d) { return d.ordinal != 0; });
    if (!r.by_week_no.empty() && r.freq != Frequency::yearly)
        return "BYWEEKNO is only allowed with FREQ=YEARLY";
    if (!r.by_year_day.empty() &&
        (r.freq == Frequency::daily || r.freq == Frequency::weekly || r.freq == Frequency::monthly))
        return "BYYEARDAY is not allowed with FREQ=DAILY, WEEKLY or MONTHLY";
    if (!r.by_month_day.empty() && r.freq == Frequency::weekly)
        return "BYMONTHDAY is not allowed with FREQ=WEEKLY";
    if (ordinals && r.freq != Frequency::monthly && r.freq != Frequency::yearly)
        return "BYDAY with an ordinal (such as 1TU) is only allowed with FREQ=MONTHLY or YEARLY";
    if (ordinals && r.freq == Frequency::yearly && !r.by_week_no.empty())
        return "BYDAY with an ordinal (such as 1TU) is not allowed together with BYWEEKNO";
    if (!r.by_set_pos.empty() && r.by_second.empty() && r.by_minute.empty() && r.by_hour.empty() &&
        r.by_day.empty() && r.by_month_day.empty() && r.by_year_day.empty() &&
        r.by_week_no.empty() && r.by_month.empty())
        return "BYSETPOS is only allowed together with another BYxxx part";
    if (r.count != 0 && r.until)
        return "UNTIL and COUNT must not both be given";
    return std::nullopt;
}

} // namespace

std::expected<RRule, std::string> parse_rrule(std::string_view text) {
    std::string upper{text};
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    RRule r;
    std::vector<std::string_view> seen;
    bool has_freq = false;
    for (const auto part : split(upper, ';')) {
        const auto equals = part.find('=');
        if (part.empty() || equals == std::string_view::npos || equals == 0)
            return Error(fmt::format(
                "\"{}\" is not a NAME=VALUE part (use e.g. \"FREQ=WEEKLY;BYDAY=MO\")",
                text.substr(static_cast<std::size_t>(part.data() - upper.data()), part.size())));
        const auto name = part.substr(0, equals);
        const auto value = part.substr(equals + 1);
        if (std::find(seen.begin(), seen.end(), name) != seen.end())
            return Error(fmt::format("{} is given twice", name));
        seen.push_back(name);
        std::expected<std::vector<int>, std::string> list;
        if (name == "FREQ") {
            const auto it = std::find(freq_names.begin(), freq_names.end(), value);
            if (it == freq_names.end())
                return Error(fmt::format("FREQ={} is not one of SECONDLY, MINUTELY, HOURLY, DAILY, "
                                         "WEEKLY, MONTHLY, YEARLY",
                                         value));
            r.freq = static_cast<Frequency>(it - freq_names.begin());
            has_freq = true;
        } else if (name == "INTERVAL" || name == "COUNT") {
            const auto n = integer(value);
            if (!n || *n < 1)
                return Error(
                    fmt::format("{}={}: a whole number of at least 1 is needed", name, value));
            (name == "INTERVAL" ? r.interval : r.count) = *n;
        } else if (name == "UNTIL") {
            auto until = until_of(value);
            if (!until)
                return Error(until.error());
            r.until = *until;
        } else if (name == "WKST") {
            const auto day = weekday(value);
            if (!day)
                return Error(fmt::format("WKST={} is not a weekday (MO … SU)", value));
            r.week_start = *day;
        } else if (name == "BYDAY") {
            auto days = by_day_of(value);
            if (!days)
                return Error(days.error());
            r.by_day = std::move(*days);
        } else {
            struct ListPart {
                std::string_view name;
                std::vector<int> RRule::*field;
                int low, high;
                bool negative;
            };
            static constexpr std::array<ListPart, 8> lists{{
                {"BYSECOND", &RRule::by_second, 0, 60, false},
                {"BYMINUTE", &RRule::by_minute, 0, 59, false},
                {"BYHOUR", &RRule::by_hour, 0, 23, false},
                {"BYMONTHDAY", &RRule::by_month_day, 1, 31, true},
                {"BYYEARDAY", &RRule::by_year_day, 1, 366, true},
                {"BYWEEKNO", &RRule::by_week_no, 1, 53, true},
                {"BYMONTH", &RRule::by_month, 1, 12, false},
                {"BYSETPOS", &RRule::by_set_pos, 1, 366, true},
            }};
            const auto it = std::find_if(lists.begin(), lists.end(),
                                         [&](const ListPart& p) { return p.name == name; });
            if (it == lists.end())
                return Error(fmt::format(
                    "{} is not a part of a rule (the parts are FREQ, INTERVAL, COUNT, UNTIL, WKST, "
                    "BYSECOND, BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH "
                    "and BYSETPOS)",
                    name));
            auto values = int_list(name, value, it->low, it->high, it->negative);
            if (!values)
                return Error(values.error());
            std::sort(values->begin(), values->end());
            r.*(it->field) = std::move(*values);
        }
    }
    if (!has_freq)
        return Error("FREQ is missing (use e.g. \"FREQ=WEEKLY;BYDAY=MO\")");
    if (auto reason = forbidden(r))
        return Error(std::move(*reason));
    return r;
}

} // namespace agendad::core
