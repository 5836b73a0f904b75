#pragma once

#include "runtime/state.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

namespace agendad::runtime {

/// The state file on disk: `DIR/state`, written atomically (temp file, fsync, rename, fsync of
/// the directory), mode 0600. A failing write is logged once and retried with back-off
/// (5 s doubling to 5 min) with the latest state, while delivery goes on from memory.
class StateStore {
  public:
    /// `dir` is created (0700) on the first write. Retries run on `executor`.
    StateStore(std::string dir, const boost::asio::any_io_executor& executor);

    /// Reads the state. Missing: an empty state. Corrupt, unreadable or over
    /// state_limits::file_bytes: moved aside to `state.corrupt` with a warning, and an empty
    /// state.
    State load();

    /// Writes `state`; false when it failed (then logged, and retried later).
    bool save(const State& state);

    /// Whether a failed write is waiting for its retry.
    bool retry_pending() const { return !pending_.empty(); }

    /// The delay the armed retry was given: 5 s after the first failure, doubled per failed
    /// retry (not per save) up to 5 min.
    std::chrono::seconds retry_delay() const { return retry_delay_; }

    const std::string& path() const { return path_; }

  private:
    bool write(const std::string& text);
    void arm_retry();

    std::string dir_;
    std::string path_;
    boost::asio::steady_timer retry_;
    std::string pending_; ///< text of the latest state not yet on disk
    std::string last_error_;
    std::chrono::seconds backoff_{5};     ///< the delay the next arm_retry() uses
    std::chrono::seconds retry_delay_{0}; ///< the delay of the last armed retry
    bool retry_armed_ = false;            ///< a retry is waiting on `retry_`
};

} // namespace agendad::runtime
