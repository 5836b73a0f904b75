#pragma once
/// The daemon's upcoming reminders, kept in order so that a firing costs one event's step and
/// a heap operation, not a walk over every event of the schedule (the walk was 2–3 ms of CPU
/// per firing at 10,000 events; this is microseconds).
///
/// It holds one entry per event that still fires: the event's earliest reminder instant after
/// the queue's position, in a binary min-heap (8 bytes an event, no cursor state: an event's
/// step is recomputed from its rule when it fires, see next_event_step). Taking what is due
/// pops the events due, steps each of them once and pushes it back at its following instant.
///
/// Invariant: for every event of the schedule with a reminder strictly after position(), the
/// heap holds exactly one entry, at the earliest such instant; events without one have none.
/// So the heap's top is next_reminders_after(schedule, position()), which the tests check
/// against the planner.

#include "core/model/schedule.hpp"
#include "core/plan/planner.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace agendad::core {

/// Whether two versions of an event fire at the same instants: what a reload may keep of the
/// queue for it. Texts (title, lead texts) do not move instants; they are read again when the
/// event fires.
bool same_reminder_times(const Event& a, const Event& b);

/// Finds, for each event of a new schedule in turn, the event of the old one with its id: what
/// a reload keeps per event (the queue's entries, never_reminds' verdicts) is matched this way.
/// A save keeps the file's order, so the old event after the last one found is tried first;
/// the old ids are indexed only when that guess fails (an event added, removed or moved), which
/// spares a reload that changed one event in place hashing 10,000 ids.
class EventMatcher {
  public:
    /// `old` must outlive the matcher.
    explicit EventMatcher(const EventList& old) : old_(old) {}
    /// The index in the old list of the event with `event`'s id, if any; asked in the new
    /// list's order, the guess is right for every event kept in place.
    std::optional<std::uint32_t> find(const Event& event);

  private:
    const EventList& old_;
    std::uint32_t guess_ = 0;
    bool indexed_ = false;
    std::unordered_map<std::string_view, std::uint32_t> by_id_;
};

class ReminderQueue {
  public:
    /// Plans every event of `schedule` from just after `after`. The schedule must outlive the
    /// queue's use of it (until the next reset or replace).
    void reset(const Schedule& schedule, Instant after);

    /// Runs `schedule` instead of the one held (which must still be alive), from just after
    /// `after`, which is not later than position(). Events matched by id whose instants did
    /// not change (same_reminder_times, same all_day_at) keep their entry: their reminders in
    /// (after, position()] have been handled under the old schedule. Changed and added events
    /// are planned from `after`; removed ones are dropped. Linear in the events, and one step
    /// for each changed one.
    void replace(const Schedule& schedule, Instant after);

    /// Every reminder at or before this instant has been taken (or skipped).
    Instant position() const { return position_; }
    /// The earliest instant with a reminder after position().
    std::optional<Instant> next_instant() const;
    /// The reminders at next_instant(), in delivery order, without taking them.
    std::vector<Reminder> peek() const;

    /// What look_ahead found.
    struct Ahead {
        /// The reminders kept at the earliest instant that has any, in delivery order.
        std::vector<Reminder> reminders;
        /// Set when `max_instants` instants were examined and none had one kept: the last
        /// of them, from where to look on later.
        std::optional<Instant> gave_up_at;
    };
    /// Looks on from position() without taking anything, instant by instant, for the first
    /// reminders `keep` keeps (the daemon passes over dismissed ones). Costs O(k log k) for the
    /// k events examined, however large the queue: it walks the heap from its root.
    Ahead look_ahead(const std::function<bool(const Reminder&)>& keep, int max_instants) const;

    /// Takes every reminder with position() < fire_at <= `until`, in delivery order, and moves
    /// position() to `until` (if that is later).
    std::vector<Reminder> take_through(Instant until);
    /// Moves position() to `until` (if that is later) passing over the reminders up to it,
    /// each event stepped once: the catch-up window's start after a long downtime.
    void skip_through(Instant until);

    /// Events with a reminder still ahead.
    std::size_t size() const { return heap_.size(); }
    const Schedule* schedule() const { return schedule_; }

  private:
    /// An event's next instant and its index in schedule_->events, packed in 8 bytes (the
    /// instant's seconds offset to be positive, above the index), so that comparing keys
    /// orders by instant.
    struct Entry {
        static constexpr int index_bits = 24;
        static constexpr std::int64_t offset = std::int64_t{1} << 37; ///< before year 1 - 10y
        std::uint64_t key;

        static Entry of(Instant at, std::uint32_t event) {
            return Entry{
                (static_cast<std::uint64_t>(at.time_since_epoch().count() + offset) << index_bits) |
                event};
        }
        Instant at() const {
            return Instant{
                std::chrono::seconds{static_cast<std::int64_t>(key >> index_bits) - offset}};
        }
        std::uint32_t event() const {
            return static_cast<std::uint32_t>(key & ((std::uint64_t{1} << index_bits) - 1));
        }
    };
    static_assert(limits::events < (std::size_t{1} << Entry::index_bits));
    void push(Entry entry);
    Entry pop();
    /// Plans event `index` from just after `after`.
    void plan(std::uint32_t index, Instant after);

    const Schedule* schedule_ = nullptr;
    Instant position_{};
    std::vector<Entry> heap_; ///< a min-heap on `at`
};

} // namespace agendad::core
