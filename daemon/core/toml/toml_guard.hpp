#pragma once
/// A lexer-level scan of TOML text that runs before toml++ sees it.
///
/// Why it exists: toml++ 3.3 is not safe on hostile input. A key with hundreds of thousands of
/// dotted parts overflows the stack (`parser::update_region_ends` recurses once per part);
/// a NUL or a stray closing bracket trips its internal assertions (abort in debug and
/// sanitizer builds, undefined behaviour in Release); a non-ASCII character outside a string
/// reaches an `unreachable` in its Unicode tables. Each of those inputs is also a plain
/// mistake, so the scan rejects it with the exact line and column and toml++ never runs.
///
/// Why a scan and not a non-aborting TOML_ASSERT: the assertions guard invariants toml++'s next
/// steps rely on; compiled out (as in Release) they leave undefined behaviour behind, as the
/// `unreachable` shows. Keeping such input away from toml++ is the only safe answer; the fuzz
/// build keeps the assertions on (no NDEBUG) to find any input the scan lets through.
///
/// What it knows of TOML: comments, the four kinds of strings (basic, literal and their
/// multi-line forms, with escapes), brackets and dotted keys, where a string may open, and the
/// few spots where toml++ asserts instead of reporting (a table header without a name, a date
/// not followed by a time after its 'T' or space, non-ASCII after a backslash); each of those
/// was found by tests/fuzz/fuzz_schedule and has a file in tests/fuzz/regressions/schedule. It is
/// linear in the text, one pass with a small stack of open brackets, and it does not build
/// anything.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agendad::core {

/// Where the scan stopped and why; line and column are 1-based, columns count characters.
struct TomlTextProblem {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::string message;
};

/// Limits the scan enforces; each keeps toml++ within what it survives.
namespace toml_limits {
/// Parts of one dotted key (`a.b.c` has three) or table header.
inline constexpr std::size_t key_parts = 64;
/// Brackets open at once: arrays and inline tables inside each other.
inline constexpr std::size_t nesting = 64;
} // namespace toml_limits

/// The first problem in `text` that toml++ must not see, or nothing when the text may be given
/// to it (it may still be invalid TOML; toml++ reports that).
std::optional<TomlTextProblem> check_toml_text(std::string_view text);

} // namespace agendad::core
