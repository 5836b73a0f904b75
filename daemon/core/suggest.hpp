#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::core {

/// Edit distance (insertions, deletions, substitutions, adjacent swaps), ASCII case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a likely misspelling.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates);

/// `word` suffixed with ` (did you mean "x"?)` when there is a close candidate.
std::string with_suggestion(std::string message, std::string_view word,
                            const std::vector<std::string_view>& candidates);

} // namespace agendad::core
