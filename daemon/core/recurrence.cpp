#include "core/recurrence.hpp"

#include <fmt/format.h>
#include <libical/ical.h>

namespace agendad::core {

struct Recurrence::Rule {
    icalrecurrencetype value;
    /// A UTC UNTIL of a timed event, checked on instants; `value.until` then only bounds the
    /// wall-clock walk, with a day of slack.
    std::optional<Instant> until_utc;
    const Zone* zone = nullptr;
};

struct Recurrence::Cursor::State {
    icalrecur_iterator* iterator = nullptr;
    LocalTime skip_before{};
    int remaining_steps = 0;
    std::optional<Instant> until_utc;
    const Zone* zone = nullptr;
    ~State() {
        if (iterator != nullptr)
            icalrecur_iterator_free(iterator);
    }
};

namespace {

icaltimetype to_ical(LocalTime local, bool all_day) {
    const auto day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss hms{local - day};
    icaltimetype t = icaltime_null_time();
    t.year = static_cast<int>(ymd.year());
    t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    t.is_date = all_day ? 1 : 0;
    if (!all_day) {
        t.hour = static_cast<int>(hms.hours().count());
        t.minute = static_cast<int>(hms.minutes().count());
        t.second = static_cast<int>(hms.seconds().count());
    }
    return t; // floating: no zone, libical expands on the wall clock
}

LocalTime from_ical(const icaltimetype& t) {
    const auto day = date::local_days{date::year{t.year} / t.month / t.day};
    return day + std::chrono::hours{t.hour} + std::chrono::minutes{t.minute} +
           std::chrono::seconds{t.second};
}

// libical reports problems through a global errno and may abort on them unless told not to.
void quiet_libical() {
    static const bool once = [] {
        icalerror_set_errors_are_fatal(0);
        return true;
    }();
    (void)once;
}

// A guard on skipping: the first occurrence at or after a point is never searched for over more
// occurrences than a COUNT rule may have.
constexpr int max_walk = Recurrence::max_count + 1;

} // namespace

Recurrence::Recurrence(std::string text, std::shared_ptr<const Rule> rule, LocalTime dtstart,
                       bool all_day)
    : text_(std::move(text)), rule_(std::move(rule)), dtstart_(dtstart), all_day_(all_day) {}

bool Recurrence::has_count() const { return rule_->value.count > 0; }

std::expected<Recurrence, std::string> Recurrence::parse(std::string_view text, LocalTime dtstart,
                                                          const Zone& zone, bool all_day) {
    quiet_libical();
    const std::string rule_text{text.starts_with("RRULE:") ? text.substr(6) : text};
    icalerror_clear_errno();
    auto rule = std::make_shared<Rule>(
        Rule{icalrecurrencetype_from_string(rule_text.c_str()), std::nullopt, nullptr});
    auto& r = rule->value;
    if (r.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR)
        return std::unexpected(fmt::format(
            "\"{}\" is not an RFC 5545 recurrence rule (use e.g. \"FREQ=WEEKLY;BYDAY=MO\")",
            rule_text));
    if (r.freq == ICAL_SECONDLY_RECURRENCE || r.freq == ICAL_MINUTELY_RECURRENCE ||
        r.freq == ICAL_HOURLY_RECURRENCE)
        return std::unexpected(
            fmt::format("\"{}\": FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY", rule_text));
    if (r.count > max_count)
        return std::unexpected(fmt::format("\"{}\": COUNT is at most {} (use UNTIL for longer series)",
                                           rule_text, max_count));
    if (!icaltime_is_null_time(r.until)) {
        if (r.until.is_date == 0 && icaltime_is_utc(r.until)) {
            // libical compares UNTIL with the floating occurrences as they are written, so a
            // UTC UNTIL is turned into the event zone's wall clock first.
            const auto until_utc = date::sys_days{date::year{r.until.year} / r.until.month /
                                                  r.until.day} +
                                   std::chrono::hours{r.until.hour} +
                                   std::chrono::minutes{r.until.minute} +
                                   std::chrono::seconds{r.until.second};
            if (all_day) {
                r.until = to_ical(to_local(zone, until_utc), false);
            } else {
                // RFC 5545 ends the series at its last instance at or before UNTIL, an instant.
                // Around a DST change wall-clock and instant order part (a 02:30 in a gap
                // resolves after 03:15; a 02:30 in an overlap before the second 02:15), so
                // libical gets a day of slack and next() compares instants.
                rule->until_utc = until_utc;
                rule->zone = &zone;
                r.until = to_ical(to_local(zone, until_utc) + date::days{1}, false);
            }
        } else if (r.until.is_date != 0 && !all_day) {
            r.until = to_ical(from_ical(r.until) + std::chrono::hours{24} - std::chrono::seconds{1},
                              false);
        } else if (r.until.is_date == 0 && all_day) {
            r.until = to_ical(date::floor<date::days>(from_ical(r.until)), true);
        }
    }
    if (icalrecur_iterator* probe = icalrecur_iterator_new(r, to_ical(dtstart, all_day))) {
        icalrecur_iterator_free(probe);
    } else {
        return std::unexpected(fmt::format("\"{}\" is not a usable recurrence rule ({})",
                                           rule_text, icalerror_strerror(icalerrno)));
    }
    Recurrence recurrence{rule_text, std::move(rule), dtstart, all_day};
    if (!recurrence.starting_at(dtstart).next())
        return std::unexpected(
            fmt::format("\"{}\" never produces an occurrence from the event's start", rule_text));
    return recurrence;
}

Recurrence::Cursor::Cursor(std::unique_ptr<State> state) : state_(std::move(state)) {}
Recurrence::Cursor::Cursor(Cursor&&) noexcept = default;
Recurrence::Cursor& Recurrence::Cursor::operator=(Cursor&&) noexcept = default;
Recurrence::Cursor::~Cursor() = default;

Recurrence::Cursor Recurrence::starting_at(LocalTime from) const {
    quiet_libical();
    auto state = std::make_unique<Cursor::State>();
    state->iterator = icalrecur_iterator_new(rule_->value, to_ical(dtstart_, all_day_));
    state->skip_before = from;
    state->remaining_steps = max_walk;
    state->until_utc = rule_->until_utc;
    state->zone = rule_->zone;
    if (state->iterator != nullptr && from > dtstart_ && rule_->value.count == 0) {
        // Without COUNT the series can be entered in the middle; a day early, because libical
        // starts from the given day's candidates.
        const auto entry = date::floor<date::days>(from) - date::days{1};
        if (entry > dtstart_)
            icalrecur_iterator_set_start(state->iterator, to_ical(entry, all_day_));
    }
    return Cursor{std::move(state)};
}

std::optional<LocalTime> Recurrence::Cursor::next() {
    if (!state_ || state_->iterator == nullptr)
        return std::nullopt;
    while (state_->remaining_steps > 0) {
        const icaltimetype t = icalrecur_iterator_next(state_->iterator);
        if (icaltime_is_null_time(t))
            break;
        const LocalTime local = from_ical(t);
        const bool past_until =
            state_->until_utc && resolve_local(*state_->zone, local) > *state_->until_utc;
        if (local >= state_->skip_before && !past_until)
            return local;
        --state_->remaining_steps;
    }
    icalrecur_iterator_free(state_->iterator);
    state_->iterator = nullptr;
    return std::nullopt;
}

} // namespace agendad::core
