#include "core/ical/ics_zone.hpp"

#include <string>
#include <unicode/ucal.h>
#include <vector>

namespace agendad::core {

namespace {

struct Transition {
    Instant at;
    std::chrono::seconds offset;
    friend bool operator==(const Transition&, const Transition&) = default;
};

// The instant in (low, high] at which the offset stops being `offset_at(low)`.
Instant bisect(const OffsetAt& offset_at, Instant low, Instant high) {
    const auto before = offset_at(low);
    while (high - low > std::chrono::seconds{1}) {
        const Instant mid = low + (high - low) / 2;
        (offset_at(mid) == before ? low : high) = mid;
    }
    return high;
}

std::vector<Transition> transitions_of(const OffsetAt& offset_at, Instant from, Instant until) {
    std::vector<Transition> out;
    auto offset = offset_at(from);
    for (Instant t = from; t < until;) {
        // The last step probes the window's last second, so the window stays half-open.
        const Instant next = std::min(until - std::chrono::seconds{1}, t + std::chrono::days{1});
        if (next <= t)
            break;
        if (offset_at(next) != offset) {
            const Instant at = bisect(offset_at, t, next);
            offset = offset_at(at);
            out.push_back({at, offset});
        }
        t = next;
    }
    return out;
}

std::vector<Transition> transitions_of(const Zone& zone, Instant from, Instant until) {
    std::vector<Transition> out;
    auto info = zone.get_info(from);
    auto offset = info.offset;
    while (info.end < until) {
        info = zone.get_info(info.end);
        if (info.offset != offset) {
            offset = info.offset;
            out.push_back({info.begin, offset});
        }
    }
    return out;
}

} // namespace

const Zone* windows_zone(std::string_view name) {
    if (name.empty() || name.size() > 128)
        return nullptr;
    std::u16string windows(name.begin(), name.end()); // Windows zone names are ASCII
    UChar iana[128];
    UErrorCode status = U_ZERO_ERROR;
    const int32_t length = ucal_getTimeZoneIDForWindowsID(
        windows.data(), static_cast<int32_t>(windows.size()), nullptr, iana, 128, &status);
    if (U_FAILURE(status) || length <= 0 || length >= 128)
        return nullptr;
    return find_zone(std::string(iana, iana + length));
}

const Zone* equivalent_zone(const OffsetAt& offset_at, Instant from, Instant until) {
    const auto first = offset_at(from);
    const auto wanted = transitions_of(offset_at, from, until);
    for (const auto& zone : date::get_tzdb().zones) {
        if (zone.get_info(from).offset != first)
            continue;
        if (transitions_of(zone, from, until) == wanted)
            return &zone;
    }
    return nullptr;
}

const Zone* zone_named(std::string_view tzid) {
    if (const Zone* zone = find_zone(tzid))
        return zone;
    if (const Zone* zone = windows_zone(tzid))
        return zone;
    // Vendor prefixes: try what follows each '/', longest first ("Europe/Berlin", then "Berlin").
    for (auto slash = tzid.find('/'); slash != std::string_view::npos;
         slash = tzid.find('/', slash + 1))
        if (const Zone* zone = find_zone(tzid.substr(slash + 1)))
            return zone;
    return nullptr;
}

} // namespace agendad::core
