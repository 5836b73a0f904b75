#pragma once

#include "core/model/diagnostic.hpp"
#include "core/model/schedule.hpp"
#include "core/read/calendar_reader.hpp"

#include <expected>
#include <memory>
#include <string>
#include <string_view>

namespace agendad::core {

/// What a read of a schedule remembers for the next read of the same file, so that the next
/// one parses only the [[event]] chunks whose text changed (schedule_chunks.hpp) and takes the
/// events of the others from the schedule it kept. It holds no event of its own: per chunk its
/// hash, size and where its events are in that schedule (about 40 bytes), and the schedule
/// itself by reference, the one the caller runs anyway. The daemon's reloader keeps one.
/// A read given a memo shares its events (EventList): a kept event is the same object in both
/// schedules, unless its lines moved or a default it takes from [settings] changed, when it is
/// a copy with its new lines and defaults (a whole copy of 10,000 kept events was 8 M
/// instructions and twice their memory at the peak of a reload).
class ScheduleMemo {
  public:
    ScheduleMemo();
    ~ScheduleMemo();
    ScheduleMemo(ScheduleMemo&&) noexcept;
    ScheduleMemo& operator=(ScheduleMemo&&) noexcept;

    /// After a read given this memo succeeded: the schedule it returned, now shared. The next
    /// read shares unchanged events with it. A read that failed needs no call: the memo still
    /// describes the schedule kept before.
    void keep(std::shared_ptr<const Schedule> schedule);

    /// What the last read given this memo did.
    struct Stats {
        std::size_t chunks = 0; ///< [[event]] chunks in the text
        std::size_t parsed = 0; ///< of them, parsed (the others' events were kept)
        bool whole = false;     ///< the split was not trusted: the whole text was parsed once
    };
    const Stats& last() const;

    /// The reader's (schedule_reader.cpp) view of what is remembered.
    struct State;
    State* state_for_reader() { return state_.get(); }

  private:
    std::unique_ptr<State> state_;
};

/// How a read goes about it; the defaults read everything on the calling thread.
struct ReadOptions {
    /// Remembers this read for the next, and lends it what the previous one read (may be null).
    ScheduleMemo* memo = nullptr;
    /// Threads that may parse [[event]] chunks, the calling one included; 0: one per free core
    /// (at most 4), 1: the calling thread alone. Fewer than 64 chunks to parse always take one.
    unsigned threads = 1;
    /// Lets a long-running reader re-read only the calendar files that changed.
    CalendarReading calendars{};
};

/// Parses and checks a schedule held in memory. `display_path` names it in diagnostics, and
/// relative [[calendar]] paths are read from its folder; `default_zone` is used when the file
/// names none (the programs pass the user's zone); `home` is what `~` means in calendar paths
/// (the programs pass $HOME; empty: a `~` path is an error).
/// Every problem in the file is reported, not only the first. A valid file's calendars are read
/// (calendar_reader.hpp): their problems are warnings in Schedule::calendars, never errors.
/// The result, diagnostics included, does not depend on `options`.
std::expected<Schedule, Diagnostics>
parse_schedule(std::string_view text, std::string_view display_path, const Zone& default_zone,
               std::string_view home = {}, const ReadOptions& options = {});

/// Reads and parses the file at `path`; files over limits::file_bytes are refused unread.
/// On the calling thread unless `options` ask for more: for agendactl a parse worker was a loss
/// (bench/upcoming at 10,000 events: 106 ms wall and 136 ms CPU against 88 and 86 on one
/// thread; `check` at 100,000 events: 0.82 s against 0.68 s), its arena and the hand-over of
/// each chunk's tree between cores costing more than the parse it takes over.
std::expected<Schedule, Diagnostics> read_schedule(const std::string& path,
                                                   const Zone& default_zone,
                                                   std::string_view home = {},
                                                   ReadOptions options = {});

/// Threads for a parse when a core is free beside the caller's: the cores this process may run
/// on, less the load average, rounded, between 1 and 4.
unsigned free_parse_threads();

} // namespace agendad::core
