#pragma once
/// Escaping for the markup that desktop notification servers and waybar read (Pango's subset of
/// XML): one function for both, so that neither can forget a character.

#include <string>
#include <string_view>

namespace agendad::core {

/// `text` with & < > " ' as entities, safe both as element text and inside an attribute value
/// (a link's href="…").
std::string escape_markup(std::string_view text);

} // namespace agendad::core
