#pragma once
/// What a desktop notification says (a reminder, a digest of missed ones, a schedule problem),
/// built from what the server can do and what we can do. Pure: no bus, no clock (the moment of
/// showing is in the delivery).

#include "core/model/diagnostic.hpp"
#include "core/model/reminder_style.hpp"
#include "core/protocol/delivery.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace agendad::dbus {

/// What the notification server said it can do (GetCapabilities).
struct Capabilities {
    bool body = true;
    bool markup = false;      ///< "body-markup"
    bool hyperlinks = false;  ///< "body-hyperlinks"
    bool actions = false;     ///< "actions"
    bool persistence = false; ///< keeps bubbles: the `resident` hint means something there
    bool sound = false;       ///< plays the sound-name and sound-file hints

    static Capabilities from(const std::vector<std::string>& names);
};

/// What a reminder's bubble can offer. Adding one: a row in action_table and its case where
/// NotificationSink dispatches ActionInvoked (a switch: the compiler points at it).
/// Snooze is offered once per snooze choice, keyed "snooze:5m", "snooze:start".
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

/// An action as ActionInvoked names it: the action, and for Snooze the choice.
struct ChosenAction {
    Action action;
    /// Snooze's choice; none for the bare "snooze" key (bubbles from before choices): the
    /// schedule's settings.snooze.
    std::optional<core::SnoozeChoice> snooze;
};

/// The action (and snooze choice) a key names: a table key, or "snooze:" and a choice.
std::optional<ChosenAction> parse_action_key(std::string_view key);

/// One button on a bubble.
struct OfferedAction {
    Action action;
    std::string label;
    std::string key; ///< what Notify sends: the table's key, or "snooze:5m"
};

/// What a bubble is built for: the server's side and ours.
struct NotificationContext {
    Capabilities caps;                     ///< what the server can show
    const core::Zone* user_zone = nullptr; ///< the user's clock
    /// One Snooze button each (settings.snooze); "start" only before the event starts.
    std::vector<core::SnoozeChoice> snooze_choices = default_snooze_choices();
    bool can_act = true; ///< a daemon to snooze and dismiss into (else only Open and Join)

    /// What a schedule without `snooze` offers: one button, 5 min.
    static std::vector<core::SnoozeChoice> default_snooze_choices();
};

/// One Notify call's texts and actions (app_name, icon and hints are fixed elsewhere).
struct NotificationText {
    std::string summary;
    std::string body;
    std::vector<OfferedAction> actions;
    std::string join_url; ///< the meeting link behind Action::join (core::meeting_link), if any
    std::string open_url; ///< the url behind Action::open, if any
    /// Notify's expire_timeout: -1 the server's choice, 0 never (critical or persistent).
    std::int32_t expire_timeout = -1;
    bool resident = false;    ///< the `resident` hint: stays after an action (persistent)
    std::string sound_name{}; ///< the `sound-name` hint, if any
    std::string sound_file{}; ///< the `sound-file` hint, if any

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

/// A short bubble for a link that could not be opened: `url` and why (`reason`).
NotificationText open_failed_text(std::string_view url, std::string_view reason,
                                  const NotificationContext& context);

/// How many lines of the description the body keeps.
inline constexpr std::size_t description_lines = 3;

} // namespace agendad::dbus
