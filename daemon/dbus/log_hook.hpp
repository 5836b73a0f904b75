#pragma once
/// How the D-Bus library logs: the daemon hands in its journal writer; the default is stderr.
/// (The library links only the core, so it cannot call the runtime's log directly.)

#include <functional>
#include <string_view>

namespace agendad::dbus {

/// syslog priorities, as the runtime's log::Level numbers them.
enum class LogLevel { error = 3, warning = 4, notice = 5, info = 6, debug = 7 };

using LogFunction = std::function<void(LogLevel, std::string_view)>;

/// Writes "agendad: message" to stderr (debug lines left out).
void log_to_stderr(LogLevel level, std::string_view message);

} // namespace agendad::dbus
