#include "core/read/calendar_reader.hpp"

#include "core/ical/ics_reader.hpp"

namespace agendad::core {

void add_calendars(Schedule& schedule, const std::vector<CalendarSettings>& calendars,
                   const CalendarReading& reading) {
    for (const auto& settings : calendars) {
        auto read = reading.cache != nullptr
                        ? reading.cache->read(settings, schedule.settings, reading.now)
                        : read_calendar(settings, schedule.settings);
        ScheduleCalendar calendar{.name = settings.name,
                                  .path = settings.path,
                                  .position = settings.position,
                                  .events = read.events.size(),
                                  .warnings = std::move(read.diagnostics)};
        for (const auto& event : read.events) {
            if (!event.alarms.empty())
                ++calendar.with_alarms;
            else if (event.remind.empty())
                ++calendar.skipped;
        }
        // Shared, not copied: the cache and the running schedule hold the same events.
        schedule.events.append(std::move(read.events));
        schedule.calendars.push_back(std::move(calendar));
    }
    if (reading.cache != nullptr)
        reading.cache->forget_unused();
}

} // namespace agendad::core
