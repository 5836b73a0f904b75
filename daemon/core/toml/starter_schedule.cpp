#include "core/toml/starter_schedule.hpp"

#include <fmt/format.h>

namespace agendad::core {

std::string make_starter_schedule(std::string_view starter, LocalDays today) {
    const std::string tomorrow = date::format("%F", today + date::days{1});
    const std::string written = date::format("%F", today);
    std::string text = fmt::format(
        "# Written by agendad on {}, because there was no schedule here yet.\n", written);
    constexpr std::string_view placeholder = "@TOMORROW@";
    for (std::size_t at = 0;;) {
        const auto found = starter.find(placeholder, at);
        text.append(starter.substr(at, found - at));
        if (found == std::string_view::npos)
            break;
        text.append(tomorrow);
        at = found + placeholder.size();
    }
    return text;
}

} // namespace agendad::core
