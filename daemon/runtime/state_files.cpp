#include "runtime/state_files.hpp"

#include "core/files/file_read.hpp"

#include <fmt/format.h>

namespace agendad::runtime {

StateFiles read_state_files(const std::string& dir) {
    StateFiles out;
    auto journal = core::read_file_text(fmt::format("{}/{}", dir, journal_file_name),
                                        state_limits::file_bytes);
    const auto snapshot =
        core::read_file_text(fmt::format("{}/{}", dir, state_file_name), state_limits::file_bytes);
    out.journal_exists = journal.exists;
    if (!snapshot.problem.empty()) {
        out.state_problem = snapshot.problem;
    } else if (snapshot.exists) {
        if (auto state = parse_state(snapshot.text))
            out.state = std::move(*state);
        else
            out.state_problem = std::move(state.error());
    }
    if (!journal.problem.empty()) {
        out.journal_problem = journal.problem;
        return out;
    }
    out.journal = replay_journal(journal.text, out.state);
    out.journal_problem = out.journal.problem;
    return out;
}

} // namespace agendad::runtime
