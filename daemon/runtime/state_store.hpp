#pragma once

#include "runtime/state.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <span>

namespace agendad::runtime {

/// The state on disk: `DIR/state`, written atomically (temp file, fsync, rename, fsync of
/// the directory), mode 0600, and its journal `DIR/state.journal` (runtime/state_journal.hpp),
/// to which a firing appends what it changed (save_firing: one pwrite + fdatasync, whatever
/// the state's size). A failing write is logged once and retried with back-off
/// (5 s doubling to 5 min) with the latest state, while delivery goes on from memory.
///
/// The whole state is written (and the journal then emptied) by save(): at user actions,
/// save_soon()'s coalesced saves, shutdown, when the journal is full, and by load() when the
/// journal held records. Until a failed full write has succeeded, firings write the whole
/// state too, so that the retry carries the latest state.
///
/// A write is on every firing's path (runtime/reminder_loop.hpp), so it does only what the
/// durability of the file needs: the directory is created once, not at every save.
class StateStore {
  public:
    /// `dir` is created (0700) on the first write, and again if it vanishes. Retries and
    /// save_soon() run on `executor`.
    StateStore(std::string dir, const boost::asio::any_io_executor& executor);
    ~StateStore();
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    /// Reads the state: the state file with the journal replayed (runtime/state_files.hpp).
    /// Missing: an empty state. A state file corrupt, unreadable or over
    /// state_limits::file_bytes is moved aside to `state.corrupt` with a warning (then the
    /// journal's records alone); a corrupt journal to `state.journal.corrupt`, with a warning,
    /// keeping the state file and the journal's good records. When the journal held records,
    /// the whole state is written; then the journal is made afresh (all zeros), so that the
    /// first firing does not pay for it.
    State load();

    /// Writes the whole `state`, then empties the journal; false when it failed (then logged,
    /// and retried later).
    bool save(const State& state);

    /// A firing's save: `state` after the loop added `fresh` to its delivered reminders, the
    /// history entries since the last save, and moved its horizon (nothing removed but by
    /// pruning, which a replay need not repeat: the next run prunes again). Appends one
    /// journal record of exactly that; writes the whole state instead (save()) when the
    /// journal is full or unusable, a save_soon() request waits (its change is not a journal
    /// line), or a retry waits.
    bool save_firing(const State& state, std::span<const ReminderKey> fresh);

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

    /// Durable writes so far: state files renamed into place and journal records; tests count
    /// saves with it.
    std::size_t writes() const { return writes_ + records_; }
    /// Of them, the state files.
    std::size_t full_writes() const { return writes_; }
    /// The journal's records since load() or the last full write.
    std::size_t journal_records() const { return journal_used_records_; }

    /// Whether a failed write is waiting for its retry.
    bool retry_pending() const { return !pending_.empty(); }

    /// The delay the armed retry was given: 5 s after the first failure, doubled per failed
    /// retry (not per save) up to 5 min.
    std::chrono::seconds retry_delay() const { return retry_delay_; }

    const std::string& path() const { return path_; }
    const std::string& journal_path() const { return journal_path_; }

  private:
    bool write(const std::string& text);
    bool ensure_dir();
    void arm_retry();
    /// (Re)writes the journal whole: its header, then zeros to journal_bytes.
    bool make_journal();
    /// Zeros the records written since the last full write.
    void empty_journal();
    void close_journal();
    void journal_failed(const std::string& what);
    void remember_history_back(const State& state);

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

    std::string journal_path_;
    int journal_fd_ = -1;          ///< open and all zeros past journal_used_; -1: unused
    std::size_t journal_used_ = 0; ///< bytes of header and records
    std::size_t journal_used_records_ = 0;
    std::uint64_t seq_ = 0;   ///< the last record's SEQ, written or included
    std::size_t records_ = 0; ///< journal records appended so far
    /// The newest history entry on disk: the entries after it in a state are new.
    std::optional<core::HistoryEntry> history_back_;
};

} // namespace agendad::runtime
