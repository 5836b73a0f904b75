#pragma once
/// What the schedule reader's files share and only they see (toml++ stays out of public headers):
/// reads of words every table checks alike (defined in schedule_reader.cpp) and the reading of
/// the [[calendar]] tables (calendar_reader.cpp).

#include "core/model/calendar.hpp"
#include "core/model/schedule.hpp"
#include "core/toml/toml_fields.hpp"

#include <vector>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::core {

/// Reads a short string such as a zone name; a longer value is refused before it costs a
/// lookup or a suggestion (and its message does not quote 64 KiB back).
std::optional<std::string> read_word(TableFields& fields, std::string_view key,
                                     std::size_t max_bytes = limits::word_bytes,
                                     bool non_empty = false);

/// Reads "urgency": low, normal or critical, with a did-you-mean.
std::optional<Urgency> read_urgency(TableFields& fields);

/// Reads the top-level [[calendar]] tables of `top`: every key checked, names unique;
/// `base.schedule_path` names the file in diagnostics. No file is read here.
std::vector<CalendarSettings> read_calendar_tables(TableFields& top, const PathBase& base,
                                                   Diagnostics& diagnostics);

} // namespace agendad::core
