#pragma once
/// The link a "Join" action opens: the first meeting link in an event's URL, location or
/// description, preferring known meeting services over any other https link.

#include "core/model/schedule.hpp"

#include <string>
#include <string_view>

namespace agendad::core {

/// The first https link in `text` on a known meeting host (Zoom, Google Meet, Microsoft Teams,
/// Jitsi, Webex), or, when `any_https` is set and there is none, the first https link at all;
/// empty when there is no such link.
std::string find_link(std::string_view text, bool any_https);

/// The event's meeting link: a known meeting host in URL, then LOCATION, then DESCRIPTION; else
/// the first https link in them, in the same order; empty when there is none.
std::string meeting_link(const Event& event);

/// The same for the three texts alone (a Delivery carries copies of them, not the Event).
std::string meeting_link(std::string_view url, std::string_view location,
                         std::string_view description);

/// Whether `link` is on a known meeting host (as find_link knows them).
bool meeting_host(std::string_view link);

} // namespace agendad::core
