#include "runtime/notifier.hpp"

#include "runtime/log.hpp"

#include <ctime>
#include <fmt/format.h>
#include <systemd/sd-daemon.h>

namespace agendad::runtime {

namespace {

void notify(const std::string& message) {
    sd_notify(0, message.c_str());
}

std::string status_line(std::string_view status) {
    std::string line{status};
    std::replace(line.begin(), line.end(), '\n', ' ');
    return "STATUS=" + line;
}

} // namespace

Notifier::Notifier(boost::asio::io_context& io) : watchdog_{io} {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        watchdog_interval_ = std::chrono::microseconds{usec / 2};
        log::write(log::Level::debug, fmt::format("watchdog enabled: pinging every {} ms",
                                                  watchdog_interval_.count() / 1000));
        ping();
    }
}

void Notifier::ready(std::string_view status) {
    notify("READY=1\n" + status_line(status));
}

void Notifier::reloading() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    const auto usec = static_cast<unsigned long long>(ts.tv_sec) * 1000000ULL +
                      static_cast<unsigned long long>(ts.tv_nsec) / 1000ULL;
    notify(fmt::format("RELOADING=1\nMONOTONIC_USEC={}", usec));
}

void Notifier::status(std::string_view status) {
    notify(status_line(status));
}

void Notifier::stopping() {
    notify("STOPPING=1");
}

void Notifier::ping() {
    notify("WATCHDOG=1");
    watchdog_.expires_after(watchdog_interval_);
    watchdog_.async_wait([this](const boost::system::error_code& error) {
        if (!error)
            ping();
    });
}

} // namespace agendad::runtime
