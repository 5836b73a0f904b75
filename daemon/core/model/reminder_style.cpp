#include "core/model/reminder_style.hpp"

namespace agendad::core {

std::optional<SnoozeChoice> parse_snooze_choice(std::string_view text) {
    if (text == snooze_until_start_word)
        return SnoozeChoice{std::nullopt, std::string{text}};
    auto span = parse_span(text);
    if (!span || span->is_zero())
        return std::nullopt;
    return SnoozeChoice{std::move(*span), std::string{text}};
}

} // namespace agendad::core
