#include "core/model/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace agendad::core {

namespace {
char fold(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}
} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    return edit_distance_within(a, b, std::max(a.size(), b.size()));
}

std::size_t edit_distance_within(std::string_view a, std::string_view b, std::size_t limit) {
    // Every edit changes the length by at most one, so the difference is a lower bound.
    if (std::max(a.size(), b.size()) - std::min(a.size(), b.size()) > limit)
        return limit + 1;
    // Optimal string alignment distance over three rows. Values never decrease from one row's
    // minimum to the next, so once a whole row is past the limit the answer is too.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    std::iota(previous.begin(), previous.end(), 0);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        std::size_t row_minimum = current[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
                fold(a[i - 2]) == fold(b[j - 1]))
                current[j] = std::min(current[j], before[j - 2] + 1);
            row_minimum = std::min(row_minimum, current[j]);
        }
        if (row_minimum > limit)
            return limit + 1;
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return std::min(previous[b.size()], limit + 1);
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates) {
    // Close enough: a third of the word may be wrong, at least one edit, at most three.
    const std::size_t allowed = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    std::optional<std::string> best;
    if (word.size() > max_suggested_word)
        return best;
    std::size_t best_distance = allowed + 1;
    for (const auto candidate : candidates) {
        const auto distance = edit_distance_within(word, candidate, best_distance - 1);
        if (distance < best_distance) {
            best_distance = distance;
            best = std::string{candidate};
        }
    }
    return best;
}

std::string with_suggestion(std::string message, std::string_view word,
                            const std::vector<std::string_view>& candidates) {
    if (auto match = closest_match(word, candidates))
        message += " (did you mean \"" + *match + "\"?)";
    return message;
}

} // namespace agendad::core
