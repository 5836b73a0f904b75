/// Fuzzes the state file parser; what it accepts must survive formatting and pruning, and read
/// back the same. An input that starts as a journal does (runtime/state_journal.hpp) is replayed
/// instead: what the replay applied must survive the state file too, and the good records alone
/// must replay to the same state, neither torn nor corrupt.
#include "runtime/state.hpp"
#include "runtime/state_journal.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace agendad;

namespace {

void check_round_trip(const runtime::State& state) {
    const auto again = runtime::parse_state(runtime::format_state(state));
    if (!again || !(*again == state))
        std::abort(); // formatting lost or changed something
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    if (text.starts_with(runtime::journal_header)) {
        runtime::State state;
        const auto replay = runtime::replay_journal(text, state);
        check_round_trip(state);
        if (replay.used_bytes > text.size())
            std::abort();
        if (replay.problem.empty()) {
            runtime::State again;
            const auto good = runtime::replay_journal(text.substr(0, replay.used_bytes), again);
            if (good.torn || !good.problem.empty() || good.records != replay.records ||
                !(again == state))
                std::abort(); // the records before the end did not read the same alone
        }
        return 0;
    }
    auto state = runtime::parse_state(text);
    if (!state)
        return 0;
    check_round_trip(*state);
    runtime::prune_state(*state, core::Instant{date::sys_days{date::year{2022} / 1 / 1}});
    return 0;
}
