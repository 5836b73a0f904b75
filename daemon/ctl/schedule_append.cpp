#include "ctl/schedule_append.hpp"

#include "core/files/file_read.hpp"
#include "core/files/file_write.hpp"
#include "core/model/schedule.hpp"
#include "core/read/schedule_reader.hpp"
#include "core/toml/event_toml.hpp"
#include "ctl/schedule_commands.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>

namespace agendad::ctl {

std::expected<std::string, std::string> read_text_file(const std::string& path,
                                                       bool missing_is_empty) {
    auto file = core::read_file_text(path, core::limits::file_bytes);
    if (!file.exists && missing_is_empty)
        return std::string{};
    if (!file.exists)
        return std::unexpected(fmt::format("cannot read {}: {}", path, std::strerror(ENOENT)));
    if (!file.problem.empty())
        return std::unexpected(fmt::format("cannot read {}: {}", path, file.problem));
    return std::move(file.text);
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
    if (auto written = core::write_file_atomically(path, text); !written) {
        fmt::print(stderr, "agendactl: {}\n", written.error());
        return code(Exit::failed);
    }
    return code(Exit::ok);
}

} // namespace agendad::ctl
