#pragma once
/// The lazy expansion of a CompiledRule: one period's candidate set at a time, as
/// python-dateutil's rrule._iter does, never the series.
///
/// Invariants: a period is the days that pass the day parts (at most 366, kept in `days_`)
/// times the product of the expanded time lists, which is sorted because each list is; a
/// candidate is addressed by its index in that product and never stored, so BYSETPOS and the
/// entry point (`lower`) are index arithmetic and a binary search. Periods follow each other
/// INTERVAL apart on FREQ's grid from DTSTART's period. Between two candidates the walk examines
/// at most `max_idle_work` days and grid steps; a rule that finds nothing within that gives up
/// (no input can stall the daemon). That budget covers a whole 400-year Gregorian cycle of
/// every FREQ from DAILY up, so for those giving up means the rule has no further occurrence.

#include "core/recurrence/rrule_expand.hpp"

#include <array>
#include <memory>

namespace agendad::core {

class RuleWalk {
  public:
    /// Days and grid steps examined without finding a candidate before the walk gives up.
    static constexpr long max_idle_work = 1'000'000;
    /// Like python-dateutil, nothing is produced after this year.
    static constexpr int last_year = 9999;

    /// Candidates at or after `lower` (which is not before DTSTART). With `enter`, the walk
    /// starts at the period holding `lower`, computed, instead of DTSTART's.
    RuleWalk(std::shared_ptr<const CompiledRule> rule, LocalTime lower, bool enter);

    /// The next candidate in order, or nothing once the series ends or the budget runs out.
    std::optional<LocalTime> next();

  private:
    bool load_period();
    bool load_calendar_period();
    bool load_grid_period();
    void add_month_days(int year, unsigned month, LocalDays first, LocalDays last);
    LocalDays next_possible_day(LocalDays day) const;
    long aligned(long unit_index) const;
    LocalTime at(std::size_t index) const;
    std::size_t period_size() const;

    std::shared_ptr<const CompiledRule> rule_;
    LocalTime lower_;
    long period_ = 0; ///< year, month (year*12+m-1), first day of week, day or grid step
    long origin_ = 0; ///< DTSTART's period, for INTERVAL alignment of the grid
    long unit_ = 0;   ///< seconds in one grid step for DAILY and finer; 0 otherwise
    long work_ = 0;   ///< days and steps examined since the last candidate
    bool done_ = false;
    bool loaded_ = false; ///< whether `period_` has been loaded (else it is the entry)
    LocalDays checked_day_{date::days{-1000000000}}; ///< the grid's last day checked, and:
    bool day_passes_ = false;

    std::array<LocalDays, 366> days_{};
    std::size_t day_count_ = 0;
    // The period's time lists: the rule's, or a single fixed value for a part at or coarser
    // than a FREQ finer than DAILY.
    const int* hours_ = nullptr;
    const int* minutes_ = nullptr;
    const int* seconds_ = nullptr;
    std::size_t hour_count_ = 0, minute_count_ = 0, second_count_ = 0;
    std::array<int, 3> fixed_{};     ///< the grid step's hour, minute and second
    std::vector<std::size_t> picks_; ///< BYSETPOS's indexes into the period, sorted
    std::size_t position_ = 0;       ///< next index into the period (or into picks_)
};

} // namespace agendad::core
