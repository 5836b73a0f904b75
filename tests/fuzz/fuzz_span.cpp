/// Fuzzes span parsing and span arithmetic at ordinary and extreme instants.
#include "core/time/span.hpp"

#include <cstddef>
#include <cstdint>

using namespace agendad::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Zone& samoa = *date::locate_zone("Pacific/Apia");
    static const Zone& brussels = *date::locate_zone("Europe/Brussels");
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    const auto span = parse_span(text);
    if (!span)
        return 0;
    (void)span->longest();
    for (const Instant anchor :
         {Instant::min(), earliest_instant, Instant{date::sys_days{date::year{2011} / 12 / 30}},
          latest_instant, Instant::max()})
        for (const Zone* zone : {&samoa, &brussels}) {
            (void)span->before(anchor, *zone);
            (void)span->after(anchor, *zone);
        }
    return 0;
}
