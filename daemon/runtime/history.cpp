#include "runtime/history.hpp"

#include "runtime/pause.hpp"
#include "runtime/state.hpp"

#include <algorithm>

namespace agendad::runtime {

namespace {

void cut_title(std::string& title) {
    if (title.size() <= history_limits::title_bytes)
        return;
    std::size_t cut = history_limits::title_bytes;
    while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80)
        --cut;
    title.resize(cut);
    title += "…";
}

} // namespace

void record_history(History& history, core::HistoryEntry entry, core::Instant now) {
    cut_title(entry.title);
    history.push_back(std::move(entry));
    const core::Instant oldest = now - history_limits::age;
    std::erase_if(history, [&](const core::HistoryEntry& e) { return e.at < oldest; });
    bound_history(history);
}

std::vector<core::HistoryEntry> history_since(const History& history, core::Instant since,
                                              bool missed_only) {
    std::vector<core::HistoryEntry> out;
    for (const auto& e : history)
        if (e.at >= since && (!missed_only || e.kind == core::HistoryKind::missed))
            out.push_back(e);
    return out;
}

core::HistoryEntry history_entry(const core::Delivery& d, core::HistoryKind kind) {
    return core::HistoryEntry{d.fire_at, kind, d.event_id, d.title, d.lead, d.start};
}

namespace {

core::HistoryKind kind_for(const core::Delivery& d, const State& state) {
    if (pause_in_force(state.pause, d.delivered_at))
        return core::HistoryKind::held;
    return d.missed ? core::HistoryKind::missed : core::HistoryKind::shown;
}

} // namespace

void record_handed_over(State& state, std::span<const core::Delivery> deliveries) {
    for (const core::Delivery& d : deliveries)
        record_history(state.history, history_entry(d, kind_for(d, state)), d.delivered_at);
}

} // namespace agendad::runtime
