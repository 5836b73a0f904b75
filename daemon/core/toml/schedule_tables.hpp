#pragma once
/// The readers of agenda.toml's tables, one table at a time: [settings] and one [[event]].
/// schedule_reader.cpp calls them on the tables of one parse of the whole file or on the tables
/// of each chunk (schedule_chunks.hpp); they do not know which. Only the reader sees this file
/// (toml++ stays out of public headers).

#include "core/model/diagnostic.hpp"
#include "core/model/schedule.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace agendad::core {

/// Reads [settings] (`table` may be null: every default).
Settings read_settings(const toml::table* table, std::string_view file, const Zone& default_zone,
                       Diagnostics& diagnostics);

/// Which of an event's values are [settings]' rather than its own (a bit set), so that a reload
/// whose settings changed can give a kept event the new ones without reading it again.
namespace inherits {
inline constexpr std::uint8_t zone = 1;
inline constexpr std::uint8_t remind = 2;
inline constexpr std::uint8_t urgency = 4;
inline constexpr std::uint8_t persistent = 8;
inline constexpr std::uint8_t sound = 16;
} // namespace inherits

/// Reads one [[event]] table, the `number`th of the file (for diagnostics), with `settings`'
/// defaults. Every mistake goes to `diagnostics`; an event with any is not returned.
/// `inherited`, when given, receives the inherits:: bits of the event.
std::optional<Event> read_event(const toml::table& table, std::size_t number, std::string_view file,
                                const Settings& settings, Diagnostics& diagnostics,
                                std::uint8_t* inherited = nullptr);

/// Reports every id used twice, at the later event.
void check_unique_ids(const EventList& events, std::string_view file, Diagnostics& diagnostics);

} // namespace agendad::core
