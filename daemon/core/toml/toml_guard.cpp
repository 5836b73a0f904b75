#include "core/toml/toml_guard.hpp"

#include <fmt/format.h>

#include <array>
#include <vector>

namespace agendad::core {

namespace {

enum class Mode { normal, comment, basic, literal, multiline_basic, multiline_literal };

/// The length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlong forms, no
/// surrogates, nothing past U+10FFFF), or 0 when it is malformed.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    std::size_t length = 0;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : low;
        high = lead == 0xED ? 0x9F : high;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : low;
        high = lead == 0xF4 ? 0x8F : high;
    } else {
        return 0;
    }
    if (text.size() - i < length || byte(i + 1) < low || byte(i + 1) > high)
        return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
            return 0;
    return length;
}

/// Which bytes are printable ASCII that change nothing in a mode: the bulk of any file, skipped
/// in a tight loop over one of these tables (a switch per byte cost twice as much).
struct OrdinaryBytes {
    using Table = std::array<bool, 256>;
    Table normal{}; ///< 'T', 't' and ' ' may join a date and a time: see date_time()
    Table comment{};
    Table basic{}; ///< outside an escape and a line-ending backslash's blanks
    Table literal{};

    constexpr OrdinaryBytes() {
        for (int c = ' '; c <= '~'; ++c) {
            const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '_' || c == '-' || c == ':' ||
                              c == '+';
            normal[c] = word && c != 'T' && c != 't';
            comment[c] = true;
            basic[c] = c != '"' && c != '\\';
            literal[c] = c != '\'';
        }
    }
};

constexpr OrdinaryBytes ordinary_bytes;
constexpr OrdinaryBytes::Table no_ordinary_bytes{};

struct OpenBracket {
    char bracket;
    std::uint32_t line;
    std::uint32_t column;
    bool in_value; ///< whether a value (not a key) was being read where it opened
};

/// One pass over the text. Invariant: `mode_` is the lexical context of byte `i_`, and
/// `open_` holds the brackets opened outside strings and comments and not yet closed.
class Scanner {
  public:
    explicit Scanner(std::string_view text) : text_(text) {}

    std::optional<TomlTextProblem> run() {
        if (text_.starts_with("\xEF\xBB\xBF")) // a byte order mark, which TOML allows
            i_ = 3;
        while (i_ < text_.size()) {
            if (auto problem = step())
                return problem;
        }
        if (!open_.empty()) {
            const OpenBracket& last = open_.back();
            return TomlTextProblem{last.line, last.column,
                                   fmt::format("this '{}' is never closed", last.bracket)};
        }
        return std::nullopt;
    }

  private:
    const OrdinaryBytes::Table& ordinary_in(Mode mode) const {
        switch (mode) {
        case Mode::normal:
            return ordinary_bytes.normal;
        case Mode::comment:
            return ordinary_bytes.comment;
        case Mode::basic:
        case Mode::multiline_basic:
            return escape_ || skipping_ ? no_ordinary_bytes : ordinary_bytes.basic;
        case Mode::literal:
        case Mode::multiline_literal:
            return ordinary_bytes.literal;
        }
        return no_ordinary_bytes;
    }

    /// One step: past the ordinary bytes of the mode, then the one byte after them.
    std::optional<TomlTextProblem> step() {
        skip_ordinary();
        if (i_ == text_.size())
            return std::nullopt;
        const char c = text_[i_];
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n') {
            end_line();
            return std::nullopt;
        }
        if (c == '\r' && i_ + 1 < text_.size() && text_[i_ + 1] == '\n') {
            ++i_; // CRLF: the line feed ends the line
            return std::nullopt;
        }
        if ((u < 0x20 && c != '\t') || u == 0x7F)
            return problem(control_message(u));
        if (u >= 0x80)
            return non_ascii();
        switch (mode_) {
        case Mode::normal:
            return normal(c);
        case Mode::comment:
            advance(1);
            return std::nullopt;
        case Mode::basic:
        case Mode::multiline_basic:
            return in_basic_string(c);
        case Mode::literal:
        case Mode::multiline_literal:
            if (c == '\'')
                return close_string('\'');
            advance(1);
            return std::nullopt;
        }
        return std::nullopt;
    }

    /// Past the bytes that change nothing in the current mode, in a tight loop.
    void skip_ordinary() {
        const std::size_t start = i_;
        const OrdinaryBytes::Table& ordinary = ordinary_in(mode_);
        const std::size_t size = text_.size();
        std::size_t at = i_;
        const bool outside_strings = mode_ == Mode::normal;
        while (at < size) {
            const char c = text_[at];
            if (ordinary[static_cast<unsigned char>(c)]) {
                ++at;
                continue;
            }
            // A blank outside strings changes nothing either (normal() only checks it for a
            // date before it), and key lines have two: taken here, not one step each (a step
            // per blank was a tenth of a 10,000-event scan). After something shaped like a
            // date it goes to normal(), which checks the time.
            if (c == ' ' && outside_strings &&
                !(at >= 10 && text_[at - 6] == '-' && text_[at - 3] == '-')) {
                ++at;
                continue;
            }
            break;
        }
        i_ = at;
        column_ += static_cast<std::uint32_t>(i_ - start);
        if (mode_ == Mode::normal && !line_has_content_ && i_ > start)
            line_has_content_ =
                text_.substr(start, i_ - start).find_first_not_of(' ') != std::string_view::npos;
    }

    /// At a line feed: single-line strings and comments end, and so does a key-value pair.
    void end_line() {
        // An unterminated string is toml++'s to report, the scan only has to stay in step.
        if (mode_ == Mode::comment || mode_ == Mode::basic || mode_ == Mode::literal)
            mode_ = Mode::normal;
        // A line-ending backslash in a multi-line string skips the blanks that follow.
        skipping_ = mode_ == Mode::multiline_basic && (escape_ || skipping_);
        if (open_.empty() && mode_ == Mode::normal)
            in_value_ = false; // a key-value pair ends with its line
        escape_ = false;
        key_dots_ = 0;
        line_has_content_ = false;
        ++i_;
        ++line_;
        column_ = 1;
    }

    /// At a byte of U+0080 or above: allowed only as well-formed UTF-8 in strings and comments.
    std::optional<TomlTextProblem> non_ascii() {
        // toml++ asks its Unicode whitespace table about the character after a backslash and
        // after a line-ending backslash's blanks, and that table reaches `unreachable` for most
        // of U+00A1..U+0499 (fuzz_schedule: a multi-line string).
        if (escape_)
            return problem("a backslash followed by a non-ASCII character is not an "
                           "escape; use e.g. \\n, \\\" or \\u00E9");
        if (skipping_)
            return problem("a line continued with a backslash must go on with an ASCII "
                           "character; write this one as a \\u escape");
        if (mode_ == Mode::normal)
            return problem("a non-ASCII character outside a string or comment; keys and "
                           "values with such characters go in quotes, e.g. \"Café\" = 1");
        const std::size_t length = utf8_length(text_, i_);
        if (length == 0)
            return problem("invalid UTF-8; the file must be UTF-8 text");
        advance(length);
        return std::nullopt;
    }

    /// At an ASCII byte inside a basic string: escapes, the blanks a line-ending backslash
    /// skips, and the closing quote.
    std::optional<TomlTextProblem> in_basic_string(char c) {
        if (skipping_ && c != ' ' && c != '\t' && c != '\r')
            skipping_ = false;
        if (escape_) {
            escape_ = false;
            skipping_ = mode_ == Mode::multiline_basic && (c == ' ' || c == '\t' || c == '\r');
        } else if (c == '\\')
            escape_ = true;
        else if (c == '"')
            return close_string('"');
        advance(1);
        return std::nullopt;
    }

    /// At a byte outside strings and comments that the ordinary bytes do not cover.
    std::optional<TomlTextProblem> normal(char c) {
        const bool first_on_line = !line_has_content_;
        if (c != ' ' && c != '\t' && c != '\r')
            line_has_content_ = true;
        std::optional<TomlTextProblem> found;
        switch (c) {
        case '#':
            mode_ = Mode::comment;
            break;
        case '"':
        case '\'':
            return open_string(c);
        case '[':
            if (open_.empty() && first_on_line)
                found = check_header();
            if (!found)
                found = open_bracket(c);
            break;
        case '{':
            found = open_bracket(c);
            break;
        case ']':
        case '}':
            found = close_bracket(c);
            break;
        case '=':
            in_value_ = true;
            key_dots_ = 0;
            break;
        case ',':
            in_value_ = !open_.empty() && open_.back().bracket == '[';
            key_dots_ = 0;
            break;
        case 'T':
        case 't':
        case ' ':
            found = date_time(c);
            break;
        case '.':
            // Dots between key parts; quoted parts and spaces around the dots do not reset the
            // count, anything that ends a key does.
            if (++key_dots_ >= toml_limits::key_parts)
                found = problem(
                    fmt::format("a key may have at most {} dotted parts", toml_limits::key_parts));
            break;
        default:
            break;
        }
        if (found)
            return found;
        advance(1);
        return std::nullopt;
    }

    /// At a quote outside strings: a string of that kind opens, if one may open here.
    std::optional<TomlTextProblem> open_string(char quote) {
        if (!quote_may_open())
            return problem(fmt::format("a {} quote cannot follow '{}'; a string starts after "
                                       "'=', '[', '{{', ',', '.' or a space",
                                       quote == '"' ? "double" : "single", text_[i_ - 1]));
        if (text_.substr(i_, 3) == std::string(3, quote)) {
            mode_ = quote == '"' ? Mode::multiline_basic : Mode::multiline_literal;
            for (int k = 0; k < 3; ++k)
                advance(1);
            return std::nullopt;
        }
        mode_ = quote == '"' ? Mode::basic : Mode::literal;
        advance(1);
        return std::nullopt;
    }

    /// At '[' or '{' outside strings: one more level open, within the nesting limit.
    std::optional<TomlTextProblem> open_bracket(char c) {
        if (open_.size() >= toml_limits::nesting)
            return problem(fmt::format("arrays and inline tables may be nested at most {} deep",
                                       toml_limits::nesting));
        open_.push_back({c, line_, column_, in_value_});
        // An array's items are values; an inline table starts with a key.
        in_value_ = c == '[' && in_value_;
        key_dots_ = 0;
        return std::nullopt;
    }

    /// At ']' or '}' outside strings: it must close the innermost open bracket of its kind.
    std::optional<TomlTextProblem> close_bracket(char c) {
        const char opener = c == ']' ? '[' : '{';
        if (open_.empty())
            return problem(fmt::format("'{}' closes nothing; no '{}' is open", c, opener));
        const OpenBracket& last = open_.back();
        if (last.bracket != opener)
            return problem(fmt::format("'{}' here, but the '{}' at line {}, column {} is still "
                                       "open",
                                       c, last.bracket, last.line, last.column));
        in_value_ = last.in_value;
        open_.pop_back();
        key_dots_ = 0;
        return std::nullopt;
    }

    /// At the '[' that opens a table header: toml++ asserts (rather than reports) when what
    /// follows `[` or `[[` and any blanks is neither a key nor `]` (fuzz_schedule: "[(").
    std::optional<TomlTextProblem> check_header() const {
        std::size_t at = i_ + 1;
        if (at < text_.size() && text_[at] == '[')
            ++at;
        while (at < text_.size() && (text_[at] == ' ' || text_[at] == '\t'))
            ++at;
        if (at == text_.size())
            return std::nullopt; // toml++ reports the end of the file
        const char c = text_[at];
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\r') || u >= 0x7F)
            return std::nullopt; // the scan reports these bytes with their own message
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '-' || c == '"' || c == '\'' || c == ']')
            return std::nullopt;
        return TomlTextProblem{line_, column_ + static_cast<std::uint32_t>(at - i_),
                               "a table header needs a name, e.g. [settings] or [[event]]"};
    }

    /// At a 'T', 't' or ' ' right after something shaped like a date (YYYY-MM-DD, where
    /// toml++ lets letters stand for digits): toml++ then scans on for a time and asserts
    /// instead of reporting when it is not there (fuzz_schedule: "2022-01-13TL0:00:00" at
    /// parser.inl:2345, "2022-01-13 5" at 2636). A time starts with two digits.
    std::optional<TomlTextProblem> date_time(char separator) const {
        constexpr std::size_t date_length = 10;
        if (i_ < date_length)
            return std::nullopt;
        const std::string_view before = text_.substr(i_ - date_length, date_length);
        if (before[0] < '0' || before[0] > '9' || before[4] != '-' || before[7] != '-')
            return std::nullopt;
        const auto digit = [&](std::size_t at) {
            return at < text_.size() && text_[at] >= '0' && text_[at] <= '9';
        };
        // After a space, anything but a digit ends the date (a valid local date); after a T
        // the time must follow.
        if (separator == ' ' && !digit(i_ + 1))
            return std::nullopt;
        if (digit(i_ + 1) && (digit(i_ + 2) || i_ + 2 == text_.size()))
            return std::nullopt;
        return problem(fmt::format("a date-time needs a time after the {}, e.g. "
                                   "2022-01-13T10:00:00",
                                   separator == ' ' ? "space" : "'T'"));
    }

    /// Whether a quote at `i_` (outside strings) may open a string. Right after a key or a
    /// value character it cannot in TOML, and toml++ would take it as part of the value while
    /// this scan took it as a string, and the two would disagree on everything after it
    /// (fuzz_schedule: "2022-01-1' 3", "+.'é").
    bool quote_may_open() const {
        if (i_ == 0)
            return true;
        switch (text_[i_ - 1]) {
        case ' ':
        case '\t':
        case '\n':
        case '=':
        case '[':
        case '{':
        case ',':
            return true;
        case '.': // between the parts of a dotted key; in a value, toml++ reads on through it
            return !in_value_;
        default:
            return i_ == 3 && text_.starts_with("\xEF\xBB\xBF");
        }
    }

    /// At a quote inside a string of that quote: a single-line string ends; a multi-line one
    /// ends at a run of three or more (up to two of them belong to the string).
    std::optional<TomlTextProblem> close_string(char quote) {
        if (mode_ == Mode::basic || mode_ == Mode::literal) {
            mode_ = Mode::normal;
            advance(1);
            return std::nullopt;
        }
        std::size_t run = 0;
        while (i_ + run < text_.size() && text_[i_ + run] == quote)
            ++run;
        if (run >= 3)
            mode_ = Mode::normal;
        for (std::size_t k = 0; k < run; ++k)
            advance(1);
        return std::nullopt;
    }

    std::string control_message(unsigned char u) const {
        const std::string name = u == 0      ? "a NUL byte (U+0000)"
                                 : u == '\r' ? "a carriage return not followed by a line feed"
                                             : fmt::format("the control character U+{:04X}", u);
        const bool in_string = mode_ != Mode::normal && mode_ != Mode::comment;
        return fmt::format("{} is not allowed in TOML text{}", name,
                           in_string && u != '\r'
                               ? fmt::format("; inside a string write it as \\u{:04X}", u)
                               : "");
    }

    void advance(std::size_t bytes) {
        i_ += bytes;
        ++column_;
    }

    TomlTextProblem problem(std::string message) const {
        return TomlTextProblem{line_, column_, std::move(message)};
    }

    std::string_view text_;
    std::size_t i_ = 0;
    std::uint32_t line_ = 1;
    std::uint32_t column_ = 1;
    Mode mode_ = Mode::normal;
    bool escape_ = false;
    bool skipping_ = false; ///< after a line-ending backslash, in the blanks that follow
    std::size_t key_dots_ = 0;
    bool in_value_ = false; ///< after '=' (or in an array): what follows is a value, not a key
    bool line_has_content_ = false; ///< anything but blanks before `i_` on this line
    std::vector<OpenBracket> open_;
};

} // namespace

std::optional<TomlTextProblem> check_toml_text(std::string_view text) {
    return Scanner{text}.run();
}

} // namespace agendad::core
