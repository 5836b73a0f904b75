#pragma once
/// Talking to the service manager (sd_notify). Only this file pair includes sd-daemon.h.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <string_view>

namespace agendad::runtime {

/// sd_notify messages for a Type=notify service; each is a no-op without $NOTIFY_SOCKET.
class Notifier {
  public:
    /// Starts WATCHDOG=1 pings at half the interval, but only when the unit enables the
    /// watchdog (sd_watchdog_enabled): the one periodic wake-up allowed, and only on request.
    explicit Notifier(boost::asio::io_context& io);

    /// READY=1 with a STATUS=.
    void ready(std::string_view status);
    /// RELOADING=1 (with MONOTONIC_USEC= for systemd 253 and later).
    void reloading();
    /// STATUS= alone.
    void status(std::string_view status);
    /// STOPPING=1
    void stopping();

  private:
    void ping();
    boost::asio::steady_timer watchdog_;
    std::chrono::microseconds watchdog_interval_{0};
};

} // namespace agendad::runtime
