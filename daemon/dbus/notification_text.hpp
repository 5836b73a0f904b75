#pragma once
/// What a desktop notification says (a reminder, a digest of missed ones, a schedule problem),
/// built from what the server can do and what we can do. Pure: no bus, no clock (the moment of
/// showing is in the delivery).

#include "core/delivery.hpp"
#include "core/diagnostic.hpp"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
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

/// What a reminder's bubble can offer. Adding one: a row in action_table and its case where
/// NotificationSink dispatches ActionInvoked (a switch: the compiler points at it).
enum class Action { open, join, snooze, dismiss };

struct ActionInfo {
    Action action;
    std::string_view key;   ///< what Notify sends and ActionInvoked returns
    std::string_view label; ///< the button ("Snooze" is followed by its length: "Snooze 5 min")
};

/// The one list of action keys and labels.
inline constexpr ActionInfo action_table[] = {
    {Action::open, "default", "Open"}, // "default": the bubble itself, clicked
    {Action::join, "join", "Join"},
    {Action::snooze, "snooze", "Snooze"},
    {Action::dismiss, "dismiss", "Dismiss"},
};

/// The row of `action` in action_table.
const ActionInfo& action_info(Action action);
/// The action whose key is `key`; none for another key.
std::optional<Action> action_from_key(std::string_view key);

/// One button on a bubble.
struct OfferedAction {
    Action action;
    std::string label;
};

/// What a bubble is built for: the server's side and ours.
struct NotificationContext {
    Capabilities caps;                     ///< what the server can show
    const core::Zone* user_zone = nullptr; ///< the user's clock
    std::chrono::seconds snooze{300};      ///< labels the Snooze action
    bool can_act = true; ///< a daemon to snooze and dismiss into (else only Open and Join)
};

/// One Notify call's texts and actions (app_name, icon and hints are fixed elsewhere).
struct NotificationText {
    std::string summary;
    std::string body;
    std::vector<OfferedAction> actions;
    std::string join_url; ///< the meeting link behind Action::join (core::meeting_link), if any
    std::string open_url; ///< the url behind Action::open, if any

    /// key, label, key, label… as Notify takes them.
    std::vector<std::string> action_strings() const;
};

/// Whether `url` may be handed to xdg-open: http, https or file, nothing else.
bool openable_url(std::string_view url);

/// The notification for one reminder.
NotificationText notification_text(const core::Delivery& delivery,
                                   const NotificationContext& context);

/// One notification for reminders missed while agendad was not running: one line each.
NotificationText digest_text(std::span<const core::Delivery> missed,
                             const NotificationContext& context);

/// The notification for a schedule file with errors: the first three, and how many more.
NotificationText problem_text(const core::Diagnostics& diagnostics,
                              const NotificationContext& context);

/// How many lines of the description the body keeps.
inline constexpr std::size_t description_lines = 3;

} // namespace agendad::dbus
