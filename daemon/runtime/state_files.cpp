#include "runtime/state_files.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace agendad::runtime {

namespace {

struct FileText {
    bool exists = false;
    std::string text;
    std::string problem; ///< could not be read, or over `limit`
};

FileText read_file(const std::string& path, std::size_t limit) {
    FileText out;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno != ENOENT) {
            out.exists = true;
            out.problem = std::strerror(errno);
        }
        return out;
    }
    out.exists = true;
    struct stat info {};
    if (::fstat(fd, &info) == 0 && static_cast<std::size_t>(info.st_size) > limit) {
        out.problem = fmt::format("{} bytes, over the {} read", info.st_size, limit);
        ::close(fd);
        return out;
    }
    out.text.resize(static_cast<std::size_t>(info.st_size));
    std::size_t got = 0;
    while (true) {
        if (got == out.text.size())
            out.text.resize(got + 4096); // grew since fstat
        const auto n = ::read(fd, out.text.data() + got, out.text.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            out.problem = std::strerror(errno);
            break;
        }
        if (n == 0)
            break;
        got += static_cast<std::size_t>(n);
        if (got > limit) {
            out.problem = fmt::format("over the {} bytes read", limit);
            break;
        }
    }
    out.text.resize(got);
    ::close(fd);
    return out;
}

} // namespace

StateFiles read_state_files(const std::string& dir) {
    StateFiles out;
    auto journal =
        read_file(fmt::format("{}/{}", dir, journal_file_name), state_limits::file_bytes);
    const auto snapshot =
        read_file(fmt::format("{}/{}", dir, state_file_name), state_limits::file_bytes);
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
