#include "core/diagnostic.hpp"

#include <fmt/format.h>

namespace agendad::core {

std::string to_string(const Diagnostic& d) {
    const char* severity = d.severity == Severity::error ? "error" : "warning";
    if (d.line == 0)
        return fmt::format("{}: {}: {}", d.file, severity, d.message);
    if (d.column == 0)
        return fmt::format("{}:{}: {}: {}", d.file, d.line, severity, d.message);
    return fmt::format("{}:{}:{}: {}: {}", d.file, d.line, d.column, severity, d.message);
}

std::string to_string(const Diagnostics& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics) {
        out += to_string(d);
        out += '\n';
    }
    return out;
}

} // namespace agendad::core
