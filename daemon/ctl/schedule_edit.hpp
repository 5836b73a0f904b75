#pragma once
/// `agendactl edit`, as `crontab -e` does it: the user edits a copy; a copy that reads clean
/// replaces the schedule atomically (schedule_append.hpp), one with errors is never saved: the
/// errors are shown and the user chooses to edit again or to discard.

#include "core/time/time_types.hpp"

#include <cstdio>
#include <functional>
#include <string>

namespace agendad::ctl {

struct EditOptions {
    std::string file;
    std::string editor; ///< a shell command line; the copy's path is added as its last word
    core::Instant now;  ///< a missing schedule starts as the starter file of this day
    const core::Zone* user_zone = nullptr;
    std::string home;
    std::FILE* answers = stdin; ///< where "(e)dit again, (d)iscard?" is answered
    std::FILE* prompts = stderr;
};

/// The editor: $VISUAL, else $EDITOR, else "editor" (Debian's alternative), else "vi".
std::string choose_editor(const char* visual, const char* editor);

/// Runs `editor` on `path` through /bin/sh, returning its exit status (-1 when it could not run).
int run_editor(const std::string& editor, const std::string& path);

/// Edits the schedule through a copy in a private temporary folder. Exit 0 when saved or
/// unchanged, 1 when discarded, when the editor failed, or when the schedule changed on disk
/// meanwhile (the edited copy is then kept, and its path told).
int run_edit(const EditOptions& options,
             const std::function<int(const std::string& editor, const std::string& path)>& editor =
                 run_editor);

} // namespace agendad::ctl
