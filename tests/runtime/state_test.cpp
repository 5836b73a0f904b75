#include "fakes.hpp"
#include "runtime/state.hpp"
#include "runtime/state_store.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace agendad;
using test::at;

namespace {

runtime::State sample() {
    runtime::State state;
    state.horizon = at("2022-01-10T08:45:00Z");
    state.delivered.insert({"us-russia-geneva", at("2022-01-10T08:00:00Z"), "1h"});
    state.delivered.insert({"odd id\\with\nbreaks", at("2022-01-11T09:00:00Z"), "1h30m"});
    state.snoozed[{"team sync", at("2022-01-10T09:00:00Z")}] = at("2022-01-10T09:05:00Z");
    state.dismissed.insert({"us-russia-geneva", at("2022-01-11T08:00:00Z")});
    state.dismissed.insert({"old", at("2022-01-09T08:00:00Z")});
    state.bubbles.server = ":1.42";
    state.bubbles.bubbles = {
        {7, "team sync", at("2022-01-10T09:00:00Z"), "https://example.org/a b", ""},
        {9, "us-russia-geneva", at("2022-01-11T08:00:00Z"), "", "https://meet.example/x"}};
    return state;
}

std::string read(const std::string& path) {
    std::ifstream in{path};
    return {std::istreambuf_iterator<char>{in}, {}};
}

} // namespace

TEST_CASE("the state file round-trips, whatever the event ids hold", "[runtime][state]") {
    const auto text = runtime::format_state(sample());
    CHECK(text.find("delivered 2022-01-10T08:00:00Z 1h us-russia-geneva\n") != std::string::npos);
    CHECK(text.find("odd\\sid\\\\with\\nbreaks") != std::string::npos);
    CHECK(text.find("agendad-state 3\n") != std::string::npos);
    CHECK(text.find("# bubbles\nbubbles-server :1.42\n"
                    "bubble 7 2022-01-10T09:00:00Z https://example.org/a\\sb - team\\ssync\n"
                    "bubble 9 2022-01-11T08:00:00Z - https://meet.example/x us-russia-geneva\n") !=
          std::string::npos);
    CHECK(text.find("snoozed 2022-01-10T09:00:00Z 2022-01-10T09:05:00Z team\\ssync\n") !=
          std::string::npos);
    CHECK(text.find("dismissed 2022-01-11T08:00:00Z us-russia-geneva\n") != std::string::npos);
    const auto parsed = runtime::parse_state(text);
    REQUIRE(parsed);
    CHECK(*parsed == sample());
}

TEST_CASE("a damaged state file is refused with the line that is wrong", "[runtime][state]") {
    CHECK(runtime::parse_state("").error() == "empty file");
    CHECK(runtime::parse_state("agendad-state 9\n").error() ==
          "line 1: expected \"agendad-state 3\"");
    CHECK(runtime::parse_state("agendad-state 2\nbubble 1 2022-01-10T09:00:00Z - - x\n").error() ==
          "line 2: unknown entry \"bubble\"");
    CHECK(runtime::parse_state("agendad-state 3\nbubble 0 2022-01-10T09:00:00Z - - x\n").error() ==
          "line 2: bad bubble entry");
    CHECK(runtime::parse_state("agendad-state 3\nbubble 1 2022-01-10T09:00:00Z -\n").error() ==
          "line 2: bad bubble entry");
    CHECK(runtime::parse_state("agendad-state 3\nbubble 1 2022-01-10T09:00:00Z - - x\n").error() ==
          "bubbles without a bubbles-server line");
    CHECK(runtime::parse_state("agendad-state 3\nbubbles-server :1.1\n"
                               "bubble 4 2022-01-10T09:00:00Z - - x\n"
                               "bubble 4 2022-01-10T10:00:00Z - - y\n")
              .error() == "bubble 4 listed twice");
    CHECK(runtime::parse_state("agendad-state 1\nhorizon yesterday\n").error() ==
          "line 2: bad horizon instant");
    CHECK(runtime::parse_state("agendad-state 1\nsnoozed x\n").error() ==
          "line 2: unknown entry \"snoozed\"");
    CHECK(runtime::parse_state("agendad-state 2\nsnoozed x\n").error() ==
          "line 2: bad snoozed entry");
    CHECK(runtime::parse_state("agendad-state 2\ndismissed 2022-01-10T09:00:00Z\n").error() ==
          "line 2: bad dismissed entry");
    CHECK(runtime::parse_state("agendad-state 1\nhorizon 2022-01-10T08:45:00Z").error() ==
          "line 2: truncated (no newline)");
}

TEST_CASE("a version 1 state file, from before snoozes, is still read", "[runtime][state]") {
    const auto parsed = runtime::parse_state("agendad-state 1\nhorizon 2022-01-10T08:45:00Z\n"
                                             "delivered 2022-01-10T08:00:00Z 1h geneva\n");
    REQUIRE(parsed);
    CHECK(parsed->horizon == at("2022-01-10T08:45:00Z"));
    CHECK(parsed->delivered.size() == 1);
    CHECK(parsed->snoozed.empty());
}

TEST_CASE("pruning forgets occurrences that started before the cut-off", "[runtime][state]") {
    auto state = sample();
    runtime::prune_state(state, at("2022-01-11T00:00:00Z"));
    REQUIRE(state.delivered.size() == 1);
    CHECK(state.delivered.begin()->occurrence_start == at("2022-01-11T09:00:00Z"));
    CHECK(state.snoozed.empty());
    REQUIRE(state.dismissed.size() == 1);
    CHECK(state.dismissed.begin()->event_id == "us-russia-geneva");
}

TEST_CASE("the state store writes atomically with mode 0600 and reads it back",
          "[runtime][state]") {
    test::TempDir dir;
    boost::asio::io_context io;
    const auto state_dir = dir.file("deep/agendad");
    runtime::StateStore store{state_dir, io.get_executor()};
    CHECK(store.load() == runtime::State{}); // missing: empty, no fuss
    REQUIRE(store.save(sample()));
    struct stat st {};
    REQUIRE(::stat(store.path().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    std::vector<std::string> files; // no temp file left; the journal, made by load()
    for (const auto& entry : std::filesystem::directory_iterator{state_dir})
        files.push_back(entry.path().filename().string());
    std::ranges::sort(files);
    CHECK(files == std::vector<std::string>{"state", "state.journal"});
    CHECK(store.load() == sample());
}

TEST_CASE("a corrupt state file is moved aside and the daemon goes on", "[runtime][state]") {
    test::TempDir dir;
    boost::asio::io_context io;
    runtime::StateStore store{dir.path().string(), io.get_executor()};
    test::write_file(store.path(), "agendad-state 1\ndelivered garbage\n");
    CHECK(store.load() == runtime::State{});
    CHECK(read(dir.file("state.corrupt")) == "agendad-state 1\ndelivered garbage\n");
    CHECK_FALSE(std::filesystem::exists(store.path()));
    CHECK(store.save(sample()));
}

TEST_CASE("a failing state write is reported, retried, and does not stop anything",
          "[runtime][state]") {
    test::TempDir dir;
    boost::asio::io_context io;
    // A plain file where the directory should be: every write fails, whoever runs the test.
    test::write_file(dir.file("blocked"), "");
    runtime::StateStore store{dir.file("blocked/agendad"), io.get_executor()};
    CHECK_FALSE(store.save(sample()));
    CHECK(store.retry_pending());
    std::filesystem::remove(dir.file("blocked"));
    CHECK(store.save(sample()));
    CHECK_FALSE(store.retry_pending());
    CHECK(store.load() == sample());
}

TEST_CASE("a state instant not written exactly as format_state writes it is refused",
          "[runtime][state]") {
    // From fuzz_state: date::parse turned "0854::00" into a NaN number of seconds (UB).
    CHECK(runtime::parse_state("agendad-state 2\nhorizon 2022-01-10T0854::00Z\n").error() ==
          "line 2: bad horizon instant");
    CHECK(runtime::parse_state("agendad-state 2\nhorizon 2022-02-30T08:54:00Z\n").error() ==
          "line 2: bad horizon instant");
    CHECK(runtime::parse_state("agendad-state 2\nhorizon 2022-01-10T24:00:00Z\n").error() ==
          "line 2: bad horizon instant");
    CHECK(runtime::parse_state("agendad-state 2\nhorizon 2022-01-10T08:54:00+00:00\n").error() ==
          "line 2: bad horizon instant");
    CHECK(runtime::parse_state("agendad-state 2\nhorizon 2022-01-10T08:54:00Z\n")->horizon ==
          at("2022-01-10T08:54:00Z"));
}

TEST_CASE("pruning keeps the newest entries of each kind within the bound", "[runtime][state]") {
    runtime::State state;
    const auto start = at("2022-01-01T00:00:00Z");
    for (int i = 0; i < 1000; ++i) {
        const auto t = start + std::chrono::hours{i};
        state.delivered.insert({"e" + std::to_string(i % 7), t, "1h"});
        state.snoozed[{"e" + std::to_string(i), t}] = t;
        state.dismissed.insert({"e" + std::to_string(i), t});
    }
    runtime::prune_state(state, start + std::chrono::hours{100}, 300);
    CHECK(state.delivered.size() == 299);
    CHECK(state.snoozed.size() == 299);
    CHECK(state.dismissed.size() == 299);
    CHECK(state.delivered.begin()->occurrence_start >= start + std::chrono::hours{701});
    runtime::prune_state(state, start + std::chrono::hours{900}, 300);
    CHECK(state.dismissed.size() == 100);
}

TEST_CASE("a state file over the size limit is moved aside unread", "[runtime][state]") {
    test::TempDir dir;
    boost::asio::io_context io;
    runtime::StateStore store{dir.path().string(), io.get_executor()};
    std::string big = "agendad-state 2\n";
    big.resize(runtime::state_limits::file_bytes + 1, '#');
    test::write_file(store.path(), big);
    CHECK(store.load() == runtime::State{});
    CHECK(std::filesystem::file_size(dir.file("state.corrupt")) == big.size());
}

TEST_CASE("a state file of the largest size loads in a fraction of a second", "[runtime][state]") {
    runtime::State state;
    const auto start = at("2022-01-01T00:00:00Z");
    for (std::size_t i = 0; i < runtime::state_limits::entries; ++i)
        state.delivered.insert(
            {"event-" + std::to_string(i % 1000), start + std::chrono::minutes{i}, "15m"});
    const std::string text = runtime::format_state(state);
    const auto begin = std::chrono::steady_clock::now();
    const auto parsed = runtime::parse_state(text);
    const auto took = std::chrono::steady_clock::now() - begin;
    REQUIRE(parsed.has_value());
    CHECK(parsed->delivered.size() == runtime::state_limits::entries);
    // 0.3 s in the dev build, 2.3 s under ASan at -O0; the stream-based reader took ~3 s at -O2.
    CHECK(took < std::chrono::seconds{5});
}

TEST_CASE("repeated failing saves warn once with a stable text and back off per retry",
          "[runtime][state]") {
    test::TempDir dir;
    boost::asio::io_context io;
    runtime::StateStore store{dir.path().string(), io.get_executor()};
    // A directory where the state file goes: the temporary file is written, the rename fails,
    // and the message used to name the temporary file's random name, new at every save.
    std::filesystem::create_directory(store.path());
    // The log writes to stderr in tests; capture it in a file for the duration.
    const std::string log_path = dir.file("stderr");
    const int saved = ::dup(2);
    const int capture = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(capture, 2);
    for (int i = 0; i < 5; ++i)
        CHECK_FALSE(store.save(sample()));
    ::dup2(saved, 2);
    ::close(saved);
    ::close(capture);
    const std::string log = read(log_path);
    CHECK(std::count(log.begin(), log.end(), '\n') == 1);
    CHECK(log.find(".XXXXXX") != std::string::npos);
    CHECK(store.retry_delay() == std::chrono::seconds{5});
}

TEST_CASE("every state file that once crashed the parser is now read or refused",
          "[runtime][state][regressions]") {
    std::size_t inputs = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator{AGENDAD_REGRESSIONS_DIR "/state"}) {
        INFO(entry.path().filename().string());
        const auto parsed = runtime::parse_state(read(entry.path().string()));
        if (parsed)
            CHECK(runtime::parse_state(runtime::format_state(*parsed)) == parsed);
        ++inputs;
    }
    CHECK(inputs >= 1);
}

TEST_CASE("version 3 keeps the pause and the history in a part of their own, and reads back",
          "[runtime][state][history]") {
    auto state = sample();
    state.pause = core::Pause{at("2022-01-10T09:00:00Z"), at("2022-01-10T10:00:00Z")};
    state.history.push_back({at("2022-01-10T08:45:00Z"), core::HistoryKind::shown, "team sync",
                             "Team sync: R&D", "15m", at("2022-01-10T09:00:00Z")});
    state.history.push_back({at("2022-01-10T09:01:00Z"), core::HistoryKind::dismissed, "x", "", "",
                             at("2022-01-10T09:00:00Z")});
    const auto text = runtime::format_state(state);
    CHECK(text.find("paused 2022-01-10T09:00:00Z 2022-01-10T10:00:00Z\n"
                    "history 2022-01-10T08:45:00Z shown 2022-01-10T09:00:00Z 15m team\\ssync "
                    "Team\\ssync:\\sR&D\n"
                    "history 2022-01-10T09:01:00Z dismissed 2022-01-10T09:00:00Z  x \n"
                    "# bubbles\n") != std::string::npos);
    const auto parsed = runtime::parse_state(text);
    REQUIRE(parsed);
    CHECK(*parsed == state);

    SECTION("a pause until resumed is written \"-\"") {
        state.pause->until.reset();
        const auto again = runtime::format_state(state);
        CHECK(again.find("paused 2022-01-10T09:00:00Z -\n") != std::string::npos);
        CHECK(runtime::parse_state(again) == state);
    }
}

TEST_CASE("history and pause lines are version 3's: bad ones and older files refuse them",
          "[runtime][state][history]") {
    CHECK(runtime::parse_state("agendad-state 2\npaused 2022-01-10T09:00:00Z -\n").error() ==
          "line 2: unknown entry \"paused\"");
    CHECK(runtime::parse_state("agendad-state 3\npaused 2022-01-10T09:00:00Z soon\n").error() ==
          "line 2: bad paused entry");
    CHECK(runtime::parse_state("agendad-state 3\nhistory 2022-01-10T09:00:00Z seen "
                               "2022-01-10T09:00:00Z 15m id t\n")
              .error() == "line 2: bad history entry");
    CHECK(runtime::parse_state("agendad-state 3\nhistory 2022-01-10T09:00:00Z shown "
                               "2022-01-10T09:00:00Z 15m\n")
              .error() == "line 2: bad history entry");
    // A version 2 file reads as before: no history, no pause.
    const auto old = runtime::parse_state("agendad-state 2\nhorizon 2022-01-10T08:45:00Z\n");
    REQUIRE(old);
    CHECK(old->history.empty());
    CHECK_FALSE(old->pause);
}

TEST_CASE("a hand-made history longer than the bound is cut to its newest entries on reading",
          "[runtime][state][history]") {
    std::string text = "agendad-state 3\n";
    for (int i = 0; i < 1500; ++i)
        text +=
            fmt::format("history 2022-01-10T09:00:00Z shown 2022-01-10T10:00:00Z 1h e{} T\n", i);
    const auto parsed = runtime::parse_state(text);
    REQUIRE(parsed);
    REQUIRE(parsed->history.size() == 1000);
    CHECK(parsed->history.front().event_id == "e500");
    CHECK(parsed->history.back().event_id == "e1499");
}

TEST_CASE("a version 2 state file, from before bubbles were kept, is still read",
          "[runtime][state]") {
    const auto parsed =
        runtime::parse_state("agendad-state 2\nhorizon 2022-01-10T08:45:00Z\n"
                             "snoozed 2022-01-10T09:00:00Z 2022-01-10T09:05:00Z a\n");
    REQUIRE(parsed);
    CHECK(parsed->snoozed.size() == 1);
    CHECK(parsed->bubbles == core::OpenBubbles{});
}

TEST_CASE("bubbles of occurrences before the cut-off are forgotten, and at most a bounded few "
          "are kept",
          "[runtime][state]") {
    auto state = sample();
    runtime::prune_state(state, at("2022-01-11T00:00:00Z"));
    REQUIRE(state.bubbles.bubbles.size() == 1);
    CHECK(state.bubbles.bubbles[0].id == 9);
    runtime::prune_state(state, at("2022-01-12T00:00:00Z"));
    CHECK(state.bubbles == core::OpenBubbles{});

    runtime::State many;
    many.bubbles.server = ":1.1";
    for (std::uint32_t id = 1; id <= core::open_bubbles_limit + 10; ++id)
        many.bubbles.bubbles.push_back({id, "e", at("2022-01-10T09:00:00Z"), "", ""});
    runtime::prune_state(many, at("2022-01-01T00:00:00Z"));
    REQUIRE(many.bubbles.bubbles.size() == core::open_bubbles_limit);
    CHECK(many.bubbles.bubbles.front().id == 11);
}
