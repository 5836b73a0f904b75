#pragma once
/// What `agendad --version` and `agendactl --version` print: the version, the git commit the
/// build was configured from, and the path of the running binary, so that a stray
/// /usr/local install next to the package's /usr/bin one is obvious.

#include <string>
#include <string_view>

namespace agendad::app {

/// The project's version (CMake's PROJECT_VERSION), e.g. "0.1.0".
std::string_view version();

/// `git describe --always --dirty` of the source tree when the build was configured, or
/// "unknown" outside a git tree.
std::string_view git_commit();

/// "agendactl 0.1.0 (git d1c439b-dirty)\nbinary: /usr/bin/agendactl" (no final newline;
/// CLI11 adds it). The binary is /proc/self/exe, or "unknown" where it cannot be read.
std::string version_text(std::string_view program);

} // namespace agendad::app
