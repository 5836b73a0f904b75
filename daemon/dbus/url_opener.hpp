#pragma once
/// Opens a URL with `xdg-open URL`, spawned directly (posix_spawnp, no shell) and reaped
/// through a pidfd on the loop, so no zombie is left and nothing waits. Under systemd
/// ($INVOCATION_ID set) it goes through `systemd-run --user`, so that the browser does not
/// inherit agendad's sandbox.

#include <boost/asio/io_context.hpp>
#include <string>

namespace agendad::dbus {

/// Spawns `program url`; false (and a logged reason in `error`) when it could not start.
/// The child is reaped when it exits. Only call with an already-checked URL.
bool open_url(boost::asio::io_context& io, const std::string& url, std::string& error,
              const std::string& program = "xdg-open");

} // namespace agendad::dbus
