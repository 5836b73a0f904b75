#pragma once
/// Zones that iCalendar files name in TZID parameters, mapped onto IANA zones so that the rest of
/// the core keeps one kind of zone (date::time_zone).
///
/// Why a mapping rather than a second kind of zone: every planner step (wall clock → instant,
/// calendar-day leads, DST gaps) already works on date::time_zone. A TZID that is not an IANA
/// name is either a Windows name (Outlook, Exchange), which CLDR's windowsZones table maps
/// exactly, or a zone the file defines only in its VTIMEZONE; for the latter we pick an IANA zone
/// whose UTC offsets and transition instants equal the VTIMEZONE's over the years the events
/// use (from the first event's year to 2036, where libical stops expanding VTIMEZONE rules; a
/// VTIMEZONE with only today's rules, as Outlook writes them, is matched over 2026-2036 when an
/// older series' first years disagree). Both give the same instants as the VTIMEZONE itself
/// there; a VTIMEZONE that matches no IANA zone is reported, and its events fall back to the
/// schedule's zone.

#include "core/time/time_types.hpp"

#include <functional>
#include <string_view>

namespace agendad::core {

/// The IANA zone for a Windows zone name such as "W. Europe Standard Time", from CLDR's
/// windowsZones table (as ICU ships it, territory "001"); nullptr for a name it does not know.
const Zone* windows_zone(std::string_view name);

/// The UTC offset a zone definition gives at an instant.
using OffsetAt = std::function<std::chrono::seconds(Instant)>;

/// The first IANA zone (in tzdb order) whose offsets equal `offset_at`'s at every instant of
/// [from, until), transitions included to the second; nullptr when none does. Assumes at most
/// one transition a day, which every real zone keeps.
const Zone* equivalent_zone(const OffsetAt& offset_at, Instant from, Instant until);

/// A Windows name, an IANA name, or an IANA name behind a vendor prefix such as
/// "/mozilla.org/20050126_1/Europe/Berlin"; nullptr when `tzid` is none of them.
const Zone* zone_named(std::string_view tzid);

} // namespace agendad::core
