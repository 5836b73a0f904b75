#include "ctl/heap_pages.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <sys/mman.h>

namespace agendad::ctl {

namespace {

// glibc's largest mmap threshold (M_MMAP_THRESHOLD refuses more on 64-bit).
constexpr int largest_from_heap = 32 << 20;

/// The first mapping of this process (/proc/self/maps) that `pick(line, start)` accepts: its
/// start and end, or false.
template <typename Pick>
bool find_mapping(Pick pick, void*& begin, void*& end) {
    std::FILE* maps = std::fopen("/proc/self/maps", "re");
    if (maps == nullptr)
        return false;
    char line[512];
    bool found = false;
    while (!found && std::fgets(line, sizeof line, maps) != nullptr)
        found = std::sscanf(line, "%p-%p", &begin, &end) == 2 && begin < end &&
                pick(static_cast<const char*>(line), begin);
    std::fclose(maps);
    return found;
}

/// The [heap] mapping of this process: its start and length, or false.
bool find_heap(void*& begin, std::size_t& length) {
    void* end = nullptr;
    const auto heap = [](const char* line, const void*) {
        return std::strstr(line, "[heap]") != nullptr;
    };
    if (!find_mapping(heap, begin, end))
        return false;
    length = static_cast<std::size_t>(static_cast<char*>(end) - static_cast<char*>(begin));
    return true;
}

/// Whether a mapping of this process starts at `address`.
bool mapping_starts_at(const void* address) {
    void* begin = nullptr;
    void* end = nullptr;
    return find_mapping([address](const char*, const void* start) { return start == address; },
                        begin, end);
}

// glibc's HEAP_MAX_SIZE on 64-bit: the size and alignment of a thread arena's heaps.
constexpr std::uintptr_t arena_heap_size = std::uintptr_t{64} << 20;

// Set by prefer_huge_heap_pages(): how much a thread arena grows at once (0: not asked).
std::atomic<std::size_t> arena_reserve{0};

} // namespace

void prefer_huge_arena_pages() {
    const std::size_t reserve = arena_reserve.load();
    if (reserve == 0)
        return;
    // The thread's first block creates its arena. A block of `reserve` grows its heap at once
    // (thread heaps grow by mprotect, as little as each block needs, so the kernel would see
    // ranges too small for a huge page); freed, it stays: the trim threshold is above it.
    void* volatile grow = std::malloc(reserve);
    if (grow == nullptr)
        return;
    // The heap starts at the aligned address below the block; the reserved part of its 64 MiB
    // is mapped too (PROT_NONE), and keeps the advice when later growth makes it writable.
    // (Stepped back from the block rather than cast from an integer: the pointer keeps its
    // provenance.)
    char* const block = static_cast<char*>(grow);
    void* heap = block - (reinterpret_cast<std::uintptr_t>(block) & (arena_heap_size - 1));
    std::free(grow);
    if (mapping_starts_at(heap))
        ::madvise(heap, arena_heap_size, MADV_HUGEPAGE);
}

void prefer_huge_heap_pages(std::size_t expected_bytes) {
    constexpr std::size_t most = std::size_t{1} << 30;
    const int reserve =
        static_cast<int>(std::min(std::max(expected_bytes, std::size_t{8} << 20), most));
    // Large blocks (the file's text, the list of reminders) from the heap too: mmap'd blocks
    // would be small pages again. Nothing is given back before exit.
    mallopt(M_MMAP_THRESHOLD, largest_from_heap);
    mallopt(M_TRIM_THRESHOLD, 2 * reserve);
    // Grow the heap once by `reserve`: the kernel flags a mapping, and a later brk adds a new
    // mapping without the flag. A block larger than the free top forces the growth; freed, it
    // stays in the heap. (volatile: a compiler may drop a malloc whose block is only freed.)
    mallopt(M_TOP_PAD, reserve);
    void* volatile grow = std::malloc(std::size_t{1} << 20);
    std::free(grow);
    // Past the reserve, grow in steps of an eighth of it rather than page by page.
    mallopt(M_TOP_PAD, reserve / 8);
    // A parse worker's arena (prefer_huge_arena_pages): half the reserve, as the workers build
    // about half of the trees; below the trim threshold, and within one 64 MiB heap.
    // Below the mmap threshold, or the growing block would be mmap'd apart from the arena.
    arena_reserve.store(
        std::min(static_cast<std::size_t>(reserve) / 2,
                 static_cast<std::size_t>(largest_from_heap) - (std::size_t{2} << 20)));
    void* begin = nullptr;
    std::size_t length = 0;
    if (find_heap(begin, length))
        ::madvise(begin, length, MADV_HUGEPAGE);
}

} // namespace agendad::ctl
