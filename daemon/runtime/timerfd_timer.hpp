#pragma once

#include "runtime/timer_source.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

namespace agendad::runtime {

/// The real timer: a timerfd on CLOCK_REALTIME armed with TFD_TIMER_ABSTIME |
/// TFD_TIMER_CANCEL_ON_SET, as systemd arms calendar timers. It fires at the right wall-clock
/// instant after a suspend, and a clock step makes its read fail with ECANCELED, which we
/// report as TimerWake::clock_changed. Waited on through the Asio loop: no thread, no polling.
class TimerfdTimer final : public TimerSource {
  public:
    /// Throws std::system_error when no timerfd can be made.
    explicit TimerfdTimer(boost::asio::io_context& io);
    void set_handler(Handler handler) override { handler_ = std::move(handler); }
    void arm(core::Instant deadline) override;
    void disarm() override;

  private:
    void wait();
    void on_readable();

    boost::asio::posix::stream_descriptor fd_;
    Handler handler_;
    bool armed_ = false;
    bool waiting_ = false;
};

} // namespace agendad::runtime
