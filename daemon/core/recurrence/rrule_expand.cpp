#include "core/recurrence/rrule_expand.hpp"

#include <algorithm>
#include <bit>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <numeric>

namespace agendad::core {

namespace {

unsigned weekday_of(LocalDays day) {
    return date::weekday{day}.iso_encoding() - 1;
}

unsigned days_in(int year, unsigned month) {
    return static_cast<unsigned>((date::year{year} / date::month{month} / date::last).day());
}

/// The longest a month can be in any year (February: 29).
unsigned longest(unsigned month) {
    return month == 2 ? 29 : days_in(2001, month);
}

/// The first day of week 1 of `year` under week start `wkst`: the week holding 4 January.
LocalDays week_one(int year, unsigned wkst) {
    const LocalDays jan4{date::year{year} / 1 / 4};
    return jan4 - date::days{(weekday_of(jan4) + 7 - wkst) % 7};
}

std::string list_text(const std::vector<int>& values) {
    return fmt::format("{}", fmt::join(values, ","));
}

} // namespace

DayInfo DayInfo::of(LocalDays day) {
    const date::year_month_day ymd{day};
    DayInfo info;
    info.day = day;
    info.year = static_cast<int>(ymd.year());
    info.month = static_cast<unsigned>(ymd.month());
    info.month_day = static_cast<unsigned>(ymd.day());
    info.month_length = days_in(info.year, info.month);
    const LocalDays jan1{ymd.year() / 1 / 1};
    info.year_day = static_cast<unsigned>((day - jan1).count()) + 1;
    info.year_length = ymd.year().is_leap() ? 366 : 365;
    info.weekday = weekday_of(day);
    return info;
}

void DayInfo::advance() {
    if (month_day == month_length) {
        *this = of(day + date::days{1});
        return;
    }
    day += date::days{1};
    ++month_day;
    ++year_day;
    weekday = (weekday + 1) % 7;
}

bool CompiledRule::week_no_matches(const DayInfo& d) const {
    // A week belongs to the year that holds its fourth day (RFC 5545: week 1 is the first with
    // at least four days in the year), so early January and late December days may be in a
    // week of the neighbouring year; BYWEEKNO=1 then picks 2024-12-30 in the year 2024.
    const LocalDays start = d.day - date::days{(d.weekday + 7 - week_start) % 7};
    const int year = static_cast<int>(date::year_month_day{start + date::days{3}}.year());
    const LocalDays first = week_one(year, week_start);
    const auto number = static_cast<std::size_t>((start - first).count() / 7 + 1);
    const auto weeks =
        static_cast<std::size_t>((week_one(year + 1, week_start) - first).count() / 7);
    return week_no_pos.test(number) || week_no_neg.test(weeks - number + 1);
}

bool CompiledRule::day_matches(const DayInfo& d, LocalDays first, LocalDays last) const {
    if (months != 0 && ((months >> d.month) & 1U) == 0)
        return false;
    if (month_day_pos != 0 || month_day_neg != 0) {
        if (((month_day_pos >> d.month_day) & 1U) == 0 &&
            ((month_day_neg >> (d.month_length - d.month_day + 1)) & 1U) == 0)
            return false;
    }
    if (by_year_day && !year_day_pos.test(d.year_day) &&
        !year_day_neg.test(d.year_length - d.year_day + 1))
        return false;
    if (by_day && ((weekdays >> d.weekday) & 1U) == 0) {
        // BYDAY is a list: a day passes when any entry names it (RFC 5545).
        const bool nth_match = std::any_of(nth.begin(), nth.end(), [&](const WeekdayNum& n) {
            if (static_cast<unsigned>(n.weekday) != d.weekday)
                return false;
            const auto weeks =
                n.ordinal > 0 ? (d.day - first).count() / 7 + 1 : -((last - d.day).count() / 7 + 1);
            return weeks == n.ordinal;
        });
        if (!nth_match)
            return false;
    }
    return !by_week_no || week_no_matches(d);
}

std::expected<CompiledRule, std::string> CompiledRule::compile(const RRule& r, LocalTime dtstart) {
    CompiledRule c;
    c.freq = r.freq;
    c.interval = r.interval;
    c.week_start = static_cast<unsigned>(r.week_start);
    c.dtstart = dtstart;
    c.set_pos = r.by_set_pos;
    const auto start_day = date::floor<date::days>(dtstart);
    const DayInfo start = DayInfo::of(start_day);
    const date::hh_mm_ss time{dtstart - start_day};

    for (const int m : r.by_month)
        c.months |= static_cast<std::uint16_t>(1U << m);
    for (const auto& d : r.by_day) {
        if (d.ordinal == 0)
            c.weekdays |= static_cast<std::uint8_t>(1U << d.weekday);
        else
            c.nth.push_back(d);
    }
    c.by_day = !r.by_day.empty();
    c.month_days = r.by_month_day;
    for (const int d : r.by_year_day)
        (d > 0 ? c.year_day_pos : c.year_day_neg).set(static_cast<std::size_t>(std::abs(d)));
    c.by_year_day = !r.by_year_day.empty();
    for (const int w : r.by_week_no)
        (w > 0 ? c.week_no_pos : c.week_no_neg).set(static_cast<std::size_t>(std::abs(w)));
    c.by_week_no = !r.by_week_no.empty();

    if (!c.by_week_no && !c.by_year_day && c.month_days.empty() && !c.by_day) {
        if (r.freq == Frequency::yearly) {
            if (c.months == 0)
                c.months = static_cast<std::uint16_t>(1U << start.month);
            c.month_days = {static_cast<int>(start.month_day)};
        } else if (r.freq == Frequency::monthly) {
            c.month_days = {static_cast<int>(start.month_day)};
        } else if (r.freq == Frequency::weekly) {
            c.weekdays = static_cast<std::uint8_t>(1U << start.weekday);
            c.by_day = true;
        }
    }
    for (const int d : c.month_days)
        (d > 0 ? c.month_day_pos : c.month_day_neg) |= 1U << std::abs(d);

    // A leap second (BYSECOND=60) never shows on the wall clock of a zone without leap seconds.
    std::vector<int> by_second = r.by_second;
    std::erase(by_second, 60);
    if (!r.by_second.empty() && by_second.empty())
        return std::unexpected("BYSECOND=60 (a leap second) never occurs on a wall clock");

    const auto expands = [](const std::vector<int>& given, int fallback) {
        return given.empty() ? std::vector<int>{fallback} : given;
    };
    if (r.freq >= Frequency::daily)
        c.hours = expands(r.by_hour, static_cast<int>(time.hours().count()));
    else
        for (const int h : r.by_hour)
            c.hour_mask |= 1U << h;
    if (r.freq >= Frequency::hourly)
        c.minutes = expands(r.by_minute, static_cast<int>(time.minutes().count()));
    else
        for (const int m : r.by_minute)
            c.minute_mask |= std::uint64_t{1} << m;
    if (r.freq >= Frequency::minutely)
        c.seconds = expands(by_second, static_cast<int>(time.seconds().count()));
    else
        for (const int s : by_second)
            c.second_mask |= std::uint64_t{1} << s;

    c.weekdays_only = c.months == 0 && c.month_day_pos == 0 && c.month_day_neg == 0 &&
                      !c.by_year_day && !c.by_week_no && c.nth.empty();
    if (auto why = c.contradiction())
        return std::unexpected(std::move(*why));
    return c;
}

/// Why no period of the rule can ever hold a match, when its parts alone tell.
std::optional<std::string> CompiledRule::contradiction() const {
    const auto month_count = months == 0 ? 12 : std::popcount(months);
    if (!month_days.empty()) {
        bool any = false;
        for (unsigned m = 1; m <= 12; ++m)
            if (months == 0 || ((months >> m) & 1U) != 0)
                for (const int d : month_days)
                    any = any || static_cast<unsigned>(std::abs(d)) <= longest(m);
        if (!any)
            return fmt::format("BYMONTHDAY={} does not occur in any month of BYMONTH",
                               list_text(month_days));
    }

    // An upper bound of the days in one period.
    const auto plain = std::popcount(weekdays);
    const auto nth_within = [&](int limit) {
        return static_cast<long>(std::count_if(nth.begin(), nth.end(), [&](const WeekdayNum& n) {
            return std::abs(n.ordinal) <= limit;
        }));
    };
    long days = 1;
    if (freq == Frequency::weekly) {
        days = plain;
    } else if (freq == Frequency::monthly || freq == Frequency::yearly) {
        const bool yearly = freq == Frequency::yearly;
        // How many months a period spans, and how many months an ordinal counts within.
        const long spanned = yearly ? month_count : 1;
        days = yearly ? (months == 0 ? 366 : 31L * month_count) : 31;
        if (!month_days.empty())
            days = std::min<long>(days, static_cast<long>(month_days.size()) * spanned);
        if (by_day)
            days = std::min<long>(days, yearly && months == 0
                                            ? plain * 53L + nth_within(53)
                                            : (plain * 5L + nth_within(5)) * spanned);
        if (by_year_day)
            days = std::min<long>(days,
                                  static_cast<long>(year_day_pos.count() + year_day_neg.count()));
        if (by_week_no)
            days = std::min<long>(
                days, 7L * static_cast<long>(week_no_pos.count() + week_no_neg.count()));
    }
    if (days == 0)
        return std::string{"BYDAY: an ordinal beyond 5 (or -5) never occurs within a month"};
    const auto size = [](const std::vector<int>& v) { return std::max<long>(1, std::ssize(v)); };
    const long candidates = days * size(hours) * size(minutes) * size(seconds);
    if (!set_pos.empty() && std::all_of(set_pos.begin(), set_pos.end(),
                                        [&](int p) { return std::abs(p) > candidates; }))
        return fmt::format("BYSETPOS={} picks beyond the at most {} candidates of each period",
                           list_text(set_pos), candidates);

    // A FREQ finer than DAILY walks a grid of INTERVAL steps from DTSTART; over the days that
    // grid reaches only the times of day congruent to DTSTART's modulo gcd(INTERVAL, day).
    if (freq < Frequency::daily && (hour_mask | minute_mask | second_mask) != 0) {
        const long unit = freq == Frequency::hourly ? 3600 : freq == Frequency::minutely ? 60 : 1;
        const long step = std::gcd(static_cast<long>(interval), 86400 / unit);
        const long origin = (dtstart - date::floor<date::days>(dtstart)).count() / unit;
        bool reachable = false;
        for (long t = 0; t < 86400 / unit && !reachable; ++t) {
            const long s = t * unit;
            reachable = (t - origin) % step == 0 &&
                        (hour_mask == 0 || ((hour_mask >> (s / 3600)) & 1U) != 0) &&
                        (minute_mask == 0 || ((minute_mask >> (s / 60 % 60)) & 1U) != 0) &&
                        (second_mask == 0 || ((second_mask >> (s % 60)) & 1U) != 0);
        }
        if (!reachable)
            return fmt::format("INTERVAL={} from the event's start never reaches a time that "
                               "BYHOUR, BYMINUTE and BYSECOND allow",
                               interval);
    }
    return std::nullopt;
}

} // namespace agendad::core
