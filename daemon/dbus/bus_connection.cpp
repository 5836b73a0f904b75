#include "dbus/bus_connection.hpp"

#include <boost/asio/post.hpp>
#include <boost/system/system_error.hpp>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <limits>
#include <poll.h>

namespace agendad::dbus {

namespace asio = boost::asio;

std::string errno_text(int negative_errno) {
    return std::strerror(-negative_errno);
}

std::string error_text(const sd_bus_error* error) {
    if (error == nullptr || !sd_bus_error_is_set(error))
        return "unknown error";
    return fmt::format("{}: {}", error->name, error->message ? error->message : "");
}

std::expected<std::unique_ptr<BusConnection>, std::string>
BusConnection::open_user(asio::io_context& io, std::string_view description) {
    sd_bus* bus = nullptr;
    if (const int r = sd_bus_open_user_with_description(&bus, std::string{description}.c_str());
        r < 0)
        return std::unexpected(fmt::format("cannot connect to the session bus: {}", errno_text(r)));
    return std::unique_ptr<BusConnection>(new BusConnection(io, bus));
}

BusConnection::BusConnection(asio::io_context& io, sd_bus* bus)
    : io_(io), bus_(bus), fd_(io, sd_bus_get_fd(bus)), timer_(io),
      alive_(std::make_shared<bool>(true)) {
    kick();
}

BusConnection::~BusConnection() {
    *alive_ = false;
    // Asio reports failures to cancel or release by throwing, which a destructor must not let
    // out; neither can fail on a descriptor and timer that are open, and the bus is closed below
    // either way.
    try {
        timer_.cancel();
        // The fd is sd-bus's; Asio must not close it. release() also cancels the pending waits.
        fd_.release();
    } catch (const boost::system::system_error&) {
    }
    // Flushes what is queued (a last signal) and closes; at exit only, so blocking is fine.
    sd_bus_flush_close_unref(bus_);
}

std::string BusConnection::unique_name() const {
    const char* name = nullptr;
    sd_bus_get_unique_name(bus_, &name);
    return name ? name : "";
}

void BusConnection::kick() {
    if (kicked_)
        return;
    kicked_ = true;
    asio::post(io_, [this, alive = alive_] {
        if (!*alive)
            return;
        kicked_ = false;
        run();
    });
}

void BusConnection::run() {
    // Process until sd-bus reports no more work; every callback runs in here.
    for (;;) {
        const int r = sd_bus_process(bus_, nullptr);
        if (r < 0) {
            // The connection is gone (bus daemon exited). Nothing more will come; stop arming.
            return disconnected(r);
        }
        if (r == 0)
            break;
        if (!*alive_)
            return;
    }
    arm();
}

void BusConnection::disconnected(int negative_errno) {
    if (disconnected_)
        return;
    disconnected_ = true;
    timer_.cancel();
    if (on_disconnected_)
        on_disconnected_(errno_text(negative_errno));
}

void BusConnection::arm() {
    const int events = sd_bus_get_events(bus_);
    if (events < 0)
        return disconnected(events);
    if ((events & POLLIN) && !reading_) {
        reading_ = true;
        fd_.async_wait(asio::posix::descriptor_base::wait_read,
                       [this, alive = alive_](const boost::system::error_code& error) {
                           if (error || !*alive)
                               return;
                           reading_ = false;
                           run();
                       });
    }
    if ((events & POLLOUT) && !writing_) {
        writing_ = true;
        fd_.async_wait(asio::posix::descriptor_base::wait_write,
                       [this, alive = alive_](const boost::system::error_code& error) {
                           if (error || !*alive)
                               return;
                           writing_ = false;
                           run();
                       });
    }
    std::uint64_t usec = 0;
    if (sd_bus_get_timeout(bus_, &usec) < 0 || usec == std::numeric_limits<std::uint64_t>::max()) {
        timer_.cancel();
        return;
    }
    // sd-bus time-outs are CLOCK_MONOTONIC µs, which is what steady_clock reads on Linux.
    timer_.expires_at(asio::steady_timer::time_point{std::chrono::microseconds{usec}});
    timer_.async_wait([this, alive = alive_](const boost::system::error_code& error) {
        if (error || !*alive)
            return;
        run();
    });
}

namespace {

struct PendingCall {
    ReplyHandler handler;
};

int on_reply(sd_bus_message* reply, void* userdata, sd_bus_error* /*ret_error*/) {
    auto* pending = static_cast<PendingCall*>(userdata);
    const sd_bus_error* error = sd_bus_message_get_error(reply);
    // Move out first: the handler may drop the bus's last reference to this slot.
    auto handler = std::move(pending->handler);
    pending->handler = nullptr;
    if (handler)
        handler(reply, error);
    return 1;
}

void destroy_pending(void* userdata) {
    delete static_cast<PendingCall*>(userdata);
}

int on_signal(sd_bus_message* message, void* userdata, sd_bus_error* /*ret_error*/) {
    (*static_cast<SignalHandler*>(userdata))(message);
    return 0; // let other matches see it too
}

void destroy_signal(void* userdata) {
    delete static_cast<SignalHandler*>(userdata);
}

const char* or_null(const char* text) {
    return (text && *text) ? text : nullptr;
}

} // namespace

int BusConnection::call_async(sd_bus_message* message, ReplyHandler handler,
                              std::chrono::microseconds timeout) {
    auto* pending = new PendingCall{std::move(handler)};
    sd_bus_slot* slot = nullptr;
    const int r = sd_bus_call_async(bus_, &slot, message, on_reply, pending,
                                    static_cast<std::uint64_t>(timeout.count()));
    if (r < 0) {
        delete pending;
        return r;
    }
    // The bus keeps the slot until the reply (or time-out) came; then the userdata is freed.
    sd_bus_slot_set_destroy_callback(slot, destroy_pending);
    sd_bus_slot_set_floating(slot, 1);
    sd_bus_slot_unref(slot);
    kick();
    return 0;
}

Slot BusConnection::match_signal(const char* sender, const char* path, const char* interface,
                                 const char* member, SignalHandler handler) {
    auto* stored = new SignalHandler(std::move(handler));
    sd_bus_slot* slot = nullptr;
    const int r =
        sd_bus_match_signal_async(bus_, &slot, or_null(sender), or_null(path), or_null(interface),
                                  or_null(member), on_signal, nullptr, stored);
    if (r < 0) {
        delete stored;
        return nullptr;
    }
    sd_bus_slot_set_destroy_callback(slot, destroy_signal);
    kick();
    return Slot{slot};
}

Slot BusConnection::match_rule(const std::string& rule, SignalHandler handler) {
    auto* stored = new SignalHandler(std::move(handler));
    sd_bus_slot* slot = nullptr;
    if (sd_bus_add_match_async(bus_, &slot, rule.c_str(), on_signal, nullptr, stored) < 0) {
        delete stored;
        return nullptr;
    }
    sd_bus_slot_set_destroy_callback(slot, destroy_signal);
    kick();
    return Slot{slot};
}

} // namespace agendad::dbus
