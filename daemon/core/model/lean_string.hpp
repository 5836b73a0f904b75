#pragma once
/// A string that costs one pointer while it is empty, for the texts most events leave empty
/// (location, description, url, calendar, sound): a std::string is 32 bytes in every event, and
/// the events are most of the daemon's memory (at 10,000 events, 384 bytes each with plain
/// strings, 160 of them these five empty strings).
///
/// It reads like a `const std::string&` (it converts to one, and to std::string_view) and is
/// assigned like one; a text is stored in a std::string of its own, made by the first non-empty
/// assignment.

#include <fmt/format.h>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace agendad::core {

class LeanString {
  public:
    LeanString() = default;
    LeanString(std::string text) { *this = std::move(text); }       // NOLINT: like a string
    LeanString(const char* text) : LeanString(std::string{text}) {} // NOLINT: like a string
    LeanString(const LeanString& other) { *this = other; }
    LeanString(LeanString&&) noexcept = default;
    LeanString& operator=(const LeanString& other) {
        if (this != &other)
            text_ = other.empty() ? nullptr : std::make_unique<std::string>(*other.text_);
        return *this;
    }
    LeanString& operator=(LeanString&&) noexcept = default;
    LeanString& operator=(std::string text) {
        text_ = text.empty() ? nullptr : std::make_unique<std::string>(std::move(text));
        return *this;
    }
    LeanString& operator=(const char* text) { return *this = std::string{text}; }
    LeanString& operator=(std::string_view text) { return *this = std::string{text}; }

    const std::string& str() const { return text_ ? *text_ : empty_text(); }
    operator const std::string&() const { return str(); } // NOLINT: reads like a string
    operator std::string_view() const { return str(); }   // NOLINT: reads like a string

    bool empty() const { return !text_; }
    std::size_t size() const { return str().size(); }
    const char* c_str() const { return str().c_str(); }
    const char* data() const { return str().data(); }
    void clear() { text_.reset(); }

    friend bool operator==(const LeanString& a, const LeanString& b) { return a.str() == b.str(); }
    friend bool operator==(const LeanString& a, std::string_view b) { return a.str() == b; }
    friend bool operator==(const LeanString& a, const std::string& b) { return a.str() == b; }
    friend bool operator==(const LeanString& a, const char* b) { return a.str() == b; }

  private:
    static const std::string& empty_text() {
        static const std::string empty;
        return empty;
    }
    std::unique_ptr<std::string> text_;
};

} // namespace agendad::core

template <>
struct fmt::formatter<agendad::core::LeanString> : fmt::formatter<std::string_view> {
    template <typename Context>
    auto format(const agendad::core::LeanString& text, Context& context) const {
        return fmt::formatter<std::string_view>::format(std::string_view{text.str()}, context);
    }
};
