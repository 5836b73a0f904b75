#pragma once
/// Opens a URL with `xdg-open URL`, spawned directly (posix_spawnp, no shell) and waited for
/// on the loop through a pidfd (nothing blocks; no zombie is left). Under systemd
/// ($INVOCATION_ID set) it goes through `systemd-run --user --wait`, so that the browser does
/// not inherit agendad's sandbox and the opener's exit status still comes back to us.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <string>

namespace agendad::dbus {

/// Spawns `program url`. When it cannot start, or exits other than with 0, `failed` is called
/// once with the reason ("xdg-open exited with status 4"): at once when it could not start,
/// else on `io`'s loop when it ends. Only call with an already-checked URL.
void open_url(boost::asio::io_context& io, const std::string& url,
              std::function<void(std::string reason)> failed,
              const std::string& program = "xdg-open");

/// The reason a child that ended with waitpid's `status` failed; "" when it exited with 0.
std::string exit_failure(const std::string& program, int status);

} // namespace agendad::dbus
