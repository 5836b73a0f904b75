#include "core/toml/chunk_parser.hpp"

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
            workers_waiting_.fetch_add(1);
            if (consumed_.load() == seen)
                consumed_.wait(seen);
            workers_waiting_.fetch_sub(1);
        }
        if (stop_.load())
            return;
        slots_[i] = parse_chunk(texts_[i]);
        done_[i].store(true);
        if (taker_waiting_.load())
            done_[i].notify_one();
    }
}

ChunkParse ChunkParser::take(std::size_t i) {
    if (workers_.empty())
        return parse_chunk(texts_[i]);
    ChunkParse result;
    bool here = false;
    // While a worker parses texts[i], this thread parses the first unclaimed chunk rather than
    // wait: it has only the events to build (the cheaper part), so waiting would leave it idle
    // for most of the read. Chunks it parses ahead go to their slots like a worker's.
    while (!done_[i].load(std::memory_order_acquire)) {
        std::size_t ahead = next_.load();
        if (ahead == i) {
            if (next_.compare_exchange_strong(ahead, i + 1)) {
                here = true;
                break;
            }
            continue;
        }
        if (ahead >= texts_.size() || ahead >= i + window) {
            taker_waiting_.store(true);
            done_[i].wait(false);
            taker_waiting_.store(false);
            break;
        }
        if (next_.compare_exchange_strong(ahead, ahead + 1)) {
            slots_[ahead] = parse_chunk(texts_[ahead]);
            done_[ahead].store(true, std::memory_order_release); // only this thread waits
        }
    }
    if (here) {
        result = parse_chunk(texts_[i]); // nobody had claimed it: parse it here
    } else {
        result = std::move(slots_[i]);
        slots_[i] = {};
    }
    consumed_.store(i + 1);
    // A worker waits for the window only when it is a whole window ahead, and this thread
    // takes every index below that worker's before it needs its chunk, so a wake-up every
    // quarter window is soon enough, and one futex call per chunk is saved.
    if ((i + 1) % (window / 4) == 0 && workers_waiting_.load() != 0)
        consumed_.notify_all();
    return result;
}

} // namespace agendad::core
