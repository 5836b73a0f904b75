#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::core {

/// Edit distance (insertions, deletions, substitutions, adjacent swaps), ASCII case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The edit distance when it is at most `limit`, else `limit + 1`. Strings whose lengths differ
/// by more than `limit` cost nothing, and the work stops at the first row past the limit.
std::size_t edit_distance_within(std::string_view a, std::string_view b, std::size_t limit);

/// Words longer than this get no suggestion: no candidate is that long, and a hostile 64 KiB
/// value must not cost a distance against every zone name.
inline constexpr std::size_t max_suggested_word = 64;

/// The candidate closest to `word` when it is close enough to be a likely misspelling (at most
/// three edits). Costs at most candidates × 64 × 7 steps, whatever `word` is.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates);

/// `word` suffixed with ` (did you mean "x"?)` when there is a close candidate.
std::string with_suggestion(std::string message, std::string_view word,
                            const std::vector<std::string_view>& candidates);

} // namespace agendad::core
