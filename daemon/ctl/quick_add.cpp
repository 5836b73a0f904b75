#include "ctl/quick_add.hpp"

#include "core/model/schedule.hpp"
#include "core/text/reminder_text.hpp"
#include "core/time/span.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <fmt/format.h>
#include <optional>
#include <sstream>
#include <vector>

namespace agendad::ctl {

namespace {

using namespace std::chrono_literals;

std::string lower(std::string_view text) {
    std::string out{text};
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream in{std::string{text}};
    for (std::string word; in >> word;)
        out.push_back(lower(word));
    return out;
}

std::optional<int> number(std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

/// "15:00", "9:05", "9am", "3pm", "12:30pm": minutes after midnight.
std::optional<std::chrono::minutes> time_of_day(std::string_view text) {
    int add_hours = 0;
    bool twelve_hour = false;
    if (text.ends_with("am") || text.ends_with("pm")) {
        add_hours = text.ends_with("pm") ? 12 : 0;
        twelve_hour = true;
        text.remove_suffix(2);
    }
    std::optional<int> hours;
    std::optional<int> minutes = 0;
    if (const auto colon = text.find(':'); colon != std::string_view::npos) {
        hours = number(text.substr(0, colon));
        minutes = text.size() - colon - 1 == 2 ? number(text.substr(colon + 1)) : std::nullopt;
    } else if (twelve_hour) {
        hours = number(text);
    }
    if (!hours || !minutes || *minutes < 0 || *minutes > 59 || *hours < 0)
        return std::nullopt;
    if (twelve_hour) {
        if (*hours < 1 || *hours > 12)
            return std::nullopt;
        *hours = *hours % 12 + add_hours;
    } else if (*hours > 23) {
        return std::nullopt;
    }
    return std::chrono::hours{*hours} + std::chrono::minutes{*minutes};
}

/// 0 = Sunday … 6 = Saturday, from "friday" or "fri".
std::optional<unsigned> weekday_named(std::string_view word) {
    static constexpr std::array<std::string_view, 7> names{
        "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
    for (unsigned i = 0; i < names.size(); ++i)
        if (word == names[i] || (word.size() >= 3 && names[i].starts_with(word)))
            return i;
    return std::nullopt;
}

std::optional<When> iso(const std::vector<std::string>& words) {
    std::string text = words.front();
    if (words.size() == 2)
        text += "T" + words[1];
    else if (words.size() > 2)
        return std::nullopt;
    std::replace(text.begin(), text.end(), 't', 'T');
    if (text.size() == 16) // 2026-12-03T15:00
        text += ":00";
    // A wall-clock reading parsed as if it were UTC, read back as the same reading.
    if (text.size() == 19)
        if (const auto t = core::parse_rfc3339(text + "Z"))
            return When{core::LocalTime{t->time_since_epoch()}, false};
    if (text.size() == 10)
        if (const auto t = core::parse_rfc3339(text + "T00:00:00Z"))
            return When{core::LocalTime{t->time_since_epoch()}, true};
    return std::nullopt;
}

const std::string accepted =
    "use e.g. 2026-12-03T15:00, 2026-12-03 (all day), \"tomorrow 15:00\", \"friday 9:00\", "
    "\"15:00\" or \"in 2h\"";

} // namespace

std::expected<When, std::string> parse_when(std::string_view text, core::Instant now,
                                            const core::Zone& zone) {
    const auto words = words_of(text);
    const auto refuse = [&] {
        return std::unexpected(
            fmt::format("\"{}\" is not a time agendactl add knows ({})", text, accepted));
    };
    if (words.empty())
        return refuse();
    const core::LocalTime here = core::to_local(zone, now);
    const core::LocalDays today = date::floor<date::days>(here);

    if (words.front() == "in") {
        if (words.size() != 2)
            return refuse();
        const auto span = core::parse_span(words[1]);
        if (!span)
            return std::unexpected(fmt::format("\"{}\": {}", text, span.error()));
        return When{date::floor<std::chrono::minutes>(core::to_local(zone, span->after(now, zone))),
                    false};
    }
    if (auto when = iso(words))
        return *when;

    std::optional<std::chrono::minutes> time;
    std::vector<std::string> day_words = words;
    if (const auto t = time_of_day(words.back())) {
        time = t;
        day_words.pop_back();
    }
    if (day_words.size() > 1)
        return refuse();
    const auto ahead = [&](core::LocalDays day) { return !time || day + *time > here; };
    core::LocalDays day = today;
    if (day_words.empty()) {
        if (!time)
            return refuse();
        if (!ahead(day))
            day += date::days{1};
    } else if (day_words.front() == "today") {
    } else if (day_words.front() == "tomorrow") {
        day += date::days{1};
    } else if (const auto weekday = weekday_named(day_words.front())) {
        while (date::weekday{day}.c_encoding() != *weekday || !ahead(day))
            day += date::days{1};
    } else {
        return refuse();
    }
    if (!time)
        return When{core::LocalTime{day}, true};
    return When{day + *time, false};
}

std::expected<core::EventTable, std::string> event_to_add(const AddRequest& request,
                                                          core::Instant now,
                                                          const core::Zone& schedule_zone,
                                                          const std::set<std::string>& taken) {
    const core::Zone* zone = &schedule_zone;
    if (!request.timezone.empty()) {
        zone = core::find_zone(request.timezone);
        if (zone == nullptr)
            return std::unexpected(fmt::format(
                "\"{}\" is not an IANA time zone name (e.g. Europe/Brussels)", request.timezone));
    }
    const auto when = parse_when(request.when, now, *zone);
    if (!when)
        return std::unexpected(when.error());

    core::EventTable table;
    table.title = request.title;
    table.start = when->start;
    table.all_day = when->all_day;
    table.timezone = request.timezone;
    table.repeat = request.repeat;
    if (!request.duration.empty()) {
        auto span = core::parse_span(request.duration);
        if (!span)
            return std::unexpected(
                fmt::format("--duration \"{}\": {}", request.duration, span.error()));
        table.duration = std::move(*span);
    }
    if (request.remind == "none") {
        table.remind = std::vector<core::Span>{};
    } else if (!request.remind.empty()) {
        std::vector<core::Span> leads;
        std::string_view rest = request.remind;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto item = rest.substr(0, comma);
            auto span = core::parse_span(item);
            if (!span)
                return std::unexpected(fmt::format("--remind \"{}\": {}", item, span.error()));
            leads.push_back(std::move(*span));
            rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
        }
        table.remind = std::move(leads);
    }

    // As the reader derives ids ("dentist-20261203t1500"), then made unique.
    const std::string id = core::derived_event_id(request.title, table.start, table.all_day);
    table.id = id;
    for (int n = 2; taken.contains(table.id); ++n)
        table.id = fmt::format("{}-{}", id, n);
    return table;
}

} // namespace agendad::ctl
