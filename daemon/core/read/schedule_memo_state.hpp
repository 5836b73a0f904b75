#pragma once
/// What a ScheduleMemo remembers, as the readers of read/ see it (schedule_reader.hpp has the
/// public side). Internal to read/.

#include "core/model/schedule.hpp"
#include "core/read/schedule_reader.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace agendad::core {

/// Per chunk of the last good read: what identifies its text and where its events are in the
/// schedule the caller kept. Invariant: `held` describes `schedule`'s first TOML events exactly
/// (chunk after chunk, in file order); `pending` describes the result of the last read, and
/// becomes `held` when the caller keeps that result.
struct ScheduleMemo::State {
    struct Chunk {
        std::uint64_t hash = 0;
        std::uint32_t size = 0;
        std::uint32_t first_line = 0;
        std::uint32_t first_event = 0; ///< index in Schedule::events
        // 24 bytes a chunk, not 32 (a chunk holds at most limits::events events).
        std::uint32_t events : 24 = 0;
        std::uint32_t inherits : 8 = 0; ///< the inherits:: bits of any of its events
    };
    static_assert(sizeof(Chunk) == 24);
    struct Table {
        std::vector<Chunk> chunks;
        std::vector<std::uint8_t> inherited; ///< per event, parallel to Schedule::events
        /// The chunks by hash, open addressing: a chunk's index + 1 (0: free), at its hash's
        /// low bits or the first free slot after. A power of two, at least twice the chunks.
        /// Built in one pass when a schedule is kept (sorting the hashes cost 3 M instructions
        /// of a 10,000-event reload).
        std::vector<std::uint32_t> by_hash;

        void index() {
            std::size_t slots = 16;
            while (slots < 2 * chunks.size())
                slots *= 2;
            by_hash.assign(slots, 0);
            for (std::uint32_t i = 0; i < chunks.size(); ++i) {
                std::size_t at = chunks[i].hash & (slots - 1);
                while (by_hash[at] != 0)
                    at = (at + 1) & (slots - 1);
                by_hash[at] = i + 1;
            }
        }
        const Chunk* find(std::uint64_t hash, std::size_t size) const {
            if (by_hash.empty())
                return nullptr;
            const std::size_t mask = by_hash.size() - 1;
            for (std::size_t at = hash & mask; by_hash[at] != 0; at = (at + 1) & mask) {
                const Chunk& chunk = chunks[by_hash[at] - 1];
                if (chunk.hash == hash && chunk.size == size)
                    return &chunk;
            }
            return nullptr;
        }
    };
    Table held;
    Table pending;
    bool pending_ready = false;
    std::shared_ptr<const Schedule> schedule;
    Stats last;
};

} // namespace agendad::core
