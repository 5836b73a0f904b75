#include "core/ical/ics_event.hpp"

#include "core/ical/ics_zone.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace agendad::core::ics {

namespace {

LocalTime from_ical(const icaltimetype& t) {
    const auto day = date::local_days{date::year{t.year} / t.month / t.day};
    if (t.is_date)
        return LocalTime{day};
    return day + std::chrono::hours{t.hour} + std::chrono::minutes{t.minute} +
           std::chrono::seconds{t.second};
}

icalproperty* first(icalcomponent* component, icalproperty_kind kind) {
    return icalcomponent_get_first_property(component, kind);
}

std::string lower(std::string_view text) {
    std::string out{text};
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// An address without its "mailto:", in lower case.
std::string address(std::string_view text) {
    std::string out = lower(text);
    if (out.starts_with("mailto:"))
        out.erase(0, 7);
    return out;
}

/// A DURATION going forward; a negative one counts as none.
Span forward_span(const icaldurationtype& d) {
    Span span;
    if (d.is_neg != 0)
        return span;
    span.calendar_days = static_cast<int>(std::min(d.weeks * 7 + d.days, 3660U));
    span.exact = std::min(max_span, std::chrono::seconds{d.hours * 3600LL + d.minutes * 60LL +
                                                         static_cast<long long>(d.seconds)});
    return span;
}

/// The wall-clock start `moment` names on the event's clock.
LocalTime local_in(const Moment& moment, const Event& event, const Context& context) {
    if (moment.date) // a date on a timed event: that day at the event's time of day
        return date::floor<date::days>(moment.local) +
               (event.all_day ? std::chrono::seconds{0}
                              : event.start - date::floor<date::days>(event.start));
    if (moment.zone == nullptr ? event.zone == context.settings.zone : moment.zone == event.zone)
        return moment.local;
    return to_local(*event.zone, instant_of(moment, context));
}

bool declined_by_me(icalcomponent* vevent, const Context& context) {
    if (context.calendar.me.empty())
        return false;
    std::size_t seen = 0;
    for (icalproperty* p = first(vevent, ICAL_ATTENDEE_PROPERTY);
         p != nullptr && seen < limits::ics::attendees_per_event;
         p = icalcomponent_get_next_property(vevent, ICAL_ATTENDEE_PROPERTY), ++seen) {
        icalparameter* partstat = icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER);
        const char* who = icalproperty_get_attendee(p);
        if (partstat == nullptr || who == nullptr ||
            icalparameter_get_partstat(partstat) != ICAL_PARTSTAT_DECLINED)
            continue;
        const std::string attendee = address(who);
        for (const auto& me : context.calendar.me)
            if (address(me) == attendee)
                return true;
    }
    return false;
}

bool skipped(icalcomponent* vevent, const Context& context) {
    const SkipRules& skip = context.calendar.skip;
    if (skip.cancelled && icalcomponent_get_status(vevent) == ICAL_STATUS_CANCELLED)
        return true;
    if (icalproperty* transp = first(vevent, ICAL_TRANSP_PROPERTY);
        skip.free && transp != nullptr &&
        icalproperty_get_transp(transp) == ICAL_TRANSP_TRANSPARENT)
        return true;
    return skip.declined && declined_by_me(vevent, context);
}

void read_end(icalcomponent* vevent, const Moment& start, Event& event, Context& context) {
    if (icalproperty* dtend = first(vevent, ICAL_DTEND_PROPERTY)) {
        const Moment end = read_moment(dtend, icalproperty_get_dtend(dtend), context);
        if (event.all_day) {
            const auto days =
                (date::floor<date::days>(end.local) - date::floor<date::days>(start.local)).count();
            event.duration.calendar_days = static_cast<int>(std::clamp<long long>(days, 0, 3660));
        } else {
            const auto exact = instant_of(end, context) - instant_of(start, context);
            event.duration.exact = std::clamp(exact, std::chrono::seconds{0}, max_span);
        }
    } else if (icalproperty* duration = first(vevent, ICAL_DURATION_PROPERTY)) {
        event.duration = forward_span(icalproperty_get_duration(duration));
    } else if (event.all_day) {
        event.duration.calendar_days = 1; // RFC 5545: a date start alone lasts its day
    }
}

void read_recurrence(icalcomponent* vevent, Event& event, Context& context) {
    if (icalproperty* rrule = first(vevent, ICAL_RRULE_PROPERTY)) {
        const char* text = icalproperty_get_value_as_string(rrule);
        auto parsed =
            Recurrence::parse(text != nullptr ? text : "", event.start, *event.zone, event.all_day);
        if (parsed)
            event.repeat = std::move(*parsed);
        else
            context.warn(fmt::format("RRULE: {}; read as a single event", parsed.error()));
    }
    for (icalproperty* p = first(vevent, ICAL_RDATE_PROPERTY); p != nullptr;
         p = icalcomponent_get_next_property(vevent, ICAL_RDATE_PROPERTY)) {
        if (event.extra_times.size() == limits::ics::rdates_per_event) {
            context.warn(fmt::format("more than {} RDATEs; the rest are left out",
                                     limits::ics::rdates_per_event));
            break;
        }
        const icaldatetimeperiodtype value = icalproperty_get_rdate(p);
        const icaltimetype t = icaltime_is_null_time(value.time) ? value.period.start : value.time;
        if (icaltime_is_null_time(t))
            continue;
        event.extra_times.push_back(local_in(read_moment(p, t, context), event, context));
    }
    std::sort(event.extra_times.begin(), event.extra_times.end());
    event.extra_times.erase(std::unique(event.extra_times.begin(), event.extra_times.end()),
                            event.extra_times.end());
    for (icalproperty* p = first(vevent, ICAL_EXDATE_PROPERTY); p != nullptr;
         p = icalcomponent_get_next_property(vevent, ICAL_EXDATE_PROPERTY)) {
        if (event.except_times.size() + event.except_days.size() ==
            limits::ics::exdates_per_event) {
            context.warn(fmt::format("more than {} EXDATEs; the rest are left out",
                                     limits::ics::exdates_per_event));
            break;
        }
        const Moment moment = read_moment(p, icalproperty_get_exdate(p), context);
        if (moment.date && !event.all_day)
            event.except_days.push_back(date::floor<date::days>(moment.local));
        else
            event.except_times.push_back(local_in(moment, event, context));
    }
}

} // namespace

void Context::warn(std::string message) const {
    if (diagnostics.size() < limits::ics::diagnostics)
        diagnostics.push_back({path, line, 0, Severity::warning, std::move(message)});
}

std::string bounded_text(const char* text) {
    if (text == nullptr)
        return {};
    std::string_view view{text};
    if (view.size() <= limits::ics::text_bytes)
        return std::string{view};
    std::size_t cut = limits::ics::text_bytes;
    while (cut > 0 && (static_cast<unsigned char>(view[cut]) & 0xC0U) == 0x80U)
        --cut; // do not split a UTF-8 character
    return std::string{view.substr(0, cut)};
}

const Zone* FileZones::find(const std::string& tzid, int year) {
    if (auto it = known_.find(tzid); it != known_.end())
        return it->second;
    const Zone* zone = zone_named(tzid);
    if (zone == nullptr)
        zone = from_vtimezone(tzid, year);
    known_.emplace(tzid, zone);
    return zone;
}

const Zone* FileZones::from_vtimezone(const std::string& tzid, int year) const {
    for (icalcomponent* vtz : vtimezones_) {
        icalproperty* id = first(vtz, ICAL_TZID_PROPERTY);
        if (id == nullptr || icalproperty_get_tzid(id) == nullptr ||
            tzid != icalproperty_get_tzid(id))
            continue;
        icaltimezone* zone = icaltimezone_new();
        if (icaltimezone_set_component(zone, icalcomponent_new_clone(vtz)) == 0) {
            icaltimezone_free(zone, 1);
            return nullptr;
        }
        icaltimezone* utc = icaltimezone_get_utc_timezone();
        const OffsetAt offset_at = [&](Instant at) {
            icaltimetype t = icaltime_from_timet_with_zone(
                static_cast<time_t>(at.time_since_epoch().count()), 0, utc);
            int is_daylight = 0;
            return std::chrono::seconds{
                icaltimezone_get_utc_offset_of_utc_time(zone, &t, &is_daylight)};
        };
        // libical expands VTIMEZONE rules up to 2037 only; compare over the event's years up to
        // then. Many VTIMEZONEs (Outlook's) give only today's rules, which an old series'
        // first years do not follow: then the last decade that libical covers decides.
        const auto years = [&](int first_year, int last_year) {
            return equivalent_zone(offset_at,
                                   Instant{date::sys_days{date::year{first_year} / 1 / 1}},
                                   Instant{date::sys_days{date::year{last_year} / 1 / 1}});
        };
        const int first_year = std::clamp(year, 1970, 2035);
        const Zone* match = years(first_year, 2036);
        if (match == nullptr && first_year < 2026)
            match = years(2026, 2036);
        icaltimezone_free(zone, 1);
        return match;
    }
    return nullptr;
}

Moment read_moment(icalproperty* property, const icaltimetype& value, Context& context) {
    Moment moment{.local = from_ical(value), .date = value.is_date != 0};
    if (moment.date)
        return moment;
    if (icaltime_is_utc(value)) {
        moment.zone = find_zone("UTC");
        return moment;
    }
    icalparameter* tzid = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER);
    if (tzid == nullptr || icalparameter_get_tzid(tzid) == nullptr)
        return moment; // floating
    const std::string name = icalparameter_get_tzid(tzid);
    moment.zone = context.zones.find(name, value.year);
    if (moment.zone == nullptr)
        context.warn(fmt::format("TZID \"{}\" is neither an IANA nor a Windows zone, and no "
                                 "VTIMEZONE in the file matches one; read on {}",
                                 name, context.settings.zone->name()));
    return moment;
}

Instant instant_of(const Moment& moment, const Context& context) {
    return resolve_local(moment.zone != nullptr ? *moment.zone : *context.settings.zone,
                         moment.local);
}

std::optional<IcsComponent> read_vevent(icalcomponent* vevent, Context& context) {
    IcsComponent out;
    Event& event = out.event;
    out.uid = bounded_text(icalcomponent_get_uid(vevent));
    event.title = bounded_text(icalcomponent_get_summary(vevent));
    event.location = bounded_text(icalcomponent_get_location(vevent));
    event.description = bounded_text(icalcomponent_get_description(vevent));
    if (icalproperty* url = first(vevent, ICAL_URL_PROPERTY))
        event.url = bounded_text(icalproperty_get_url(url));
    event.calendar = context.calendar.name;
    event.urgency = context.calendar.urgency.value_or(context.settings.urgency);
    event.persistent = context.settings.persistent;
    event.sound = context.settings.sound;
    event.position = {context.line, 0};

    icalproperty* dtstart = first(vevent, ICAL_DTSTART_PROPERTY);
    if (dtstart == nullptr) {
        context.warn(fmt::format("event \"{}\" has no DTSTART; it is left out",
                                 event.title.empty() ? out.uid : event.title));
        return std::nullopt;
    }
    const Moment start = read_moment(dtstart, icalproperty_get_dtstart(dtstart), context);
    event.all_day = start.date;
    event.zone = start.zone != nullptr ? start.zone : context.settings.zone;
    event.start = start.local;
    read_end(vevent, start, event, context);

    if (icalproperty* rid = first(vevent, ICAL_RECURRENCEID_PROPERTY)) {
        const Moment original = read_moment(rid, icalproperty_get_recurrenceid(rid), context);
        out.recurrence_id = instant_of(original, context);
    } else {
        read_recurrence(vevent, event, context);
    }

    std::vector<Alarm> own = read_alarms(vevent, *event.zone, context);
    const auto& defaults =
        context.calendar.remind ? *context.calendar.remind : context.settings.remind;
    switch (context.calendar.alarms) {
    case AlarmPolicy::own:
        if (own.empty())
            event.remind = defaults;
        else
            event.alarms = std::move(own);
        break;
    case AlarmPolicy::ignore:
        event.remind = defaults;
        break;
    case AlarmPolicy::both:
        event.remind = defaults;
        event.alarms = std::move(own);
        break;
    }
    if (skipped(vevent, context)) {
        event.remind.clear();
        event.alarms.clear();
    }
    return out;
}

} // namespace agendad::core::ics
