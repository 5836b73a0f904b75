#include "core/toml/toml_fields.hpp"

#include "core/model/schedule.hpp"
#include "core/model/suggest.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace agendad::core {

Diagnostic diagnostic_at(std::string_view file, const toml::source_region& where,
                         std::string message) {
    return Diagnostic{std::string{file}, where.begin.line, where.begin.column, Severity::error,
                      std::move(message)};
}

namespace {

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

/// The table the line at `line_start` is in, as diagnostics name it ("event[3]", "settings"),
/// from the header lines above it; empty at the top level. A guess that only words a message:
/// it does not know strings, and needs not, since the line it words is a key's.
std::string table_context(std::string_view text, std::size_t line_start) {
    std::string name;
    std::size_t events = 0;
    std::size_t calendars = 0;
    for (std::size_t at = 0; at < line_start;) {
        const std::size_t end = std::min(text.find('\n', at), line_start);
        const std::string_view line = trim(text.substr(at, end - at));
        at = end + 1;
        // A header: `[name]` or `[[name]]`, then nothing but a comment.
        const bool array = line.starts_with("[[");
        const std::size_t close = line.find(array ? "]]" : "]");
        if (!line.starts_with('[') || close == std::string_view::npos)
            continue;
        const std::string_view after = trim(line.substr(close + (array ? 2 : 1)));
        if (!after.empty() && !after.starts_with('#'))
            continue;
        const std::string_view inner = trim(line.substr(array ? 2 : 1, close - (array ? 2 : 1)));
        if (array && inner == "event")
            name = fmt::format("event[{}]", ++events);
        else if (array && inner == "calendar")
            name = fmt::format("calendar[{}]", ++calendars);
        else
            name = std::string{inner};
    }
    return name;
}

} // namespace

Diagnostic syntax_diagnostic(std::string_view text, std::string_view file,
                             const toml::parse_error& error) {
    const auto& where = error.source().begin;
    std::string message{error.description()};
    std::size_t start = 0;
    for (std::uint32_t line = 1; line < where.line && start != std::string_view::npos; ++line) {
        start = text.find('\n', start);
        if (start != std::string_view::npos)
            ++start;
    }
    if (start == std::string_view::npos || start > text.size())
        return diagnostic_at(file, error.source(), std::move(message));
    const std::string_view line = text.substr(start, text.find('\n', start) - start);
    const std::size_t equals = line.find('=');
    const std::string_view key = trim(line.substr(0, equals));
    // Only an error in the value of a `key = value` line is worded with its key.
    if (equals == std::string_view::npos || where.column <= equals + 1 || key.empty() ||
        key.starts_with('['))
        return diagnostic_at(file, error.source(), std::move(message));
    std::string_view value = trim(line.substr(equals + 1));
    if (const auto comment = value.find(" #"); comment != std::string_view::npos)
        value = trim(value.substr(0, comment));
    const std::string context = table_context(text, start);
    const std::string path =
        context.empty() ? std::string{key} : fmt::format("{}.{}", context, key);

    constexpr std::string_view prefix = "Error while parsing ";
    const std::string_view description = error.description();
    const std::size_t colon = description.find(": ");
    if (description.starts_with(prefix) && colon != std::string_view::npos) {
        const std::string_view what = description.substr(prefix.size(), colon - prefix.size());
        const std::string_view detail = description.substr(colon + 2);
        if (what == "date" || what == "time" || what == "date-time")
            message = fmt::format("{} is not a valid {}: {}", value, what, detail);
        else if (what == "boolean" && !value.starts_with("true") && !value.starts_with("false"))
            message = fmt::format("{} is not a value; text goes in quotes (\"…\"), and a "
                                  "date-time is written 2022-01-13T10:00:00",
                                  value);
    }
    return diagnostic_at(file, error.source(), fmt::format("{}: {}", path, message));
}

std::string_view describe(toml::node_type type) {
    switch (type) {
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::string:
        return "a string";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a floating-point number";
    case toml::node_type::boolean:
        return "a boolean";
    case toml::node_type::date:
        return "a date";
    case toml::node_type::time:
        return "a time of day";
    case toml::node_type::date_time:
        return "a date-time";
    default:
        return "nothing";
    }
}

LocalTime TomlMoment::in_zone(const Zone& zone) const {
    if (!offset)
        return local;
    return to_local(zone, Instant{local.time_since_epoch() - *offset});
}

Instant TomlMoment::instant_in(const Zone& zone) const {
    if (offset)
        return Instant{local.time_since_epoch() - *offset};
    return resolve_local(zone, local);
}

std::string TableName::text() const {
    return number == 0 ? std::string{kind} : fmt::format("{}[{}]", kind, number);
}

TableFields::TableFields(const toml::table& table, TableName name, std::string_view file,
                         Diagnostics& diagnostics)
    : table_(&table), name_(name), file_(file), diagnostics_(&diagnostics) {
    asked_.reserve(32); // more than any table's reader asks for: no regrowth per table
    if (table.size() <= keys_.size())
        for (auto&& [key, node] : table)
            keys_[key_count_++] = {key.str(), &node};
}

const toml::node* TableFields::lookup(std::string_view key) const {
    if (table_->size() > keys_.size())
        return table_->get(key);
    // A table here has a few keys: a scan comparing lengths first is about a quarter of what
    // toml++'s map costs (a string comparison per level), at ~25 asks per event.
    for (std::size_t i = 0; i < key_count_; ++i)
        if (keys_[i].first.size() == key.size() && keys_[i].first == key)
            return keys_[i].second;
    return nullptr;
}

std::string TableFields::path(std::string_view key) const {
    return name_.kind.empty() ? std::string{key} : fmt::format("{}.{}", name_.text(), key);
}

void TableFields::error(const toml::node& at, std::string_view key, std::string message) {
    diagnostics_->push_back(
        diagnostic_at(file_, at.source(), fmt::format("{}: {}", path(key), message)));
}

void TableFields::error_here(std::string message) {
    diagnostics_->push_back(diagnostic_at(
        file_, table_->source(),
        name_.kind.empty() ? std::move(message) : fmt::format("{}: {}", name_.text(), message)));
}

void TableFields::wrong_type(const toml::node& node, std::string_view key,
                             std::string_view expected) {
    error(node, key, fmt::format("expected {}, found {}", expected, describe(node.type())));
}

const toml::node* TableFields::find(std::string_view key) {
    // Duplicates are dropped where the list is read, in report_unknown()'s rare slow path: a
    // search here, at every ask, was a third of reading an event (callgrind).
    asked_.push_back(key);
    const toml::node* node = lookup(key);
    if (node != nullptr && found_count_ <= found_.size()) {
        const auto end = found_.begin() + static_cast<std::ptrdiff_t>(found_count_);
        if (std::find(found_.begin(), end, node) == end) {
            if (found_count_ < found_.size())
                found_[found_count_] = node;
            ++found_count_; // past found_.size(): too many to tell, report_unknown() looks
        }
    }
    return node;
}

std::optional<std::string> TableFields::string(std::string_view key, bool non_empty) {
    const toml::node* node = find(key);
    if (node == nullptr)
        return std::nullopt;
    const auto* value = node->as_string();
    if (value == nullptr) {
        wrong_type(*node, key, "a string");
        return std::nullopt;
    }
    const std::string& text = value->get();
    if (non_empty && text.find_first_not_of(" \t\r\n") == std::string::npos) {
        error(*node, key, "must not be empty");
        return std::nullopt;
    }
    if (text.size() > limits::text_bytes) {
        error(*node, key,
              fmt::format("is {} bytes long; at most {} are allowed", text.size(),
                          limits::text_bytes));
        return std::nullopt;
    }
    return text;
}

std::optional<Span> TableFields::span(std::string_view key) {
    const toml::node* node = find(key);
    if (node == nullptr)
        return std::nullopt;
    const auto* value = node->as_string();
    if (value == nullptr) {
        wrong_type(*node, key, "a span in quotes such as \"1h30m\"");
        return std::nullopt;
    }
    auto parsed = parse_span(value->get());
    if (!parsed) {
        error(*node, key, parsed.error());
        return std::nullopt;
    }
    return *parsed;
}

std::optional<std::vector<Span>> TableFields::span_list(std::string_view key) {
    const toml::node* node = find(key);
    if (node == nullptr)
        return std::nullopt;
    const auto* list = node->as_array();
    if (list == nullptr) {
        wrong_type(*node, key, "an array of spans such as [\"1d\", \"15m\"]");
        return std::nullopt;
    }
    if (list->size() > limits::reminders_per_event) {
        error(*node, key,
              fmt::format("has {} lead times; at most {} are allowed", list->size(),
                          limits::reminders_per_event));
        return std::nullopt;
    }
    std::vector<Span> spans;
    bool ok = true;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const toml::node& item = *list->get(i);
        const std::string item_key = fmt::format("{}[{}]", key, i + 1);
        const auto* value = item.as_string();
        if (value == nullptr) {
            wrong_type(item, item_key, "a span in quotes such as \"1h30m\"");
            ok = false;
            continue;
        }
        auto parsed = parse_span(value->get());
        if (!parsed) {
            error(item, item_key, parsed.error());
            ok = false;
            continue;
        }
        if (std::find(spans.begin(), spans.end(), *parsed) != spans.end()) {
            error(item, item_key, fmt::format("\"{}\" is listed twice", value->get()));
            ok = false;
            continue;
        }
        spans.push_back(std::move(*parsed));
    }
    return ok ? std::optional{std::move(spans)} : std::nullopt;
}

std::optional<TomlMoment> TableFields::to_moment(const toml::node& node, std::string_view key) {
    if (const auto* d = node.as_date()) {
        const auto& v = d->get();
        const date::year_month_day ymd{date::year{v.year}, date::month{v.month}, date::day{v.day}};
        return TomlMoment{true, LocalTime{date::local_days{ymd}}, std::nullopt};
    }
    if (const auto* dt = node.as_date_time()) {
        const auto& v = dt->get();
        const date::year_month_day ymd{date::year{v.date.year}, date::month{v.date.month},
                                       date::day{v.date.day}};
        const LocalTime local = date::local_days{ymd} + std::chrono::hours{v.time.hour} +
                                std::chrono::minutes{v.time.minute} +
                                std::chrono::seconds{v.time.second};
        std::optional<std::chrono::minutes> offset;
        if (v.offset)
            offset = std::chrono::minutes{v.offset->minutes};
        return TomlMoment{false, local, offset};
    }
    if (node.is_time()) {
        error(node, key,
              "a time of day alone is not enough; write a date too, e.g. "
              "2022-01-13T10:00:00");
        return std::nullopt;
    }
    wrong_type(node, key, "a date (2022-01-13) or a date-time (2022-01-13T10:00:00)");
    return std::nullopt;
}

std::optional<TomlMoment> TableFields::moment(std::string_view key) {
    const toml::node* node = find(key);
    if (node == nullptr)
        return std::nullopt;
    return to_moment(*node, key);
}

std::optional<std::vector<TomlMoment>> TableFields::moment_list(std::string_view key) {
    const toml::node* node = find(key);
    if (node == nullptr)
        return std::nullopt;
    const auto* list = node->as_array();
    if (list == nullptr) {
        wrong_type(*node, key, "an array of dates or date-times");
        return std::nullopt;
    }
    if (list->size() > limits::exceptions_per_event) {
        error(*node, key,
              fmt::format("has {} entries; at most {} are allowed", list->size(),
                          limits::exceptions_per_event));
        return std::nullopt;
    }
    std::vector<TomlMoment> moments;
    bool ok = true;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto m = to_moment(*list->get(i), fmt::format("{}[{}]", key, i + 1));
        if (m)
            moments.push_back(*m);
        else
            ok = false;
    }
    return ok ? std::optional{std::move(moments)} : std::nullopt;
}

const toml::table* TableFields::table(std::string_view key) {
    const toml::node* node = find(key);
    if (node == nullptr)
        return nullptr;
    if (!node->is_table()) {
        wrong_type(*node, key, "a table");
        return nullptr;
    }
    return node->as_table();
}

const toml::array* TableFields::array(std::string_view key) {
    const toml::node* node = find(key);
    if (node == nullptr)
        return nullptr;
    if (!node->is_array()) {
        wrong_type(*node, key, "an array of tables ([[" + std::string{key} + "]])");
        return nullptr;
    }
    return node->as_array();
}

void TableFields::report_unknown() {
    // Every key of the table was asked for (the common case): nothing to look up.
    if (found_count_ <= found_.size() && found_count_ == table_->size())
        return;
    std::vector<std::string_view> known;
    known.reserve(asked_.size());
    for (const std::string_view key : asked_)
        if (std::find(known.begin(), known.end(), key) == known.end())
            known.push_back(key);
    for (auto&& [key, node] : *table_) {
        if (std::find(known.begin(), known.end(), key.str()) != known.end())
            continue;
        std::string message = with_suggestion(
            name_.kind.empty() ? fmt::format("unknown key \"{}\"", key.str())
                               : fmt::format("{}: unknown key \"{}\"", name_.text(), key.str()),
            key.str(), known);
        diagnostics_->push_back(diagnostic_at(file_, key.source(), std::move(message)));
    }
}

} // namespace agendad::core
