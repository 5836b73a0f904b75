#pragma once

#include "core/time_types.hpp"

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace agendad::core {

/// An RFC 5545 RRULE, parsed and checked by libical. Expansion happens in wall-clock time
/// (a weekly 09:30 stays 09:30 across DST); mapping to instants is the caller's job.
class Recurrence {
  public:
    /// Parses `rule` for an event starting at `dtstart` (wall clock) in `zone`. A UTC UNTIL
    /// is converted to the zone's wall clock. Refuses FREQ finer than DAILY, COUNT above
    /// `max_count`, and rules that produce no occurrence at all.
    /// Which walk expands the rule: the arithmetic one for the simple rules it covers (see
    /// simple_recurrence.hpp), or libical's for every rule (tests compare the two).
    enum class Expansion { fastest, libical_only };

    static std::expected<Recurrence, std::string> parse(std::string_view rule, LocalTime dtstart,
                                                        const Zone& zone, bool all_day,
                                                        Expansion expansion = Expansion::fastest);

    const std::string& text() const { return text_; }
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
    /// `from` is before the first). Skips the expansion before `from` where the rule allows.
    Cursor starting_at(LocalTime from) const;

    static constexpr int max_count = 100000;

  private:
    struct Rule;
    Recurrence(std::string text, std::shared_ptr<const Rule> rule, LocalTime dtstart, bool all_day);
    std::string text_;
    std::shared_ptr<const Rule> rule_;
    LocalTime dtstart_;
    bool all_day_ = false;
};

} // namespace agendad::core
