// A test helper for ics_crosscheck.py: the reminders that the iCalendar reader and the planner
// compute for a calendar, one JSON object a line, in delivery order.
//
// Usage: ics_dump PATH FROM UNTIL   (PATH: an .ics file or a vdir; FROM, UNTIL: RFC 3339)
// Settings as the cross-check models them: Europe/Brussels, remind = ["15m"], all-day events at
// 09:00, alarms = "own", skip = ["cancelled"].

#include "core/ical/ics_reader.hpp"
#include "core/plan/planner.hpp"
#include "core/text/reminder_text.hpp"

#include <cstdio>
#include <fmt/format.h>

using namespace agendad::core;

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: ics_dump PATH FROM UNTIL\n");
        return 2;
    }
    const auto from = parse_rfc3339(argv[2]);
    const auto until = parse_rfc3339(argv[3]);
    if (!from || !until) {
        std::fprintf(stderr, "ics_dump: FROM and UNTIL are RFC 3339 instants\n");
        return 2;
    }
    Schedule schedule;
    schedule.settings.zone = find_zone("Europe/Brussels");
    schedule.settings.remind = {*parse_span("15m")};
    CalendarSettings calendar;
    calendar.name = "crosscheck";
    calendar.path = argv[1];
    auto read = read_calendar(calendar, schedule.settings);
    for (const auto& d : read.diagnostics)
        std::fprintf(stderr, "%s\n", to_string(d).c_str());
    schedule.events = std::move(read.events);
    for (const auto& r : reminders_between(schedule, *from, *until)) {
        std::string title;
        for (const char c : r.event->title)
            if (c != '"' && c != '\\')
                title += c;
        fmt::print("{{\"fire_at\":\"{}\",\"start\":\"{}\",\"title\":\"{}\",\"lead\":\"{}\"}}\n",
                   date::format("%FT%TZ", r.fire_at), date::format("%FT%TZ", r.occurrence.start),
                   title, r.lead->text);
    }
    return 0;
}
