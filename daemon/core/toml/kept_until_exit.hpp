#pragma once
/// Objects that are never destroyed, for programs that exit right after using them.
///
/// Why: `agendactl upcoming` reads a whole schedule, prints, and exits. Freeing the TOML tree
/// and the schedule node by node costs about 40 M instructions at 10,000 events (callgrind),
/// work the kernel does for nothing at exit. The daemon never asks for it. Kept objects stay
/// reachable from a static list, so LeakSanitizer does not report them.

#include <type_traits>
#include <utility>

namespace agendad::core {

/// From now on parse_schedule keeps each TOML tree it builds until the process exits instead
/// of freeing it. For one-shot programs, called before reading.
void keep_parse_trees_until_exit();
/// Whether keep_parse_trees_until_exit() was called.
bool parse_trees_kept_until_exit();

namespace detail {
/// Adds `object` to the static list (thread-safe); it is never deleted.
void hold_forever(const void* object);
} // namespace detail

/// Moves `value` to the heap for good, and returns it. Intentionally leaked.
template <typename T>
std::remove_cvref_t<T>& keep_until_exit(T&& value) {
    auto* kept = new std::remove_cvref_t<T>(std::forward<T>(value));
    detail::hold_forever(kept);
    return *kept;
}

} // namespace agendad::core
