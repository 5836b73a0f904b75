#include "core/model/diagnostic.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <tuple>

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

void sort_in_file_order(Diagnostics& diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const auto& a, const auto& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
}

} // namespace agendad::core
