#pragma once
/// The one way to read the daemon's memory from disk: the state file (`DIR/state`,
/// runtime/state.hpp) and its journal (`DIR/state.journal`, runtime/state_journal.hpp)
/// replayed on it. The daemon's load (runtime/state_store.hpp) and agendactl's read
/// (app/ctl_state_marks.hpp) both go through read_state_files(); neither file alone is the
/// state.

#include "runtime/state.hpp"
#include "runtime/state_journal.hpp"

#include <string>

namespace agendad::runtime {

/// The file names inside the state directory.
inline constexpr std::string_view state_file_name = "state";
inline constexpr std::string_view journal_file_name = "state.journal";

struct StateFiles {
    State state; ///< the state file's, then the journal's good records
    /// Why the state file was not used (unreadable, over state_limits::file_bytes, or its
    /// parse error, "line 3: bad instant"); empty when it was read or is missing.
    std::string state_problem;
    /// Why the journal was not used past its good records (unreadable, too large, or
    /// replay_journal's problem); empty when it was read whole or is missing.
    std::string journal_problem;
    JournalReplay journal; ///< what the replay found
    bool journal_exists = false;
};

/// Reads `dir`'s journal first, then its state file, then replays the one on the other: a
/// daemon that writes a new state file and empties its journal in between is then seen
/// either before (old file, full journal) or after (new file, which holds the records).
StateFiles read_state_files(const std::string& dir);

} // namespace agendad::runtime
