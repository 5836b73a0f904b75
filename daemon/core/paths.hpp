#pragma once

#include <string>

namespace agendad::core {

/// $XDG_CONFIG_HOME/agendad/agenda.toml, or ~/.config/agendad/agenda.toml when it is unset,
/// empty or relative (as the XDG base directory spec says). Values are passed in, not read.
std::string default_schedule_path(const char* xdg_config_home, const char* home);

/// $XDG_STATE_HOME/agendad, or ~/.local/state/agendad.
std::string default_state_dir(const char* xdg_state_home, const char* home);

} // namespace agendad::core
