#pragma once
/// Parses a list of TOML texts (a schedule's chunks, schedule_chunks.hpp) and hands the results
/// back in order on the calling thread, with worker threads parsing ahead when it is given more
/// than one thread. Only the schedule reader uses it (toml++ stays out of public headers).
///
/// What runs on the workers, and why only that: the lexical guard (toml_guard.hpp) and
/// toml::parse, both pure functions of the text with no shared state (toml++ keeps no globals;
/// the guard is one object per call). Everything that builds events (zone lookups in date/tz,
/// the rule parser, derived_event_id) stays on the calling thread, so no core code beyond those two
/// has to be thread-safe, now or after it changes. libical is not involved in reading
/// agenda.toml at all (the rule parser is our own; libical reads only calendar files, which
/// are read later, on the calling thread).
///
/// The calling thread does not wait while a worker parses the chunk it needs next: it parses the
/// first chunk nobody has claimed (within the window), so both threads stay busy.
///
/// Invariant: a result is taken once, in index order; workers claim indexes in order and never
/// run more than `window` chunks ahead of the consumer, so at most that many parse trees are
/// alive at once whatever the file's size (the memory of a reload stays near the steady one).

#include "core/toml/toml_guard.hpp"

#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

#include <toml++/toml.h>

namespace agendad::core {

/// One chunk read: the guard's problem, or toml++'s result.
struct ChunkParse {
    std::optional<TomlTextProblem> problem;
    std::optional<toml::parse_result> parsed; ///< set when `problem` is not
};

/// The guard, then toml++, on one text.
ChunkParse parse_chunk(std::string_view text);

class ChunkParser {
  public:
    /// `threads` counts the calling thread: 1 parses everything in take().
    ChunkParser(std::span<const std::string_view> texts, unsigned threads);
    ~ChunkParser();
    ChunkParser(const ChunkParser&) = delete;
    ChunkParser& operator=(const ChunkParser&) = delete;

    /// The parse of texts[i]; call with i = 0, 1, 2, … Parses it here when no worker has
    /// claimed it yet, else parses ahead until the worker is done with it.
    ChunkParse take(std::size_t i);

    static constexpr std::size_t window = 256;

  private:
    void work();

    std::span<const std::string_view> texts_;
    std::vector<ChunkParse> slots_;
    std::unique_ptr<std::atomic<bool>[]> done_;
    std::atomic<std::size_t> next_{0};     ///< the first index no thread has claimed
    std::atomic<std::size_t> consumed_{0}; ///< indexes below it have been taken
    std::atomic<bool> stop_{false};
    // Who sleeps in a wait(), so that the other side notifies only then: libstdc++'s notify is
    // a futex call whether anyone waits or not, two per chunk, which cost agendactl ~20 ms of
    // kernel time at 10,000 events. Sequentially consistent with the stores they guard: either
    // the sleeper sees the new value before it sleeps, or the notifier sees the sleeper.
    std::atomic<unsigned> workers_waiting_{0}; ///< for consumed_
    std::atomic<bool> taker_waiting_{false};   ///< for done_
    std::vector<std::jthread> workers_;
};

} // namespace agendad::core
