#include "core/text/meeting_link.hpp"

#include <algorithm>
#include <array>

namespace agendad::core {

namespace {

/// Hosts (and their subdomains) that serve meetings.
constexpr std::array<std::string_view, 7> meeting_hosts = {
    "zoom.us",        "zoom.com",    "meet.google.com", "teams.microsoft.com",
    "teams.live.com", "meet.jit.si", "webex.com",
};

bool ends_link(char c) {
    return static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' || c == '>' || c == '\'' ||
           c == '`';
}

std::string lower(std::string_view text) {
    std::string out{text};
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool known_host(std::string_view link) {
    auto host = link.substr(8); // after "https://"
    host = host.substr(0, host.find_first_of("/?#:"));
    const std::string name = lower(host);
    return std::any_of(meeting_hosts.begin(), meeting_hosts.end(), [&](std::string_view known) {
        return name == known || (name.size() > known.size() && name.ends_with(known) &&
                                 name[name.size() - known.size() - 1] == '.');
    });
}

} // namespace

std::string find_link(std::string_view text, bool any_https) {
    std::string_view fallback;
    const std::string folded = lower(text);
    for (auto at = folded.find("https://"); at != std::string::npos;
         at = folded.find("https://", at + 1)) {
        auto end = at;
        while (end < text.size() && !ends_link(text[end]))
            ++end;
        std::string_view link = text.substr(at, end - at);
        // Punctuation that closes a sentence or a bracket is not part of the link.
        while (!link.empty() &&
               std::string_view{".,;:!?)]}"}.find(link.back()) != std::string_view::npos)
            link.remove_suffix(1);
        if (link.size() <= 8)
            continue;
        if (known_host(link))
            return std::string{link};
        if (fallback.empty())
            fallback = link;
    }
    return any_https ? std::string{fallback} : std::string{};
}

std::string meeting_link(const Event& event) {
    return meeting_link(event.url, event.location, event.description);
}

std::string meeting_link(std::string_view url, std::string_view location,
                         std::string_view description) {
    for (const bool any_https : {false, true})
        for (const std::string_view text : {url, location, description})
            if (auto link = find_link(text, any_https); !link.empty())
                return link;
    return {};
}

bool meeting_host(std::string_view link) {
    return lower(link.substr(0, 8)) == "https://" && link.size() > 8 && known_host(link);
}

} // namespace agendad::core
