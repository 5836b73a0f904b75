#include "core/time/zone_offsets.hpp"

#include <algorithm>
#include <memory>

namespace agendad::core {

namespace {

// A wall-clock time whose instant lies this far inside a span has that span's offset and no
// other meaning: no zone has moved its clock by more than a day at once (Samoa's 2011 skip and
// Alaska's 1867 purchase were 24 hours exactly), so two days leave room to spare.
constexpr std::chrono::seconds margin = std::chrono::days{2};

} // namespace

const ZoneOffsets::OffsetSpan& ZoneOffsets::fetch(Instant instant) {
    const auto add = [this](const date::sys_info& info) {
        spans_.push_back({info.begin, info.end, info.offset});
    };
    if (spans_.empty())
        add(zone_->get_info(instant));
    // Walk out from the spans held, one span at a time, so that they stay contiguous. date/tz's
    // first and last spans reach the years -32767 and 32767, beyond any instant the core makes;
    // a walk that makes no progress stops there.
    while (instant >= spans_.back().end) {
        const auto info = zone_->get_info(spans_.back().end);
        if (info.begin != spans_.back().end || info.end <= info.begin)
            break;
        add(info);
    }
    while (instant < spans_.front().begin) {
        const auto info = zone_->get_info(spans_.front().begin - std::chrono::seconds{1});
        if (info.end != spans_.front().begin || info.end <= info.begin)
            break;
        spans_.insert(spans_.begin(), {info.begin, info.end, info.offset});
    }
    const auto after = std::upper_bound(spans_.begin(), spans_.end(), instant,
                                        [](Instant t, const OffsetSpan& s) { return t < s.begin; });
    last_ = static_cast<std::size_t>(std::max(after - spans_.begin() - 1, std::ptrdiff_t{0}));
    return spans_[last_];
}

const ZoneOffsets::OffsetSpan& ZoneOffsets::span_at(Instant instant) {
    if (!spans_.empty()) {
        const OffsetSpan& last = spans_[last_];
        if (instant >= last.begin && instant < last.end)
            return last;
    }
    const OffsetSpan& span = fetch(instant);
    if (instant >= span.begin && instant < span.end)
        return span;
    // Beyond the ends of date/tz's table (never for instants in the years 1 to 9999): ask it.
    const auto info = zone_->get_info(instant);
    outside_ = {info.begin, info.end, info.offset};
    return outside_;
}

Instant ZoneOffsets::resolve(LocalTime local) {
    const Instant as_utc{local.time_since_epoch()};
    // The instant the wall clock would name with the offset in force at `as_utc`, then again with
    // the offset of the span that instant lands in (they differ near a transition).
    const OffsetSpan& guess = span_at(as_utc - span_at(as_utc).offset);
    const Instant instant = as_utc - guess.offset;
    if (instant - margin >= guess.begin && instant + margin < guess.end)
        return instant;
    // Near a transition: a gap, a fold or their neighbourhood. date/tz decides, as everywhere.
    return Instant{local.time_since_epoch() - zone_->get_info(local).first.offset};
}

ZoneOffsets& zone_offsets(const Zone& zone) {
    // Zones are date/tz's, which live as long as the process, so their addresses are keys. A
    // thread asks about a few zones, so a list beats a map.
    struct Tables {
        std::vector<std::unique_ptr<ZoneOffsets>> all;
        ZoneOffsets* last = nullptr;
    };
    thread_local Tables tables;
    if (tables.last != nullptr && &tables.last->zone() == &zone)
        return *tables.last;
    for (const auto& table : tables.all)
        if (&table->zone() == &zone)
            return *(tables.last = table.get());
    tables.all.push_back(std::make_unique<ZoneOffsets>(zone));
    return *(tables.last = tables.all.back().get());
}

} // namespace agendad::core
