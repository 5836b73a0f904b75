#pragma once
/// How a reminder's bubble behaves, beyond its text: whether it waits for the user
/// (`persistent`), what it sounds like (`sound`), and what its Snooze offers (`snooze`). Read
/// from [settings] and per [[event]] by the readers in toml/style_fields.hpp.

#include "core/time/span.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::core {

/// One choice on a bubble's Snooze: a span from the moment it is chosen, or until the
/// occurrence starts.
struct SnoozeChoice {
    std::optional<Span> span; ///< none: until the occurrence starts
    std::string text;         ///< as written ("5m", "start"): the action key's suffix

    bool until_start() const { return !span; }
    friend bool operator==(const SnoozeChoice&, const SnoozeChoice&) = default;
};

/// The word for "until the event starts" in a snooze list.
inline constexpr std::string_view snooze_until_start_word = "start";
/// At most this many snooze choices: servers show a handful of buttons (GNOME three).
inline constexpr std::size_t snooze_choices_limit = 6;

/// A snooze choice from its text ("5m", "start"); none when it is neither.
std::optional<SnoozeChoice> parse_snooze_choice(std::string_view text);

/// A sound is a freedesktop sound-theme name ("message-new-instant") or an absolute path to a
/// sound file; they go to the server as different hints.
inline bool sound_is_file(std::string_view sound) {
    return sound.starts_with('/');
}

} // namespace agendad::core
