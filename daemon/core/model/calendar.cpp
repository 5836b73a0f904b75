#include "core/model/calendar.hpp"

namespace agendad::core {

std::optional<std::string> resolve_calendar_path(std::string_view path, const PathBase& base) {
    if (path == "~" || path.starts_with("~/")) {
        if (!base.home.starts_with('/'))
            return std::nullopt;
        std::string home{base.home};
        while (home.size() > 1 && home.back() == '/')
            home.pop_back();
        return home + std::string{path.substr(1)};
    }
    if (path.starts_with('/'))
        return std::string{path};
    const auto slash = base.schedule_path.rfind('/');
    if (slash == std::string_view::npos)
        return std::string{path};
    return std::string{base.schedule_path.substr(0, slash + 1)} + std::string{path};
}

} // namespace agendad::core
