#include "dbus/log_hook.hpp"

#include <fmt/format.h>

namespace agendad::dbus {

void log_to_stderr(LogLevel level, std::string_view message) {
    if (level == LogLevel::debug)
        return;
    fmt::print(stderr, "agendad: {}\n", message);
}

} // namespace agendad::dbus
