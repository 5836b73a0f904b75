#pragma once
/// One daemon run on fakes, shared by the planning-loop tests: a fake clock and timer, a
/// recording sink, and a real state store over a directory that outlives the run.

#include "fakes.hpp"
#include "runtime/reminder_loop.hpp"
#include "runtime/state_store.hpp"

#include <boost/asio/io_context.hpp>
#include <string>
#include <vector>

namespace agendad::test {

struct Run {
    Run(const std::string& state_dir, core::Instant now)
        : clock{now}, store{state_dir, io.get_executor()}, loop{clock, timer, sink, store,
                                                                core::find_zone("UTC")} {
        loop.start();
    }
    boost::asio::io_context io;
    FakeClock clock;
    FakeTimer timer;
    RecordingSink sink;
    runtime::StateStore store;
    runtime::ReminderLoop loop;
};

using Names = std::vector<std::string>;

/// "event/lead" for each delivery, with "/missed" for missed ones.
inline Names names(const std::vector<core::Delivery>& deliveries) {
    Names out;
    for (const auto& d : deliveries)
        out.push_back(d.event_id + "/" + d.lead + (d.missed ? "/missed" : ""));
    return out;
}

} // namespace agendad::test
