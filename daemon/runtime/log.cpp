#include "runtime/log.hpp"

#include <cstdio>
#include <cstdlib>
#include <sys/stat.h>
#include <sys/uio.h>
#include <vector>

#include <systemd/sd-journal.h>

namespace agendad::runtime::log {

namespace {

bool to_journal = false;
bool debug_enabled = false;

// systemd sets JOURNAL_STREAM=dev:ino for the stream our stderr is connected to; only when it
// matches is stderr really the journal (a child of a service may have redirected it).
bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    if (stream == nullptr)
        return false;
    unsigned long long dev = 0;
    unsigned long long ino = 0;
    if (std::sscanf(stream, "%llu:%llu", &dev, &ino) != 2)
        return false;
    struct stat st {};
    if (fstat(STDERR_FILENO, &st) < 0)
        return false;
    return st.st_dev == dev && st.st_ino == ino;
}

std::string_view level_prefix(Level level) {
    switch (level) {
    case Level::error:
        return "error: ";
    case Level::warning:
        return "warning: ";
    default:
        return "";
    }
}

} // namespace

void init(bool verbose) {
    debug_enabled = verbose;
    to_journal = stderr_is_journal();
}

bool verbose() {
    return debug_enabled;
}

void write(Level level, std::string_view message, std::initializer_list<Field> fields) {
    if (level == Level::debug && !debug_enabled)
        return;
    if (!to_journal) {
        fmt::print(stderr, "agendad: {}{}\n", level_prefix(level), message);
        std::fflush(stderr);
        return;
    }
    std::vector<std::string> items;
    items.reserve(fields.size() + 3);
    items.push_back(fmt::format("MESSAGE={}", message));
    items.push_back(fmt::format("PRIORITY={}", static_cast<int>(level)));
    items.emplace_back("SYSLOG_IDENTIFIER=agendad");
    for (const auto& field : fields)
        items.push_back(fmt::format("{}={}", field.name, field.value));
    std::vector<iovec> iov;
    iov.reserve(items.size());
    for (auto& item : items)
        iov.push_back(iovec{item.data(), item.size()});
    if (sd_journal_sendv(iov.data(), static_cast<int>(iov.size())) < 0)
        fmt::print(stderr, "agendad: {}{}\n", level_prefix(level), message);
}

} // namespace agendad::runtime::log
