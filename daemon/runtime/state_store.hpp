#pragma once

#include "runtime/state.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>

namespace agendad::runtime {

/// The state file on disk: `DIR/state`, written atomically (temp file, fsync, rename, fsync of
/// the directory), mode 0600. A failing write is logged once and retried with back-off
/// (5 s doubling to 5 min) with the latest state, while delivery goes on from memory.
///
/// A write is on every firing's path (runtime/reminder_loop.hpp), so it does only what the
/// durability of the file needs: the directory is created once, not at every save.
class StateStore {
  public:
    /// `dir` is created (0700) on the first write, and again if it vanishes. Retries and
    /// save_soon() run on `executor`.
    StateStore(std::string dir, const boost::asio::any_io_executor& executor);

    /// Reads the state. Missing: an empty state. Corrupt, unreadable or over
    /// state_limits::file_bytes: moved aside to `state.corrupt` with a warning, and an empty
    /// state.
    State load();

    /// Writes `state`; false when it failed (then logged, and retried later).
    bool save(const State& state);

    /// Calls `save` within coalesce_delay() unless a save() comes first (which writes the
    /// latest state and so drops the request). For changes that a crash may lose (the open
    /// bubbles): a burst of them, or one followed by a reminder's save, costs one write.
    /// A request already waiting keeps its deadline.
    void save_soon(std::function<void()> save);
    /// Whether a save_soon() request is waiting.
    bool save_soon_pending() const { return static_cast<bool>(soon_save_); }
    /// 2 s by default: long enough to merge the ids of reminders shown together, short enough
    /// that a crash seldom loses any. Tests set 0 and run the executor.
    void set_coalesce_delay(std::chrono::milliseconds delay) { coalesce_delay_ = delay; }
    std::chrono::milliseconds coalesce_delay() const { return coalesce_delay_; }

    /// Files written so far (state files renamed into place); tests count saves with it.
    std::size_t writes() const { return writes_; }

    /// Whether a failed write is waiting for its retry.
    bool retry_pending() const { return !pending_.empty(); }

    /// The delay the armed retry was given: 5 s after the first failure, doubled per failed
    /// retry (not per save) up to 5 min.
    std::chrono::seconds retry_delay() const { return retry_delay_; }

    const std::string& path() const { return path_; }

  private:
    bool write(const std::string& text);
    bool ensure_dir();
    void arm_retry();

    std::string dir_;
    std::string path_;
    boost::asio::steady_timer retry_;
    std::string pending_; ///< text of the latest state not yet on disk
    std::string last_error_;
    std::chrono::seconds backoff_{5};     ///< the delay the next arm_retry() uses
    std::chrono::seconds retry_delay_{0}; ///< the delay of the last armed retry
    bool retry_armed_ = false;            ///< a retry is waiting on `retry_`
    bool dir_made_ = false;               ///< `dir_` exists, as far as we know
    boost::asio::steady_timer soon_;      ///< the deadline of a save_soon() request
    std::function<void()> soon_save_;     ///< the request waiting on `soon_`, if any
    std::chrono::milliseconds coalesce_delay_{2000};
    std::size_t writes_ = 0;
};

} // namespace agendad::runtime
