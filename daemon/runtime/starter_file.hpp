#pragma once
/// The first start: when the schedule file does not exist, agendad writes the starter schedule
/// (a commented guide with one commented-out event) so that the user finds where to start.

#include "core/time/time_types.hpp"

#include <string>

namespace agendad::runtime {

/// Writes core::make_starter_schedule(core::starter_template(), today) to `path` with mode 0644,
/// creating the parent directories, and logs it. Never overwrites: an existing file (even one that
/// appears meanwhile) is left alone. False when nothing was written (a failure is logged).
bool write_starter_schedule(const std::string& path, core::LocalDays today);

} // namespace agendad::runtime
