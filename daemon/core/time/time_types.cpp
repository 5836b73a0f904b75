#include "core/time/time_types.hpp"

#include "core/time/zone_offsets.hpp"

#include <string>

namespace agendad::core {

// Both go through this thread's cached offsets (zone_offsets.hpp), which give date/tz's answers:
// for a unique time `get_info(local).first` is the only offset; in a gap it is the offset in
// force before the gap, which carries the time forward by the gap's length; in an overlap it is
// the earlier (pre-transition) offset, which gives the earlier instant.
Instant resolve_local(const Zone& zone, LocalTime local) {
    return zone_offsets(zone).resolve(local);
}

LocalTime to_local(const Zone& zone, Instant instant) {
    return zone_offsets(zone).to_local(instant);
}

const Zone* find_zone(std::string_view name) {
    if (name.empty())
        return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return nullptr;
    }
}

const Zone& system_zone(const char* tz_env) {
    if (tz_env != nullptr) {
        std::string_view name{tz_env};
        if (name.starts_with(':'))
            name.remove_prefix(1);
        if (name.starts_with("/usr/share/zoneinfo/"))
            name.remove_prefix(std::string_view{"/usr/share/zoneinfo/"}.size());
        if (const Zone* zone = find_zone(name))
            return *zone;
    }
    try {
        return *date::current_zone();
    } catch (const std::exception&) {
        return *date::locate_zone("UTC");
    }
}

} // namespace agendad::core
