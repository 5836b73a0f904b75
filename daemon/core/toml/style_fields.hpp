#pragma once
/// The readers of the keys that say how a bubble behaves (reminder_style.hpp), shared by
/// [settings] and [[event]]: the schedule reader calls each with one line.

#include "core/model/reminder_style.hpp"

#include <optional>
#include <string>
#include <vector>

namespace agendad::core {

class TableFields;

/// `persistent`: a boolean.
std::optional<bool> read_persistent(TableFields& fields);

/// `sound`: a sound name (lower-case letters, digits, '-' and '.') or an absolute path.
std::optional<std::string> read_sound(TableFields& fields);

/// `snooze`: one span ("10m") or a list of choices (["5m", "15m", "start"]). `default_span`
/// is set to the first span listed (what a snooze without a span lasts), when there is one.
/// A single span gives a single choice, as before lists existed.
std::optional<std::vector<SnoozeChoice>> read_snooze(TableFields& fields, Span& default_span);

} // namespace agendad::core
