#include "dbus/notification_text.hpp"

#include "core/text/markup.hpp"

#include "core/text/meeting_link.hpp"
#include "core/text/when_text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace agendad::dbus {

Capabilities Capabilities::from(const std::vector<std::string>& names) {
    const auto has = [&](std::string_view name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    return Capabilities{.body = has("body"),
                        .markup = has("body-markup"),
                        .hyperlinks = has("body-hyperlinks"),
                        .actions = has("actions"),
                        .persistence = has("persistence"),
                        .sound = has("sound")};
}

bool openable_url(std::string_view url) {
    if (url.size() > 4096)
        return false;
    for (const char c : url)
        if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f)
            return false;
    return url.starts_with("https://") || url.starts_with("http://") || url.starts_with("file://");
}

namespace {

std::string first_lines(std::string_view text, std::size_t count) {
    std::string out;
    std::size_t lines = 0;
    while (!text.empty() && lines < count) {
        const auto eol = text.find('\n');
        const auto line = text.substr(0, eol);
        if (!out.empty())
            out += '\n';
        out += line;
        ++lines;
        if (eol == std::string_view::npos)
            return out;
        text.remove_prefix(eol + 1);
    }
    if (!text.empty())
        out += "…";
    return out;
}

} // namespace

const ActionInfo& action_info(Action action) {
    for (const ActionInfo& info : action_table)
        if (info.action == action)
            return info;
    return action_table[0]; // unreachable: every Action has its row
}

std::optional<Action> action_from_key(std::string_view key) {
    for (const ActionInfo& info : action_table)
        if (info.key == key)
            return info.action;
    return std::nullopt;
}

namespace {

constexpr std::string_view snooze_key_prefix = "snooze:";

} // namespace

std::optional<ChosenAction> parse_action_key(std::string_view key) {
    if (key.starts_with(snooze_key_prefix)) {
        auto choice = core::parse_snooze_choice(key.substr(snooze_key_prefix.size()));
        if (!choice)
            return std::nullopt;
        return ChosenAction{Action::snooze, std::move(*choice)};
    }
    if (const auto action = action_from_key(key))
        return ChosenAction{*action, std::nullopt};
    return std::nullopt;
}

std::vector<core::SnoozeChoice> NotificationContext::default_snooze_choices() {
    return {*core::parse_snooze_choice("5m")};
}

std::vector<std::string> NotificationText::action_strings() const {
    std::vector<std::string> out;
    for (const OfferedAction& offered : actions) {
        out.push_back(offered.key.empty() ? std::string{action_info(offered.action).key}
                                          : offered.key);
        out.push_back(offered.label);
    }
    return out;
}

namespace {

/// The text as the body shows it: escaped for a server that reads markup.
std::string body_text(std::string_view raw, const Capabilities& caps) {
    return caps.markup ? core::escape_markup(raw) : std::string{raw};
}

/// What Join opens: a link on a meeting host in the url, location or description (core's
/// meeting_link); else any https link in the location or description. A plain page in `url`
/// alone is what Open (the bubble itself) opens, not a meeting to join.
std::string join_link(const core::Delivery& d) {
    std::string link = core::meeting_link(d.url, d.location, d.description);
    if (!core::meeting_host(link))
        link = core::meeting_link("", d.location, d.description);
    return openable_url(link) ? link : std::string{};
}

OfferedAction offer(Action action) {
    const ActionInfo& info = action_info(action);
    return OfferedAction{action, std::string{info.label}, std::string{info.key}};
}

/// "Snooze 5 min", "Snooze 1 day", "Snooze until start".
OfferedAction offer_snooze(const core::SnoozeChoice& choice) {
    OfferedAction snooze = offer(Action::snooze);
    snooze.key = fmt::format("{}{}", snooze_key_prefix, choice.text);
    if (choice.until_start()) {
        snooze.label += " until start";
    } else {
        const auto length = choice.span->exact + std::chrono::days{choice.span->calendar_days};
        // duration_text counts minutes; a shorter snooze says its seconds.
        // Formatted whole: GCC 12 at -O3 warns (-Wrestrict, a false positive) on " " + text.
        snooze.label += length < std::chrono::minutes{1}
                            ? fmt::format(" {} s", length.count())
                            : fmt::format(" {}", core::duration_text(length));
    }
    return snooze;
}

} // namespace

NotificationText notification_text(const core::Delivery& d, const NotificationContext& context) {
    const Capabilities& caps = context.caps;
    const core::Zone& user_zone = *context.user_zone;
    const auto text = [&](std::string_view raw) { return body_text(raw, caps); };
    NotificationText n;
    // The summary is plain text in the spec (dunst escapes it itself); never escape it, or a
    // title like "<b>x</b>" would show as "&lt;b&gt;x…". Only the body is markup.
    n.summary = d.missed ? "Missed: " + d.title : d.title;

    const core::WhenParts when{.start = d.start,
                               .end = d.end,
                               .fire_at = d.fire_at,
                               .now = d.delivered_at,
                               .all_day = d.all_day,
                               .missed = d.missed,
                               .event_zone = core::find_zone(d.zone_name)};
    std::vector<std::string> lines{text(core::when_text(when, user_zone))};
    if (!d.location.empty())
        lines.push_back(text(d.location));
    if (!d.description.empty())
        lines.push_back(text(first_lines(d.description, description_lines)));

    // The links the body shows: the url (nowhere else in the body) and the meeting link,
    // unless the lines above already hold it. Without markup a link is plain text; most
    // servers make it clickable themselves, and a reader can copy it.
    const std::string join = join_link(d);
    std::vector<std::string_view> links;
    if (openable_url(d.url))
        links.push_back(d.url);
    const bool join_shown =
        d.location.find(join) != std::string::npos ||
        first_lines(d.description, description_lines).find(join) != std::string::npos;
    if (!join.empty() && join != d.url && !join_shown)
        links.push_back(join);
    for (const std::string_view link : links)
        lines.push_back(caps.markup && caps.hyperlinks
                            ? fmt::format("<a href=\"{0}\">{0}</a>", core::escape_markup(link))
                            : text(link));
    for (const std::string& line : lines) {
        if (!n.body.empty())
            n.body += '\n';
        n.body += line;
    }

    if (d.urgency == core::Urgency::critical || d.persistent)
        n.expire_timeout = 0;
    // The spec ties `resident` to servers that keep bubbles ("persistence"); others ignore it.
    n.resident = d.persistent && caps.persistence;
    if (core::sound_is_file(d.sound))
        n.sound_file = d.sound;
    else
        n.sound_name = d.sound;

    if (!caps.actions)
        return n;
    if (openable_url(d.url)) {
        n.open_url = d.url;
        n.actions.push_back(offer(Action::open));
    }
    if (!join.empty()) {
        n.join_url = join;
        n.actions.push_back(offer(Action::join));
    }
    if (context.can_act) {
        for (const core::SnoozeChoice& choice : context.snooze_choices)
            // Until the start means something only before it.
            if (!choice.until_start() || d.delivered_at < d.start)
                n.actions.push_back(offer_snooze(choice));
        n.actions.push_back(offer(Action::dismiss));
    }
    return n;
}

NotificationText digest_text(std::span<const core::Delivery> missed,
                             const NotificationContext& context) {
    NotificationText n;
    n.summary = fmt::format("{} missed reminders", missed.size());
    for (const core::Delivery& d : missed) {
        const core::WhenParts when{.start = d.start,
                                   .end = d.end,
                                   .fire_at = d.fire_at,
                                   .now = d.delivered_at,
                                   .all_day = d.all_day,
                                   .missed = false,
                                   .event_zone = nullptr};
        if (!n.body.empty())
            n.body += '\n';
        n.body += body_text(d.title, context.caps);
        n.body += " — ";
        n.body += body_text(core::when_text(when, *context.user_zone), context.caps);
    }
    return n;
}

NotificationText problem_text(const core::Diagnostics& diagnostics,
                              const NotificationContext& context) {
    std::string text;
    for (std::size_t i = 0; i < diagnostics.size() && i < 3; ++i) {
        if (i > 0)
            text += '\n';
        text += core::to_string(diagnostics[i]);
    }
    if (diagnostics.size() > 3)
        text += fmt::format("\n… and {} more", diagnostics.size() - 3);
    text += "\nThe previous schedule keeps running.";
    return NotificationText{.summary = "agendad: the schedule file has errors",
                            .body = body_text(text, context.caps),
                            .actions = {},
                            .join_url = {},
                            .open_url = {}};
}

NotificationText open_failed_text(std::string_view url, std::string_view reason,
                                  const NotificationContext& context) {
    NotificationText n;
    n.summary = fmt::format("Could not open {}", url);
    n.body = body_text(reason, context.caps);
    return n;
}

} // namespace agendad::dbus
