#pragma once
/// The schedule model: what agenda.toml says, checked and resolved (zones looked up, spans and
/// rules parsed). Built only by read_schedule(); immutable once built.

#include "core/model/diagnostic.hpp"
#include "core/model/lean_string.hpp"
#include "core/model/lean_vector.hpp"
#include "core/model/reminder_style.hpp"
#include "core/recurrence/recurrence.hpp"
#include "core/time/span.hpp"
#include "core/time/time_types.hpp"

#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace agendad::core {

enum class Urgency { low, normal, critical };

std::string_view to_string(Urgency urgency);

struct SourcePosition {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

/// An alarm an event carries itself (an iCalendar VALARM), as opposed to the `remind` leads that
/// count back from the event's anchor. RFC 5545 counts it from the start (an all-day event's
/// midnight), from the end, or fires it at one fixed instant.
struct Alarm {
    enum class Related { start, end, instant };
    Related related = Related::start;
    /// Before the start or end; negative parts mean after it. Days and weeks are calendar days
    /// on the event's clock, as for `remind`. `lead.text` is the TRIGGER as written ("-PT15M"),
    /// which also keeps the alarms of one event apart.
    Span lead;
    Instant at{}; ///< Related::instant only: fires once, at this instant
};

/// An event's length: a Span without the text, which nothing reads back for a duration (32
/// bytes less in every event). Assigned from a Span; counts the same way.
struct Length {
    int calendar_days = 0;
    std::chrono::seconds exact{0};

    Length() = default;
    Length(const Span& span) // NOLINT(google-explicit-constructor): a Span is a length
        : calendar_days(span.calendar_days), exact(span.exact) {}
    Span span() const { return Span{calendar_days, exact, {}}; }
    Instant before(Instant anchor, const Zone& zone) const { return span().before(anchor, zone); }
    Instant after(Instant anchor, const Zone& zone) const { return span().after(anchor, zone); }
    std::chrono::seconds longest() const { return span().longest(); }
    bool is_zero() const { return calendar_days == 0 && exact.count() == 0; }
    friend bool operator==(const Length&, const Length&) = default;
};

struct Event {
    std::string id; ///< stable; given, or derived from title and start (calendars: see ics_reader)
    std::string title;
    // The texts and lists of LeanString and LeanVector types are empty in most events, so
    // each costs a pointer until it is not (lean_string.hpp, lean_vector.hpp).
    LeanString location;
    LeanString description;
    LeanString url;
    const Zone* zone = nullptr; ///< never null in a built schedule
    bool all_day = false;
    bool persistent = false;           ///< its bubbles stay until acted on (reminder_style.hpp)
    Urgency urgency = Urgency::normal; ///< (beside the two flags, which leave room for it)
    LocalTime start; ///< first occurrence, wall clock in `zone` (all-day: its midnight)
    /// Set when the file gave the start with an offset: the exact instant, which the wall clock
    /// alone cannot name in a repeated (fall-back) hour.
    std::optional<Instant> start_instant;
    Length duration; ///< from start to end; all-day events count whole days
    std::vector<Span> remind;
    std::optional<Recurrence> repeat;
    LeanVector<LocalTime> except_times; ///< occurrences to skip, by wall-clock start
    LeanVector<LocalDays> except_days;  ///< days on which every occurrence is skipped
    /// Where each entry of `except_times` and `except_days` is written (parallel to them).
    LeanVector<SourcePosition> except_time_positions;
    LeanVector<SourcePosition> except_day_positions;
    SourcePosition position; ///< where its [[event]] table starts
    LeanString calendar;     ///< the [[calendar]] it comes from; empty for TOML events
    /// More occurrence starts beside `start` and the rule (iCalendar RDATE), sorted, unique.
    LeanVector<LocalTime> extra_times;
    LeanVector<Alarm> alarms; ///< its own alarms, in addition to `remind`
    LeanString sound;         ///< a sound name or file; "" for the server's own
};

/// A schedule's events: its own (the [[event]] tables', which the reader builds and fixes up in
/// place), then shared ones (the calendars', immutable). A calendar event is shared by the
/// calendar cache and by every schedule that holds it, so that a reload after a one-file change
/// in a vdir of thousands copies a pointer per event instead of the events (calendar_cache.hpp).
/// A read given a ScheduleMemo (the daemon's) shares its [[event]] tables' events too: the next
/// read shares those of unchanged chunks instead of copying them (schedule_reader.hpp).
/// Reads like a std::vector<Event>: by index, in order, the own events first.
/// Invariant: an own event is never added after a shared one; push_back() shares it then.
class EventList {
  public:
    EventList() = default;
    EventList(std::vector<Event> events) // NOLINT(google-explicit-constructor): a list of events
        : own_(std::move(events)) {}

    std::size_t size() const { return own_.size() + shared_.size(); }
    bool empty() const { return own_.empty() && shared_.empty(); }
    const Event& operator[](std::size_t i) const {
        return i < own_.size() ? own_[i] : *shared_[i - own_.size()];
    }
    const Event& at(std::size_t i) const {
        if (i >= size())
            throw std::out_of_range{"EventList::at"};
        return (*this)[i];
    }
    const Event& front() const { return (*this)[0]; }
    const Event& back() const { return (*this)[size() - 1]; }

    void reserve(std::size_t n) {
        if (shared_.empty())
            own_.reserve(n);
        else
            shared_.reserve(n - own_.size());
    }
    void push_back(Event event) {
        if (shared_.empty())
            own_.push_back(std::move(event));
        else
            shared_.push_back(std::make_shared<const Event>(std::move(event)));
    }
    /// An own event, to be fixed up in place; only before any shared one (see the invariant).
    template <typename... Args>
    Event& emplace_back(Args&&... args) {
        if (!shared_.empty())
            throw std::logic_error{"EventList: an own event after a shared one"};
        return own_.emplace_back(std::forward<Args>(args)...);
    }
    void push_back(std::shared_ptr<const Event> event) { shared_.push_back(std::move(event)); }
    /// Room for `n` shared events (a list that will hold shared events only).
    void reserve_shared(std::size_t n) { shared_.reserve(n); }
    /// Event `i` when it is shared, to share it again; null when it is an own one.
    std::shared_ptr<const Event> shared_at(std::size_t i) const {
        return i >= own_.size() ? shared_[i - own_.size()] : nullptr;
    }
    /// Moves `other`'s events to the end of this list, its shared ones still shared.
    void append(EventList&& other) {
        reserve(size() + other.size());
        for (auto& event : other.own_)
            push_back(std::move(event));
        for (auto& event : other.shared_)
            shared_.push_back(std::move(event));
        other = {};
    }

    class const_iterator {
      public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = Event;
        using difference_type = std::ptrdiff_t;
        using pointer = const Event*;
        using reference = const Event&;

        const_iterator() = default;
        const_iterator(const EventList* list, std::size_t i) : list_(list), i_(i) {}
        reference operator*() const { return (*list_)[i_]; }
        pointer operator->() const { return &(*list_)[i_]; }
        reference operator[](difference_type n) const { return (*list_)[i_ + n]; }
        const_iterator& operator++() {
            ++i_;
            return *this;
        }
        const_iterator operator++(int) {
            auto old = *this;
            ++i_;
            return old;
        }
        const_iterator& operator--() {
            --i_;
            return *this;
        }
        const_iterator operator--(int) {
            auto old = *this;
            --i_;
            return old;
        }
        const_iterator& operator+=(difference_type n) {
            i_ += n;
            return *this;
        }
        const_iterator& operator-=(difference_type n) {
            i_ -= n;
            return *this;
        }
        friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
        friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
        friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
        friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
            return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) {
            return a.i_ == b.i_;
        }
        friend auto operator<=>(const const_iterator& a, const const_iterator& b) {
            return a.i_ <=> b.i_;
        }

      private:
        const EventList* list_ = nullptr;
        std::size_t i_ = 0;
    };
    using iterator = const_iterator;
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

  private:
    std::vector<Event> own_;
    std::vector<std::shared_ptr<const Event>> shared_;
};

struct Settings {
    const Zone* zone = nullptr; ///< never null in a built schedule
    std::vector<Span> remind;
    std::chrono::minutes all_day_at{9 * 60};
    Urgency urgency = Urgency::normal;
    Span catch_up;
    Span snooze; ///< what a snooze without a span lasts: the first span of `snooze`
    /// What a bubble's Snooze offers (reminder_style.hpp); by default `snooze` alone.
    std::vector<SnoozeChoice> snooze_choices{};
    bool persistent = false; ///< every event's default
    std::string sound{};     ///< every event's default
};

/// A [[calendar]] of the schedule as read: where its events came from and what reading them
/// met. Its events are in Schedule::events (their `calendar` is its name).
struct ScheduleCalendar {
    std::string name;
    std::string path; ///< `~` and relative paths resolved
    SourcePosition position;
    std::size_t events = 0;
    std::size_t with_alarms = 0; ///< events with VALARMs of their own
    std::size_t skipped = 0;     ///< events that get no reminders (cancelled, declined, free)
    /// Problems in its files (Severity::warning): they leave events out, never fail the schedule.
    Diagnostics warnings;
};

struct Schedule {
    std::string path;
    Settings settings;
    /// The [[event]] tables' events, then each calendar's (calendar ids hold a '/', TOML ids
    /// cannot, so they never clash).
    EventList events;
    std::vector<ScheduleCalendar> calendars;
};

/// Limits on what a schedule may hold, so that no file can make the daemon slow or large.
namespace limits {
inline constexpr std::size_t file_bytes = 16 * 1024 * 1024;
inline constexpr std::size_t events = 100000;
inline constexpr std::size_t reminders_per_event = 32;
inline constexpr std::size_t exceptions_per_event = 1000;
inline constexpr std::size_t text_bytes = 64 * 1024;
/// Words such as a time zone name, an urgency or a time of day: the longest IANA name has 32
/// characters. Longer values are refused before any lookup or suggestion.
inline constexpr std::size_t word_bytes = 64;
/// A repeat rule's text (RRULE).
inline constexpr std::size_t rule_bytes = 4096;
inline constexpr std::size_t diagnostics = 100;
} // namespace limits

/// The id of an event whose table gives none: the title's ASCII letters and digits in lower
/// case, dashes between words, then the start ("osce-permanent-council-20220113t1000").
std::string derived_event_id(std::string_view title, LocalTime start, bool all_day);

} // namespace agendad::core
