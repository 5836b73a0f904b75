#include "ctl/heap_pages.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <sys/mman.h>

namespace agendad::ctl {

namespace {

// glibc's largest mmap threshold (M_MMAP_THRESHOLD refuses more on 64-bit).
constexpr int largest_from_heap = 32 << 20;

/// The [heap] mapping of this process, from /proc/self/maps: its start and length, or false.
bool find_heap(void*& begin, std::size_t& length) {
    std::FILE* maps = std::fopen("/proc/self/maps", "re");
    if (maps == nullptr)
        return false;
    char line[512];
    bool found = false;
    while (!found && std::fgets(line, sizeof line, maps) != nullptr) {
        if (std::strstr(line, "[heap]") == nullptr)
            continue;
        void* end = nullptr;
        found = std::sscanf(line, "%p-%p", &begin, &end) == 2 && begin < end;
        if (found)
            length = static_cast<std::size_t>(static_cast<char*>(end) - static_cast<char*>(begin));
    }
    std::fclose(maps);
    return found;
}

} // namespace

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
    void* begin = nullptr;
    std::size_t length = 0;
    if (find_heap(begin, length))
        ::madvise(begin, length, MADV_HUGEPAGE);
}

} // namespace agendad::ctl
