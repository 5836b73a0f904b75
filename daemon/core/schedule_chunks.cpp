#include "core/schedule_chunks.hpp"

#include <cstring>
#include <functional>

namespace agendad::core {

namespace {

std::string_view skip_blanks(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
        ++i;
    return s.substr(i);
}

bool consume(std::string_view& s, std::string_view prefix) {
    if (!s.starts_with(prefix))
        return false;
    s.remove_prefix(prefix.size());
    return true;
}

std::uint64_t hash_of(std::string_view text) {
    return std::hash<std::string_view>{}(text);
}

} // namespace

bool is_event_header(std::string_view line) {
    if (line.ends_with('\r'))
        line.remove_suffix(1);
    line = skip_blanks(line);
    if (!consume(line, "[["))
        return false;
    line = skip_blanks(line);
    if (!consume(line, "event") && !consume(line, "\"event\"") && !consume(line, "'event'"))
        return false;
    line = skip_blanks(line);
    if (!consume(line, "]]"))
        return false;
    line = skip_blanks(line);
    return line.empty() || line.front() == '#';
}

std::vector<ScheduleChunk> split_schedule(std::string_view text) {
    std::vector<ScheduleChunk> chunks;
    std::size_t chunk_start = 0;
    std::uint32_t chunk_line = 1;
    std::uint32_t line = 1;
    std::size_t at = 0;
    while (at < text.size()) {
        const void* found = std::memchr(text.data() + at, '\n', text.size() - at);
        const std::size_t end =
            found != nullptr ? static_cast<const char*>(found) - text.data() : text.size();
        // Only a line that starts with blanks and '[' can be a header: most lines fail the
        // first test.
        const char first = text[at];
        if ((first == '[' || first == ' ' || first == '\t') &&
            is_event_header(text.substr(at, end - at))) {
            chunks.push_back({text.substr(chunk_start, at - chunk_start), chunk_line, 0});
            chunk_start = at;
            chunk_line = line;
        }
        at = end + 1;
        ++line;
    }
    chunks.push_back({text.substr(chunk_start), chunk_line, 0});
    for (auto& chunk : chunks)
        chunk.hash = hash_of(chunk.text);
    return chunks;
}

} // namespace agendad::core
