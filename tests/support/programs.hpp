#pragma once
/// The programs of this build, for tests that run them: where they are, and agendactl run to
/// its end while the test's loop keeps serving the bus (the peer it talks to may live here).

#include "process.hpp"

#include <boost/asio/io_context.hpp>
#include <string>
#include <vector>

namespace agendad::test {

/// The agendad and agendactl this build made.
const char* agendad_path();
const char* agendactl_path();

/// Runs `agendactl ARGS...` to its end (10 s deadline), pumping `io` meanwhile.
Finished agendactl(boost::asio::io_context& io, std::vector<std::string> args);

} // namespace agendad::test
