#pragma once
/// Checked access to one TOML table: every read names the key's path in its diagnostic, and the
/// table remembers which keys were asked for, so that report_unknown() knows the accepted keys
/// without a second list beside the reading code. Only the schedule reader uses it.

#include "core/model/diagnostic.hpp"
#include "core/time/span.hpp"
#include "core/time/time_types.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

namespace agendad::core {

/// A date or a date-time from the file, as written.
struct TomlMoment {
    bool is_date = false;
    LocalTime local;                            ///< the wall clock written (a date: its midnight)
    std::optional<std::chrono::minutes> offset; ///< for offset date-times
    /// The wall clock in `zone`: offset date-times are converted, others kept as written.
    LocalTime in_zone(const Zone& zone) const;
    /// The instant named: exact for offset date-times (even in a repeated hour), else resolved
    /// as RFC 5545 says.
    Instant instant_in(const Zone& zone) const;
};

/// Which table a TableFields reads, as its diagnostics name it: "settings", "event[3]".
/// Kept as parts and written out only for a diagnostic: most tables have none, and formatting
/// 10,000 names up front was a visible share of reading a large schedule.
struct TableName {
    std::string_view kind;  ///< a literal: "settings", "event", "calendar"; empty for none
    std::size_t number = 0; ///< 1-based index for arrays of tables; 0 for a plain table
    std::string text() const;
};

class TableFields {
  public:
    TableFields(const toml::table& table, TableName name, std::string_view file,
                Diagnostics& diagnostics);

    const toml::node* find(std::string_view key);
    std::optional<std::string> string(std::string_view key, bool non_empty = false);
    std::optional<Span> span(std::string_view key);
    std::optional<std::vector<Span>> span_list(std::string_view key);
    std::optional<TomlMoment> moment(std::string_view key);
    std::optional<std::vector<TomlMoment>> moment_list(std::string_view key);
    const toml::table* table(std::string_view key);
    const toml::array* array(std::string_view key);

    /// Reports every key of the table that no read asked for, suggesting the nearest of those
    /// that were. Call it after reading every key the table may hold, valid or not.
    void report_unknown();

    void error(const toml::node& at, std::string_view key, std::string message);
    void error_here(std::string message); ///< at the table itself
    std::string path(std::string_view key) const;

  private:
    std::optional<TomlMoment> to_moment(const toml::node& node, std::string_view key);
    void wrong_type(const toml::node& node, std::string_view key, std::string_view expected);
    const toml::node* lookup(std::string_view key) const;

    const toml::table* table_;
    /// Every key a read asked for, in order, possibly more than once. Views, not copies: every
    /// key is a string literal of the reading code (and must be: a key outlives the read).
    std::vector<std::string_view> asked_;
    /// The distinct nodes that asks found, the first 16 of them, and how many there were:
    /// when that is the table's size, no key is unknown.
    std::array<const toml::node*, 16> found_{};
    std::size_t found_count_ = 0;
    /// The table's keys and nodes, when it has at most 16 (else lookup() asks toml++).
    std::array<std::pair<std::string_view, const toml::node*>, 16> keys_{};
    std::size_t key_count_ = 0;
    TableName name_;
    std::string_view file_;
    Diagnostics* diagnostics_;
};

/// Diagnostic at a TOML source position.
Diagnostic diagnostic_at(std::string_view file, const toml::source_region& where,
                         std::string message);

/// toml++'s syntax error in `text` as a diagnostic that names the key whose value it is in, as
/// every other diagnostic does: "event[2].start: 2026-02-30T10:00:00 is not a valid date:
/// expected day between 1 and 28 (inclusive), saw 30" rather than "Error while parsing date: …".
Diagnostic syntax_diagnostic(std::string_view text, std::string_view file,
                             const toml::parse_error& error);

/// "a string", "an integer", ... for type mismatch messages.
std::string_view describe(toml::node_type type);

} // namespace agendad::core
