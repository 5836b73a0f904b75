// VALARMs as Alarms: RFC 5545 §3.6.6 and §3.8.6.3.
#include "core/ical/ics_event.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <strings.h>

namespace agendad::core::ics {

namespace {

/// A TRIGGER duration as a lead before its reference: "-PT15M" is 15 minutes before, "PT5M"
/// five minutes after (negative parts). Days and weeks stay calendar days.
Span lead_of(const icaldurationtype& d, std::string text) {
    const int sign = d.is_neg != 0 ? 1 : -1;
    Span span{.text = std::move(text)};
    span.calendar_days = sign * static_cast<int>(std::min(d.weeks * 7 + d.days, 3660U));
    span.exact =
        sign * std::min(max_span, std::chrono::seconds{d.hours * 3600LL + d.minutes * 60LL +
                                                       static_cast<long long>(d.seconds)});
    return span;
}

/// `lead` moved `times` × `step` later.
Span later(const Span& lead, const Span& step, int times, std::string text) {
    Span span{.text = std::move(text)};
    span.calendar_days = lead.calendar_days - times * step.calendar_days;
    span.exact = lead.exact - times * step.exact;
    return span;
}

const char* value_text(icalproperty* property) {
    const char* text = icalproperty_get_value_as_string(property);
    return text != nullptr ? text : "";
}

} // namespace

std::vector<Alarm> read_alarms(icalcomponent* vevent, const Zone& zone, Context& context) {
    std::vector<Alarm> alarms;
    for (icalcomponent* valarm = icalcomponent_get_first_component(vevent, ICAL_VALARM_COMPONENT);
         valarm != nullptr;
         valarm = icalcomponent_get_next_component(vevent, ICAL_VALARM_COMPONENT)) {
        icalproperty* action = icalcomponent_get_first_property(valarm, ICAL_ACTION_PROPERTY);
        // RFC 9074: a placeholder that asks for no alarm. libical 3.0 knows no NONE action
        // and reads it as an X action whose text is "NONE".
        if (action != nullptr && (icalproperty_get_action(action) == ICAL_ACTION_NONE ||
                                  strcasecmp(value_text(action), "NONE") == 0))
            continue;
        icalproperty* trigger = icalcomponent_get_first_property(valarm, ICAL_TRIGGER_PROPERTY);
        if (trigger == nullptr) {
            context.warn("a VALARM without TRIGGER is left out");
            continue;
        }
        const icaltriggertype value = icalproperty_get_trigger(trigger);
        const std::string text = value_text(trigger);

        // REPEAT and DURATION come together or not at all (RFC 5545 §3.6.6).
        int repeat = 0;
        Span step;
        std::string step_text;
        icalproperty* repeat_property =
            icalcomponent_get_first_property(valarm, ICAL_REPEAT_PROPERTY);
        icalproperty* duration = icalcomponent_get_first_property(valarm, ICAL_DURATION_PROPERTY);
        if (repeat_property != nullptr && duration != nullptr) {
            repeat = std::clamp(icalproperty_get_repeat(repeat_property), 0,
                                static_cast<int>(limits::ics::alarms_per_event));
            const icaldurationtype d = icalproperty_get_duration(duration);
            step = lead_of(d, "");
            step.calendar_days = -step.calendar_days; // a step goes forward
            step.exact = -step.exact;
            step_text = value_text(duration);
            if (d.is_neg != 0 || step.is_zero())
                repeat = 0;
        }

        Alarm first;
        if (!icaltime_is_null_time(value.time)) {
            first.related = Alarm::Related::instant;
            first.at = instant_of(read_moment(trigger, value.time, context), context);
            first.lead.text = text;
        } else {
            icalparameter* related =
                icalproperty_get_first_parameter(trigger, ICAL_RELATED_PARAMETER);
            const bool end =
                related != nullptr && icalparameter_get_related(related) == ICAL_RELATED_END;
            first.related = end ? Alarm::Related::end : Alarm::Related::start;
            // "END-PT5M", "END+PT0S": the text stays unique among the event's alarms.
            const bool signed_text = text.starts_with('-') || text.starts_with('+');
            first.lead =
                lead_of(value.duration, end ? (signed_text ? "END" : "END+") + text : text);
        }
        for (int k = 0; k <= repeat; ++k) {
            if (alarms.size() == limits::ics::alarms_per_event) {
                context.warn(fmt::format("more than {} alarms (REPEAT included); the rest are "
                                         "left out",
                                         limits::ics::alarms_per_event));
                return alarms;
            }
            Alarm alarm = first;
            if (k > 0) {
                const std::string repeated = fmt::format("{}+{}*{}", first.lead.text, k, step_text);
                if (first.related == Alarm::Related::instant) {
                    alarm.lead.text = repeated;
                    alarm.at = later(Span{}, step, k, "").before(first.at, zone);
                } else {
                    alarm.lead = later(first.lead, step, k, repeated);
                }
            }
            // Alarms that fire together are one reminder: servers often pair an EMAIL with a
            // DISPLAY alarm at one trigger, and both are shown as a display reminder.
            const bool repeated = std::any_of(alarms.begin(), alarms.end(), [&](const Alarm& a) {
                return a.related == alarm.related && a.lead == alarm.lead && a.at == alarm.at;
            });
            if (!repeated)
                alarms.push_back(std::move(alarm));
        }
    }
    return alarms;
}

} // namespace agendad::core::ics
