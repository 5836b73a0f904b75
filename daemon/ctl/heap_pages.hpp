#pragma once
/// Huge pages for agendactl's heap, asked for before a schedule is read.
///
/// Why: `agendactl upcoming` and `check` read a whole schedule and exit. At 10,000 events that
/// touches about 25 MB once, in ~6,000 page faults of 4 KiB: 15-20 ms of kernel time, a sixth of
/// the command (issue 13). Backed by transparent huge pages the same run takes ~1,300 faults
/// and 5-10 ms. It is what glibc's `glibc.malloc.hugetlb=1` tunable does, which a program cannot
/// set for itself once started.

#include <cstddef>

namespace agendad::ctl {

/// Grows the heap at once by `expected_bytes` (address space only: nothing is touched), serves
/// blocks of up to 32 MiB from it (not from mmap), never gives memory back, and asks the kernel
/// to back the heap with transparent huge pages. Only a request: where THP is off, or the heap
/// is not glibc's (sanitizer builds), nothing changes but where blocks come from. For
/// short-lived commands only: the daemon keeps glibc's defaults.
void prefer_huge_heap_pages(std::size_t expected_bytes);

/// The same for the calling thread's own malloc arena, for a thread that allocates much (a parse
/// worker, core/toml/parse_workers.hpp): glibc gives each such thread a heap of its own, a 64 MiB
/// mapping aligned to 64 MiB, which the main heap's setting does not reach. Grows that heap
/// once by a share of the bytes given to prefer_huge_heap_pages() (at most 30 MiB, so that it
/// fits) and asks for huge pages over it. Without the call (or outside glibc) nothing changes.
void prefer_huge_arena_pages();

} // namespace agendad::ctl
