#include "core/recurrence/rrule_walk.hpp"

#include <algorithm>
#include <bit>

namespace agendad::core {

namespace {

constexpr long seconds_per_day = 86400;
/// 31 December of RuleWalk::last_year, as a day number (1970-01-01 is 0, a Thursday: +3).
constexpr long last_day_number = 2932896;

long floor_div(long a, long b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

long floor_mod(long a, long b) {
    return a - floor_div(a, b) * b;
}

long year_of(LocalDays day) {
    return static_cast<int>(date::year_month_day{day}.year());
}

long month_index(LocalDays day) {
    const date::year_month_day ymd{day};
    return static_cast<int>(ymd.year()) * 12L + static_cast<unsigned>(ymd.month()) - 1;
}

/// The lowest set bit of `mask` above `from`, or -1.
int next_bit(std::uint64_t mask, int from) {
    const std::uint64_t above = from >= 63 ? 0 : mask & ~((std::uint64_t{2} << from) - 1);
    return above == 0 ? -1 : std::countr_zero(above);
}

} // namespace

RuleWalk::RuleWalk(std::shared_ptr<const CompiledRule> rule, LocalTime lower, bool enter)
    : rule_(std::move(rule)), lower_(lower) {
    const CompiledRule& r = *rule_;
    const LocalDays start_day = date::floor<date::days>(r.dtstart);
    const LocalDays lower_day = date::floor<date::days>(lower);
    long target = 0;
    long step = r.interval;
    switch (r.freq) {
    case Frequency::yearly:
        origin_ = year_of(start_day);
        target = year_of(lower_day);
        break;
    case Frequency::monthly:
        origin_ = month_index(start_day);
        target = month_index(lower_day);
        break;
    case Frequency::weekly:
        origin_ = (start_day - date::days{(DayInfo::of(start_day).weekday + 7 - r.week_start) % 7})
                      .time_since_epoch()
                      .count();
        target = lower_day.time_since_epoch().count();
        step = 7L * r.interval;
        break;
    default:
        unit_ = r.freq == Frequency::daily      ? seconds_per_day
                : r.freq == Frequency::hourly   ? 3600
                : r.freq == Frequency::minutely ? 60
                                                : 1;
        origin_ = floor_div(r.dtstart.time_since_epoch().count(), unit_);
        target = floor_div(lower.time_since_epoch().count(), unit_);
        break;
    }
    period_ = origin_;
    if (enter && target > origin_)
        period_ = origin_ + floor_div(target - origin_, step) * step;
}

std::optional<LocalTime> RuleWalk::next() {
    while (!done_) {
        const std::size_t end = rule_->set_pos.empty() ? period_size() : picks_.size();
        if (position_ < end) {
            const std::size_t index = rule_->set_pos.empty() ? position_ : picks_[position_];
            ++position_;
            work_ = 0;
            return at(index);
        }
        if (!load_period())
            done_ = true;
    }
    return std::nullopt;
}

std::size_t RuleWalk::period_size() const {
    return day_count_ * hour_count_ * minute_count_ * second_count_;
}

LocalTime RuleWalk::at(std::size_t index) const {
    if (hour_count_ == 1 && minute_count_ == 1 && second_count_ == 1)
        return days_[index] +
               std::chrono::seconds{hours_[0] * 3600L + minutes_[0] * 60L + seconds_[0]};
    const std::size_t per_hour = minute_count_ * second_count_;
    const std::size_t per_day = hour_count_ * per_hour;
    const std::size_t time = index % per_day;
    return days_[index / per_day] + std::chrono::hours{hours_[time / per_hour]} +
           std::chrono::minutes{minutes_[time / second_count_ % minute_count_]} +
           std::chrono::seconds{seconds_[time % second_count_]};
}

bool RuleWalk::load_period() {
    // The first call loads the entry period; later ones step to the next period first.
    if (loaded_)
        period_ += unit_ != 0                         ? rule_->interval
                   : rule_->freq == Frequency::weekly ? 7L * rule_->interval
                                                      : rule_->interval;
    loaded_ = true;
    const CompiledRule& r = *rule_;
    hours_ = r.hours.data();
    minutes_ = r.minutes.data();
    seconds_ = r.seconds.data();
    hour_count_ = r.hours.size();
    minute_count_ = r.minutes.size();
    second_count_ = r.seconds.size();
    if (!(unit_ != 0 ? load_grid_period() : load_calendar_period()))
        return false;

    const std::size_t n = period_size();
    if (!r.set_pos.empty()) {
        picks_.clear();
        for (const int pos : r.set_pos) {
            const long index = pos > 0 ? pos - 1L : static_cast<long>(n) + pos;
            if (index >= 0 && index < static_cast<long>(n))
                picks_.push_back(static_cast<std::size_t>(index));
        }
        std::sort(picks_.begin(), picks_.end());
        picks_.erase(std::unique(picks_.begin(), picks_.end()), picks_.end());
    }
    // Enter the period at its first candidate at or after `lower_`: candidates are sorted by
    // index, so a binary search over indexes (or over the picks) finds it.
    std::size_t low = 0;
    std::size_t high = r.set_pos.empty() ? n : picks_.size();
    if (high != 0 && at(r.set_pos.empty() ? 0 : picks_[0]) >= lower_)
        high = 0; // the whole period is at or after `lower_`, as every period but the first
    while (low < high) {
        const std::size_t mid = low + (high - low) / 2;
        if (at(r.set_pos.empty() ? mid : picks_[mid]) < lower_)
            low = mid + 1;
        else
            high = mid;
    }
    position_ = low;
    return true;
}

void RuleWalk::add_month_days(int year, unsigned month, LocalDays first, LocalDays last) {
    const CompiledRule& r = *rule_;
    const LocalDays month_start{date::year{year} / date::month{month} / 1};
    DayInfo day = DayInfo::of(month_start);
    const auto add = [&](unsigned month_day) {
        ++work_;
        const auto offset = static_cast<int>(month_day - day.month_day);
        day.day += date::days{offset};
        day.year_day = static_cast<unsigned>(static_cast<int>(day.year_day) + offset);
        day.weekday = static_cast<unsigned>((static_cast<int>(day.weekday) + offset % 7 + 7) % 7);
        day.month_day = month_day;
        if (r.day_matches(day, first, last))
            days_[day_count_++] = day.day;
    };
    if (!r.month_days.empty()) {
        // Only the days BYMONTHDAY names can pass, in order; the rest of the filter still applies.
        std::array<unsigned, 62> wanted{};
        std::size_t count = 0;
        for (const int d : r.month_days) {
            const int resolved = d > 0 ? d : static_cast<int>(day.month_length) + d + 1;
            if (resolved >= 1 && resolved <= static_cast<int>(day.month_length))
                wanted[count++] = static_cast<unsigned>(resolved);
        }
        std::sort(wanted.begin(), wanted.begin() + static_cast<long>(count));
        const auto unique_end =
            std::unique(wanted.begin(), wanted.begin() + static_cast<long>(count));
        for (auto it = wanted.begin(); it != unique_end; ++it)
            add(*it);
        return;
    }
    for (unsigned d = 1; d <= day.month_length; ++d)
        add(d);
}

bool RuleWalk::load_calendar_period() {
    const CompiledRule& r = *rule_;
    day_count_ = 0;
    if (++work_ > max_idle_work)
        return false;
    if (r.freq == Frequency::yearly) {
        const auto year = static_cast<int>(period_);
        if (year > last_year)
            return false;
        const LocalDays jan1{date::year{year} / 1 / 1};
        const LocalDays dec31{date::year{year} / 12 / 31};
        for (unsigned m = 1; m <= 12; ++m) {
            if (r.months != 0 && ((r.months >> m) & 1U) == 0)
                continue;
            // An ordinal BYDAY counts within the month when BYMONTH is given, else the year.
            const LocalDays first{date::year{year} / date::month{m} / 1};
            const LocalDays last{date::year{year} / date::month{m} / date::last};
            add_month_days(year, m, r.months != 0 ? first : jan1, r.months != 0 ? last : dec31);
        }
    } else if (r.freq == Frequency::monthly) {
        const auto year = static_cast<int>(floor_div(period_, 12));
        const auto month = static_cast<unsigned>(floor_mod(period_, 12) + 1);
        if (year > last_year)
            return false;
        if (r.months == 0 || ((r.months >> month) & 1U) != 0) {
            const LocalDays first{date::year{year} / date::month{month} / 1};
            const LocalDays last{date::year{year} / date::month{month} / date::last};
            add_month_days(year, month, first, last);
        }
    } else { // weekly
        const LocalDays start{date::days{period_}};
        if (year_of(start) > last_year)
            return false;
        if (r.weekdays_only) {
            for (unsigned i = 0; i < 7; ++i)
                if (r.weekday_matches((r.week_start + i) % 7))
                    days_[day_count_++] = start + date::days{i};
            return true;
        }
        DayInfo day = DayInfo::of(start);
        for (int i = 0; i < 7; ++i, day.advance()) {
            ++work_;
            if (r.day_matches(day, start, start))
                days_[day_count_++] = day.day;
        }
    }
    return true;
}

LocalDays RuleWalk::next_possible_day(LocalDays day) const {
    LocalDays next = day + date::days{1};
    if (rule_->months == 0)
        return next;
    for (int i = 0; i < 12; ++i) {
        const date::year_month_day ymd{next};
        if (((rule_->months >> static_cast<unsigned>(ymd.month())) & 1U) != 0)
            break;
        next = LocalDays{(date::year_month{ymd.year(), ymd.month()} + date::months{1}) / 1};
    }
    return next;
}

long RuleWalk::aligned(long unit_index) const {
    return unit_index + floor_mod(origin_ - unit_index, rule_->interval);
}

bool RuleWalk::load_grid_period() {
    // Grid steps are skipped arithmetically: a day the day parts refuse jumps to the next day
    // (or month) that might pass, an hour or minute outside BYHOUR/BYMINUTE to the next one in.
    const CompiledRule& r = *rule_;
    const auto jump = [&](long target_seconds) {
        period_ = aligned(floor_div(target_seconds + unit_ - 1, unit_));
    };
    while (true) {
        if (++work_ > max_idle_work)
            return false;
        const long seconds = period_ * unit_;
        const long day_number = floor_div(seconds, seconds_per_day);
        const LocalDays day{date::days{day_number}};
        if (day != checked_day_) {
            if (r.weekdays_only) {
                if (day_number > last_day_number)
                    return false;
                day_passes_ =
                    r.weekday_matches(static_cast<unsigned>(floor_mod(day_number + 3, 7)));
            } else {
                const DayInfo info = DayInfo::of(day);
                if (info.year > last_year)
                    return false;
                day_passes_ = r.day_matches(info, day, day);
            }
            checked_day_ = day;
        }
        if (!day_passes_) {
            jump(next_possible_day(day).time_since_epoch().count() * seconds_per_day);
            continue;
        }
        const long of_day = seconds - day_number * seconds_per_day;
        const int hour = static_cast<int>(of_day / 3600);
        const int minute = static_cast<int>(of_day / 60 % 60);
        const int second = static_cast<int>(of_day % 60);
        if (unit_ < seconds_per_day && r.hour_mask != 0 && ((r.hour_mask >> hour) & 1U) == 0) {
            const int next = next_bit(r.hour_mask, hour);
            jump(next < 0 ? next_possible_day(day).time_since_epoch().count() * seconds_per_day
                          : day_number * seconds_per_day + next * 3600L);
            continue;
        }
        if (unit_ < 3600 && r.minute_mask != 0 && ((r.minute_mask >> minute) & 1U) == 0) {
            const int next = next_bit(r.minute_mask, minute);
            const long hour_start = day_number * seconds_per_day + hour * 3600L;
            jump(next < 0 ? hour_start + 3600 : hour_start + next * 60L);
            continue;
        }
        if (unit_ < 60 && r.second_mask != 0 && ((r.second_mask >> second) & 1U) == 0) {
            period_ += r.interval;
            continue;
        }
        days_[0] = day;
        day_count_ = 1;
        fixed_ = {hour, minute, second};
        if (unit_ <= 3600) {
            hours_ = &fixed_[0];
            hour_count_ = 1;
        }
        if (unit_ <= 60) {
            minutes_ = &fixed_[1];
            minute_count_ = 1;
        }
        if (unit_ == 1) {
            seconds_ = &fixed_[2];
            second_count_ = 1;
        }
        return true;
    }
}

} // namespace agendad::core
