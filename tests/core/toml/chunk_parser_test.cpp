// The chunk parser: results handed back in order whoever parsed them (the calling thread
// parses ahead while a worker holds the chunk it needs).

#include "core/toml/chunk_parser.hpp"

#include "catch_compat.hpp"

#include <string>
#include <vector>

using namespace agendad::core;

namespace {

/// `n = <i>` for every i, but every 97th text is a syntax error and every 101st one a text the
/// guard stops (a NUL), so that a result handed to the wrong index would show.
std::vector<std::string> numbered_texts(std::size_t count) {
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < count; ++i) {
        if (i % 101 == 50)
            texts.push_back(std::string{"n = 1\0", 6});
        else if (i % 97 == 40)
            texts.push_back("n = = " + std::to_string(i) + "\n");
        else
            texts.push_back("n = " + std::to_string(i) + "\n");
    }
    return texts;
}

/// What take(i) must say about numbered_texts()[i].
void check_result(const ChunkParse& got, std::size_t i) {
    if (i % 101 == 50) {
        CHECK(got.problem);
        CHECK_FALSE(got.parsed);
    } else if (i % 97 == 40) {
        REQUIRE(got.parsed);
        CHECK_FALSE(*got.parsed);
    } else {
        REQUIRE(got.parsed);
        REQUIRE(*got.parsed);
        CHECK(got.parsed->table()["n"].value<std::int64_t>() == static_cast<std::int64_t>(i));
    }
}

} // namespace

TEST_CASE("every chunk's parse is handed back at its index, on any number of threads",
          "[core][chunks]") {
    // More chunks than the window, so that workers wait for it and the caller parses ahead.
    const auto texts = numbered_texts(5 * ChunkParser::window + 17);
    const std::vector<std::string_view> views(texts.begin(), texts.end());
    for (unsigned threads : {1U, 2U, 4U}) {
        INFO(threads << " threads");
        ChunkParser parser{views, threads};
        for (std::size_t i = 0; i < views.size(); ++i)
            check_result(parser.take(i), i);
    }
}

TEST_CASE("a parser left before its last chunk stops its workers", "[core][chunks]") {
    const auto texts = numbered_texts(3 * ChunkParser::window);
    const std::vector<std::string_view> views(texts.begin(), texts.end());
    {
        ChunkParser parser{views, 2};
        for (std::size_t i = 0; i < 10; ++i)
            check_result(parser.take(i), i);
    } // joins: a worker waiting for the window must wake up and leave
    SUCCEED("the destructor returned");
}
