#include "core/text/reminder_text.hpp"

#include "core/time/zone_offsets.hpp"

#include <cstdint>
#include <cstring>
#include <fmt/format.h>
#include <sstream>

namespace agendad::core {

namespace {

// Formatting by hand rather than with date::format, which builds a stream and a locale on every
// call: `agendactl upcoming --json` prints tens of thousands of these.
struct Fields {
    date::year_month_day ymd;
    date::weekday weekday;
    date::hh_mm_ss<std::chrono::seconds> time;
};

Fields fields_of(std::chrono::seconds since_epoch) {
    const date::sys_seconds t{since_epoch};
    const auto day = date::floor<date::days>(t);
    return {date::year_month_day{day}, date::weekday{day}, date::hh_mm_ss{t - day}};
}

Fields fields_in(const Zone& zone, Instant instant, std::string* abbrev = nullptr) {
    const auto info = zone.get_info(instant);
    if (abbrev != nullptr)
        *abbrev = info.abbrev;
    return fields_of(instant.time_since_epoch() + info.offset);
}

constexpr const char* weekday_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

/// "00" to "99": two digits at a time.
constexpr char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

char* put_two(char* p, unsigned value) {
    const std::size_t at = 2 * std::size_t{value};
    p[0] = digit_pairs[at];
    p[1] = digit_pairs[at + 1];
    return p + 2;
}

/// The civil date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days), for the
/// listing's hot path; date::year_month_day computes the same in more steps.
struct CivilDay {
    int year;
    unsigned month;
    unsigned day;
};

CivilDay civil_from_days(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    const auto year = static_cast<int>(static_cast<long long>(yoe) + era * 400 + (month <= 2));
    return {year, month, day};
}

/// Writes "2022-01-13T10:00:00" (or with a space, or without seconds) for a wall-clock reading
/// given as seconds since the epoch; returns the end. Digits are written by hand: fmt's runtime
/// formatting cost more than the whole planner here, and date::format builds a stream and a
/// locale on every call.
char* write_date_time(char* p, long long since_epoch, char separator, bool seconds) {
    const long long days = since_epoch >= 0 ? since_epoch / 86400 : (since_epoch - 86399) / 86400;
    const auto in_day = static_cast<unsigned>(since_epoch - days * 86400);
    const CivilDay date = civil_from_days(days);
    const auto year = static_cast<unsigned>(date.year); // years 1 to 9999 (see clamp_instant)
    p = put_two(p, year / 100 % 100);
    p = put_two(p, year % 100);
    *p++ = '-';
    p = put_two(p, date.month);
    *p++ = '-';
    p = put_two(p, date.day);
    *p++ = separator;
    p = put_two(p, in_day / 3600);
    *p++ = ':';
    p = put_two(p, in_day / 60 % 60);
    if (seconds) {
        *p++ = ':';
        p = put_two(p, in_day % 60);
    }
    return p;
}

constexpr std::size_t rfc3339_size = 25; // "2022-01-10T10:00:00+01:00"

char* write_rfc3339_utc(char* p, Instant instant) {
    p = write_date_time(p, instant.time_since_epoch().count(), 'T', true);
    *p++ = 'Z';
    return p;
}

char* write_rfc3339_in(char* p, const Zone& zone, Instant instant) {
    // Whole minutes, as RFC 3339 writes them; the wall clock shown is the one they give.
    const auto offset =
        std::chrono::duration_cast<std::chrono::minutes>(zone_offsets(zone).offset_at(instant));
    p = write_date_time(p, (instant.time_since_epoch() + offset).count(), 'T', true);
    const auto minutes =
        static_cast<unsigned>(offset < offset.zero() ? -offset.count() : offset.count());
    *p++ = offset < offset.zero() ? '-' : '+';
    p = put_two(p, minutes / 60 % 100);
    *p++ = ':';
    return put_two(p, minutes % 60);
}

char* write_text(char* p, std::string_view text) {
    std::memcpy(p, text.data(), text.size());
    return p + text.size();
}

/// True when one of the 8 bytes of `word` must be escaped in JSON: below 0x20, '"' or '\'.
/// (The usual "has a zero byte" test, on the word and on its XORs with '"' and '\'.)
bool has_escape(std::uint64_t word) {
    constexpr std::uint64_t ones = 0x0101010101010101;
    constexpr std::uint64_t highs = 0x8080808080808080;
    const auto zero_in = [](std::uint64_t w) { return (w - ones) & ~w & highs; };
    return (((word - ones * 0x20) & ~word & highs) | zero_in(word ^ (ones * '"')) |
            zero_in(word ^ (ones * '\\'))) != 0;
}

/// At most how many bytes write_escaped writes for `text`.
constexpr std::size_t escaped_size(std::string_view text) {
    return 6 * text.size();
}

/// Writes `text` as the inside of a JSON string; returns the end. Titles and ids rarely hold
/// anything to escape, so plain stretches are found eight bytes at a time and copied whole.
char* write_escaped(char* p, std::string_view text) {
    const char* in = text.data();
    const char* const end = in + text.size();
    while (in != end) {
        if (end - in >= 8) {
            std::uint64_t word;
            std::memcpy(&word, in, 8);
            if (!has_escape(word)) {
                std::memcpy(p, in, 8);
                p += 8;
                in += 8;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(*in++);
        if (c >= 0x20 && c != '"' && c != '\\') {
            *p++ = static_cast<char>(c);
            continue;
        }
        switch (c) {
        case '"':
            p = write_text(p, "\\\"");
            break;
        case '\\':
            p = write_text(p, "\\\\");
            break;
        case '\n':
            p = write_text(p, "\\n");
            break;
        case '\r':
            p = write_text(p, "\\r");
            break;
        case '\t':
            p = write_text(p, "\\t");
            break;
        default: { // the other characters below 0x20
            static constexpr char hex[] = "0123456789abcdef";
            p = write_text(p, "\\u00");
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
        }
        }
    }
    return p;
}

/// Appends at most `most` bytes to `out` with `write(char* at) -> char* end`, in place.
template <typename Write>
void append_with(std::string& out, std::size_t most, Write write) {
    const std::size_t before = out.size();
    out.resize_and_overwrite(before + most, [&](char* data, std::size_t) {
        return static_cast<std::size_t>(write(data + before) - data);
    });
}

void append_date_time(std::string& out, const Fields& f, char separator, bool seconds) {
    const auto day = date::sys_days{f.ymd}.time_since_epoch().count();
    append_with(out, 19, [&](char* p) {
        return write_date_time(p, day * 86400LL + f.time.to_duration().count(), separator, seconds);
    });
}

std::string date_time(const Fields& f, char separator, bool seconds) {
    std::string out;
    append_date_time(out, f, separator, seconds);
    return out;
}

/// "Thu 2022-01-13 10:00"
std::string human(const Fields& f) {
    return fmt::format("{} {}", weekday_names[f.weekday.c_encoding()], date_time(f, ' ', false));
}

} // namespace

std::string rfc3339_utc(Instant instant) {
    std::string out;
    append_with(out, rfc3339_size, [&](char* p) { return write_rfc3339_utc(p, instant); });
    return out;
}

std::string rfc3339_in(const Zone& zone, Instant instant) {
    std::string out;
    append_with(out, rfc3339_size, [&](char* p) { return write_rfc3339_in(p, zone, instant); });
    return out;
}

std::optional<Instant> parse_rfc3339(std::string_view text) {
    std::string normalized{text};
    if (normalized.size() > 10 && (normalized[10] == ' ' || normalized[10] == 't'))
        normalized[10] = 'T';
    if (!normalized.empty() && (normalized.back() == 'Z' || normalized.back() == 'z'))
        normalized.replace(normalized.size() - 1, 1, "+00:00");
    std::istringstream in{normalized};
    date::sys_time<std::chrono::seconds> instant;
    // GCC 12 at -O3 takes date::from_stream's `long double S` for maybe uninitialized once it
    // is inlined here (it is set whenever %T parses, and read only then): a false alarm.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
    in >> date::parse("%FT%T%Ez", instant);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
    if (in.fail() || in.peek() != std::char_traits<char>::eof())
        return std::nullopt;
    return instant;
}

std::string json_escape(std::string_view text) {
    std::string out;
    append_with(out, escaped_size(text), [&](char* p) { return write_escaped(p, text); });
    return out;
}

namespace {

/// One reminder's JSON object with its lead in `lead_words`; `snoozed` adds "snoozed":true.
void append_json(std::string& out, const Reminder& r, std::string_view lead_words, bool snoozed) {
    const Event& event = *r.event;
    // Written in place into `out`, grown once by the most this object can take.
    constexpr std::string_view fire_at = R"({"fire_at":")";
    constexpr std::string_view start = R"(","start":")";
    constexpr std::string_view title = R"(","title":")";
    constexpr std::string_view id = R"(","id":")";
    constexpr std::string_view lead = R"(","lead":")";
    constexpr std::string_view all_day = R"(","all_day":false)";
    constexpr std::string_view calendar = R"(,"calendar":")";
    constexpr std::string_view snoozed_field = R"(,"snoozed":true)";
    const std::size_t most =
        fire_at.size() + start.size() + title.size() + id.size() + lead.size() + all_day.size() +
        calendar.size() + snoozed_field.size() + 2 + 2 * rfc3339_size + escaped_size(event.title) +
        escaped_size(event.id) + escaped_size(lead_words) + escaped_size(event.calendar);
    append_with(out, most, [&](char* p) {
        p = write_text(p, fire_at);
        p = write_rfc3339_utc(p, r.fire_at);
        p = write_text(p, start);
        p = write_rfc3339_in(p, *event.zone, r.occurrence.start);
        p = write_text(p, title);
        p = write_escaped(p, event.title);
        p = write_text(p, id);
        p = write_escaped(p, event.id);
        p = write_text(p, lead);
        p = write_escaped(p, lead_words);
        p = write_text(p, event.all_day ? R"(","all_day":true)" : all_day);
        if (!event.calendar.empty()) {
            p = write_text(p, calendar);
            p = write_escaped(p, event.calendar);
            *p++ = '"';
        }
        if (snoozed)
            p = write_text(p, snoozed_field);
        *p++ = '}';
        return p;
    });
}

} // namespace

void append_reminder_json(std::string& out, const Reminder& r) {
    // An own alarm's lead in remind's words (lead_text); a lead from `remind` as written.
    if (r.alarm != nullptr)
        append_json(out, r, lead_text(r), false);
    else
        append_json(out, r, r.lead->text, false);
}

void append_snoozed_json(std::string& out, const Reminder& r) {
    append_json(out, r, snooze_lead, true);
}

std::string reminder_json(const Reminder& r) {
    std::string out;
    append_reminder_json(out, r);
    return out;
}

std::string describe_lead(const Span& lead) {
    return lead.is_zero() ? std::string{"at the start"} : lead.text + " before";
}

namespace {

/// "1w2d3h15m" for a span's magnitude, in the units `remind` is written in.
std::string span_words(int days, std::chrono::seconds exact) {
    std::string out;
    const auto put = [&out](long long n, char unit) {
        if (n != 0)
            out += fmt::format("{}{}", n, unit);
    };
    put(days / 7, 'w');
    put(days % 7, 'd');
    const auto s = exact.count();
    put(s / 3600, 'h');
    put(s / 60 % 60, 'm');
    put(s % 60, 's');
    return out;
}

} // namespace

std::string describe_lead(const Reminder& r) {
    if (r.alarm == nullptr)
        return describe_lead(*r.lead);
    const Alarm& alarm = *r.alarm;
    if (alarm.related == Alarm::Related::instant)
        return "its alarm"; // at a fixed instant: the line's time says when
    const Span& lead = alarm.lead;
    const std::string_view anchor = alarm.related == Alarm::Related::end ? "the end" : "the start";
    if (lead.is_zero())
        return fmt::format("at {}", anchor);
    // A TRIGGER counts back from its anchor; a negative lead (written "PT15M") is after it. A
    // REPEAT can leave days and hours of opposite signs: the words then say the nominal total.
    const long long total = lead.calendar_days * 86400LL + lead.exact.count();
    const bool after = total < 0;
    const long long size = after ? -total : total;
    const std::string words =
        span_words(static_cast<int>(size / 86400), std::chrono::seconds{size % 86400});
    if (after)
        return fmt::format("{} after {}", words, anchor);
    return alarm.related == Alarm::Related::end ? fmt::format("{} before the end", words)
                                                : words + " before";
}

std::string lead_text(const Reminder& r) {
    if (r.alarm == nullptr)
        return r.lead->text;
    const Alarm& alarm = *r.alarm;
    if (alarm.related == Alarm::Related::start) {
        const long long total = alarm.lead.calendar_days * 86400LL + alarm.lead.exact.count();
        if (total == 0)
            return "0m";
        if (total > 0)
            return span_words(static_cast<int>(total / 86400), std::chrono::seconds{total % 86400});
    }
    return describe_lead(r);
}

namespace {

/// reminder_line with `lead_words` in the lead's column.
std::string line_with_lead(const Reminder& r, const Zone& user_zone, std::string_view lead_words) {
    const Event& event = *r.event;
    std::string fire_abbrev;
    const Fields fire = fields_in(user_zone, r.fire_at, &fire_abbrev);
    std::string when;
    if (event.all_day) {
        const auto day = fields_of(r.occurrence.local_start.time_since_epoch());
        when = "all day " + human(day).substr(0, 14);
    } else {
        when = human(fields_in(user_zone, r.occurrence.start));
        if (event.zone != &user_zone) {
            const auto own_offset = event.zone->get_info(r.occurrence.start).offset;
            if (own_offset != user_zone.get_info(r.occurrence.start).offset) {
                std::string own_abbrev;
                const Fields own = fields_in(*event.zone, r.occurrence.start, &own_abbrev);
                when += fmt::format(" ({:02}:{:02} {} {})", own.time.hours().count(),
                                    own.time.minutes().count(), own_abbrev, event.zone->name());
            } else {
                when += fmt::format(" ({})", event.zone->name());
            }
        }
    }
    if (!event.calendar.empty())
        return fmt::format("{} {}  {:<14}  [{}] {} · {}", human(fire), fire_abbrev, lead_words,
                           event.calendar, event.title, when);
    return fmt::format("{} {}  {:<14}  {} · {}", human(fire), fire_abbrev, lead_words, event.title,
                       when);
}

} // namespace

std::string reminder_line(const Reminder& r, const Zone& user_zone) {
    return line_with_lead(r, user_zone, describe_lead(r));
}

std::string snoozed_line(const Reminder& r, const Zone& user_zone) {
    return line_with_lead(r, user_zone, "snoozed");
}

} // namespace agendad::core
