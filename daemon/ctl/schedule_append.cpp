#include "ctl/schedule_append.hpp"

#include "core/model/schedule.hpp"
#include "core/read/schedule_reader.hpp"
#include "core/toml/event_toml.hpp"
#include "ctl/schedule_commands.hpp"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace agendad::ctl {

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

mode_t current_umask() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return mask;
}

} // namespace

std::expected<std::string, std::string> read_text_file(const std::string& path,
                                                       bool missing_is_empty) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        if (errno == ENOENT && missing_is_empty)
            return std::string{};
        return std::unexpected(system_error("read", path));
    }
    std::string text;
    char buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
        text.append(buffer, n);
        if (text.size() > core::limits::file_bytes) {
            std::fclose(file);
            return std::unexpected(
                fmt::format("{} is larger than {} bytes", path, core::limits::file_bytes));
        }
    }
    const bool failed = std::ferror(file) != 0;
    std::fclose(file);
    if (failed)
        return std::unexpected(system_error("read", path));
    return text;
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

core::Diagnostics check_schedule_text(std::string_view text, const std::string& path,
                                      const core::Zone& zone, std::string_view home) {
    auto schedule = core::parse_schedule(text, path, zone, home);
    if (schedule)
        return {};
    return std::move(schedule.error());
}

int append_to_schedule(const std::string& path, std::string_view tables, const core::Zone& zone,
                       std::string_view home) {
    const auto existing = read_text_file(path, true);
    if (!existing) {
        fmt::print(stderr, "agendactl: {}\n", existing.error());
        return code(Exit::failed);
    }
    const std::string text = core::appended_text(*existing, tables);
    if (const auto errors = check_schedule_text(text, path, zone, home); !errors.empty()) {
        fmt::print(stderr, "{}", core::to_string(errors));
        fmt::print(stderr, "agendactl: nothing was written to {}\n", path);
        return code(Exit::failed);
    }
    std::error_code ignored;
    if (const auto folder = std::filesystem::path{path}.parent_path(); !folder.empty())
        std::filesystem::create_directories(folder, ignored);
    if (auto written = write_file_atomically(path, text); !written) {
        fmt::print(stderr, "agendactl: {}\n", written.error());
        return code(Exit::failed);
    }
    return code(Exit::ok);
}

} // namespace agendad::ctl
