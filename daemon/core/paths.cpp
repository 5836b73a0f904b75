#include "core/paths.hpp"

namespace agendad::core {

namespace {
std::string xdg_dir(const char* value, const char* home, const char* fallback) {
    if (value != nullptr && value[0] == '/')
        return value;
    return std::string{home != nullptr && home[0] != '\0' ? home : "/"} + "/" + fallback;
}
} // namespace

std::string default_schedule_path(const char* xdg_config_home, const char* home) {
    return xdg_dir(xdg_config_home, home, ".config") + "/agendad/agenda.toml";
}

std::string default_state_dir(const char* xdg_state_home, const char* home) {
    return xdg_dir(xdg_state_home, home, ".local/state") + "/agendad";
}

} // namespace agendad::core
