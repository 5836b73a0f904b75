#pragma once
/// The starter schedule agendad writes on its first start, when the user has none yet: the
/// shipped example with its dates moved into the coming week, so that it shows reminders at once.

#include "core/time_types.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace agendad::core {

/// The example schedule (config/agenda.example.toml), embedded in the program at build time so
/// that it does not depend on /usr/share/doc, which distributions may compress or leave out.
std::string_view example_schedule();

/// A starter schedule and how far its dates were moved.
struct StarterSchedule {
    std::string text;
    date::weeks shift{0};
};

/// `example` with every date value moved by one whole number of weeks, chosen so that its
/// busiest week (the most dates within seven days) starts between tomorrow and a week from
/// `today`: weekdays, times of day, offsets, comments and layout are kept, and the UNTIL of a
/// repeat rule moves with the rest. For the example, its week of talks becomes the coming week
/// and the weekly meeting's series starts a week before it.
///
/// Dates are moved where TOML holds them as values (`start = 2022-01-10T09:00:00`, `except =
/// [2022-01-13]`); dates inside comments and strings are left alone, except an RFC 5545 `UNTIL=`
/// (`"FREQ=WEEKLY;UNTIL=20220630T215959Z"`). The first line says where the file came from.
/// Text without dates comes back with only that line added.
StarterSchedule make_starter_schedule(std::string_view example, LocalDays today);

} // namespace agendad::core
