#pragma once
/// The sd-bus ⇄ Asio bridge: one sd_bus connection driven by the daemon's io_context.
///
/// After every step the connection is re-armed from what sd-bus asks for: the fd is waited on
/// for reading and/or writing (sd_bus_get_events) and one steady timer is armed at
/// sd_bus_get_timeout (method-call time-outs, authentication). Each wake-up calls
/// sd_bus_process until it reports no more work. Writing is never blocking: a queued outgoing
/// message makes sd_bus_get_events ask for POLLOUT, and the loop flushes when the socket is
/// writable. Code that sends outside a bus callback calls kick() so the re-arm happens.
/// The fd is released, not closed, in the destructor: it belongs to sd-bus.

#include "dbus/bus_refs.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <string>

namespace agendad::dbus {

/// The reply to an async call: a method return, or an error (also a time-out or a server gone).
/// `reply` is valid only during the call.
using ReplyHandler = std::function<void(sd_bus_message* reply, const sd_bus_error* error)>;

/// A signal handler; return value ignored.
using SignalHandler = std::function<void(sd_bus_message* message)>;

/// The default time allowed for a method call before it counts as failed.
inline constexpr std::chrono::milliseconds default_call_timeout{5000};

/// One connection to the session bus, driven by an io_context.
class BusConnection {
  public:
    /// Connects to the user's session bus ($DBUS_SESSION_BUS_ADDRESS); the error is a phrase
    /// ("cannot connect to the session bus: No such file or directory").
    static std::expected<std::unique_ptr<BusConnection>, std::string>
    open_user(boost::asio::io_context& io, std::string_view description = "agendad");

    ~BusConnection();
    BusConnection(const BusConnection&) = delete;
    BusConnection& operator=(const BusConnection&) = delete;

    sd_bus* get() const { return bus_; }
    boost::asio::io_context& io() const { return io_; }
    /// Our unique name (":1.42").
    std::string unique_name() const;

    /// Sends `message` (a method call) and calls `handler` with the reply, an error, or a
    /// time-out error (org.freedesktop.DBus.Error.NoReply / Timeout) after `timeout`.
    /// Returns a negative errno when it could not even be queued (then no handler call).
    int call_async(sd_bus_message* message, ReplyHandler handler,
                   std::chrono::microseconds timeout = default_call_timeout);

    /// Subscribes to a signal; empty strings match anything. Unsubscribes when the slot goes.
    Slot match_signal(const char* sender, const char* path, const char* interface,
                      const char* member, SignalHandler handler);

    /// Subscribes with a full match rule ("type='signal',…,arg0='…'").
    Slot match_rule(const std::string& rule, SignalHandler handler);

    /// Re-arms the waits; call after sending outside a bus callback (posted, so cheap).
    void kick();

    /// Called once, from the loop, when the connection is gone for good (the bus daemon exited
    /// or closed it); `reason` is a phrase ("Connection reset by peer"). Nothing is received
    /// or sent after that; sd-bus does not reconnect, so the owner decides what happens next.
    void on_disconnected(std::function<void(const std::string& reason)> handler) {
        on_disconnected_ = std::move(handler);
    }

  private:
    BusConnection(boost::asio::io_context& io, sd_bus* bus);
    void run();
    void arm();
    void disconnected(int negative_errno);

    boost::asio::io_context& io_;
    sd_bus* bus_;
    boost::asio::posix::stream_descriptor fd_;
    boost::asio::steady_timer timer_;
    bool reading_ = false;
    bool writing_ = false;
    bool kicked_ = false;
    bool disconnected_ = false;
    std::function<void(const std::string&)> on_disconnected_;
    std::shared_ptr<bool> alive_;
};

/// The error's name and message as one phrase: "org.freedesktop.DBus.Error.ServiceUnknown: …".
std::string error_text(const sd_bus_error* error);

/// A D-Bus error for a negative errno: "Connection refused".
std::string errno_text(int negative_errno);

} // namespace agendad::dbus
