#pragma once
/// agendad's own service io.github.agendad.Agenda1 (a static sd_bus_vtable, introspectable).
/// Its names, members and signatures are in core/protocol/agenda_protocol.hpp, shared with the
/// client (dbus/agenda_client.hpp).

#include "core/protocol/agenda_protocol.hpp"
#include "core/protocol/sink.hpp"
#include "dbus/agenda_backend.hpp"
#include "dbus/bus_connection.hpp"

#include <expected>
#include <string>
#include <vector>

namespace agendad::dbus {

// The protocol's names under the service's older spelling (tests and the daemon use them).
inline constexpr const char* service_name = core::agenda1::bus_name;
inline constexpr const char* service_path = core::agenda1::object_path;
inline constexpr const char* service_interface = core::agenda1::interface;

/// The service, and a Sink that turns every reminder into a ReminderDue signal.
class AgendaService final : public core::Sink {
  public:
    /// `bus` and `backend` must outlive the service.
    AgendaService(BusConnection& bus, AgendaBackend& backend, std::string version);

    /// Publishes the object and takes the bus name. Fails with a one-line message when another
    /// agendad already owns the name ("io.github.agendad is taken: is agendad already
    /// running?"). Blocks for one round trip: call it at start, before the loop runs.
    std::expected<void, std::string> start();

    void deliver(const core::Delivery& delivery) override;
    void deliver_digest(std::span<const core::Delivery> missed) override;
    void schedule_problem(const core::Diagnostics& diagnostics) override;
    void schedule_fixed() override;

    /// Emits ScheduleReloaded (the daemon calls it after each reload).
    void schedule_reloaded(bool ok, const std::string& error);

    /// Emits PropertiesChanged for the properties whose value moved (call after re-planning).
    void refresh_properties();

    // The vtable's callbacks; public only so that the static table can name them.
    static int method_list_upcoming(sd_bus_message* m, void* self, sd_bus_error* error);
    static int method_reload(sd_bus_message* m, void* self, sd_bus_error* error);
    static int method_snooze(sd_bus_message* m, void* self, sd_bus_error* error);
    static int method_dismiss(sd_bus_message* m, void* self, sd_bus_error* error);
    static int method_history(sd_bus_message* m, void* self, sd_bus_error* error);
    static int method_pause(sd_bus_message* m, void* self, sd_bus_error* error);
    static int method_resume(sd_bus_message* m, void* self, sd_bus_error* error);
    static int property_get(sd_bus* bus, const char* path, const char* interface,
                            const char* property, sd_bus_message* reply, void* self,
                            sd_bus_error* error);

  private:
    struct Cached {
        std::string schedule_path;
        std::string last_error;
        std::optional<UpcomingReminder> next;
        std::vector<std::string> warnings;
        std::int64_t paused_until_us = core::agenda1::not_paused_us;
    };
    Cached current();

    BusConnection& bus_;
    AgendaBackend& backend_;
    std::string version_;
    Slot vtable_slot_;
    Cached published_;
    bool started_ = false;
};

/// The D-Bus error name for a backend error kind.
const char* error_name(BackendErrorKind kind);

} // namespace agendad::dbus
