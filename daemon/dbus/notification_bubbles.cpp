// NotificationSink's record of the bubbles it has open (what the state keeps), and the
// take-over of those a previous run left on screen (see notifications.hpp).

#include "dbus/notifications.hpp"

#include "core/text/plural.hpp"

#include <fmt/format.h>
#include <iterator>
#include <utility>

namespace agendad::dbus {

void NotificationSink::on_closed(std::uint32_t id) {
    if (id == problem_id_)
        problem_id_ = 0;
    if (shown_.contains(id)) {
        forget(id);
        bubbles_changed();
    }
}

void NotificationSink::forget(std::uint32_t id) {
    const auto it = shown_.find(id);
    if (it == shown_.end())
        return;
    by_occurrence_.erase({it->second.event_id, it->second.start});
    shown_.erase(it);
}

void NotificationSink::remember(core::OpenBubble bubble) {
    const OccurrenceKey key{bubble.event_id, bubble.start};
    if (auto old = by_occurrence_.find(key);
        old != by_occurrence_.end() && old->second != bubble.id)
        shown_.erase(old->second);
    by_occurrence_[key] = bubble.id;
    shown_[bubble.id] = std::move(bubble);
    // A server that never reports a bubble closed must not grow this (nor the state) for ever:
    // the oldest (lowest id) goes first.
    while (shown_.size() > core::open_bubbles_limit) {
        const auto oldest = shown_.begin();
        if (auto at = by_occurrence_.find({oldest->second.event_id, oldest->second.start});
            at != by_occurrence_.end() && at->second == oldest->first)
            by_occurrence_.erase(at);
        shown_.erase(oldest);
    }
}

void NotificationSink::forget_bubbles() {
    const bool had = !shown_.empty();
    shown_.clear();
    by_occurrence_.clear();
    // Re-sends name the old server's ids; a new server may have given the same ids to others.
    std::erase_if(queue_, [](const Pending& p) { return p.resend_of != 0; });
    if (had)
        bubbles_changed();
}

void NotificationSink::take_over() {
    core::OpenBubbles adopted = std::exchange(adopted_, {});
    if (adopted.bubbles.empty())
        return;
    if (adopted.server != server_name_) {
        // Ids are the server's own: another server's would name other bubbles.
        log(LogLevel::info,
            fmt::format("{} of the previous run on another notification server ({}): not "
                        "taken over",
                        core::counted(adopted.bubbles.size(), "bubble"), adopted.server));
        return bubbles_changed();
    }
    const std::size_t count = adopted.bubbles.size();
    for (const core::OpenBubble& bubble : adopted.bubbles)
        remember(bubble);
    log(LogLevel::info,
        fmt::format("took over {} of the previous run", core::counted(count, "bubble")));
    if (options_.redeliver) {
        std::deque<Pending> resends;
        for (const core::OpenBubble& bubble : adopted.bubbles)
            resend(bubble, resends);
        // Before what waits (behind a call in flight, which is the head until answered): a
        // new reminder of the same occurrence then replaces the re-sent bubble, not the other
        // way round.
        const auto at = queue_.begin() + (in_flight_ && !queue_.empty() ? 1 : 0);
        queue_.insert(at, std::make_move_iterator(resends.begin()),
                      std::make_move_iterator(resends.end()));
    }
    bubbles_changed();
}

void NotificationSink::resend(const core::OpenBubble& bubble, std::deque<Pending>& resends) {
    if (!shown_.contains(bubble.id))
        return; // past open_bubbles_limit
    auto delivery = options_.redeliver(ActionTarget{bubble.event_id, bubble.start});
    if (delivery && delivery->end < delivery->delivered_at) {
        // Over by now: after a long stop the server has most likely let it expire, and a
        // replaces_id it no longer knows would bring yesterday's bubble back. One still on
        // screen stays there untouched; only we stop tracking it.
        log(LogLevel::info, fmt::format("bubble {} of the previous run ([{}]) not sent again: "
                                        "its event is over",
                                        bubble.id, bubble.event_id));
        forget(bubble.id);
        return;
    }
    if (delivery) {
        resends.push_back(Pending{{std::move(*delivery)}, {}, {}, 0, {}, bubble.id});
        return;
    }
    if (delivery.error().kind != BackendErrorKind::unknown_reminder) {
        // No schedule to rebuild it from (the file had errors at start): left as it is; a
        // server that sends its actions to every connection still reaches us.
        log(LogLevel::notice, fmt::format("bubble {} of the previous run ([{}]) not sent again: {}",
                                          bubble.id, bubble.event_id, delivery.error().message));
        return;
    }
    log(LogLevel::info, fmt::format("closing bubble {} of the previous run: {}", bubble.id,
                                    delivery.error().message));
    forget(bubble.id);
    close(bubble.id);
}

core::OpenBubbles NotificationSink::open_bubbles() const {
    core::OpenBubbles out;
    if (shown_.empty())
        return out;
    out.server = server_name_;
    for (const auto& [id, bubble] : shown_)
        out.bubbles.push_back(bubble);
    return out;
}

void NotificationSink::bubbles_changed() {
    if (options_.on_bubbles_changed)
        options_.on_bubbles_changed(open_bubbles());
}

} // namespace agendad::dbus
