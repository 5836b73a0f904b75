#include "core/chunk_parser.hpp"

namespace agendad::core {

ChunkParse parse_chunk(std::string_view text) {
    ChunkParse result;
    // toml++ 3.3 crashes on some malformed text (see toml_guard.hpp); such text stops here.
    if (auto problem = check_toml_text(text))
        result.problem = std::move(problem);
    else
        result.parsed = toml::parse(text);
    return result;
}

ChunkParser::ChunkParser(std::span<const std::string_view> texts, unsigned threads)
    : texts_(texts) {
    if (threads <= 1 || texts.size() < 2)
        return;
    slots_.resize(texts.size());
    done_ = std::make_unique<std::atomic<bool>[]>(texts.size());
    for (unsigned i = 1; i < threads; ++i)
        workers_.emplace_back([this] { work(); });
}

ChunkParser::~ChunkParser() {
    stop_.store(true);
    consumed_.fetch_add(window); // wakes a worker waiting for the window to move
    consumed_.notify_all();
    workers_.clear(); // joins
}

void ChunkParser::work() {
    while (!stop_.load(std::memory_order_relaxed)) {
        const std::size_t i = next_.fetch_add(1);
        if (i >= texts_.size())
            return;
        for (std::size_t seen = consumed_.load(); i >= seen + window; seen = consumed_.load()) {
            if (stop_.load())
                return;
            consumed_.wait(seen);
        }
        if (stop_.load())
            return;
        slots_[i] = parse_chunk(texts_[i]);
        done_[i].store(true, std::memory_order_release);
        done_[i].notify_one();
    }
}

ChunkParse ChunkParser::take(std::size_t i) {
    if (workers_.empty())
        return parse_chunk(texts_[i]);
    ChunkParse result;
    std::size_t expected = i;
    if (next_.compare_exchange_strong(expected, i + 1)) {
        result = parse_chunk(texts_[i]); // nobody had claimed it: parse it here
    } else {
        done_[i].wait(false, std::memory_order_acquire);
        result = std::move(slots_[i]);
        slots_[i] = {};
    }
    consumed_.store(i + 1);
    consumed_.notify_all();
    return result;
}

} // namespace agendad::core
