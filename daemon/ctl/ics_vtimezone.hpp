#pragma once
/// The VTIMEZONE that RFC 5545 (§3.6.5) requires beside every TZID an export uses, built from the
/// tz database the daemon itself plans with (date/tz), so that a reader that does not know IANA
/// names (or knows another version of them) gets the same instants.
///
/// What it holds: the zone's offset at `from` as a first observance, then each transition of
/// [from, until) as the tz database has it: an observance (DAYLIGHT when the zone saves time
/// then, else STANDARD) with TZOFFSETFROM, TZOFFSETTO and TZNAME, one per distinct kind of
/// transition, its first onset in DTSTART and the others in RDATEs (onsets in local time before
/// the change, as §3.6.5 has them). Exact over the span, whatever the zone's rules did; a zone
/// without transitions (Asia/Kolkata) is a single STANDARD observance. Outside the span a
/// reader keeps the nearest observance's offset, so the exporter picks a span that covers what
/// it writes (ics_export.cpp).

#include "core/time/time_types.hpp"

#include <string>

namespace agendad::ctl {

/// BEGIN:VTIMEZONE … END:VTIMEZONE for `zone` over [from, until), CRLF lines (none longer than
/// 75 octets), TZID the zone's IANA name.
std::string vtimezone(const core::Zone& zone, core::Instant from, core::Instant until);

} // namespace agendad::ctl
