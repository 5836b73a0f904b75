#include "fakes.hpp"
#include "runtime/timerfd_timer.hpp"

#include <boost/asio/io_context.hpp>

using namespace agendad;
using namespace std::chrono_literals;

TEST_CASE("the timerfd timer fires at once for a deadline already past, and only once",
          "[runtime][timer]") {
    boost::asio::io_context io;
    runtime::TimerfdTimer timer{io};
    std::vector<runtime::TimerWake> wakes;
    timer.set_handler([&](runtime::TimerWake wake) { wakes.push_back(wake); });
    timer.arm(test::at("2022-01-10T09:00:00Z"));
    io.run_for(2s);
    CHECK(wakes == std::vector{runtime::TimerWake::due});
    CHECK(io.stopped()); // nothing armed: no wait outstanding, the loop ran out of work
}

TEST_CASE("a disarmed timerfd timer never calls back", "[runtime][timer]") {
    boost::asio::io_context io;
    runtime::TimerfdTimer timer{io};
    int calls = 0;
    timer.set_handler([&](runtime::TimerWake) { ++calls; });
    timer.arm(test::at("2022-01-10T09:00:00Z"));
    timer.disarm();
    io.run_for(50ms);
    CHECK(calls == 0);
}
