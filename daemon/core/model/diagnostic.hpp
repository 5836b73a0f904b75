#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace agendad::core {

enum class Severity { error, warning };

/// One problem found in a schedule file, printed like a compiler's message:
/// `agenda.toml:12:9: error: event[3].remind[1]: "90x" is not a span (use e.g. "1h30m")`.
struct Diagnostic {
    std::string file;
    std::uint32_t line = 0;   ///< 1-based; 0 when the problem is about the file as a whole
    std::uint32_t column = 0; ///< 1-based; 0 when unknown
    Severity severity = Severity::error;
    std::string message;

    friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

using Diagnostics = std::vector<Diagnostic>;

/// `file:line:column: error: message` (line and column left out when unknown).
std::string to_string(const Diagnostic& diagnostic);

/// Every diagnostic on its own line, in file order.
std::string to_string(const Diagnostics& diagnostics);

/// Sorts `diagnostics` by line, then column; those at one place keep the order they were found
/// in. The reader's errors and the never-reminds warnings are both reported in file order.
void sort_in_file_order(Diagnostics& diagnostics);

} // namespace agendad::core
