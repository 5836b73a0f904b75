#include "core/plan/occurrences.hpp"

#include "core/time/zone_offsets.hpp"

#include <algorithm>

namespace agendad::core {

OccurrenceCursor::OccurrenceCursor(const Event& event, const Settings& settings, Instant from)
    : event_(&event), all_day_at_(settings.all_day_at), from_(clamp_instant(from)) {
    if (event.repeat) {
        // Enter the series two days before `from` on the wall clock: offsets differ by less
        // than that, and all-day anchors lie within the day; exact filtering happens in next().
        const LocalTime entry = to_local(*event.zone, from_) - date::days{2};
        rule_.emplace(event.repeat->starting_at(entry));
    }
    if (const auto& extra = event.extra_times; !extra.empty()) {
        const LocalTime entry = to_local(*event.zone, from) - date::days{2};
        extra_ = static_cast<std::size_t>(std::lower_bound(extra.begin(), extra.end(), entry) -
                                          extra.begin());
    }
}

Occurrence OccurrenceCursor::make(LocalTime local_start) const {
    // One conversion per occurrence (two for an all-day one), through this thread's cached
    // offsets of the zone. Looked up per call, not kept: a cursor may move between threads.
    ZoneOffsets& offsets = zone_offsets(*event_->zone);
    Occurrence o;
    o.local_start = local_start;
    o.start = event_->start_instant && local_start == event_->start ? *event_->start_instant
                                                                    : offsets.resolve(local_start);
    o.end = event_->duration.after(o.start, *event_->zone);
    o.anchor = event_->all_day ? offsets.resolve(local_start + all_day_at_) : o.start;
    return o;
}

bool OccurrenceCursor::excepted(LocalTime local_start) const {
    const auto& times = event_->except_times;
    const auto& days = event_->except_days;
    return std::find(times.begin(), times.end(), local_start) != times.end() ||
           std::find(days.begin(), days.end(), date::floor<date::days>(local_start)) != days.end();
}

std::optional<LocalTime> OccurrenceCursor::next_main() {
    if (rule_)
        return rule_->next();
    if (single_done_)
        return std::nullopt;
    single_done_ = true;
    return event_->start;
}

std::optional<LocalTime> OccurrenceCursor::next_start() {
    if (!main_peeked_) {
        main_ = next_main();
        main_peeked_ = true;
    }
    const auto& extra = event_->extra_times;
    const bool has_extra = extra_ < extra.size();
    if (main_ && (!has_extra || *main_ <= extra[extra_])) {
        if (has_extra && extra[extra_] == *main_)
            ++extra_;
        main_peeked_ = false;
        return main_;
    }
    if (has_extra)
        return extra[extra_++];
    return std::nullopt;
}

std::optional<Occurrence> OccurrenceCursor::next() {
    while (auto local = next_start()) {
        if (excepted(*local))
            continue;
        Occurrence o = make(*local);
        // A sub-daily rule names a wall-clock time in a spring-forward gap, which resolves to
        // the instant just after the gap: the same instant as the next wall-clock time. That is
        // one happening, reminded once.
        if (last_start_ && o.start == *last_start_)
            continue;
        last_start_ = o.start;
        if (o.anchor >= from_)
            return o;
    }
    return std::nullopt;
}

} // namespace agendad::core
