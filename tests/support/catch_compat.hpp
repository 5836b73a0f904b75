#pragma once
/// Catch2 for every test, whichever major version the system has: 2 on Debian 12 (one header,
/// <catch2/catch.hpp>), 3 on Debian 13 (a compiled library, a header per part). Tests include
/// this instead of either, and write Catch2 2's matcher names (`Catch::Contains`,
/// `Catch::StartsWith`), which Catch2 3 keeps under `Catch::Matchers` with the substring one
/// renamed (`ContainsSubstring`: its `Contains` matches ranges).
///
/// A file with its own `main` defines CATCH_CONFIG_RUNNER before including this one and calls
/// `Catch::Session().run(argc, argv)`.

#if __has_include(<catch2/catch_test_macros.hpp>)

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#ifdef CATCH_CONFIG_RUNNER
#include <catch2/catch_session.hpp>
#endif

#include <string>

namespace Catch {

/// Whether a string contains `text` (Catch2 2's `Catch::Contains`).
inline Matchers::StringContainsMatcher Contains(const std::string& text) {
    return Matchers::ContainsSubstring(text);
}

/// Whether a string starts with `text`.
inline Matchers::StartsWithMatcher StartsWith(const std::string& text) {
    return Matchers::StartsWith(text);
}

} // namespace Catch

#else

#include <catch2/catch.hpp>

#endif
