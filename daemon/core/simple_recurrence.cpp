#include "core/simple_recurrence.hpp"

namespace agendad::core {

SimpleWalk::SimpleWalk(const SimpleRule& rule, LocalTime from) : rule_(&rule) {
    // A COUNT rule is walked from its start so that occurrences are counted; any other may be
    // entered a period before the one holding `from`.
    if (rule.count == 0 && from > rule.first_day + rule.time_of_day) {
        const auto days = (date::floor<date::days>(from) - rule.first_period).count();
        period_ = std::max<long>(0, days / rule.period_days - 1);
    }
}

std::optional<LocalTime> SimpleWalk::next() {
    const SimpleRule& rule = *rule_;
    // Every period holds a match (DTSTART's weekday at least), so this loop ends within a week
    // of candidates unless COUNT or UNTIL ends the series first.
    while (true) {
        if (rule.count != 0 && produced_ >= rule.count)
            return std::nullopt;
        if (index_ == rule.offsets.size()) {
            index_ = 0;
            ++period_;
        }
        const LocalDays day =
            rule.first_period + date::days{period_ * rule.period_days + rule.offsets[index_++]};
        if (day < rule.first_day)
            continue;
        if ((rule.weekday_mask & (1U << date::weekday{day}.c_encoding())) == 0)
            continue;
        const LocalTime start = day + rule.time_of_day;
        if (rule.until && start > *rule.until)
            return std::nullopt;
        ++produced_;
        return start;
    }
}

} // namespace agendad::core
