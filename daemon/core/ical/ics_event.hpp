#pragma once
/// Internal to the iCalendar reader: one VEVENT into an IcsComponent, through libical.

#include "core/ical/ics_reader.hpp"

#include <libical/ical.h>
#include <map>

namespace agendad::core::ics {

/// The zones that one file's TZIDs name, each resolved once (see ics_zone.hpp): an IANA or
/// Windows name, else the file's own VTIMEZONE matched to an IANA zone.
class FileZones {
  public:
    explicit FileZones(const std::vector<icalcomponent*>& vtimezones) : vtimezones_(vtimezones) {}
    /// The zone for `tzid` for events from `year` on; nullptr when it cannot be resolved.
    const Zone* find(const std::string& tzid, int year);

  private:
    const Zone* from_vtimezone(const std::string& tzid, int year) const;
    std::vector<icalcomponent*> vtimezones_;
    std::map<std::string, const Zone*, std::less<>> known_;
};

/// What reading a VEVENT needs from around it.
struct Context {
    const CalendarSettings& calendar;
    const Settings& settings;
    FileZones& zones;
    const std::string& path;
    std::uint32_t line = 0; ///< of the VEVENT's BEGIN line, 0 when unknown
    Diagnostics& diagnostics;

    void warn(std::string message) const;
};

/// A date or date-time value as the file gives it.
struct Moment {
    LocalTime local; ///< a date's midnight
    bool date = false;
    const Zone* zone = nullptr; ///< nullptr: floating (or a date), read on settings.zone
};

/// The value of a DTSTART-like property (TZID parameter honoured).
Moment read_moment(icalproperty* property, const icaltimetype& value, Context& context);

/// The instant a moment names (floating ones and dates on settings.zone).
Instant instant_of(const Moment& moment, const Context& context);

/// The event's VALARMs as alarms (ACTION:NONE left out), at most limits::ics::alarms_per_event.
std::vector<Alarm> read_alarms(icalcomponent* vevent, const Zone& zone, Context& context);

/// The VEVENT as a component; nothing when it cannot be used (a warning says why).
std::optional<IcsComponent> read_vevent(icalcomponent* vevent, Context& context);

/// `text` cut to limits::ics::text_bytes, at a UTF-8 character boundary.
std::string bounded_text(const char* text);

} // namespace agendad::core::ics
