#include "core/time/span.hpp"

#include <fmt/format.h>

namespace agendad::core {

namespace {

std::string not_a_span(std::string_view text, std::string_view why) {
    return fmt::format("\"{}\" is not a span ({}use e.g. \"1h30m\", \"1d\" or \"15m\")", text, why);
}

} // namespace

std::expected<Span, std::string> parse_span(std::string_view text) {
    static constexpr std::string_view units = "wdhms";
    static constexpr long long seconds_per[] = {7LL * 86400, 86400, 3600, 60, 1};
    if (text.empty())
        return std::unexpected(not_a_span(text, "empty; "));
    if (text.size() > max_span_text)
        return std::unexpected(fmt::format("\"{}…\" is not a span (too long: {} bytes, at most {})",
                                           text.substr(0, 16), text.size(), max_span_text));

    Span span{.text = std::string{text}};
    long long total = 0;
    std::size_t next_unit = 0; // units must come in order, each at most once
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] < '0' || text[i] > '9')
            return std::unexpected(not_a_span(text, "expected a number; "));
        long long value = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            value = value * 10 + (text[i] - '0');
            if (value > max_span.count())
                return std::unexpected(not_a_span(text, "too long, at most 10 years; "));
            ++i;
        }
        if (i == text.size())
            return std::unexpected(not_a_span(text, "a number needs a unit w, d, h, m or s; "));
        const auto unit = units.find(text[i]);
        if (unit == std::string_view::npos)
            return std::unexpected(
                not_a_span(text, fmt::format("'{}' is not a unit of w, d, h, m, s; ", text[i])));
        if (unit < next_unit)
            return std::unexpected(not_a_span(text, "units go largest first, each once; "));
        next_unit = unit + 1;
        ++i;
        total += value * seconds_per[unit];
        if (total > max_span.count())
            return std::unexpected(not_a_span(text, "too long, at most 10 years; "));
        if (unit <= 1)
            span.calendar_days += static_cast<int>(value * (unit == 0 ? 7 : 1));
        else
            span.exact += std::chrono::seconds{value * seconds_per[unit]};
    }
    return span;
}

Instant Span::before(Instant anchor, const Zone& zone) const {
    anchor = clamp_instant(anchor); // saturate rather than overflow at the ends of time
    if (calendar_days != 0)
        anchor = resolve_local(zone, to_local(zone, anchor) - date::days{calendar_days});
    return anchor - exact;
}

Instant Span::after(Instant anchor, const Zone& zone) const {
    anchor = clamp_instant(anchor);
    if (calendar_days != 0)
        anchor = resolve_local(zone, to_local(zone, anchor) + date::days{calendar_days});
    return anchor + exact;
}

std::chrono::seconds Span::longest() const {
    // A calendar day is at most 25 hours long in any real zone; a day of slack covers the
    // rarest transitions (whole-day zone shifts such as Samoa's in 2011).
    return exact + std::chrono::seconds{(calendar_days + (calendar_days != 0 ? 1 : 0)) * 86400LL};
}

} // namespace agendad::core
