#include "core/toml/style_fields.hpp"

#include "core/model/schedule.hpp"
#include "core/toml/toml_fields.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace agendad::core {

std::optional<bool> read_persistent(TableFields& fields) {
    const toml::node* node = fields.find("persistent");
    if (node == nullptr)
        return std::nullopt;
    if (const auto value = node->value<bool>(); node->is_boolean() && value)
        return *value;
    fields.error(*node, "persistent",
                 fmt::format("expected true or false, found {}", describe(node->type())));
    return std::nullopt;
}

std::optional<std::string> read_sound(TableFields& fields) {
    auto sound = fields.string("sound", true);
    if (!sound)
        return std::nullopt;
    const bool name = std::all_of(sound->begin(), sound->end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    });
    if (sound_is_file(*sound) || (name && sound->size() <= limits::word_bytes))
        return sound;
    fields.error(*fields.find("sound"), "sound",
                 fmt::format("\"{}\" is neither a sound name (e.g. \"message-new-instant\") nor "
                             "an absolute path to a sound file",
                             *sound));
    return std::nullopt;
}

namespace {

constexpr std::string_view choice_hint = "use a span such as \"10m\" or \"start\" (until the "
                                         "event starts)";

} // namespace

std::optional<std::vector<SnoozeChoice>> read_snooze(TableFields& fields, Span& default_span) {
    const toml::node* node = fields.find("snooze");
    if (node == nullptr)
        return std::nullopt;
    if (node->is_string()) {
        // One span, as before lists: `start` alone is a list's word, not a length.
        auto span = fields.span("snooze");
        if (!span)
            return std::nullopt;
        if (span->is_zero()) {
            fields.error(*node, "snooze", "must be longer than zero");
            return std::nullopt;
        }
        default_span = *span;
        return std::vector<SnoozeChoice>{{std::move(*span), node->as_string()->get()}};
    }
    const auto* list = node->as_array();
    if (list == nullptr) {
        fields.error(*node, "snooze",
                     fmt::format("expected a span such as \"10m\" or a list such as [\"5m\", "
                                 "\"start\"], found {}",
                                 describe(node->type())));
        return std::nullopt;
    }
    if (list->empty() || list->size() > snooze_choices_limit) {
        fields.error(
            *node, "snooze",
            fmt::format("has {} choices; give 1 to {}", list->size(), snooze_choices_limit));
        return std::nullopt;
    }
    std::vector<SnoozeChoice> choices;
    bool ok = true;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const toml::node& item = *list->get(i);
        const std::string key = fmt::format("snooze[{}]", i + 1);
        const auto* text = item.as_string();
        std::optional<SnoozeChoice> choice;
        if (text != nullptr && text->get().size() <= max_span_text)
            choice = parse_snooze_choice(text->get());
        if (!choice) {
            fields.error(
                item, key,
                text ? fmt::format("\"{}\" is not a snooze choice; {}", text->get(), choice_hint)
                     : fmt::format("expected a string, found {}; {}", describe(item.type()),
                                   choice_hint));
            ok = false;
            continue;
        }
        if (std::find(choices.begin(), choices.end(), *choice) != choices.end()) {
            fields.error(item, key, fmt::format("\"{}\" is listed twice", text->get()));
            ok = false;
            continue;
        }
        choices.push_back(std::move(*choice));
    }
    if (!ok)
        return std::nullopt;
    if (const auto first = std::find_if(choices.begin(), choices.end(),
                                        [](const SnoozeChoice& c) { return c.span.has_value(); });
        first != choices.end())
        default_span = *first->span;
    return choices;
}

} // namespace agendad::core
