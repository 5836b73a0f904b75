// agendactl edit with a scripted editor and scripted answers: a clean copy is saved, one with
// errors is offered again and never saved.

#include "ctl/schedule_append.hpp"
#include "ctl/schedule_edit.hpp"
#include "fakes.hpp"

#include "catch_compat.hpp"
#include <cstdio>
#include <deque>

using namespace agendad;

namespace {

const std::string good = "[[event]]\ntitle = \"x\"\nstart = 2026-12-03T15:00:00\n";
const std::string bad = "[[event]]\ntitle = \"x\"\nstart = \"tomorrow\"\n";

/// An editor that writes the next of its texts into the file it is given.
struct ScriptedEditor {
    explicit ScriptedEditor(std::deque<std::string> to_write = {}) : texts(std::move(to_write)) {}
    std::deque<std::string> texts;
    std::vector<std::string> paths;
    int status = 0;
    int operator()(const std::string&, const std::string& path) {
        paths.push_back(path);
        if (!texts.empty()) {
            test::write_file(path, texts.front());
            texts.pop_front();
        }
        return status;
    }
};

struct Edit {
    test::TempDir dir;
    std::string path = dir.file("agenda.toml");
    std::string answers;
    std::FILE* in = nullptr;
    std::FILE* prompts = std::tmpfile();

    int run(ScriptedEditor& editor) {
        in = fmemopen(answers.data(), answers.size(), "r");
        ctl::EditOptions options;
        options.file = path;
        options.editor = "scripted";
        options.now = core::test::at("2026-11-27T14:00:00Z");
        options.user_zone = &core::test::zone("UTC");
        options.answers = in;
        options.prompts = prompts;
        return ctl::run_edit(
            options, [&](const std::string& e, const std::string& p) { return editor(e, p); });
    }
    std::string prompted() {
        std::rewind(prompts);
        std::string out;
        for (int c = 0; (c = std::fgetc(prompts)) != EOF;)
            out += static_cast<char>(c);
        return out;
    }
    ~Edit() {
        if (in != nullptr)
            std::fclose(in);
        std::fclose(prompts);
    }
};

std::string contents(const std::string& path) {
    return *ctl::read_text_file(path);
}

} // namespace

TEST_CASE("a clean edit is saved", "[ctl][edit]") {
    Edit edit;
    test::write_file(edit.path, "# old\n");
    ScriptedEditor editor{{"# old\n" + good}};
    CHECK(edit.run(editor) == 0);
    CHECK(contents(edit.path) == "# old\n" + good);
    // The copy is the file's name in a private folder, removed afterwards.
    REQUIRE(editor.paths.size() == 1);
    CHECK(editor.paths.front().ends_with("/agenda.toml"));
    CHECK(editor.paths.front() != edit.path);
    CHECK_FALSE(std::filesystem::exists(editor.paths.front()));
    CHECK(edit.prompted().empty());
}

TEST_CASE("an edit with errors is offered again, and saved once clean", "[ctl][edit]") {
    Edit edit;
    test::write_file(edit.path, good);
    edit.answers = "e\n";
    ScriptedEditor editor{{bad, good + "# fixed\n"}};
    CHECK(edit.run(editor) == 0);
    CHECK(editor.paths.size() == 2);
    CHECK(contents(edit.path) == good + "# fixed\n");
    CHECK(edit.prompted() == "(e)dit again, (d)iscard? ");
}

TEST_CASE("an edit with errors that is discarded leaves the file", "[ctl][edit]") {
    Edit edit;
    test::write_file(edit.path, good);
    ScriptedEditor editor{{bad}};
    SECTION("d") {
        edit.answers = "d\n";
        CHECK(edit.run(editor) == 1);
    }
    SECTION("an unknown answer asks again") {
        edit.answers = "what?\nd\n";
        CHECK(edit.run(editor) == 1);
        CHECK(edit.prompted() == "(e)dit again, (d)iscard? (e)dit again, (d)iscard? ");
    }
    SECTION("the end of input") {
        CHECK(edit.run(editor) == 1);
    }
    CHECK(contents(edit.path) == good);
    CHECK(editor.paths.size() == 1);
}

TEST_CASE("a failing editor or no change saves nothing", "[ctl][edit]") {
    Edit edit;
    test::write_file(edit.path, good);
    ScriptedEditor failing{{bad}};
    failing.status = 1;
    CHECK(edit.run(failing) == 1);
    ScriptedEditor untouched;
    CHECK(edit.run(untouched) == 0);
    CHECK(contents(edit.path) == good);
}

TEST_CASE("a missing schedule is edited from the starter file", "[ctl][edit]") {
    Edit edit;
    ScriptedEditor editor;
    CHECK(edit.run(editor) == 0);
    CHECK(contents(edit.path).find("2026-11-28") != std::string::npos); // the starter's tomorrow
}

TEST_CASE("a schedule changed on disk meanwhile is not overwritten", "[ctl][edit]") {
    Edit edit;
    test::write_file(edit.path, good);
    std::string kept;
    int calls = 0;
    auto editor = [&](const std::string&, const std::string& copy) {
        ++calls;
        test::write_file(copy, good + "# mine\n");
        test::write_file(edit.path, good + "# theirs\n");
        kept = copy;
        return 0;
    };
    edit.in = fmemopen(edit.answers.data(), 0, "r");
    ctl::EditOptions options;
    options.file = edit.path;
    options.now = core::test::at("2026-11-27T14:00:00Z");
    options.user_zone = &core::test::zone("UTC");
    options.answers = edit.in;
    options.prompts = edit.prompts;
    CHECK(ctl::run_edit(options, editor) == 1);
    CHECK(contents(edit.path) == good + "# theirs\n");
    CHECK(contents(kept) == good + "# mine\n");
    std::filesystem::remove_all(std::filesystem::path{kept}.parent_path());
}
