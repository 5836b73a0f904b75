#pragma once
/// The bubbles a run of agendad left open on the notification server, so that the next run can
/// take them over: the notification sink (dbus/) reports them, the state file (runtime/) keeps
/// them, the daemon (app/) hands them from one to the other. A type of the core because both
/// shells name it.

#include "core/time/time_types.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace agendad::core {

/// One reminder's bubble: the server's id and what its actions act on.
struct OpenBubble {
    std::uint32_t id = 0;
    std::string event_id;
    Instant start;        ///< the occurrence's start
    std::string open_url; ///< behind Open ("" when not offered)
    std::string join_url; ///< behind Join ("" when not offered)

    friend bool operator==(const OpenBubble&, const OpenBubble&) = default;
};

/// The bubbles open on one server. Ids are the server's own, so they mean something only to
/// the same server: `server` is its unique bus name (":1.42"), which a restarted server does
/// not get back.
struct OpenBubbles {
    std::string server;
    std::vector<OpenBubble> bubbles; ///< in id order

    friend bool operator==(const OpenBubbles&, const OpenBubbles&) = default;
};

/// At most this many are remembered (the newest ids): a server that never reports a bubble
/// closed must not grow the state without end.
inline constexpr std::size_t open_bubbles_limit = 64;

} // namespace agendad::core
