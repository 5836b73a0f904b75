#include "core/model/suggest.hpp"
#include "core/toml/schedule_words.hpp"

#include <fmt/format.h>

namespace agendad::core {

namespace {

const std::vector<std::string_view> alarm_policies = {"own", "ignore", "both"};
const std::vector<std::string_view> skip_words = {"cancelled", "declined", "free"};

/// An array of short strings, each checked by `each` (which reports its own errors).
template <typename Each>
void read_words(TableFields& fields, std::string_view key, Each each) {
    const toml::node* node = fields.find(key);
    if (node == nullptr)
        return;
    const auto* list = node->as_array();
    if (list == nullptr) {
        fields.error(*node, key,
                     fmt::format("expected an array of strings, found {}", describe(node->type())));
        return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const toml::node& item = *list->get(i);
        const std::string item_key = fmt::format("{}[{}]", key, i + 1);
        const auto* value = item.as_string();
        if (value == nullptr)
            fields.error(item, item_key,
                         fmt::format("expected a string, found {}", describe(item.type())));
        else if (value->get().size() > limits::word_bytes * 4)
            fields.error(item, item_key,
                         fmt::format("is {} bytes long; at most {} are allowed",
                                     value->get().size(), limits::word_bytes * 4));
        else
            each(item, item_key, value->get());
    }
}

std::optional<AlarmPolicy> read_alarm_policy(TableFields& fields) {
    auto text = read_word(fields, "alarms");
    if (!text)
        return std::nullopt;
    if (*text == "own")
        return AlarmPolicy::own;
    if (*text == "ignore")
        return AlarmPolicy::ignore;
    if (*text == "both")
        return AlarmPolicy::both;
    fields.error(*fields.find("alarms"), "alarms",
                 with_suggestion(fmt::format("\"{}\" is not an alarm policy; use own, ignore or "
                                             "both",
                                             *text),
                                 *text, alarm_policies));
    return std::nullopt;
}

std::optional<SkipRules> read_skip(TableFields& fields) {
    if (fields.find("skip") == nullptr)
        return std::nullopt;
    SkipRules skip{.cancelled = false};
    read_words(fields, "skip",
               [&](const toml::node& item, const std::string& key, const std::string& word) {
                   if (word == "cancelled")
                       skip.cancelled = true;
                   else if (word == "declined")
                       skip.declined = true;
                   else if (word == "free")
                       skip.free = true;
                   else
                       fields.error(item, key,
                                    with_suggestion(fmt::format("\"{}\" is not something to skip; "
                                                                "use cancelled, declined or free",
                                                                word),
                                                    word, skip_words));
               });
    return skip;
}

bool valid_name(std::string_view name) {
    if (name.empty() || name.size() > limits::calendar_name_bytes)
        return false;
    for (const char c : name)
        if (c == '/' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return false;
    return true;
}

std::optional<CalendarSettings> read_calendar_table(const toml::table& table, std::size_t number,
                                                    const PathBase& base,
                                                    Diagnostics& diagnostics) {
    TableFields fields{table, {"calendar", number}, base.schedule_path, diagnostics};
    const std::size_t errors_before = diagnostics.size();
    CalendarSettings calendar;
    calendar.position = {table.source().begin.line, table.source().begin.column};
    if (auto name = fields.string("name", true)) {
        if (!valid_name(*name))
            fields.error(*fields.find("name"), "name",
                         fmt::format("\"{}\" is not a usable name; at most {} bytes, without '/'",
                                     *name, limits::calendar_name_bytes));
        calendar.name = *name;
    } else if (fields.find("name") == nullptr) {
        fields.error_here(R"(missing "name"; every calendar needs one, e.g. name = "work")");
    }
    if (auto path = fields.string("path", true)) {
        if (auto resolved = resolve_calendar_path(*path, base))
            calendar.path = std::move(*resolved);
        else
            fields.error(*fields.find("path"), "path",
                         fmt::format("\"{}\" starts with ~ but the home folder is unknown; write "
                                     "the path whole",
                                     *path));
    } else if (fields.find("path") == nullptr) {
        fields.error_here("missing \"path\"; give an .ics file or a folder of them, e.g. path = "
                          "\"~/.local/share/vdirsyncer/work\"");
    }
    if (auto remind = fields.span_list("remind"))
        calendar.remind = std::move(*remind);
    if (auto alarms = read_alarm_policy(fields))
        calendar.alarms = *alarms;
    if (auto urgency = read_urgency(fields))
        calendar.urgency = *urgency;
    if (auto skip = read_skip(fields))
        calendar.skip = *skip;
    read_words(fields, "me", [&](const toml::node&, const std::string&, const std::string& me) {
        calendar.me.push_back(me.starts_with("mailto:") ? me.substr(7) : me);
    });
    fields.report_unknown();
    if (diagnostics.size() != errors_before)
        return std::nullopt;
    return calendar;
}

} // namespace

std::vector<CalendarSettings> read_calendar_tables(TableFields& top, const PathBase& base,
                                                   Diagnostics& diagnostics) {
    std::vector<CalendarSettings> calendars;
    const toml::array* tables = top.array("calendar");
    if (tables == nullptr)
        return calendars;
    if (tables->size() > limits::calendars) {
        top.error(
            *tables, "calendar",
            fmt::format("{} calendars; at most {} are allowed", tables->size(), limits::calendars));
        return calendars;
    }
    std::map<std::string, SourcePosition> names;
    for (std::size_t i = 0; i < tables->size(); ++i) {
        const toml::node& node = *tables->get(i);
        if (!node.is_table()) {
            top.error(
                node, fmt::format("calendar[{}]", i + 1),
                fmt::format("expected a table ([[calendar]]), found {}", describe(node.type())));
            continue;
        }
        auto calendar = read_calendar_table(*node.as_table(), i + 1, base, diagnostics);
        if (!calendar)
            continue;
        const auto [seen, inserted] = names.emplace(calendar->name, calendar->position);
        if (!inserted) {
            const auto& name = *node.as_table()->get("name");
            diagnostics.push_back(diagnostic_at(
                base.schedule_path, name.source(),
                fmt::format("calendar[{}].name: \"{}\" is already the name of the calendar at "
                            "line {}; names must be unique",
                            i + 1, calendar->name, seen->second.line)));
            continue;
        }
        calendars.push_back(std::move(*calendar));
    }
    return calendars;
}

} // namespace agendad::core
