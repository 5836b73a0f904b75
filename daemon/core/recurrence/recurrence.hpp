#pragma once

#include "core/time/time_types.hpp"

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace agendad::core {

struct CompiledRule;
class RuleWalk;

/// An RFC 5545 RRULE (§3.3.10, every FREQ and every part), parsed by rrule_parse.hpp and
/// expanded by our own walk (rrule_walk.hpp); libical plays no part. Expansion happens in
/// wall-clock time (a weekly 09:30 stays 09:30 across DST); mapping to instants is the caller's
/// job, with resolve_local.
///
/// DTSTART: RFC 5545 §3.8.5.3 leaves the set undefined when DTSTART does not match the rule.
/// We do what python-dateutil does (and what tests/crosscheck compares against): DTSTART is an
/// occurrence only when the rule matches it, and COUNT counts matching occurrences only. So
/// "FREQ=MONTHLY;BYDAY=-1FR" from Friday 7 January starts on 28 January. DTSTART still lends
/// the rule its missing parts (its time of day, its weekday for WEEKLY, its day for MONTHLY…).
class Recurrence {
  public:
    /// Parses `rule` (optionally "RRULE:"-prefixed) for an event starting at `dtstart` (wall
    /// clock) in `zone`. A UTC UNTIL of a timed event is compared on instants (RFC 5545: the
    /// last instance is the one at or before UNTIL); a DATE UNTIL of a timed event includes
    /// that whole day. Refuses rules RFC 5545 forbids, COUNT above `max_count`, FREQ finer than
    /// DAILY (and BYHOUR/BYMINUTE/BYSECOND) for an all-day event, and rules that produce no
    /// occurrence at all, each with a message that names the part at fault.
    static std::expected<Recurrence, std::string> parse(std::string_view rule, LocalTime dtstart,
                                                        const Zone& zone, bool all_day);

    const std::string& text() const;
    bool has_count() const;

    /// A lazy, ordered walk over the occurrences' wall-clock starts.
    class Cursor {
      public:
        Cursor(Cursor&&) noexcept;
        Cursor& operator=(Cursor&&) noexcept;
        ~Cursor();
        /// The next occurrence start, or nothing when the rule is exhausted.
        std::optional<LocalTime> next();

      private:
        friend class Recurrence;
        struct State;
        explicit Cursor(std::unique_ptr<State> state);
        std::unique_ptr<State> state_;
    };

    /// Occurrences from the first one whose start is at or after `from` (all of them when
    /// `from` is before the first). Without COUNT the walk starts at the period holding `from`,
    /// found arithmetically; with COUNT it counts from DTSTART.
    Cursor starting_at(LocalTime from) const;

    static constexpr int max_count = 100000;

  private:
    struct Rule;
    explicit Recurrence(std::shared_ptr<const Rule> rule);
    /// The only member, so that an event's optional<Recurrence> is 24 bytes (the schedule's
    /// size is mostly its events); the text lives with the rule.
    std::shared_ptr<const Rule> rule_;
};

} // namespace agendad::core
