#pragma once
/// The daemon's log: the journal with structured fields when systemd runs us (stderr is a
/// journal stream), plain lines on stderr otherwise.

#include <fmt/format.h>
#include <initializer_list>
#include <string>
#include <string_view>

namespace agendad::runtime::log {

/// syslog priorities, as the journal numbers them.
enum class Level { error = 3, warning = 4, notice = 5, info = 6, debug = 7 };

/// One structured journal field, e.g. {"EVENT_ID", "team-sync"}. Names are upper case.
struct Field {
    std::string_view name;
    std::string value;
};

/// Chooses the journal when $JOURNAL_STREAM names our stderr; `verbose` lets debug lines out.
void init(bool verbose);

/// Whether debug lines are written.
bool verbose();

/// Writes one entry. On stderr the fields are left out; the message must stand on its own.
void write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

} // namespace agendad::runtime::log
