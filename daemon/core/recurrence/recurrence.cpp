#include "core/recurrence/recurrence.hpp"

#include "core/recurrence/rrule_expand.hpp"
#include "core/recurrence/rrule_walk.hpp"

#include <fmt/format.h>

namespace agendad::core {

struct Recurrence::Rule {
    std::string text; ///< as written, without "RRULE:"
    std::shared_ptr<const CompiledRule> compiled;
    LocalTime dtstart{};
    int count = 0;
    /// The last wall-clock start the walk may reach, inclusive.
    std::optional<LocalTime> until_local;
    /// A UTC UNTIL of a timed event, checked on instants; `until_local` then only bounds the
    /// wall-clock walk, with a day of slack.
    std::optional<Instant> until_utc;
    /// Starts before this wall-clock time are before `until_utc` whatever the zone's offsets
    /// (they differ by at most a day), which spares resolving each of them.
    LocalTime until_utc_certain{};
    const Zone* zone = nullptr;
};

struct Recurrence::Cursor::State {
    RuleWalk walk;
    LocalTime skip_before{};
    std::shared_ptr<const Rule> rule;
    int produced = 0;
};

Recurrence::Recurrence(std::shared_ptr<const Rule> rule) : rule_(std::move(rule)) {}

const std::string& Recurrence::text() const {
    return rule_->text;
}

bool Recurrence::has_count() const {
    return rule_->count > 0;
}

std::expected<Recurrence, std::string> Recurrence::parse(std::string_view text, LocalTime dtstart,
                                                         const Zone& zone, bool all_day) {
    const std::string rule_text{text.starts_with("RRULE:") ? text.substr(6) : text};
    const auto fail = [&](std::string_view why) {
        return std::unexpected(fmt::format("\"{}\": {}", rule_text, why));
    };
    auto parsed = parse_rrule(rule_text);
    if (!parsed)
        return std::unexpected(fmt::format("\"{}\" is not an RFC 5545 recurrence rule: {}",
                                           rule_text, parsed.error()));
    const RRule& r = *parsed;
    if (all_day && r.freq < Frequency::daily)
        return fail("an all-day event cannot repeat more often than daily (give the event a "
                    "start with a time of day to repeat it hourly)");
    if (all_day && (!r.by_hour.empty() || !r.by_minute.empty() || !r.by_second.empty()))
        return fail("an all-day event has no time of day for BYHOUR, BYMINUTE or BYSECOND");
    if (r.count > max_count)
        return fail(fmt::format("COUNT is at most {} (use UNTIL for longer series)", max_count));
    auto compiled = CompiledRule::compile(r, dtstart);
    if (!compiled)
        return fail(fmt::format("never produces an occurrence: {}", compiled.error()));

    auto rule = std::make_shared<Rule>();
    rule->text = rule_text;
    rule->compiled = std::make_shared<const CompiledRule>(std::move(*compiled));
    rule->dtstart = dtstart;
    rule->count = r.count;
    if (r.until) {
        const LocalTime until = r.until->value;
        switch (r.until->kind) {
        case RuleUntil::Kind::utc: {
            const Instant until_utc{until.time_since_epoch()};
            if (all_day) {
                rule->until_local = to_local(zone, until_utc);
            } else {
                // RFC 5545 ends the series at its last instance at or before UNTIL, an instant.
                // Around a DST change wall-clock and instant order part (a 02:30 in a gap
                // resolves after 03:15; a 02:30 in an overlap before the second 02:15), so the
                // walk gets a day of slack and next() compares instants.
                rule->until_utc = until_utc;
                rule->zone = &zone;
                rule->until_local = to_local(zone, until_utc) + date::days{1};
                rule->until_utc_certain = to_local(zone, until_utc) - date::days{2};
            }
            break;
        }
        case RuleUntil::Kind::date:
            rule->until_local = all_day ? until : until + date::days{1} - std::chrono::seconds{1};
            break;
        case RuleUntil::Kind::local:
            rule->until_local = all_day ? LocalTime{date::floor<date::days>(until)} : until;
            break;
        }
    }
    Recurrence recurrence{std::move(rule)};
    if (!recurrence.starting_at(dtstart).next())
        return fail("never produces an occurrence from the event's start");
    return recurrence;
}

Recurrence::Cursor::Cursor(std::unique_ptr<State> state) : state_(std::move(state)) {}
Recurrence::Cursor::Cursor(Cursor&&) noexcept = default;
Recurrence::Cursor& Recurrence::Cursor::operator=(Cursor&&) noexcept = default;
Recurrence::Cursor::~Cursor() = default;

Recurrence::Cursor Recurrence::starting_at(LocalTime from) const {
    // A COUNT rule is walked from DTSTART so that its occurrences are counted; any other is
    // entered at the period holding `from`.
    const bool counting = rule_->count > 0;
    const LocalTime lower = counting ? rule_->dtstart : std::max(rule_->dtstart, from);
    return Cursor{std::make_unique<Cursor::State>(
        Cursor::State{RuleWalk{rule_->compiled, lower, !counting}, from, rule_, 0})};
}

std::optional<LocalTime> Recurrence::Cursor::next() {
    if (!state_)
        return std::nullopt;
    const Rule& rule = *state_->rule;
    while (const auto local = state_->walk.next()) {
        if (rule.until_local && *local > *rule.until_local)
            break;
        if (rule.count > 0 && ++state_->produced > rule.count)
            break;
        if (*local < state_->skip_before)
            continue;
        if (rule.until_utc && *local >= rule.until_utc_certain &&
            resolve_local(*rule.zone, *local) > *rule.until_utc)
            continue;
        return local;
    }
    state_.reset();
    return std::nullopt;
}

} // namespace agendad::core
