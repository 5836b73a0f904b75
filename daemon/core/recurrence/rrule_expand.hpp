#pragma once
/// A parsed rule compiled against its DTSTART into what the period walk (rrule_walk.hpp) reads:
/// the parts RFC 5545 takes from DTSTART when they are missing, the BY lists as masks, and the
/// day filter. It also answers, without walking, whether the rule's parts contradict each other
/// so that no occurrence can ever exist (BYMONTHDAY=30 in BYMONTH=2, BYSETPOS=3 of a set that
/// never has more than one member, an hour that INTERVAL never reaches, …).
///
/// Which parts expand and which limit (RFC 5545 §3.3.10's table) follows from one rule: a
/// period (a year, month, week, day, hour, minute or second, after FREQ) is the set of its days
/// that pass every day part, times the product of the time parts finer than FREQ; the time
/// parts at FREQ or coarser only limit. With no day part at all, YEARLY takes DTSTART's month
/// and day, MONTHLY its day and WEEKLY its weekday, as python-dateutil does.

#include "core/recurrence/rrule_parse.hpp"

#include <bitset>
#include <cstdint>

namespace agendad::core {

/// One calendar day with what the day parts ask of it.
struct DayInfo {
    LocalDays day;
    int year = 0;
    unsigned month = 1;     ///< 1..12
    unsigned month_day = 1; ///< 1..31
    unsigned month_length = 31;
    unsigned year_day = 1; ///< 1..366
    unsigned year_length = 365;
    unsigned weekday = 0; ///< 0 = Monday

    static DayInfo of(LocalDays day);
    /// The next day's info, cheaper than of() except at a month's end.
    void advance();
};

/// An RRule bound to its DTSTART. Immutable once built; cursors share it.
struct CompiledRule {
    /// Compiles `rule` for `dtstart`, or says why it can never produce an occurrence.
    static std::expected<CompiledRule, std::string> compile(const RRule& rule, LocalTime dtstart);

    Frequency freq = Frequency::daily;
    int interval = 1;
    unsigned week_start = 0;
    LocalTime dtstart{};

    // Day parts. A zero mask or an absent flag means "not given": every day passes it.
    std::uint16_t months = 0;    ///< bit m: month m
    std::uint8_t weekdays = 0;   ///< bit d: every weekday d (BYDAY without ordinal)
    std::vector<WeekdayNum> nth; ///< BYDAY with ordinals
    std::vector<int> month_days; ///< BYMONTHDAY as given, sorted
    std::uint32_t month_day_pos = 0, month_day_neg = 0; ///< bit n: n, or -n
    std::bitset<367> year_day_pos, year_day_neg;
    std::bitset<54> week_no_pos, week_no_neg;
    bool by_day = false, by_year_day = false, by_week_no = false;
    /// Whether only `weekdays` (if anything) constrains days, so that a day's weekday, which
    /// is arithmetic on its number, is all a filter needs (the commonest rules).
    bool weekdays_only = false;

    // Time parts: the lists a period expands (defaults from DTSTART), and the masks that limit
    // the periods of a FREQ finer than DAILY (zero: not given).
    std::vector<int> hours, minutes, seconds;
    std::uint32_t hour_mask = 0;
    std::uint64_t minute_mask = 0, second_mask = 0;

    std::vector<int> set_pos;

    /// Whether `day` passes every day part; `first` and `last` bound the days that an ordinal
    /// BYDAY counts in (the month or the year).
    bool day_matches(const DayInfo& day, LocalDays first, LocalDays last) const;
    /// day_matches for a rule that is `weekdays_only`.
    bool weekday_matches(unsigned weekday) const {
        return !by_day || ((weekdays >> weekday) & 1U) != 0;
    }

  private:
    bool week_no_matches(const DayInfo& day) const;
    std::optional<std::string> contradiction() const;
};

} // namespace agendad::core
