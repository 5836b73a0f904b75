#include "core/files/file_read.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace agendad::core {

namespace {

/// Closes a descriptor when it goes out of scope.
struct Descriptor {
    int fd;
    explicit Descriptor(int descriptor) : fd(descriptor) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() { ::close(fd); }
};

} // namespace

FileText read_file_text(const std::string& path, std::size_t limit) {
    FileText out;
    // Non-blocking, so that a FIFO put where a file should be is refused below instead of
    // waiting for a writer that never comes; a regular file ignores the flag.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        if (errno != ENOENT) {
            out.exists = true;
            out.problem = std::strerror(errno);
        }
        return out;
    }
    const Descriptor closer{fd};
    out.exists = true;
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        out.problem = std::strerror(errno);
        return out;
    }
    if (!S_ISREG(info.st_mode)) {
        out.problem = "not a regular file";
        return out;
    }
    if (static_cast<std::size_t>(info.st_size) > limit) {
        out.size = static_cast<std::size_t>(info.st_size);
        out.problem = fmt::format("{} bytes, over the {} read", out.size, limit);
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
            out.size = got;
            out.problem = fmt::format("over the {} bytes read", limit);
            break;
        }
    }
    out.text.resize(got);
    return out;
}

} // namespace agendad::core
