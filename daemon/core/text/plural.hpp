#pragma once
/// Counts in messages: "1 reminder", "3 reminders", never "3 reminder(s)".

#include <fmt/format.h>
#include <string>
#include <string_view>

namespace agendad::core {

/// `count` and the noun, plural unless the count is 1: counted(2, "error") is "2 errors".
/// For nouns whose plural is not noun + "s", give it.
inline std::string counted(std::size_t count, std::string_view singular,
                           std::string_view plural = {}) {
    if (count == 1)
        return fmt::format("1 {}", singular);
    if (plural.empty())
        return fmt::format("{} {}s", count, singular);
    return fmt::format("{} {}", count, plural);
}

} // namespace agendad::core
