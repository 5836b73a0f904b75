#pragma once
/// Time vocabulary shared by the whole core: instants are UTC seconds, wall-clock times are
/// date::local_seconds read in an explicit zone. Nothing in the core reads a clock.

#include <chrono>
#include <date/date.h>
#include <date/tz.h>

namespace agendad::core {

/// A point on the real timeline, to the second.
using Instant = std::chrono::sys_seconds;
/// A wall-clock reading, meaningful only together with a zone.
using LocalTime = date::local_seconds;
using LocalDays = date::local_days;
using Zone = date::time_zone;

/// The instant `local` names in `zone`, as RFC 5545 resolves it: a time in a spring-forward gap
/// moves forward by the gap's length, an ambiguous (fall-back) time takes the earlier instant.
Instant resolve_local(const Zone& zone, LocalTime local);

/// The wall-clock reading of `instant` in `zone`.
LocalTime to_local(const Zone& zone, Instant instant);

/// The IANA zone called `name`, or nullptr when there is none.
const Zone* find_zone(std::string_view name);

/// The user's zone: $TZ when it names a zone (a leading ':' is allowed), else /etc/localtime,
/// else UTC. Passed explicitly into the core by the programs.
const Zone& system_zone(const char* tz_env);

} // namespace agendad::core
