#pragma once
/// A hook run first on each thread that parses schedule chunks (chunk_parser.hpp).
///
/// Why: agendactl backs its heap with huge pages (ctl/heap_pages.hpp), but a parse worker
/// allocates from a malloc arena of its own, which the main heap's setting does not reach; the
/// hook lets agendactl set up that thread's arena before it parses (issue 13). The daemon
/// sets none.

namespace agendad::core {

/// Runs `hook` at the start of every parse worker started from now on (nullptr: none). Set it
/// before reading; `hook` must be safe to run on any thread.
void on_parse_worker_start(void (*hook)());

} // namespace agendad::core
