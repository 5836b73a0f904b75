/// Fuzzes the schedule reader on arbitrary bytes, then plans a window of each schedule read.
#include "core/model/diagnostic.hpp"
#include "core/plan/planner.hpp"
#include "core/read/schedule_reader.hpp"
#include "core/text/reminder_text.hpp"

#include <cstddef>
#include <cstdint>

using namespace agendad::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Zone& brussels = *date::locate_zone("Europe/Brussels");
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    auto schedule = parse_schedule(text, "fuzz.toml", brussels);
    if (!schedule) {
        (void)to_string(schedule.error());
        return 0;
    }
    const Instant from{date::sys_days{date::year{2022} / 1 / 1}};
    // A budget small enough to keep each input fast; a refusal is an answer too.
    (void)reminders_within(*schedule, from, from + date::days{62}, {2000, 2000});
    (void)reminders_within(*schedule, Instant::min(), Instant::max(), {2000, 2000});
    (void)next_reminders_after(*schedule, from);
    (void)next_reminders_after(*schedule, Instant::min());
    (void)next_reminders_after(*schedule, Instant::max());
    return 0;
}
