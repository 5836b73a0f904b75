#include "core/recurrence.hpp"

#include "core/simple_recurrence.hpp"

#include <fmt/format.h>
#include <libical/ical.h>

namespace agendad::core {

struct Recurrence::Rule {
    icalrecurrencetype value;
    /// A UTC UNTIL of a timed event, checked on instants; `value.until` then only bounds the
    /// wall-clock walk, with a day of slack.
    std::optional<Instant> until_utc;
    const Zone* zone = nullptr;
    /// Set when the rule is simple enough to walk without libical.
    std::optional<SimpleRule> simple;
};

struct Recurrence::Cursor::State {
    icalrecur_iterator* iterator = nullptr;
    std::optional<SimpleWalk> simple;
    LocalTime skip_before{};
    /// The next candidate from whichever walk the rule uses.
    std::optional<LocalTime> produce();
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

bool empty(const short* by) {
    return by[0] == ICAL_RECURRENCE_ARRAY_MAX;
}

/// The rule as a SimpleRule when it is one (see simple_recurrence.hpp) and DTSTART matches it.
std::optional<SimpleRule> simple_rule_of(const icalrecurrencetype& r, LocalTime dtstart) {
    const bool daily = r.freq == ICAL_DAILY_RECURRENCE;
    if ((!daily && r.freq != ICAL_WEEKLY_RECURRENCE) || r.rscale != nullptr ||
        !empty(r.by_second) || !empty(r.by_minute) || !empty(r.by_hour) || !empty(r.by_month_day) ||
        !empty(r.by_year_day) || !empty(r.by_week_no) || !empty(r.by_month) || !empty(r.by_set_pos))
        return std::nullopt;
    SimpleRule rule;
    rule.first_day = date::floor<date::days>(dtstart);
    rule.time_of_day = dtstart - rule.first_day;
    const auto first_weekday = date::weekday{rule.first_day}.c_encoding();
    unsigned days = 0; // bit n: weekday n, Sunday = 0
    for (int i = 0; i < ICAL_BY_DAY_SIZE && r.by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; ++i) {
        if (icalrecurrencetype_day_position(r.by_day[i]) != 0)
            return std::nullopt; // ordinals such as 2MO belong to libical
        days |= 1U << (icalrecurrencetype_day_day_of_week(r.by_day[i]) - ICAL_SUNDAY_WEEKDAY);
    }
    const bool by_day = days != 0;
    if (!by_day)
        days = 1U << first_weekday;
    if ((days & (1U << first_weekday)) == 0)
        return std::nullopt; // RFC 5545 leaves a non-matching DTSTART open; libical decides
    const int interval = std::max<int>(1, r.interval);
    if (daily) {
        rule.first_period = rule.first_day;
        rule.period_days = interval;
        rule.offsets = {0};
        rule.weekday_mask = by_day ? days : 0x7fU;
    } else {
        const unsigned week_start = r.week_start == ICAL_NO_WEEKDAY
                                        ? 1U
                                        : static_cast<unsigned>(r.week_start - ICAL_SUNDAY_WEEKDAY);
        rule.first_period = rule.first_day - date::days{(first_weekday + 7 - week_start) % 7};
        rule.period_days = 7 * interval;
        for (unsigned offset = 0; offset < 7; ++offset)
            if ((days & (1U << ((week_start + offset) % 7))) != 0)
                rule.offsets.push_back(static_cast<int>(offset));
    }
    rule.count = r.count;
    if (!icaltime_is_null_time(r.until))
        rule.until = from_ical(r.until);
    return rule;
}

// A guard on skipping: the first occurrence at or after a point is never searched for over more
// occurrences than a COUNT rule may have.
constexpr int max_walk = Recurrence::max_count + 1;

} // namespace

Recurrence::Recurrence(std::string text, std::shared_ptr<const Rule> rule, LocalTime dtstart,
                       bool all_day)
    : text_(std::move(text)), rule_(std::move(rule)), dtstart_(dtstart), all_day_(all_day) {}

bool Recurrence::has_count() const {
    return rule_->value.count > 0;
}

std::expected<Recurrence, std::string> Recurrence::parse(std::string_view text, LocalTime dtstart,
                                                         const Zone& zone, bool all_day,
                                                         Expansion expansion) {
    quiet_libical();
    const std::string rule_text{text.starts_with("RRULE:") ? text.substr(6) : text};
    icalerror_clear_errno();
    auto rule = std::make_shared<Rule>(Rule{icalrecurrencetype_from_string(rule_text.c_str()),
                                            std::nullopt, nullptr, std::nullopt});
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
        return std::unexpected(fmt::format(
            "\"{}\": COUNT is at most {} (use UNTIL for longer series)", rule_text, max_count));
    if (!icaltime_is_null_time(r.until)) {
        if (r.until.is_date == 0 && icaltime_is_utc(r.until)) {
            // libical compares UNTIL with the floating occurrences as they are written, so a
            // UTC UNTIL is turned into the event zone's wall clock first.
            const auto until_utc =
                date::sys_days{date::year{r.until.year} / r.until.month / r.until.day} +
                std::chrono::hours{r.until.hour} + std::chrono::minutes{r.until.minute} +
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
    if (expansion == Expansion::fastest)
        rule->simple = simple_rule_of(r, dtstart);
    Recurrence recurrence{rule_text, std::move(rule), dtstart, all_day};
    auto first = recurrence.starting_at(dtstart);
    if (!first.state_->simple && first.state_->iterator == nullptr)
        return std::unexpected(fmt::format("\"{}\" is not a usable recurrence rule ({})", rule_text,
                                           icalerror_strerror(icalerrno)));
    if (!first.next())
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
    state->skip_before = from;
    state->remaining_steps = max_walk;
    state->until_utc = rule_->until_utc;
    state->zone = rule_->zone;
    if (rule_->simple) {
        state->simple.emplace(*rule_->simple, from - date::days{1});
        return Cursor{std::move(state)};
    }
    state->iterator = icalrecur_iterator_new(rule_->value, to_ical(dtstart_, all_day_));
    if (state->iterator != nullptr && from > dtstart_ && rule_->value.count == 0) {
        // Without COUNT the series can be entered in the middle; a day early, because libical
        // starts from the given day's candidates.
        const auto entry = date::floor<date::days>(from) - date::days{1};
        if (entry > dtstart_)
            icalrecur_iterator_set_start(state->iterator, to_ical(entry, all_day_));
    }
    return Cursor{std::move(state)};
}

std::optional<LocalTime> Recurrence::Cursor::State::produce() {
    if (simple)
        return simple->next();
    if (iterator == nullptr)
        return std::nullopt;
    const icaltimetype t = icalrecur_iterator_next(iterator);
    if (icaltime_is_null_time(t))
        return std::nullopt;
    return from_ical(t);
}

std::optional<LocalTime> Recurrence::Cursor::next() {
    if (!state_)
        return std::nullopt;
    while (state_->remaining_steps > 0) {
        const auto local = state_->produce();
        if (!local)
            break;
        const bool past_until =
            state_->until_utc && resolve_local(*state_->zone, *local) > *state_->until_utc;
        if (*local >= state_->skip_before && !past_until)
            return local;
        --state_->remaining_steps;
    }
    state_.reset();
    return std::nullopt;
}

} // namespace agendad::core
