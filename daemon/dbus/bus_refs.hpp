#pragma once
/// Owning handles for sd-bus objects, one deleter each, shared by the Asio-driven connection
/// (bus_connection.hpp) and the blocking client (agenda_client.hpp).

#include <systemd/sd-bus.h>

#include <memory>

namespace agendad::dbus {

/// Owns one sd_bus_slot (a match, a vtable, a pending call); unrefs it when destroyed.
struct SlotDeleter {
    void operator()(sd_bus_slot* slot) const { sd_bus_slot_unref(slot); }
};
using Slot = std::unique_ptr<sd_bus_slot, SlotDeleter>;

/// Owns one sd_bus_message reference.
struct MessageDeleter {
    void operator()(sd_bus_message* message) const { sd_bus_message_unref(message); }
};
using Message = std::unique_ptr<sd_bus_message, MessageDeleter>;

/// Owns a whole connection: flushes what is queued, closes, unrefs.
struct BusDeleter {
    void operator()(sd_bus* bus) const { sd_bus_flush_close_unref(bus); }
};
using Bus = std::unique_ptr<sd_bus, BusDeleter>;

} // namespace agendad::dbus
