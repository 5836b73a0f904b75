/// Fuzzes the state file parser; what it accepts must survive formatting and pruning, and read
/// back the same.
#include "runtime/state.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace agendad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    auto state = runtime::parse_state(text);
    if (!state)
        return 0;
    const auto again = runtime::parse_state(runtime::format_state(*state));
    if (!again || !(*again == *state))
        std::abort(); // formatting lost or changed something
    runtime::prune_state(*state, core::Instant{date::sys_days{date::year{2022} / 1 / 1}});
    return 0;
}
