#include "core/read/schedule_reader.hpp"

#include "core/toml/chunk_parser.hpp"
#include "core/toml/schedule_chunks.hpp"
#include "core/toml/schedule_tables.hpp"

#include "core/toml/kept_until_exit.hpp"
#include "core/toml/schedule_words.hpp"
#include "core/toml/toml_fields.hpp"
#include "core/toml/toml_guard.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <numeric>
#include <sched.h>
#include <sys/mman.h>
#include <sys/stat.h>

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

ScheduleMemo::ScheduleMemo() : state_(std::make_unique<State>()) {}
ScheduleMemo::~ScheduleMemo() = default;
ScheduleMemo::ScheduleMemo(ScheduleMemo&&) noexcept = default;
ScheduleMemo& ScheduleMemo::operator=(ScheduleMemo&&) noexcept = default;

void ScheduleMemo::keep(std::shared_ptr<const Schedule> schedule) {
    State& s = *state_;
    if (!s.pending_ready) { // that read parsed the whole text: nothing per chunk to keep
        s.held = {};
        s.schedule.reset();
        return;
    }
    s.held = std::move(s.pending);
    s.pending = {};
    s.pending_ready = false;
    s.held.index();
    s.schedule = std::move(schedule);
}

namespace {

/// The file's text in pages of its own (an anonymous mapping), so that giving it back after a
/// read's first pass shrinks the process for sure: freed heap memory is often kept by malloc,
/// and would then add to the peak of the second pass.
class TextBuffer {
  public:
    explicit TextBuffer(std::size_t capacity) {
        if (capacity == 0)
            return;
        void* pages = ::mmap(nullptr, capacity, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (pages != MAP_FAILED) {
            data_ = static_cast<char*>(pages);
            capacity_ = capacity;
        }
    }
    ~TextBuffer() { release(); }
    TextBuffer(const TextBuffer&) = delete;
    TextBuffer& operator=(const TextBuffer&) = delete;

    bool usable() const { return data_ != nullptr || capacity_ == 0; }
    char* data() { return data_; }
    void resize(std::size_t size) { size_ = std::min(size, capacity_); }
    std::string_view view() const { return {data_, size_}; }
    void release() {
        if (data_ != nullptr)
            ::munmap(data_, capacity_);
        data_ = nullptr;
        size_ = 0;
    }

  private:
    char* data_ = nullptr;
    std::size_t capacity_ = 0;
    std::size_t size_ = 0;
};

} // namespace

const ScheduleMemo::Stats& ScheduleMemo::last() const {
    return state_->last;
}

unsigned free_parse_threads() {
    cpu_set_t set;
    CPU_ZERO(&set);
    const int cpus = ::sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
    double load = 0;
    if (::getloadavg(&load, 1) != 1)
        load = static_cast<double>(cpus);
    const double free = cpus - load;
    if (free <= 1.0)
        return 1;
    return static_cast<unsigned>(std::min({cpus, 4, 1 + static_cast<int>(free)}));
}

namespace {

std::unexpected<Diagnostics> fail(Diagnostics diagnostics) {
    sort_in_file_order(diagnostics);
    return std::unexpected(std::move(diagnostics));
}

/// The whole text in one toml++ parse: the reference the chunked read agrees with, and its
/// fallback whenever the split cannot be trusted.
std::expected<Schedule, Diagnostics> parse_whole(std::string_view text,
                                                 std::string_view display_path,
                                                 const Zone& default_zone, std::string_view home,
                                                 const CalendarReading& calendar_reading) {
    Diagnostics diagnostics;
    // toml++ 3.3 crashes on some malformed text (see toml_guard.hpp); such text stops here.
    if (auto problem = check_toml_text(text)) {
        diagnostics.push_back({std::string{display_path}, problem->line, problem->column,
                               Severity::error, std::move(problem->message)});
        return std::unexpected(std::move(diagnostics));
    }
    // No source path: toml++ would share it into every node; diagnostics carry the file name.
    auto parsed = toml::parse(text);
    if (!parsed) {
        const auto& error = parsed.error();
        diagnostics.push_back(syntax_diagnostic(text, display_path, error));
        return std::unexpected(std::move(diagnostics));
    }
    const toml::table& root = parsed.table();
    TableFields top{root, {}, display_path, diagnostics};

    Schedule schedule;
    schedule.path = std::string{display_path};
    schedule.settings =
        read_settings(top.table("settings"), display_path, default_zone, diagnostics);
    if (const toml::array* events = top.array("event")) {
        if (events->size() > limits::events)
            top.error(
                *events, "event",
                fmt::format("{} events; at most {} are allowed", events->size(), limits::events));
        schedule.events.reserve(events->size());
        for (std::size_t i = 0; i < events->size() && i < limits::events; ++i) {
            const toml::node& node = *events->get(i);
            if (!node.is_table()) {
                top.error(
                    node, fmt::format("event[{}]", i + 1),
                    fmt::format("expected a table ([[event]]), found {}", describe(node.type())));
                continue;
            }
            if (auto event = read_event(*node.as_table(), i + 1, display_path, schedule.settings,
                                        diagnostics))
                schedule.events.push_back(std::move(*event));
            if (diagnostics.size() >= limits::diagnostics)
                break;
        }
    }
    const auto calendars = read_calendar_tables(top, PathBase{display_path, home}, diagnostics);
    top.report_unknown();
    check_unique_ids(schedule.events, display_path, diagnostics);
    if (!diagnostics.empty())
        return fail(std::move(diagnostics));
    // Only a valid file costs reading its calendars; their problems are warnings.
    add_calendars(schedule, calendars, calendar_reading);
    if (parse_trees_kept_until_exit()) // agendactl: the kernel frees the tree (kept_until_exit.hpp)
        keep_until_exit(std::move(parsed));
    return schedule;
}

/// Moves what a chunk's parse says about its lines (1 for its first) to the file's lines.
void shift_lines(Event& event, std::int64_t delta) {
    const auto shift = [delta](std::uint32_t& line) {
        line = static_cast<std::uint32_t>(static_cast<std::int64_t>(line) + delta);
    };
    shift(event.position.line);
    for (auto& position : event.except_time_positions)
        shift(position.line);
    for (auto& position : event.except_day_positions)
        shift(position.line);
}

/// Up to this many events read on a reload, their ids are compared with every other one.
constexpr std::size_t few_fresh = 32;

/// Whether an event of `fresh` (indexes) has the id of another event.
bool clash_with_fresh(const EventList& events, const std::vector<std::uint32_t>& fresh) {
    for (const std::uint32_t i : fresh)
        for (std::uint32_t k = 0; k < events.size(); ++k)
            if (k != i && events[k].id == events[i].id)
                return true;
    return false;
}

/// No more than this many chunks to parse are not worth a thread.
constexpr std::size_t parallel_from = 64;

/// Whether one parse of the whole `text` stops at `error` (a chunk's, in the file's lines):
/// then the chunk was cut where the whole parse sees a header too, and the error is really
/// there, not an artefact of the cut (such as a string the cut left open).
bool same_first_error(std::string_view text, const toml::parse_error& error) {
    if (check_toml_text(text))
        return false; // toml++ must not see it; the whole read reports it
    const auto whole = toml::parse(text);
    if (whole)
        return false;
    const auto& a = whole.error().source().begin;
    const auto& b = error.source().begin;
    return a.line == b.line && a.column == b.column &&
           whole.error().description() == error.description();
}

/// The other mistakes of an event whose chunk has a syntax error at `bad_line` (of the chunk):
/// the chunk is read again without that line, when it is a `key = value` line of its own, and
/// what that read finds is reported, but for the key it lacks now. Nothing when the chunk
/// without the line does not parse either (the line began a value that goes on).
void rest_of_event(const ScheduleChunk& chunk, std::uint32_t bad_line, std::size_t number,
                   std::string_view display_path, const Settings& settings,
                   Diagnostics& diagnostics) {
    std::size_t begin = 0;
    for (std::uint32_t line = 1; line < bad_line && begin != std::string_view::npos; ++line) {
        begin = chunk.text.find('\n', begin);
        if (begin != std::string_view::npos)
            ++begin;
    }
    if (bad_line <= 1 || begin == std::string_view::npos || begin >= chunk.text.size())
        return;
    const std::size_t end = std::min(chunk.text.find('\n', begin), chunk.text.size());
    const std::string_view line = chunk.text.substr(begin, end - begin);
    const std::size_t equals = line.find('=');
    if (equals == std::string_view::npos)
        return;
    std::string_view key = line.substr(0, equals);
    while (!key.empty() && (key.front() == ' ' || key.front() == '\t'))
        key.remove_prefix(1);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t'))
        key.remove_suffix(1);
    if (key.empty() || key.find_first_of("[]\"'.") != std::string_view::npos)
        return;
    std::string without{chunk.text};
    without.erase(begin, end - begin);
    const auto again = parse_chunk(without);
    if (again.problem || !*again.parsed)
        return;
    const toml::table* table = nullptr;
    if (const auto* events = again.parsed->table().get_as<toml::array>("event");
        events != nullptr && events->size() == 1)
        table = events->get(0)->as_table();
    if (table == nullptr)
        return;
    Diagnostics found;
    read_event(*table, number, display_path, settings, found);
    const std::string missing = fmt::format("missing \"{}\"", key);
    for (auto& diagnostic : found) {
        if (diagnostic.message.find(missing) != std::string::npos)
            continue;
        diagnostic.line += chunk.first_line - 1;
        diagnostics.push_back(std::move(diagnostic));
    }
}

/// The read chunk by chunk (schedule_chunks.hpp): the preamble ([settings], [[calendar]]) and
/// then each [[event]] chunk, parsed, or taken from the memo's schedule when its text is
/// unchanged. Nothing when the split cannot be trusted (see schedule_chunks.hpp): then the
/// caller parses the whole text. Diagnostics are those parse_whole() gives (the same readers
/// on the same tables, with the chunk's first line added to each line), and more after a
/// syntax error: parse_whole() stops there, this read goes on with the next chunk.
std::optional<std::expected<Schedule, Diagnostics>>
parse_chunked(std::string_view text, std::vector<ScheduleChunk>& chunks,
              std::string_view display_path, const Zone& default_zone, std::string_view home,
              const ReadOptions& options, TextBuffer* owned_text) {
    ScheduleMemo::State* memo =
        options.memo != nullptr ? options.memo->state_for_reader() : nullptr;
    auto head = parse_chunk(chunks.front().text);
    if (head.problem || !*head.parsed)
        return std::nullopt;
    const toml::table& root = head.parsed->table();
    const std::size_t count = chunks.size() - 1;
    if (root.contains("event") || count > limits::events)
        return std::nullopt;

    Diagnostics diagnostics;
    TableFields top{root, {}, display_path, diagnostics};
    Schedule schedule;
    schedule.path = std::string{display_path};
    schedule.settings =
        read_settings(top.table("settings"), display_path, default_zone, diagnostics);
    top.find("event"); // accepted, and offered in suggestions, as parse_whole() does
    const Settings& settings = schedule.settings;

    // Which chunks keep the events held: the same text, and the same zone when they take
    // [settings]' (a zone changes their instants; remind, urgency, persistent and sound are
    // simply given again).
    using Chunk = ScheduleMemo::State::Chunk;
    const Schedule* held = memo != nullptr ? memo->schedule.get() : nullptr;
    const bool same_zone = held != nullptr && held->settings.zone == settings.zone;
    // Compared as written too: a kept event shows "1h" where the file now says "1h", not "60m".
    const bool same_remind =
        held != nullptr &&
        std::ranges::equal(held->settings.remind, settings.remind,
                           [](const Span& a, const Span& b) { return a == b && a.text == b.text; });
    const bool same_urgency = held != nullptr && held->settings.urgency == settings.urgency;
    const bool same_persistent =
        held != nullptr && held->settings.persistent == settings.persistent;
    const bool same_sound = held != nullptr && held->settings.sound == settings.sound;
    std::vector<const Chunk*> kept(count, nullptr);
    std::vector<bool> kept_once(held != nullptr ? memo->held.chunks.size() : 0);
    bool kept_twice = false;
    std::vector<std::string_view> to_parse;
    for (std::size_t i = 0; i < count; ++i) {
        const ScheduleChunk& chunk = chunks[i + 1];
        const Chunk* old =
            held != nullptr ? memo->held.find(chunk.hash, chunk.text.size()) : nullptr;
        if (old != nullptr && (same_zone || (old->inherits & inherits::zone) == 0)) {
            kept[i] = old;
            // The same text twice (a pasted event) keeps one held chunk twice: its ids clash.
            auto once = kept_once[old - memo->held.chunks.data()];
            kept_twice |= once;
            once = true;
        } else {
            to_parse.push_back(chunk.text);
        }
    }
    unsigned threads = 1;
    if (to_parse.size() >= parallel_from)
        threads = options.threads == 0 ? free_parse_threads() : options.threads;
    ChunkParser parser{to_parse, threads};

    // First pass, while the text is there: parse what changed, decide whether the split holds.
    ScheduleMemo::State::Table table;
    table.chunks.reserve(count);
    std::vector<Event> read_events; // of the chunks parsed, in file order
    std::vector<std::uint8_t> read_inherited;
    std::size_t parsed = 0;
    std::size_t number = 0; // of the [[event]] tables so far, read or kept
    bool resynced = false;  // a chunk had a syntax error and the read went on after it
    for (std::size_t i = 0; i < count && diagnostics.size() < limits::diagnostics; ++i) {
        const ScheduleChunk& chunk = chunks[i + 1];
        // For a chunk parsed, first_event is at first its index in read_events.
        Chunk record{chunk.hash,
                     static_cast<std::uint32_t>(chunk.text.size()),
                     chunk.first_line,
                     static_cast<std::uint32_t>(read_events.size()),
                     0,
                     0};
        if (const Chunk* old = kept[i]) {
            record.events = old->events;
            record.inherits = old->inherits;
            number += old->events;
        } else {
            auto got = parser.take(parsed++);
            if (got.problem)
                return std::nullopt;
            if (!*got.parsed) {
                const auto& error = got.parsed->error();
                toml::source_region where = error.source();
                where.begin.line += chunk.first_line - 1;
                where.end.line += chunk.first_line - 1;
                const toml::parse_error shifted{std::string{error.description()}, where};
                if (!resynced && !same_first_error(text, shifted))
                    return std::nullopt;
                // One syntax error stops toml++, not the read: the next [[event]] line starts
                // afresh, so that the other events' mistakes are reported in the same pass.
                diagnostics.push_back(syntax_diagnostic(text, display_path, shifted));
                resynced = true;
                ++number;
                rest_of_event(chunk, error.source().begin.line, number, display_path, settings,
                              diagnostics);
                table.chunks.push_back(record);
                continue;
            }
            const toml::table& tables = got.parsed->table();
            const toml::array* events =
                tables.size() == 1 ? tables.get_as<toml::array>("event") : nullptr;
            if (events == nullptr || !events->is_array_of_tables())
                return std::nullopt; // `[settings]`, `[[calendar]]`… after an event
            const std::int64_t delta = static_cast<std::int64_t>(chunk.first_line) - 1;
            for (const toml::node& node : *events) {
                const std::size_t before = diagnostics.size();
                std::uint8_t inherited = 0;
                auto event = read_event(*node.as_table(), ++number, display_path, settings,
                                        diagnostics, &inherited);
                for (std::size_t d = before; d < diagnostics.size(); ++d)
                    diagnostics[d].line = static_cast<std::uint32_t>(diagnostics[d].line + delta);
                if (!event)
                    continue;
                shift_lines(*event, delta);
                read_events.push_back(std::move(*event));
                read_inherited.push_back(inherited);
                record.inherits |= inherited;
                ++record.events;
            }
            if (parse_trees_kept_until_exit()) // agendactl: the kernel frees the tree
                keep_until_exit(std::move(*got.parsed));
        }
        table.chunks.push_back(record);
    }
    // The text is no longer needed: a caller that handed it over gets its memory back before
    // the kept events are gathered, which keeps a reload's peak near the steady size.
    if (owned_text != nullptr) {
        owned_text->release();
        std::vector<ScheduleChunk>{}.swap(chunks);
    }

    // Second pass: the events in file order. Without a memo (agendactl) they are the schedule's
    // own; with one (the daemon) every event is shared, so that the next read shares those of
    // unchanged chunks with this schedule instead of copying them: a kept event is the held
    // one itself unless its lines moved or a default it inherits changed (then a copy, fixed).
    std::vector<std::uint32_t> fresh; // indexes of the events read (not kept)
    if (memo == nullptr) {            // nothing kept: the events read are all there is
        schedule.events = std::move(read_events);
        table.inherited = std::move(read_inherited);
        for (std::uint32_t i = 0, first = 0; i < table.chunks.size(); ++i) {
            table.chunks[i].first_event = first;
            first += table.chunks[i].events;
        }
        fresh.resize(schedule.events.size());
        std::iota(fresh.begin(), fresh.end(), 0U);
    } else {
        std::size_t total = read_events.size();
        for (std::size_t i = 0; i < table.chunks.size(); ++i)
            total += kept[i] != nullptr ? kept[i]->events : 0;
        schedule.events.reserve_shared(total);
        table.inherited.reserve(total);
        // The inherited fields whose default changed: a kept event that takes one is copied.
        const auto refreshed = static_cast<std::uint8_t>(
            (same_remind ? 0 : inherits::remind) | (same_urgency ? 0 : inherits::urgency) |
            (same_persistent ? 0 : inherits::persistent) | (same_sound ? 0 : inherits::sound));
        for (std::size_t i = 0; i < table.chunks.size(); ++i) {
            Chunk& record = table.chunks[i];
            const std::uint32_t first = record.first_event;
            record.first_event = static_cast<std::uint32_t>(schedule.events.size());
            if (const Chunk* old = kept[i]) {
                const std::int64_t delta =
                    static_cast<std::int64_t>(record.first_line) - old->first_line;
                for (std::uint32_t k = 0; k < old->events; ++k) {
                    const std::size_t at = old->first_event + k;
                    const std::uint8_t inherited = memo->held.inherited[at];
                    table.inherited.push_back(inherited);
                    if (delta == 0 && (inherited & refreshed) == 0) {
                        if (auto same = held->events.shared_at(at)) {
                            schedule.events.push_back(std::move(same));
                            continue;
                        }
                    }
                    Event event = held->events[at];
                    shift_lines(event, delta);
                    if ((inherited & inherits::remind) != 0 && !same_remind)
                        event.remind = settings.remind;
                    if ((inherited & inherits::urgency) != 0 && !same_urgency)
                        event.urgency = settings.urgency;
                    if ((inherited & inherits::persistent) != 0 && !same_persistent)
                        event.persistent = settings.persistent;
                    if ((inherited & inherits::sound) != 0 && !same_sound)
                        event.sound = settings.sound;
                    schedule.events.push_back(std::make_shared<const Event>(std::move(event)));
                }
            } else {
                for (std::uint32_t k = first; k < first + record.events; ++k) {
                    fresh.push_back(static_cast<std::uint32_t>(schedule.events.size()));
                    schedule.events.push_back(
                        std::make_shared<const Event>(std::move(read_events[k])));
                    table.inherited.push_back(read_inherited[k]);
                }
            }
        }
        read_events = {};
    }
    const auto calendars = read_calendar_tables(top, PathBase{display_path, home}, diagnostics);
    top.report_unknown();
    // Kept events had distinct ids in the held schedule, so a clash needs a fresh event; with
    // few of those, looking for one costs less than indexing every id (the whole check then
    // words the diagnostics).
    if (kept_twice || fresh.size() > few_fresh || clash_with_fresh(schedule.events, fresh))
        check_unique_ids(schedule.events, display_path, diagnostics);
    if (memo != nullptr)
        memo->last = {count, to_parse.size(), false};
    if (!diagnostics.empty())
        return fail(std::move(diagnostics));
    add_calendars(schedule, calendars, options.calendars);
    if (memo != nullptr) {
        memo->pending = std::move(table);
        memo->pending_ready = true;
    }
    return schedule;
}

/// parse_schedule(), and when `owned_text` is given (the buffer `text` views), its memory is
/// given back as soon as the text has been read.
std::expected<Schedule, Diagnostics>
parse_text(std::string_view text, std::string_view display_path, const Zone& default_zone,
           std::string_view home, const ReadOptions& options, TextBuffer* owned_text) {
    if (text.size() > limits::file_bytes)
        return std::unexpected(
            Diagnostics{{std::string{display_path}, 0, 0, Severity::error,
                         fmt::format("the file is {} bytes; at most {} (16 MiB) are read",
                                     text.size(), limits::file_bytes)}});
    ScheduleMemo::State* memo =
        options.memo != nullptr ? options.memo->state_for_reader() : nullptr;
    if (memo != nullptr)
        memo->pending_ready = false;
    std::vector<ScheduleChunk> chunks = split_schedule(text);
    const std::size_t count = chunks.size() - 1;
    if (auto read =
            parse_chunked(text, chunks, display_path, default_zone, home, options, owned_text))
        return std::move(*read);
    if (memo != nullptr)
        memo->last = {count, count, true};
    return parse_whole(text, display_path, default_zone, home, options.calendars);
}

} // namespace

std::expected<Schedule, Diagnostics> parse_schedule(std::string_view text,
                                                    std::string_view display_path,
                                                    const Zone& default_zone, std::string_view home,
                                                    const ReadOptions& options) {
    return parse_text(text, display_path, default_zone, home, options, nullptr);
}

std::expected<Schedule, Diagnostics> read_schedule(const std::string& path,
                                                   const Zone& default_zone, std::string_view home,
                                                   ReadOptions options) {
    const auto fail = [&](std::string message) {
        return std::unexpected(Diagnostics{{path, 0, 0, Severity::error, std::move(message)}});
    };
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        return fail(errno == ELOOP
                        ? std::string{"cannot read the schedule: a symlink loop (a "
                                      "link that leads back to itself)"}
                        : fmt::format("cannot read the schedule: {}", std::strerror(errno)));
    if (!S_ISREG(info.st_mode))
        return fail("cannot read the schedule: not a regular file");
    if (static_cast<std::size_t>(info.st_size) > limits::file_bytes)
        return fail(fmt::format("the file is {} bytes; at most {} (16 MiB) are read", info.st_size,
                                limits::file_bytes));
    std::ifstream in{path, std::ios::binary};
    if (!in)
        return fail(fmt::format("cannot read the schedule: {}", std::strerror(errno)));
    TextBuffer text{static_cast<std::size_t>(info.st_size)};
    if (!text.usable())
        return fail(fmt::format("cannot read the schedule: {}", std::strerror(errno)));
    in.read(text.data(), info.st_size);
    text.resize(static_cast<std::size_t>(in.gcount()));
    return parse_text(text.view(), path, default_zone, home, options, &text);
}

} // namespace agendad::core
