// The state's journal (runtime/state_journal.hpp): a firing appends a record instead of
// rewriting the state file; a torn record is ignored, replay never doubles, a full journal
// becomes a state file, a corrupt one is moved aside, and whoever reads the state
// (read_state_files: the daemon's load, agendactl) sees the journal's records.

#include "fakes.hpp"
#include "loop_run.hpp"
#include "morning.hpp"
#include "runtime/state_files.hpp"
#include "runtime/state_journal.hpp"
#include "runtime/state_store.hpp"

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

using namespace agendad;
using test::at;
using test::Names;
using test::names;

namespace {

std::string read(const std::string& path) {
    std::ifstream in{path, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, {}};
}

// A journal file as the store writes it: the header, `records`, zeros to journal_bytes.
std::string journal_text(const std::string& records) {
    std::string text{runtime::journal_header};
    text += records;
    text.resize(std::max(text.size(), runtime::journal_bytes), '\0');
    return text;
}

const std::string first_lines = "horizon 2022-01-10T09:00:00Z\n"
                                "delivered 2022-01-10T10:00:00Z 1h a\n"
                                "history 2022-01-10T09:00:00Z shown 2022-01-10T10:00:00Z 1h a "
                                "Alpha\n";
const std::string second_lines = "horizon 2022-01-10T09:45:00Z\n"
                                 "delivered 2022-01-10T10:00:00Z 15m a\n";

} // namespace

TEST_CASE("the CRC is zlib's CRC-32", "[runtime][state][journal]") {
    CHECK(runtime::crc32("123456789") == 0xCBF43926u);
    CHECK(runtime::crc32("") == 0u);
    CHECK(runtime::crc32("56789", runtime::crc32("1234")) == 0xCBF43926u);
}

TEST_CASE("a firing appends one journal record and leaves the state file alone",
          "[runtime][state][journal]") {
    test::TempDir dir;
    test::Run run{dir.path().string(), at("2022-01-10T08:59:00Z")};
    run.loop.replace_schedule(test::schedule_from(test::morning));
    const auto state_file = read(run.store.path());
    run.timer.fire(run.clock); // Alpha's 09:00
    REQUIRE(names(run.sink.delivered) == Names{"a/1h"});
    CHECK(run.store.journal_records() == 1);
    CHECK(read(run.store.path()) == state_file); // not rewritten
    const auto journal = read(run.store.journal_path());
    CHECK(journal.size() == runtime::journal_bytes); // an append changes no size
    CHECK(journal.starts_with(std::string{runtime::journal_header} +
                              runtime::format_journal_record(1, first_lines)));

    // What agendactl and the next start read: the state file with the record replayed.
    const auto files = runtime::read_state_files(dir.path().string());
    CHECK(files.state_problem.empty());
    CHECK(files.journal_problem.empty());
    CHECK(files.state.horizon == at("2022-01-10T09:00:00Z"));
    CHECK(files.state.delivered.contains({"a", at("2022-01-10T10:00:00Z"), "1h"}));
    REQUIRE(files.state.history.size() == 1);
    CHECK(files.state.history.front().title == "Alpha");
    CHECK(files.state.journal_seq == 1);
    CHECK(files.state.history == run.loop.state().history);
    CHECK(files.state.delivered == run.loop.state().delivered);
}

TEST_CASE("a torn record is ignored and the records before it kept", "[runtime][state][journal]") {
    const std::string first = runtime::format_journal_record(1, first_lines);
    const std::string second = runtime::format_journal_record(2, second_lines);
    // Cut anywhere in the second record: in its record line, in its lines, before its CRC'd end.
    for (const std::size_t kept : {std::size_t{3}, std::size_t{20}, second.size() - 1}) {
        CAPTURE(kept);
        runtime::State state;
        const auto replay =
            runtime::replay_journal(journal_text(first + second.substr(0, kept)), state);
        CHECK(replay.problem.empty());
        CHECK(replay.torn);
        CHECK(replay.records == 1);
        CHECK(state.horizon == at("2022-01-10T09:00:00Z"));
        CHECK(state.delivered.size() == 1);
        CHECK(state.journal_seq == 1);
    }
    // A byte changed under the CRC (the sector written, not its neighbour): torn too.
    std::string changed = second;
    changed[changed.size() - 3] = 'X';
    runtime::State state;
    const auto replay = runtime::replay_journal(journal_text(first + changed), state);
    CHECK(replay.torn);
    CHECK(replay.problem.empty());
    CHECK(state.delivered.size() == 1);

    // The store keeps them, says so without a warning's move, and starts a clean journal.
    test::TempDir dir;
    test::write_file(dir.file("state.journal"), journal_text(first + second.substr(0, 20)));
    boost::asio::io_context io;
    runtime::StateStore store{dir.path().string(), io.get_executor()};
    const auto loaded = store.load();
    CHECK(loaded.delivered.size() == 1);
    CHECK(loaded.history.size() == 1);
    CHECK_FALSE(std::filesystem::exists(dir.file("state.journal.corrupt")));
    CHECK(read(store.journal_path()) == journal_text(""));
    CHECK(read(store.path()).find("journal 1\n") != std::string::npos);
}

TEST_CASE("replay after a state file that holds the records does not double them",
          "[runtime][state][journal]") {
    test::TempDir dir;
    {
        test::Run run{dir.path().string(), at("2022-01-10T08:59:00Z")};
        run.loop.replace_schedule(test::schedule_from(test::morning));
        run.timer.fire(run.clock); // journaled
        // A crash after the state file was written and before the journal was emptied: the
        // state file holds record 1, the journal still too.
        const auto journal = read(run.store.journal_path());
        run.loop.save();
        CHECK(run.store.journal_records() == 0);
        test::write_file(run.store.journal_path(), journal);
    }
    {
        test::Run restarted{dir.path().string(), at("2022-01-10T09:00:30Z")};
        CHECK(restarted.loop.state().history.size() == 1);
        restarted.loop.replace_schedule(test::schedule_from(test::morning));
        CHECK(restarted.sink.delivered.empty());
        restarted.timer.fire(restarted.clock); // the 09:45 reminders, journaled; then a kill -9
        CHECK(names(restarted.sink.delivered) == Names{"a/15m", "b/15m"});
    }
    test::Run again{dir.path().string(), at("2022-01-10T09:46:00Z")};
    const auto& history = again.loop.state().history;
    REQUIRE(history.size() == 3);
    CHECK(history[0].lead == "1h");
    CHECK(history[1].event_id == "a");
    CHECK(history[2].event_id == "b");
    CHECK(again.loop.state().delivered.size() == 3);
    again.loop.replace_schedule(test::schedule_from(test::morning));
    CHECK(again.sink.delivered.empty()); // nothing twice
}

TEST_CASE("a full journal becomes a state file and starts again empty",
          "[runtime][state][journal]") {
    test::TempDir dir;
    boost::asio::io_context io;
    runtime::StateStore store{dir.path().string(), io.get_executor()};
    runtime::State state = store.load();
    std::size_t records_before_full = 0;
    for (int i = 0; i < 1000; ++i) {
        const runtime::ReminderKey key{fmt::format("event-{}", i),
                                       at("2022-01-10T10:00:00Z") + std::chrono::minutes{i}, "15m"};
        state.horizon = key.occurrence_start - std::chrono::minutes{15};
        state.delivered.insert(key);
        state.history.push_back(core::HistoryEntry{*state.horizon, core::HistoryKind::shown,
                                                   key.event_id, "A title", key.lead,
                                                   key.occurrence_start});
        const auto full_before = store.full_writes();
        const auto records = store.journal_records();
        REQUIRE(store.save_firing(state, std::span{&key, 1}));
        if (store.full_writes() > full_before) {
            records_before_full = records;
            CHECK(store.journal_records() == 0);
            break;
        }
    }
    REQUIRE(records_before_full > 100); // ~64 KiB of ~250-byte records
    // The state file holds everything; the journal is zeros after its header again.
    CHECK(read(store.journal_path()) == journal_text(""));
    CHECK(store.full_writes() == 1);
    auto files = runtime::read_state_files(dir.path().string());
    CHECK(files.journal.records == 0);
    files.state.journal_seq = 0;
    state.journal_seq = 0;
    CHECK(files.state == state);
    // And appends go on from there.
    const runtime::ReminderKey key{"later", at("2022-01-11T10:00:00Z"), "1h"};
    state.delivered.insert(key);
    REQUIRE(store.save_firing(state, std::span{&key, 1}));
    CHECK(store.journal_records() == 1);
    CHECK(store.load().delivered.contains(key));
}

TEST_CASE("a corrupt journal is moved aside, the state file and the good records kept",
          "[runtime][state][journal]") {
    test::TempDir dir;
    test::write_file(dir.file("state"), "agendad-state 3\nhorizon 2022-01-10T08:00:00Z\n"
                                        "delivered 2022-01-10T09:00:00Z 1h x\n");
    // A record with a good CRC whose line is no state line: not a torn write.
    const std::string text = journal_text(runtime::format_journal_record(1, first_lines) +
                                          runtime::format_journal_record(2, "delivered garbage\n"));
    test::write_file(dir.file("state.journal"), text);
    {
        const auto files = runtime::read_state_files(dir.path().string()); // agendactl's read
        CHECK(files.journal_problem.starts_with("record 2 (byte "));
        CHECK(files.journal_problem.ends_with("): bad delivered entry"));
    }
    boost::asio::io_context io;
    runtime::StateStore store{dir.path().string(), io.get_executor()};
    const auto state = store.load();
    CHECK(read(dir.file("state.journal.corrupt")) == text);
    CHECK(state.delivered.contains({"x", at("2022-01-10T09:00:00Z"), "1h"}));
    CHECK(state.delivered.contains({"a", at("2022-01-10T10:00:00Z"), "1h"})); // record 1
    CHECK(state.horizon == at("2022-01-10T09:00:00Z"));
    CHECK(read(store.journal_path()) == journal_text("")); // a new one
    CHECK(store.load() == state);

    // Other corruption: no header; a SEQ that skips.
    runtime::State ignored;
    CHECK(runtime::replay_journal("garbage", ignored).problem ==
          "no \"agendad-journal 1\" first line");
    const auto skipped =
        runtime::replay_journal(journal_text(runtime::format_journal_record(1, second_lines) +
                                             runtime::format_journal_record(3, second_lines)),
                                ignored);
    CHECK(skipped.problem.ends_with("): SEQ 3 after 1"));
    CHECK(skipped.records == 1);
}

TEST_CASE("a save_soon request or a failed write make a firing write the whole state",
          "[runtime][state][journal]") {
    test::TempDir dir;
    test::Run run{dir.path().string(), at("2022-01-10T08:59:00Z")};
    run.loop.replace_schedule(test::schedule_from(test::morning));
    run.loop.set_open_bubbles(
        core::OpenBubbles{":1.42", {{7, "a", at("2022-01-10T10:00:00Z"), "", ""}}});
    const auto full = run.store.full_writes();
    run.timer.fire(run.clock);
    CHECK(run.store.full_writes() == full + 1);
    CHECK(run.store.journal_records() == 0);
    CHECK(read(run.store.path()).find("\nbubble 7 ") != std::string::npos);
}

TEST_CASE("the status line, written by hand, is date::format's", "[runtime][status]") {
    test::TempDir dir;
    test::Run run{dir.path().string(), at("2022-01-10T08:59:00Z")};
    run.loop.replace_schedule(test::schedule_from(test::morning));
    const auto expected = [](core::Instant at) {
        return date::format("%a %F %H:%M %Z", date::make_zoned(core::find_zone("UTC"), at));
    };
    CHECK(run.loop.status() ==
          "next: Alpha, 1h before, at " + expected(at("2022-01-10T09:00:00Z")));
    run.timer.fire(run.clock);
    CHECK(run.loop.status().ends_with(", at " + expected(at("2022-01-10T09:45:00Z"))));
}
