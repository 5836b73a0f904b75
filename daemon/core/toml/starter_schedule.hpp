#pragma once
/// The starter schedule agendad writes on its first start, when the user has none yet: a short
/// commented guide and one commented-out event, and nothing else. It sets no time zone (the
/// system's is the default, so the user's own "10:30" means 10:30 on their clock) and holds no
/// event, so it fires no reminder the user did not write.

#include "core/time/time_types.hpp"

#include <string>
#include <string_view>

namespace agendad::core {

/// The starter template (config/agenda.starter.toml), embedded in the program at build time with
/// the installed example's path filled in, so that it does not depend on /usr/share/doc, which
/// distributions may compress or leave out. `@TOMORROW@` is left for make_starter_schedule().
std::string_view starter_template();

/// `starter` with `@TOMORROW@` replaced by the day after `today` (2026-11-28), so that the
/// commented-out example event, once uncommented, is a real coming event; a first line says
/// when agendad wrote the file.
std::string make_starter_schedule(std::string_view starter, LocalDays today);

} // namespace agendad::core
