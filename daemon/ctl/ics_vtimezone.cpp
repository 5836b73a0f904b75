#include "ctl/ics_vtimezone.hpp"

#include <fmt/format.h>
#include <tuple>
#include <vector>

namespace agendad::ctl {

namespace {

/// "+0100", "-0330", "+053328" (seconds only where the zone has them, as LMT does).
std::string offset_text(std::chrono::seconds offset) {
    const char sign = offset.count() < 0 ? '-' : '+';
    const auto total = std::chrono::abs(offset).count();
    std::string out = fmt::format("{}{:02}{:02}", sign, total / 3600, total % 3600 / 60);
    if (total % 60 != 0)
        out += fmt::format("{:02}", total % 60);
    return out;
}

/// One kind of transition (same offsets, same name, same DST flag) and its onsets.
struct Observance {
    bool daylight = false;
    std::chrono::seconds from{0};
    std::chrono::seconds to{0};
    std::string name;
    std::vector<core::Instant> onsets; ///< in UTC, ascending

    bool same_kind(const Observance& other) const {
        return std::tie(daylight, from, to, name) ==
               std::tie(other.daylight, other.from, other.to, other.name);
    }
};

/// The onset as §3.6.5 writes it: the wall clock just before the change, without a zone.
std::string onset_text(core::Instant onset, std::chrono::seconds from) {
    return date::format("%Y%m%dT%H%M%S", date::local_seconds{(onset + from).time_since_epoch()});
}

} // namespace

std::string vtimezone(const core::Zone& zone, core::Instant from, core::Instant until) {
    std::vector<Observance> kinds;
    const auto add = [&kinds](Observance observance, core::Instant onset) {
        for (auto& kind : kinds)
            if (kind.same_kind(observance)) {
                kind.onsets.push_back(onset);
                return;
            }
        observance.onsets.push_back(onset);
        kinds.push_back(std::move(observance));
    };
    date::sys_info info = zone.get_info(from);
    add({info.save != std::chrono::minutes{0}, info.offset, info.offset, info.abbrev, {}}, from);
    while (info.end < until) {
        const date::sys_info next = zone.get_info(info.end);
        // The database also starts a new period where only its rules change: no transition.
        if (next.offset != info.offset || next.abbrev != info.abbrev || next.save != info.save) {
            const core::Instant onset = std::chrono::floor<std::chrono::seconds>(info.end);
            add({next.save != std::chrono::minutes{0}, info.offset, next.offset, next.abbrev, {}},
                onset);
        }
        info = next;
    }

    std::string out = "BEGIN:VTIMEZONE\r\n";
    out += fmt::format("TZID:{}\r\n", zone.name());
    for (const auto& kind : kinds) {
        const std::string_view component = kind.daylight ? "DAYLIGHT" : "STANDARD";
        out += fmt::format("BEGIN:{}\r\n", component);
        out += fmt::format("DTSTART:{}\r\n", onset_text(kind.onsets.front(), kind.from));
        for (std::size_t i = 1; i < kind.onsets.size(); ++i)
            out += fmt::format("RDATE:{}\r\n", onset_text(kind.onsets[i], kind.from));
        out += fmt::format("TZOFFSETFROM:{}\r\n", offset_text(kind.from));
        out += fmt::format("TZOFFSETTO:{}\r\n", offset_text(kind.to));
        // Abbreviations are short ASCII ("CET", "+0530"); escaped all the same.
        std::string name;
        for (const char c : kind.name)
            if (c != ',' && c != ';' && c != '\\' && static_cast<unsigned char>(c) >= 0x20)
                name += c;
        if (!name.empty())
            out += fmt::format("TZNAME:{}\r\n", name.substr(0, 60));
        out += fmt::format("END:{}\r\n", component);
    }
    out += "END:VTIMEZONE\r\n";
    return out;
}

} // namespace agendad::ctl
