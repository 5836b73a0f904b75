#include "core/toml/schedule_chunks.hpp"

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

/// One step of the chunk hash: the 128-bit product folded to 64 bits (as wyhash mixes), so
/// that every bit of `x` reaches every bit of the result.
std::uint64_t mix(std::uint64_t x) {
    constexpr std::uint64_t k = 0x9E3779B97F4A7C15U;
    __extension__ using Wide = unsigned __int128; // GCC's, on every 64-bit target
    const auto product = static_cast<Wide>(x) * k;
    return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
}

/// Eight bytes a step: std::hash (libstdc++'s _Hash_bytes) cost 2.7 instructions a byte, the
/// largest part of cutting a 1.4 MB schedule. Not for hash tables under attack: a reload
/// compares it, with the size, to the hash of the same chunk's text in the previous save.
std::uint64_t hash_of(std::string_view text) {
    std::uint64_t h = mix(text.size() ^ 0x2D358DCCAA6C78A5U);
    std::size_t at = 0;
    for (; at + 8 <= text.size(); at += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + at, 8);
        h = mix(h ^ word);
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, text.data() + at, text.size() - at);
    return mix(mix(h ^ tail));
}

/// The line feeds in `text`, sixteen bytes a step (GCC's vector extension: SSE2 on x86-64,
/// NEON on arm64).
std::size_t count_newlines(std::string_view text) {
    using Bytes = unsigned char __attribute__((vector_size(16)));
    const Bytes newline = Bytes{} + static_cast<unsigned char>('\n');
    std::size_t count = 0;
    std::size_t at = 0;
    while (text.size() - at >= 16) {
        Bytes found{}; // per lane, up to 255 before it is added up
        for (int step = 0; step < 255 && text.size() - at >= 16; ++step, at += 16) {
            Bytes bytes;
            std::memcpy(&bytes, text.data() + at, 16);
            found -= reinterpret_cast<Bytes>(bytes == newline); // -1 where equal
        }
        for (int lane = 0; lane < 16; ++lane)
            count += found[lane];
    }
    for (; at < text.size(); ++at)
        count += text[at] == '\n' ? 1 : 0;
    return count;
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
    std::size_t counted_to = 0; // the line feeds before here are counted in `line`
    std::uint32_t line = 1;
    // A header line holds "[[" after blanks only: looking for '[' skips most of the text in
    // memchr's wide steps (a line at a time cost 2.7 instructions a byte), and the lines are
    // counted only where a chunk starts.
    std::size_t at = 0;
    while (const void* found = std::memchr(text.data() + at, '[', text.size() - at)) {
        const std::size_t bracket = static_cast<const char*>(found) - text.data();
        at = bracket + 1;
        if (at >= text.size() || text[at] != '[')
            continue;
        std::size_t start = bracket;
        while (start > 0 && (text[start - 1] == ' ' || text[start - 1] == '\t'))
            --start;
        if (start > 0 && text[start - 1] != '\n')
            continue;
        const void* feed = std::memchr(text.data() + at, '\n', text.size() - at);
        const std::size_t end =
            feed != nullptr ? static_cast<const char*>(feed) - text.data() : text.size();
        if (!is_event_header(text.substr(start, end - start)))
            continue;
        line +=
            static_cast<std::uint32_t>(count_newlines(text.substr(counted_to, start - counted_to)));
        counted_to = start;
        chunks.push_back({text.substr(chunk_start, start - chunk_start), chunk_line, 0});
        chunk_start = start;
        chunk_line = line;
        at = end;
        if (at >= text.size())
            break;
    }
    chunks.push_back({text.substr(chunk_start), chunk_line, 0});
    for (auto& chunk : chunks)
        chunk.hash = hash_of(chunk.text);
    return chunks;
}

} // namespace agendad::core
