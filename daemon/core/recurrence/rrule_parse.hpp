#pragma once
/// The RRULE value of RFC 5545 §3.3.10 as data, and its strict parser. The parser checks what
/// the text alone can tell: syntax, value ranges, duplicate parts, and the combinations the RFC
/// forbids (each refused with the RFC's reason). Whether a rule can ever match is the
/// expander's question (rrule_expand.hpp).

#include "core/time/time_types.hpp"

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::core {

/// FREQ, finest first, so that `freq < Frequency::daily` reads "finer than daily".
enum class Frequency { secondly, minutely, hourly, daily, weekly, monthly, yearly };

/// One BYDAY entry: a weekday (0 = Monday … 6 = Sunday) and its ordinal (0: every one).
struct WeekdayNum {
    int weekday = 0;
    int ordinal = 0;
    bool operator==(const WeekdayNum&) const = default;
};

/// UNTIL as written: a DATE, a floating DATE-TIME, or a UTC DATE-TIME.
struct RuleUntil {
    enum class Kind { date, local, utc };
    Kind kind = Kind::local;
    LocalTime value{}; ///< the date at 00:00, the wall-clock time, or the UTC time as written
};

/// A parsed RRULE. Empty BY lists are absent parts; values keep their signs.
struct RRule {
    Frequency freq = Frequency::daily;
    int interval = 1;
    int count = 0; ///< 0: no COUNT
    std::optional<RuleUntil> until;
    int week_start = 0; ///< WKST, 0 = Monday (the RFC's default)
    std::vector<int> by_second, by_minute, by_hour, by_month_day, by_year_day, by_week_no, by_month,
        by_set_pos;
    std::vector<WeekdayNum> by_day;
};

/// Parses `text` (without a leading "RRULE:"). Part names and values are case-insensitive as
/// RFC 5545 §3.1 says. The error names the part at fault, e.g. "BYWEEKNO is only allowed with
/// FREQ=YEARLY"; the caller adds the rule text.
std::expected<RRule, std::string> parse_rrule(std::string_view text);

} // namespace agendad::core
