#include "dbus/notification_text.hpp"

#include "core/when_text.hpp"

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
                        .persistence = has("persistence")};
}

std::string escape_markup(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string find_meeting_link(std::string_view text) {
    const auto at = text.find("https://");
    if (at == std::string_view::npos)
        return {};
    auto end = at;
    while (end < text.size()) {
        const char c = text[end];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == ')' || c == ']' ||
            c == '"' || c == '\'' || c == '<')
            break;
        ++end;
    }
    // Trailing punctuation belongs to the sentence, not the link.
    while (end > at && (text[end - 1] == '.' || text[end - 1] == ',' || text[end - 1] == ';'))
        --end;
    if (end - at <= 8)
        return {};
    return std::string{text.substr(at, end - at)};
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

std::vector<std::string> NotificationText::action_strings() const {
    std::vector<std::string> out;
    for (const OfferedAction& offered : actions) {
        out.emplace_back(action_info(offered.action).key);
        out.push_back(offered.label);
    }
    return out;
}

namespace {

/// The text as the body shows it: escaped for a server that reads markup.
std::string body_text(std::string_view raw, const Capabilities& caps) {
    return caps.markup ? escape_markup(raw) : std::string{raw};
}

OfferedAction offer(Action action) {
    return OfferedAction{action, std::string{action_info(action).label}};
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
    if (caps.markup && caps.hyperlinks && openable_url(d.url))
        lines.push_back(
            fmt::format("<a href=\"{}\">{}</a>", escape_markup(d.url), escape_markup(d.url)));
    for (const std::string& line : lines) {
        if (!n.body.empty())
            n.body += '\n';
        n.body += line;
    }

    if (!caps.actions)
        return n;
    if (openable_url(d.url)) {
        n.open_url = d.url;
        n.actions.push_back(offer(Action::open));
    }
    n.join_url = find_meeting_link(d.location);
    if (n.join_url.empty())
        n.join_url = find_meeting_link(d.description);
    if (!openable_url(n.join_url))
        n.join_url.clear();
    if (!n.join_url.empty())
        n.actions.push_back(offer(Action::join));
    if (context.can_act) {
        OfferedAction snooze = offer(Action::snooze);
        snooze.label += ' ';
        snooze.label += core::duration_text(context.snooze);
        n.actions.push_back(std::move(snooze));
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

} // namespace agendad::dbus
