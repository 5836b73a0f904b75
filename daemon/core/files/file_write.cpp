#include "core/files/file_write.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace agendad::core {

namespace {

std::string system_error(std::string_view what, const std::string& path) {
    return fmt::format("cannot {} {}: {}", what, path, std::strerror(errno));
}

/// Closes a descriptor and removes a temporary file unless it was renamed into place.
class TemporaryFile {
  public:
    explicit TemporaryFile(std::string pattern) : path_(std::move(pattern)) {
        fd_ = ::mkstemp(path_.data());
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    ~TemporaryFile() {
        if (fd_ >= 0)
            ::close(fd_);
        if (!kept_)
            ::unlink(path_.c_str());
    }
    int fd() const { return fd_; }
    const std::string& path() const { return path_; }
    bool close() {
        const int fd = fd_;
        fd_ = -1;
        return ::close(fd) == 0;
    }
    void keep() { kept_ = true; }

  private:
    std::string path_;
    int fd_ = -1;
    bool kept_ = false;
};

mode_t current_umask() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return mask;
}

} // namespace

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

void sync_folder(const std::string& folder) {
    if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

std::expected<void, std::string> write_file_atomically(const std::string& path,
                                                       std::string_view text, bool sync) {
    // A link (dotfiles kept in a repository) stays a link: the file it points to is replaced.
    std::string target = path;
    if (char* real = ::realpath(path.c_str(), nullptr); real != nullptr) {
        target = real;
        std::free(real);
    }
    const std::filesystem::path where{target};
    const std::string folder =
        where.has_parent_path() ? where.parent_path().string() : std::string{"."};
    TemporaryFile temporary{folder + "/." + where.filename().string() + ".XXXXXX"};
    if (temporary.fd() < 0)
        return std::unexpected(system_error("create a temporary file in", folder));

    struct stat old {};
    const mode_t mode =
        ::stat(target.c_str(), &old) == 0 ? old.st_mode & 07777 : 0666 & ~current_umask();
    if (!write_all(temporary.fd(), text) || ::fchmod(temporary.fd(), mode) != 0 ||
        ::fsync(temporary.fd()) != 0 || !temporary.close())
        return std::unexpected(system_error("write", temporary.path()));
    if (::rename(temporary.path().c_str(), target.c_str()) != 0)
        return std::unexpected(system_error("replace", target));
    temporary.keep();
    // The rename itself reaches the disk with the folder.
    if (sync)
        sync_folder(folder);
    return {};
}

} // namespace agendad::core
