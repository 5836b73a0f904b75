#include "core/toml/kept_until_exit.hpp"

#include <atomic>
#include <mutex>
#include <vector>

namespace agendad::core {

namespace {

std::atomic<bool> keep_trees{false};

} // namespace

void keep_parse_trees_until_exit() {
    keep_trees = true;
}

bool parse_trees_kept_until_exit() {
    return keep_trees;
}

void detail::hold_forever(const void* object) {
    // Itself never destroyed either: a static's destructor would run at exit.
    static auto* const held = new std::vector<const void*>;
    static std::mutex lock;
    const std::lock_guard guard{lock};
    held->push_back(object);
}

} // namespace agendad::core
