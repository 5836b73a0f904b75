#include "ctl/schedule_edit.hpp"

#include "core/files/file_write.hpp"
#include "core/toml/starter_schedule.hpp"
#include "ctl/schedule_append.hpp"
#include "ctl/schedule_commands.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

namespace agendad::ctl {

namespace fs = std::filesystem;

namespace {

/// A private folder under $TMPDIR (or /tmp), removed unless told to keep it.
class ScratchFolder {
  public:
    ScratchFolder() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern =
            std::string{tmp != nullptr && *tmp != '\0' ? tmp : "/tmp"} + "/agendactl-edit.XXXXXX";
        if (::mkdtemp(pattern.data()) != nullptr)
            path_ = pattern;
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
    ~ScratchFolder() {
        std::error_code ignored;
        if (!path_.empty() && !kept_)
            fs::remove_all(path_, ignored);
    }
    const std::string& path() const { return path_; }
    void keep() { kept_ = true; }

  private:
    std::string path_;
    bool kept_ = false;
};

/// "e" or "d" (the first letter of the answer); 'd' at the end of input.
char ask(const EditOptions& options) {
    for (;;) {
        fmt::print(options.prompts, "(e)dit again, (d)iscard? ");
        std::fflush(options.prompts);
        char line[256];
        if (std::fgets(line, sizeof line, options.answers) == nullptr) {
            fmt::print(options.prompts, "\n");
            return 'd';
        }
        const char first = static_cast<char>(std::tolower(static_cast<unsigned char>(line[0])));
        if (first == 'e' || first == 'd')
            return first;
    }
}

} // namespace

std::string choose_editor(const char* visual, const char* editor) {
    if (visual != nullptr && *visual != '\0')
        return visual;
    if (editor != nullptr && *editor != '\0')
        return editor;
    return ::access("/usr/bin/editor", X_OK) == 0 ? "editor" : "vi";
}

int run_editor(const std::string& editor, const std::string& path) {
    // Through the shell, as crontab and git do: EDITOR may be "code --wait" or "vim -n".
    const pid_t child = ::fork();
    if (child < 0)
        return -1;
    if (child == 0) {
        const std::string command = editor + " \"$1\"";
        ::execl("/bin/sh", "sh", "-c", command.c_str(), "sh", path.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int run_edit(const EditOptions& options,
             const std::function<int(const std::string& editor, const std::string& path)>& editor) {
    const auto original = read_text_file(options.file, true);
    if (!original) {
        fmt::print(stderr, "agendactl: {}\n", original.error());
        return code(Exit::failed);
    }
    const bool missing = !fs::exists(options.file);
    const std::string start =
        missing ? core::make_starter_schedule(
                      core::starter_template(),
                      date::floor<date::days>(core::to_local(*options.user_zone, options.now)))
                : *original;

    ScratchFolder scratch;
    if (scratch.path().empty()) {
        fmt::print(stderr, "agendactl: cannot create a temporary folder\n");
        return code(Exit::failed);
    }
    // The copy keeps the file's name, so that the editor highlights it as TOML.
    const std::string copy =
        (fs::path{scratch.path()} / fs::path{options.file}.filename()).string();
    if (auto done = core::write_file_atomically(copy, start); !done) {
        fmt::print(stderr, "agendactl: {}\n", done.error());
        return code(Exit::failed);
    }
    for (;;) {
        if (const int status = editor(options.editor, copy); status != 0) {
            fmt::print(stderr, "agendactl: the editor ({}) failed (status {}); {} is unchanged\n",
                       options.editor, status, options.file);
            return code(Exit::failed);
        }
        const auto edited = read_text_file(copy);
        if (!edited) {
            fmt::print(stderr, "agendactl: {}\n", edited.error());
            return code(Exit::failed);
        }
        if (*edited == start && !missing) {
            fmt::print(stderr, "agendactl: no changes made to {}\n", options.file);
            return code(Exit::ok);
        }
        // Checked under the real name: its folder is where relative calendar paths lead.
        const auto errors =
            check_schedule_text(*edited, options.file, *options.user_zone, options.home);
        if (!errors.empty()) {
            fmt::print(stderr, "{}", core::to_string(errors));
            fmt::print(stderr, "agendactl: {} error{}; {} is not saved yet\n", errors.size(),
                       errors.size() == 1 ? "" : "s", options.file);
            if (ask(options) == 'e')
                continue;
            fmt::print(stderr, "agendactl: discarded; {} is unchanged\n", options.file);
            return code(Exit::failed);
        }
        // Someone else (agendactl add, another editor) may have changed it meanwhile.
        const auto now_on_disk = read_text_file(options.file, true);
        if (!now_on_disk || *now_on_disk != *original) {
            scratch.keep();
            fmt::print(stderr,
                       "agendactl: {} changed while you edited it; not saved. Your version is "
                       "in {}\n",
                       options.file, copy);
            return code(Exit::failed);
        }
        std::error_code ignored;
        if (const auto folder = fs::path{options.file}.parent_path(); !folder.empty())
            fs::create_directories(folder, ignored);
        if (auto done = core::write_file_atomically(options.file, *edited); !done) {
            scratch.keep();
            fmt::print(stderr, "agendactl: {}; your version is in {}\n", done.error(), copy);
            return code(Exit::failed);
        }
        fmt::print(stderr, "agendactl: saved {}\n", options.file);
        return code(Exit::ok);
    }
}

} // namespace agendad::ctl
