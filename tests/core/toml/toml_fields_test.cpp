// TableFields: which keys count as unknown, whatever the table's size and however often a
// read asks for the same key.

#include "core/toml/toml_fields.hpp"

#include "catch_compat.hpp"

#include <string>
#include <vector>

using namespace agendad::core;

namespace {

/// The messages report_unknown() gives for `text` after asking for `asks`.
std::vector<std::string> unknown_after(const std::string& text,
                                       std::initializer_list<std::string_view> asks) {
    auto parsed = toml::parse(text);
    REQUIRE(parsed);
    Diagnostics diagnostics;
    TableFields fields{parsed.table(), {"event", 1}, "agenda.toml", diagnostics};
    for (const std::string_view key : asks)
        fields.find(key);
    fields.report_unknown();
    std::vector<std::string> messages;
    for (const auto& d : diagnostics)
        messages.push_back(std::to_string(d.line) + ": " + d.message);
    return messages;
}

} // namespace

TEST_CASE("a key nobody asked for is reported, once, with a suggestion", "[core][toml_fields]") {
    const std::string text = "title = \"a\"\nremnd = \"5m\"\n";
    // "title" asked three times: the suggestion list holds each key once.
    CHECK(
        unknown_after(text, {"title", "remind", "title", "title", "remind"}) ==
        std::vector<std::string>{"2: event[1]: unknown key \"remnd\" (did you mean \"remind\"?)"});
    CHECK(unknown_after(text, {"title", "remnd"}).empty());
    CHECK(unknown_after(text, {"remnd", "remnd", "title"}).empty());
}

TEST_CASE("keys are found in a table of any size", "[core][toml_fields]") {
    for (int keys : {1, 15, 16, 17, 40}) {
        INFO(keys << " keys");
        // Kept while the fields are: TableFields keeps views of the keys asked for.
        std::vector<std::string> names;
        std::string text;
        for (int k = 0; k < keys; ++k) {
            names.push_back("key" + std::to_string(k));
            text += names.back() + " = " + std::to_string(k) + "\n";
        }
        auto parsed = toml::parse(text);
        REQUIRE(parsed);
        Diagnostics diagnostics;
        TableFields fields{parsed.table(), {"event", 1}, "agenda.toml", diagnostics};
        for (int k = 0; k < keys; ++k) {
            const toml::node* node = fields.find(names[static_cast<std::size_t>(k)]);
            REQUIRE(node != nullptr);
            CHECK(node->value<std::int64_t>() == k);
        }
        CHECK(fields.find("key") == nullptr);
        CHECK(fields.find("nokey0") == nullptr);
        // All asked but the last: exactly it is unknown.
        Diagnostics partial;
        TableFields some{parsed.table(), {"event", 1}, "agenda.toml", partial};
        for (int k = 0; k + 1 < keys; ++k)
            some.find(names[static_cast<std::size_t>(k)]);
        some.report_unknown();
        REQUIRE(partial.size() == 1);
        CHECK_THAT(partial[0].message,
                   Catch::StartsWith("event[1]: unknown key \"key" + std::to_string(keys - 1)));
        fields.report_unknown();
        CHECK(diagnostics.empty());
    }
}
