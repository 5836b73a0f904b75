#include "core/plan/reminder_order.hpp"

#include <algorithm>
#include <cstdint>

namespace agendad::core {

void sort_in_delivery_order(std::vector<Reminder>& reminders) {
    struct Key {
        std::int64_t fire_at;
        std::int64_t start;
        std::uint32_t index;
    };
    const std::size_t count = reminders.size();
    if (count < 2 || count > UINT32_MAX) {
        std::sort(reminders.begin(), reminders.end(), fires_before);
        return;
    }
    std::vector<Key> keys;
    keys.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        keys.push_back({reminders[i].fire_at.time_since_epoch().count(),
                        reminders[i].occurrence.start.time_since_epoch().count(),
                        static_cast<std::uint32_t>(i)});
    std::sort(keys.begin(), keys.end(), [&reminders](const Key& a, const Key& b) {
        if (a.fire_at != b.fire_at)
            return a.fire_at < b.fire_at;
        if (a.start != b.start)
            return a.start < b.start;
        return fires_before(reminders[a.index], reminders[b.index]);
    });
    // Place each reminder by following the permutation's cycles: position i takes the reminder
    // at keys[i].index. A placed position's index is set to `done`.
    constexpr auto done = UINT32_MAX;
    for (std::size_t i = 0; i < count; ++i) {
        if (keys[i].index == done || keys[i].index == i) {
            keys[i].index = done;
            continue;
        }
        Reminder held = reminders[i];
        std::size_t at = i;
        while (true) {
            const std::size_t from = keys[at].index;
            keys[at].index = done;
            if (from == i) {
                reminders[at] = held;
                break;
            }
            reminders[at] = reminders[from];
            at = from;
        }
    }
}

} // namespace agendad::core
