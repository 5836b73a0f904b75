#include "runtime/timerfd_timer.hpp"

#include "runtime/log.hpp"

#include <cerrno>
#include <cstdint>
#include <sys/timerfd.h>
#include <system_error>
#include <unistd.h>

namespace agendad::runtime {

namespace {

int make_timerfd() {
    const int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
    if (fd < 0)
        throw std::system_error{errno, std::generic_category(), "timerfd_create"};
    return fd;
}

} // namespace

TimerfdTimer::TimerfdTimer(boost::asio::io_context& io) : fd_{io, make_timerfd()} {}

void TimerfdTimer::arm(core::Instant deadline) {
    itimerspec spec{};
    // tv_sec 0 would mean "disarm": an instant at the epoch is in the past anyway.
    spec.it_value.tv_sec = std::max<std::int64_t>(deadline.time_since_epoch().count(), 1);
    if (timerfd_settime(fd_.native_handle(), TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec,
                        nullptr) < 0) {
        log::write(log::Level::error,
                   fmt::format("cannot arm the timer: {}", std::generic_category().message(errno)));
        armed_ = false;
        return;
    }
    armed_ = true;
    wait();
}

void TimerfdTimer::disarm() {
    armed_ = false;
    itimerspec spec{};
    timerfd_settime(fd_.native_handle(), 0, &spec, nullptr);
}

void TimerfdTimer::wait() {
    if (waiting_)
        return;
    waiting_ = true;
    fd_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                   [this](const boost::system::error_code& error) {
                       waiting_ = false;
                       if (error)
                           return;
                       on_readable();
                   });
}

void TimerfdTimer::on_readable() {
    std::uint64_t expirations = 0;
    const auto n = ::read(fd_.native_handle(), &expirations, sizeof expirations);
    if (n == static_cast<ssize_t>(sizeof expirations)) {
        armed_ = false;
        if (handler_)
            handler_(TimerWake::due);
    } else if (n < 0 && errno == ECANCELED) {
        // The clock was set: the deadline is no longer armed, whatever it was.
        armed_ = false;
        if (handler_)
            handler_(TimerWake::clock_changed);
    }
    // EAGAIN: re-armed or disarmed after readiness was reported; keep waiting if armed.
    if (armed_)
        wait();
}

} // namespace agendad::runtime
