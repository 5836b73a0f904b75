#include "dbus/agenda_service.hpp"

#include <fmt/format.h>
#include <vector>

namespace agendad::dbus {

namespace {

namespace agenda1 = core::agenda1;
using agenda1::from_us;
using agenda1::to_us;

AgendaService& self_of(void* userdata) {
    return *static_cast<AgendaService*>(userdata);
}

int fail(sd_bus_error* error, const BackendError& backend_error) {
    return sd_bus_error_set(error, error_name(backend_error.kind), backend_error.message.c_str());
}

// The API never lets a call reach outside ten years either way, so a stray value cannot make
// the planner expand a century.
constexpr std::int64_t max_range_us = 10LL * 366 * 86400 * 1000000;

int append_reminder_struct(sd_bus_message* reply, const UpcomingReminder& r) {
    return sd_bus_message_append(
        reply, agenda1::reminder_signature, r.event_id.c_str(), r.title.c_str(), r.location.c_str(),
        r.lead.c_str(), to_us(r.start), to_us(r.end), to_us(r.fire_at), r.calendar.c_str());
}

/// PausedUntil's value for a pause (or none).
std::int64_t paused_until_us(const std::optional<core::Pause>& pause) {
    if (!pause)
        return agenda1::not_paused_us;
    return pause->until ? to_us(*pause->until) : agenda1::paused_until_resumed_us;
}

int append_strv(sd_bus_message* m, const std::vector<std::string>& lines) {
    std::vector<const char*> strv;
    for (const std::string& line : lines)
        strv.push_back(line.c_str());
    strv.push_back(nullptr);
    return sd_bus_message_append_strv(m, const_cast<char**>(strv.data()));
}

const sd_bus_vtable agenda_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD_WITH_NAMES(agenda1::list_upcoming.name, agenda1::list_upcoming.in,
                             SD_BUS_PARAM(from_us) SD_BUS_PARAM(until_us),
                             agenda1::list_upcoming.out, SD_BUS_PARAM(reminders),
                             AgendaService::method_list_upcoming, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_NAMES(agenda1::reload.name, agenda1::reload.in, , agenda1::reload.out,
                             SD_BUS_PARAM(errors), AgendaService::method_reload,
                             SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_NAMES(agenda1::snooze.name, agenda1::snooze.in,
                             SD_BUS_PARAM(event_id) SD_BUS_PARAM(seconds), agenda1::snooze.out,
                             SD_BUS_PARAM(fire_us), AgendaService::method_snooze,
                             SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_NAMES(agenda1::dismiss.name, agenda1::dismiss.in, SD_BUS_PARAM(event_id),
                             agenda1::dismiss.out, SD_BUS_PARAM(start_us),
                             AgendaService::method_dismiss, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_NAMES(agenda1::history.name, agenda1::history.in,
                             SD_BUS_PARAM(since_us) SD_BUS_PARAM(missed_only), agenda1::history.out,
                             SD_BUS_PARAM(entries), AgendaService::method_history,
                             SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_NAMES(agenda1::pause.name, agenda1::pause.in, SD_BUS_PARAM(until_us),
                             agenda1::pause.out, SD_BUS_PARAM(until_us),
                             AgendaService::method_pause, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_NAMES(agenda1::resume.name, agenda1::resume.in, , agenda1::resume.out,
                             SD_BUS_PARAM(shown) SD_BUS_PARAM(logged), AgendaService::method_resume,
                             SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_SIGNAL_WITH_NAMES(agenda1::reminder_due.name, agenda1::reminder_due.in,
                             SD_BUS_PARAM(id) SD_BUS_PARAM(title) SD_BUS_PARAM(start_us)
                                 SD_BUS_PARAM(fire_us) SD_BUS_PARAM(lead) SD_BUS_PARAM(missed)
                                     SD_BUS_PARAM(calendar),
                             0),
    SD_BUS_SIGNAL_WITH_NAMES(agenda1::schedule_reloaded.name, agenda1::schedule_reloaded.in,
                             SD_BUS_PARAM(ok) SD_BUS_PARAM(error), 0),
    SD_BUS_PROPERTY(agenda1::schedule_path_property.name, agenda1::schedule_path_property.in,
                    AgendaService::property_get, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY(agenda1::next_reminder_property.name, agenda1::next_reminder_property.in,
                    AgendaService::property_get, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY(agenda1::next_reminder_calendar_property.name,
                    agenda1::next_reminder_calendar_property.in, AgendaService::property_get, 0,
                    SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY(agenda1::last_error_property.name, agenda1::last_error_property.in,
                    AgendaService::property_get, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY(agenda1::warnings_property.name, agenda1::warnings_property.in,
                    AgendaService::property_get, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY(agenda1::paused_until_property.name, agenda1::paused_until_property.in,
                    AgendaService::property_get, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY(agenda1::version_property.name, agenda1::version_property.in,
                    AgendaService::property_get, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_VTABLE_END};

} // namespace

const char* error_name(BackendErrorKind kind) {
    switch (kind) {
    case BackendErrorKind::unknown_reminder:
        return agenda1::error::unknown_reminder;
    case BackendErrorKind::invalid_argument:
        return agenda1::error::invalid_argument;
    case BackendErrorKind::no_schedule:
        return agenda1::error::no_schedule;
    case BackendErrorKind::invalid_schedule:
        return agenda1::error::invalid_schedule;
    case BackendErrorKind::limits_exceeded:
        return agenda1::error::limits_exceeded;
    case BackendErrorKind::failed:
        break;
    }
    return agenda1::error::failed;
}

AgendaService::AgendaService(BusConnection& bus, AgendaBackend& backend, std::string version)
    : bus_(bus), backend_(backend), version_(std::move(version)) {}

std::expected<void, std::string> AgendaService::start() {
    sd_bus_slot* slot = nullptr;
    if (const int r = sd_bus_add_object_vtable(bus_.get(), &slot, service_path, service_interface,
                                               agenda_vtable, this);
        r < 0)
        return std::unexpected(fmt::format("cannot publish {}: {}", service_path, errno_text(r)));
    vtable_slot_.reset(slot);
    const int r = sd_bus_request_name(bus_.get(), service_name, 0);
    if (r == -EEXIST || r == -EALREADY)
        return std::unexpected(fmt::format("{} is taken on the session bus: is agendad already "
                                           "running? (agendactl status)",
                                           service_name));
    if (r < 0)
        return std::unexpected(
            fmt::format("cannot take the bus name {}: {}", service_name, errno_text(r)));
    published_ = current();
    started_ = true;
    bus_.kick();
    return {};
}

AgendaService::Cached AgendaService::current() {
    return Cached{backend_.schedule_path(), backend_.last_error(), backend_.next(),
                  backend_.warnings(), paused_until_us(backend_.pause_state())};
}

void AgendaService::deliver(const core::Delivery& d) {
    if (!started_)
        return;
    sd_bus_emit_signal(bus_.get(), service_path, service_interface, agenda1::reminder_due.name,
                       agenda1::reminder_due.in, d.event_id.c_str(), d.title.c_str(),
                       to_us(d.start), to_us(d.fire_at), d.lead.c_str(), static_cast<int>(d.missed),
                       d.calendar.c_str());
    refresh_properties();
    bus_.kick();
}

void AgendaService::deliver_digest(std::span<const core::Delivery> missed) {
    for (const core::Delivery& d : missed)
        deliver(d);
}

void AgendaService::schedule_problem(const core::Diagnostics& diagnostics) {
    schedule_reloaded(false, core::to_string(diagnostics));
}

void AgendaService::schedule_fixed() {
    refresh_properties();
}

void AgendaService::schedule_reloaded(bool ok, const std::string& error) {
    if (!started_)
        return;
    sd_bus_emit_signal(bus_.get(), service_path, service_interface, agenda1::schedule_reloaded.name,
                       agenda1::schedule_reloaded.in, static_cast<int>(ok), error.c_str());
    refresh_properties();
    bus_.kick();
}

namespace {

bool same(const std::optional<UpcomingReminder>& a, const std::optional<UpcomingReminder>& b) {
    if (a.has_value() != b.has_value())
        return false;
    return !a || (a->event_id == b->event_id && a->fire_at == b->fire_at && a->start == b->start &&
                  a->lead == b->lead && a->title == b->title);
}

/// NextReminderCalendar's value for a next reminder (or none).
std::string calendar_of(const std::optional<UpcomingReminder>& next) {
    return next ? next->calendar : std::string{};
}

} // namespace

void AgendaService::refresh_properties() {
    if (!started_)
        return;
    Cached now = current();
    std::vector<const char*> changed;
    if (now.schedule_path != published_.schedule_path)
        changed.push_back(agenda1::schedule_path_property.name);
    if (!same(now.next, published_.next))
        changed.push_back(agenda1::next_reminder_property.name);
    if (calendar_of(now.next) != calendar_of(published_.next))
        changed.push_back(agenda1::next_reminder_calendar_property.name);
    if (now.last_error != published_.last_error)
        changed.push_back(agenda1::last_error_property.name);
    if (now.warnings != published_.warnings)
        changed.push_back(agenda1::warnings_property.name);
    if (now.paused_until_us != published_.paused_until_us)
        changed.push_back(agenda1::paused_until_property.name);
    published_ = std::move(now);
    if (changed.empty())
        return;
    changed.push_back(nullptr);
    sd_bus_emit_properties_changed_strv(bus_.get(), service_path, service_interface,
                                        const_cast<char**>(changed.data()));
    bus_.kick();
}

int AgendaService::method_list_upcoming(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    std::int64_t from = 0;
    std::int64_t until = 0;
    if (const int r = sd_bus_message_read(m, agenda1::list_upcoming.in, &from, &until); r < 0)
        return r;
    // Any two int64 may come; the difference is taken unsigned so that it cannot overflow.
    if (until < from ||
        static_cast<std::uint64_t>(until) - static_cast<std::uint64_t>(from) > max_range_us)
        return sd_bus_error_set(error, error_name(BackendErrorKind::invalid_argument),
                                "until must follow from, at most ten years later");
    auto listed = self_of(userdata).backend_.list_upcoming(from_us(from), from_us(until));
    if (!listed)
        return fail(error, listed.error());
    sd_bus_message* raw = nullptr;
    if (const int r = sd_bus_message_new_method_return(m, &raw); r < 0)
        return r;
    Message reply{raw};
    int r = sd_bus_message_open_container(raw, 'a', agenda1::reminder_signature);
    for (const UpcomingReminder& reminder : *listed)
        if (r >= 0)
            r = append_reminder_struct(raw, reminder);
    if (r >= 0)
        r = sd_bus_message_close_container(raw);
    if (r < 0)
        return r;
    return sd_bus_send(nullptr, raw, nullptr);
}

int AgendaService::method_reload(sd_bus_message* m, void* userdata, sd_bus_error* /*error*/) {
    AgendaService& self = self_of(userdata);
    const std::vector<std::string> errors = self.backend_.reload();
    sd_bus_message* raw = nullptr;
    if (const int r = sd_bus_message_new_method_return(m, &raw); r < 0)
        return r;
    Message reply{raw};
    if (const int r = append_strv(raw, errors); r < 0)
        return r;
    const int r = sd_bus_send(nullptr, raw, nullptr);
    self.refresh_properties();
    return r;
}

int AgendaService::method_snooze(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    const char* id = nullptr;
    std::uint64_t seconds = 0;
    if (const int r = sd_bus_message_read(m, agenda1::snooze.in, &id, &seconds); r < 0)
        return r;
    // 0 asks for the schedule's own settings.snooze (5 min unless set).
    const bool until_start = seconds == agenda1::snooze_until_start_seconds;
    if (seconds > 7ULL * 86400 && !until_start)
        return sd_bus_error_set(error, error_name(BackendErrorKind::invalid_argument),
                                "a snooze lasts at most 7 days");
    AgendaService& self = self_of(userdata);
    auto snoozed =
        self.backend_.snooze(ActionTarget{id, std::nullopt},
                             until_start ? snooze_until_start : std::chrono::seconds{seconds});
    if (!snoozed)
        return fail(error, snoozed.error());
    self.refresh_properties();
    return sd_bus_reply_method_return(m, agenda1::snooze.out, to_us(snoozed->fire_at));
}

int AgendaService::method_dismiss(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    const char* id = nullptr;
    if (const int r = sd_bus_message_read(m, agenda1::dismiss.in, &id); r < 0)
        return r;
    AgendaService& self = self_of(userdata);
    auto dismissed = self.backend_.dismiss(ActionTarget{id, std::nullopt});
    if (!dismissed)
        return fail(error, dismissed.error());
    self.refresh_properties();
    return sd_bus_reply_method_return(m, agenda1::dismiss.out, to_us(dismissed->start));
}

int AgendaService::method_history(sd_bus_message* m, void* userdata, sd_bus_error* /*error*/) {
    std::int64_t since = 0;
    int missed_only = 0;
    if (const int r = sd_bus_message_read(m, agenda1::history.in, &since, &missed_only); r < 0)
        return r;
    const auto entries = self_of(userdata).backend_.history(from_us(since), missed_only != 0);
    sd_bus_message* raw = nullptr;
    if (const int r = sd_bus_message_new_method_return(m, &raw); r < 0)
        return r;
    Message reply{raw};
    int r = sd_bus_message_open_container(raw, 'a', agenda1::history_entry_signature);
    for (const core::HistoryEntry& e : entries)
        if (r >= 0)
            r = sd_bus_message_append(
                raw, agenda1::history_entry_signature, std::string{core::name_of(e.kind)}.c_str(),
                e.event_id.c_str(), e.title.c_str(), e.lead.c_str(), to_us(e.at), to_us(e.start));
    if (r >= 0)
        r = sd_bus_message_close_container(raw);
    if (r < 0)
        return r;
    return sd_bus_send(nullptr, raw, nullptr);
}

int AgendaService::method_pause(sd_bus_message* m, void* userdata, sd_bus_error* error) {
    std::int64_t until = 0;
    if (const int r = sd_bus_message_read(m, agenda1::pause.in, &until); r < 0)
        return r;
    AgendaService& self = self_of(userdata);
    const bool forever = until == agenda1::paused_until_resumed_us;
    auto paused =
        self.backend_.pause(forever ? std::nullopt : std::optional<core::Instant>{from_us(until)});
    if (!paused)
        return fail(error, paused.error());
    self.refresh_properties();
    return sd_bus_reply_method_return(m, agenda1::pause.out, paused_until_us(*paused));
}

int AgendaService::method_resume(sd_bus_message* m, void* userdata, sd_bus_error* /*error*/) {
    AgendaService& self = self_of(userdata);
    const core::ResumeResult resumed = self.backend_.resume();
    self.refresh_properties();
    return sd_bus_reply_method_return(m, agenda1::resume.out, resumed.shown, resumed.logged);
}

int AgendaService::property_get(sd_bus* /*bus*/, const char* /*path*/, const char* /*interface*/,
                                const char* property, sd_bus_message* reply, void* userdata,
                                sd_bus_error* /*error*/) {
    AgendaService& self = self_of(userdata);
    const std::string_view name = property;
    if (name == agenda1::version_property.name)
        return sd_bus_message_append(reply, agenda1::version_property.in, self.version_.c_str());
    if (name == agenda1::schedule_path_property.name)
        return sd_bus_message_append(reply, agenda1::schedule_path_property.in,
                                     self.backend_.schedule_path().c_str());
    if (name == agenda1::last_error_property.name)
        return sd_bus_message_append(reply, agenda1::last_error_property.in,
                                     self.backend_.last_error().c_str());
    if (name == agenda1::warnings_property.name)
        return append_strv(reply, self.backend_.warnings());
    if (name == agenda1::paused_until_property.name)
        return sd_bus_message_append(reply, agenda1::paused_until_property.in,
                                     paused_until_us(self.backend_.pause_state()));
    if (name == agenda1::next_reminder_calendar_property.name)
        return sd_bus_message_append(reply, agenda1::next_reminder_calendar_property.in,
                                     calendar_of(self.backend_.next()).c_str());
    // NextReminder
    const auto next = self.backend_.next();
    if (!next)
        return sd_bus_message_append(reply, agenda1::next_reminder_signature, "", "",
                                     std::int64_t{0}, std::int64_t{0}, "");
    return sd_bus_message_append(reply, agenda1::next_reminder_signature, next->event_id.c_str(),
                                 next->title.c_str(), to_us(next->start), to_us(next->fire_at),
                                 next->lead.c_str());
}

} // namespace agendad::dbus
