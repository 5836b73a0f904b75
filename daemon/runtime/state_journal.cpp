#include "runtime/state_journal.hpp"

#include "runtime/history.hpp"

#include <array>
#include <charconv>
#include <fmt/format.h>

namespace agendad::runtime {

namespace {

constexpr std::array<std::uint32_t, 256> crc_table = [] {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    return table;
}();

// A record line is short; anything longer without a newline is not one.
constexpr std::size_t record_line_max = 64;

template <typename T>
bool parse_number(std::string_view text, T& value, int base = 10) {
    if (text.empty())
        return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    return ec == std::errc{} && end == text.data() + text.size();
}

std::string_view take_word(std::string_view& rest) {
    const auto space = rest.find(' ');
    const auto word = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
    return word;
}

} // namespace

std::uint32_t crc32(std::string_view data, std::uint32_t crc) {
    crc = ~crc;
    for (const char c : data)
        crc = crc_table[(crc ^ static_cast<unsigned char>(c)) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

std::string format_journal_record(std::uint64_t seq, std::string_view lines) {
    std::string out = fmt::format("record {} {}", seq, lines.size());
    const auto crc = crc32(lines, crc32(out));
    fmt::format_to(std::back_inserter(out), " {:08x}\n", crc);
    out += lines;
    return out;
}

JournalReplay replay_journal(std::string_view text, State& state) {
    JournalReplay replay;
    if (text.empty() || text.find_first_not_of('\0') == std::string_view::npos)
        return replay; // never written, or made and not yet headed
    if (!text.starts_with(journal_header)) {
        replay.problem = "no \"agendad-journal 1\" first line";
        return replay;
    }
    std::size_t at = journal_header.size();
    replay.used_bytes = at;
    const std::uint64_t included = state.journal_seq;
    std::uint64_t previous = 0;
    while (at < text.size() && text[at] != '\0') {
        const std::size_t number = replay.records + 1;
        const auto corrupt = [&](std::string_view what) {
            replay.problem = fmt::format("record {} (byte {}): {}", number, at, what);
        };
        const auto line_end = text.substr(at, record_line_max).find('\n');
        const auto zero = text.substr(at, record_line_max).find('\0');
        if (line_end == std::string_view::npos || zero < line_end) {
            if (zero != std::string_view::npos || at + record_line_max > text.size())
                replay.torn = true; // cut off by the zeros or the end
            else
                corrupt("no record line");
            break;
        }
        const std::string_view line = text.substr(at, line_end);
        std::string_view rest = line;
        std::uint64_t seq = 0;
        std::size_t bytes = 0;
        std::uint32_t crc = 0;
        const auto kind = take_word(rest);
        const bool parsed = kind == "record" && parse_number(take_word(rest), seq) &&
                            parse_number(take_word(rest), bytes) && rest.size() == 8 &&
                            parse_number(rest, crc, 16);
        if (!parsed) {
            corrupt("not a record line");
            break;
        }
        const std::size_t body_at = at + line_end + 1;
        if (bytes > text.size() - body_at) {
            replay.torn = true;
            break;
        }
        const std::string_view body = text.substr(body_at, bytes);
        if (crc32(body, crc32(line.substr(0, line.size() - 9))) != crc) {
            replay.torn = true;
            break;
        }
        if (previous != 0 && seq != previous + 1) {
            corrupt(fmt::format("SEQ {} after {}", seq, previous));
            break;
        }
        if (!body.empty() && !body.ends_with('\n')) {
            corrupt("lines without their newline");
            break;
        }
        if (seq > included) {
            // A bad line under a good CRC is corruption; the lines before it stay applied,
            // as the records before it do: each is a state line the daemon wrote.
            std::string_view lines = body;
            while (!lines.empty()) {
                const auto newline = lines.find('\n');
                const auto applied = apply_journal_line(lines.substr(0, newline), state);
                if (!applied) {
                    corrupt(applied.error());
                    break;
                }
                lines.remove_prefix(newline + 1);
            }
            if (!replay.problem.empty())
                break;
            state.journal_seq = seq;
            ++replay.applied;
        }
        previous = seq;
        replay.last_seq = seq;
        ++replay.records;
        at = body_at + bytes;
        replay.used_bytes = at;
    }
    bound_history(state.history);
    return replay;
}

} // namespace agendad::runtime
