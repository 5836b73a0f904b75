/// Fuzzes RRULE text: parsing, then a few occurrences from a few entry points. The first byte
/// picks an all-day or a timed start (the expander refuses sub-daily rules for the first).
#include "core/recurrence/recurrence.hpp"

#include <cstddef>
#include <cstdint>

using namespace agendad::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Zone& brussels = *date::locate_zone("Europe/Brussels");
    if (size == 0)
        return 0;
    const bool all_day = (data[0] & 1) != 0;
    const std::string_view rule{reinterpret_cast<const char*>(data) + 1, size - 1};
    const LocalTime start{date::local_days{date::year{2022} / 1 / 10} +
                          (all_day ? std::chrono::hours{0} : std::chrono::hours{9})};
    auto recurrence = Recurrence::parse(rule, start, brussels, all_day);
    if (!recurrence)
        return 0;
    for (const LocalTime from :
         {start - date::days{400}, start + date::days{3}, start + date::years{50}}) {
        auto cursor = recurrence->starting_at(from);
        for (int i = 0; i < 8; ++i)
            if (!cursor.next())
                break;
    }
    return 0;
}
