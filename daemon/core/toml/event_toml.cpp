#include "core/toml/event_toml.hpp"

#include <fmt/format.h>

namespace agendad::core {

namespace {

std::string local_text(LocalTime t) {
    return date::format("%FT%T", t);
}

std::string day_text(LocalDays day) {
    return date::format("%F", day);
}

} // namespace

std::string toml_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            // TOML forbids the other control characters in a basic string.
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
            else
                out += c;
        }
    }
    out += '"';
    return out;
}

std::string span_text(const Span& span) {
    std::string out;
    if (span.calendar_days != 0)
        out += fmt::format("{}d", span.calendar_days);
    const auto total = span.exact.count();
    if (const auto hours = total / 3600; hours != 0)
        out += fmt::format("{}h", hours);
    if (const auto minutes = total % 3600 / 60; minutes != 0)
        out += fmt::format("{}m", minutes);
    if (const auto seconds = total % 60; seconds != 0)
        out += fmt::format("{}s", seconds);
    return out.empty() ? "0m" : out;
}

std::string to_toml(const EventTable& table) {
    std::string out;
    for (const auto& comment : table.comments)
        out += "# " + comment + "\n";
    out += "[[event]]\n";
    const auto line = [&](std::string_view key, const std::string& value) {
        out += fmt::format("{} = {}\n", key, value);
    };
    if (!table.id.empty())
        line("id", toml_string(table.id));
    line("title", toml_string(table.title));
    line("start",
         table.all_day ? day_text(date::floor<date::days>(table.start)) : local_text(table.start));
    if (table.duration)
        line("duration", toml_string(span_text(*table.duration)));
    if (!table.timezone.empty())
        line("timezone", toml_string(table.timezone));
    if (!table.location.empty())
        line("location", toml_string(table.location));
    if (!table.description.empty())
        line("description", toml_string(table.description));
    if (!table.url.empty())
        line("url", toml_string(table.url));
    if (table.remind) {
        std::string list;
        for (const auto& lead : *table.remind)
            list += (list.empty() ? "" : ", ") + toml_string(span_text(lead));
        line("remind", "[" + list + "]");
    }
    if (!table.urgency.empty())
        line("urgency", toml_string(table.urgency));
    if (!table.repeat.empty())
        line("repeat", toml_string(table.repeat));
    if (!table.except_times.empty() || !table.except_days.empty()) {
        std::string list;
        for (const auto t : table.except_times)
            list += (list.empty() ? "" : ", ") + local_text(t);
        for (const auto d : table.except_days)
            list += (list.empty() ? "" : ", ") + day_text(d);
        line("except", "[" + list + "]");
    }
    return out;
}

std::string appended_text(std::string_view existing, std::string_view tables) {
    std::string out{existing};
    if (!out.empty() && out.back() != '\n')
        out += '\n';
    if (!out.empty())
        out += '\n';
    out += tables;
    return out;
}

} // namespace agendad::core
