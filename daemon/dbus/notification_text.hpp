#pragma once
/// What a desktop notification says, built from a Delivery and the server's capabilities.
/// Pure: no bus, no clock (the moment of showing is in the delivery).

#include "core/delivery.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace agendad::dbus {

/// What the notification server said it can do (GetCapabilities).
struct Capabilities {
    bool body = true;
    bool markup = false;     ///< "body-markup"
    bool hyperlinks = false; ///< "body-hyperlinks"
    bool actions = false;    ///< "actions"
    bool persistence = false;

    static Capabilities from(const std::vector<std::string>& names);
};

/// One Notify call's texts and actions (app_name, icon and hints are fixed elsewhere).
struct NotificationText {
    std::string summary;
    std::string body;
    std::vector<std::string> actions; ///< key, label, key, label…
    std::string join_url;             ///< the meeting link behind "join", if any
    std::string open_url;             ///< the url behind "default", if any
};

/// `& < >` as entities, for a server that reads markup.
std::string escape_markup(std::string_view text);

/// The first https:// URL in `text`, up to white space or a closing bracket; "" if none.
std::string find_meeting_link(std::string_view text);

/// Whether `url` may be handed to xdg-open: http, https or file, nothing else.
bool openable_url(std::string_view url);

/// The notification for `delivery` on a server with `caps`. `snooze` labels the Snooze action.
NotificationText notification_text(const core::Delivery& delivery, const Capabilities& caps,
                                   const core::Zone& user_zone, std::chrono::seconds snooze);

/// How many lines of the description the body keeps.
inline constexpr std::size_t description_lines = 3;

} // namespace agendad::dbus
