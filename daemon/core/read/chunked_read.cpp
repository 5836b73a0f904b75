#include "core/read/chunked_read.hpp"

#include "core/read/schedule_memo_state.hpp"
#include "core/read/text_buffer.hpp"
#include "core/toml/chunk_parser.hpp"
#include "core/toml/kept_until_exit.hpp"
#include "core/toml/schedule_tables.hpp"
#include "core/toml/schedule_words.hpp"
#include "core/toml/toml_fields.hpp"
#include "core/toml/toml_guard.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>

namespace agendad::core {

std::unexpected<Diagnostics> failed_read(Diagnostics diagnostics) {
    sort_in_file_order(diagnostics);
    return std::unexpected(std::move(diagnostics));
}

namespace {

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

using Chunk = ScheduleMemo::State::Chunk;

/// Which of the defaults a kept event takes from [settings] changed since the held schedule was
/// read. A changed zone changes instants: the chunks of events that take it are parsed again.
/// The others are given again to the kept events that take them (a copy of the event); they are
/// compared as written too, so that a kept event shows "1h" where the file now says "1h", not
/// "60m".
struct ChangedDefaults {
    bool zone = true;
    std::uint8_t given_again = inherits::remind | inherits::urgency | inherits::persistent |
                               inherits::sound; ///< the inherits:: bits that changed

    static ChangedDefaults between(const Schedule* held, const Settings& now) {
        if (held == nullptr)
            return {};
        const Settings& was = held->settings;
        const bool same_remind =
            std::ranges::equal(was.remind, now.remind, [](const Span& a, const Span& b) {
                return a == b && a.text == b.text;
            });
        return {.zone = was.zone != now.zone,
                .given_again = static_cast<std::uint8_t>(
                    (same_remind ? 0 : inherits::remind) |
                    (was.urgency == now.urgency ? 0 : inherits::urgency) |
                    (was.persistent == now.persistent ? 0 : inherits::persistent) |
                    (was.sound == now.sound ? 0 : inherits::sound))};
    }

    /// Gives `event`, which takes the defaults `inherited`, those of `settings` that changed.
    void give_again(Event& event, std::uint8_t inherited, const Settings& settings) const {
        const auto changed = static_cast<std::uint8_t>(inherited & given_again);
        if ((changed & inherits::remind) != 0)
            event.remind = settings.remind;
        if ((changed & inherits::urgency) != 0)
            event.urgency = settings.urgency;
        if ((changed & inherits::persistent) != 0)
            event.persistent = settings.persistent;
        if ((changed & inherits::sound) != 0)
            event.sound = settings.sound;
    }
};

/// One chunked read, step by step: the preamble, which chunks are unchanged, a first pass over
/// the changed ones while the text is there, a second pass that gathers the events in file
/// order, and the checks of the whole. The steps share what they found as members.
class ChunkedRead {
  public:
    ChunkedRead(std::string_view text, std::vector<ScheduleChunk>& chunks,
                std::string_view display_path, std::string_view home, const ReadOptions& options)
        : text_(text), chunks_(chunks), display_path_(display_path), home_(home), options_(options),
          memo_(options.memo != nullptr ? options.memo->state_for_reader() : nullptr),
          held_(memo_ != nullptr ? memo_->schedule.get() : nullptr), count_(chunks.size() - 1) {}

    std::optional<std::expected<Schedule, Diagnostics>> run(const Zone& default_zone,
                                                            TextBuffer* owned_text) {
        if (!read_preamble(default_zone))
            return std::nullopt;
        match_unchanged_chunks();
        if (!read_changed_chunks())
            return std::nullopt;
        // The text is no longer needed: a caller that handed it over gets its memory back
        // before the kept events are gathered, which keeps a reload's peak near the steady size.
        if (owned_text != nullptr) {
            owned_text->release();
            std::vector<ScheduleChunk>{}.swap(chunks_);
        }
        if (memo_ == nullptr)
            take_events_read();
        else
            share_events();
        return finish();
    }

  private:
    /// [settings] and the rest of the preamble; false when the split cannot be used (an
    /// [[event]] in the preamble, or more chunks than events allowed).
    bool read_preamble(const Zone& default_zone) {
        head_ = parse_chunk(chunks_.front().text);
        if (head_.problem || !*head_.parsed)
            return false;
        const toml::table& root = head_.parsed->table();
        if (root.contains("event") || count_ > limits::events)
            return false;
        top_.emplace(root, TableName{}, display_path_, diagnostics_);
        schedule_.path = std::string{display_path_};
        schedule_.settings =
            read_settings(top_->table("settings"), display_path_, default_zone, diagnostics_);
        top_->find("event"); // accepted, and offered in suggestions, as the whole parse does
        changed_ = ChangedDefaults::between(held_, schedule_.settings);
        return true;
    }

    /// Which chunks keep the events held: the same text, and the same zone when they take
    /// [settings]' (a zone changes their instants). The others are to be parsed.
    void match_unchanged_chunks() {
        kept_.assign(count_, nullptr);
        std::vector<bool> kept_once(held_ != nullptr ? memo_->held.chunks.size() : 0);
        for (std::size_t i = 0; i < count_; ++i) {
            const ScheduleChunk& chunk = chunks_[i + 1];
            const Chunk* old =
                held_ != nullptr ? memo_->held.find(chunk.hash, chunk.text.size()) : nullptr;
            if (old != nullptr && (!changed_.zone || (old->inherits & inherits::zone) == 0)) {
                kept_[i] = old;
                // The same text twice (a pasted event) keeps one held chunk twice: its ids clash.
                auto once = kept_once[old - memo_->held.chunks.data()];
                kept_twice_ |= once;
                once = true;
            } else {
                to_parse_.push_back(chunk.text);
            }
        }
    }

    /// The first pass, while the text is there: parses what changed (on free cores when there
    /// is much of it) and decides whether the split holds; false when it does not.
    bool read_changed_chunks() {
        unsigned threads = 1;
        if (to_parse_.size() >= parallel_from)
            threads = options_.threads == 0 ? free_parse_threads() : options_.threads;
        ChunkParser parser{to_parse_, threads};
        table_.chunks.reserve(count_);
        std::size_t parsed = 0;
        for (std::size_t i = 0; i < count_ && diagnostics_.size() < limits::diagnostics; ++i) {
            const ScheduleChunk& chunk = chunks_[i + 1];
            // For a chunk parsed, first_event is at first its index in read_events_.
            Chunk record{chunk.hash,
                         static_cast<std::uint32_t>(chunk.text.size()),
                         chunk.first_line,
                         static_cast<std::uint32_t>(read_events_.size()),
                         0,
                         0};
            if (const Chunk* old = kept_[i]) {
                record.events = old->events;
                record.inherits = old->inherits;
                number_ += old->events;
            } else if (!read_chunk(chunk, parser.take(parsed++), record)) {
                return false;
            }
            table_.chunks.push_back(record);
        }
        return true;
    }

    /// The events of one changed chunk, from its parse, counted into `record`; false when the
    /// split cannot be trusted.
    bool read_chunk(const ScheduleChunk& chunk, ChunkParse got, Chunk& record) {
        if (got.problem)
            return false;
        if (!*got.parsed)
            return read_past_syntax_error(chunk, got.parsed->error());
        const toml::table& tables = got.parsed->table();
        const toml::array* events =
            tables.size() == 1 ? tables.get_as<toml::array>("event") : nullptr;
        if (events == nullptr || !events->is_array_of_tables())
            return false; // `[settings]`, `[[calendar]]`… after an event
        const std::int64_t delta = static_cast<std::int64_t>(chunk.first_line) - 1;
        for (const toml::node& node : *events) {
            const std::size_t before = diagnostics_.size();
            std::uint8_t inherited = 0;
            auto event = read_event(*node.as_table(), ++number_, display_path_, schedule_.settings,
                                    diagnostics_, &inherited);
            for (std::size_t d = before; d < diagnostics_.size(); ++d)
                diagnostics_[d].line = static_cast<std::uint32_t>(diagnostics_[d].line + delta);
            if (!event)
                continue;
            shift_lines(*event, delta);
            read_events_.push_back(std::move(*event));
            read_inherited_.push_back(inherited);
            record.inherits |= inherited;
            ++record.events;
        }
        if (parse_trees_kept_until_exit()) // agendactl: the kernel frees the tree
            keep_until_exit(std::move(*got.parsed));
        return true;
    }

    /// A chunk with a syntax error: reported, and the read goes on with the next chunk, when one
    /// parse of the whole text stops at the same place (or an earlier chunk's error was
    /// already reported so); false when the error is an artefact of the cut.
    bool read_past_syntax_error(const ScheduleChunk& chunk, const toml::parse_error& error) {
        toml::source_region where = error.source();
        where.begin.line += chunk.first_line - 1;
        where.end.line += chunk.first_line - 1;
        const toml::parse_error shifted{std::string{error.description()}, where};
        if (!resynced_ && !same_first_error(text_, shifted))
            return false;
        // One syntax error stops toml++, not the read: the next [[event]] line starts afresh,
        // so that the other events' mistakes are reported in the same pass.
        diagnostics_.push_back(syntax_diagnostic(text_, display_path_, shifted));
        resynced_ = true;
        ++number_;
        rest_of_event(chunk, error.source().begin.line, number_, display_path_, schedule_.settings,
                      diagnostics_);
        return true;
    }

    /// The second pass without a memo (agendactl): the events read are all there is, the
    /// schedule's own.
    void take_events_read() {
        schedule_.events = std::move(read_events_);
        table_.inherited = std::move(read_inherited_);
        for (std::uint32_t i = 0, first = 0; i < table_.chunks.size(); ++i) {
            table_.chunks[i].first_event = first;
            first += table_.chunks[i].events;
        }
        fresh_.resize(schedule_.events.size());
        std::iota(fresh_.begin(), fresh_.end(), 0U);
    }

    /// The second pass with a memo (the daemon): every event is shared, so that the next read
    /// shares those of unchanged chunks with this schedule instead of copying them.
    void share_events() {
        std::size_t total = read_events_.size();
        for (std::size_t i = 0; i < table_.chunks.size(); ++i)
            total += kept_[i] != nullptr ? kept_[i]->events : 0;
        schedule_.events.reserve_shared(total);
        table_.inherited.reserve(total);
        for (std::size_t i = 0; i < table_.chunks.size(); ++i) {
            Chunk& record = table_.chunks[i];
            const std::uint32_t first = record.first_event;
            record.first_event = static_cast<std::uint32_t>(schedule_.events.size());
            if (const Chunk* old = kept_[i])
                share_kept(*old, record.first_line);
            else
                share_read(first, record.events);
        }
        read_events_ = {};
    }

    /// A kept chunk's events: the held ones themselves, unless their lines moved (the chunk
    /// now starts at `first_line`) or a default they inherit changed, when each is a copy with
    /// its new lines and defaults.
    void share_kept(const Chunk& old, std::uint32_t first_line) {
        const std::int64_t delta = static_cast<std::int64_t>(first_line) - old.first_line;
        for (std::uint32_t k = 0; k < old.events; ++k) {
            const std::size_t at = old.first_event + k;
            const std::uint8_t inherited = memo_->held.inherited[at];
            table_.inherited.push_back(inherited);
            if (delta == 0 && (inherited & changed_.given_again) == 0) {
                if (auto same = held_->events.shared_at(at)) {
                    schedule_.events.push_back(std::move(same));
                    continue;
                }
            }
            Event event = held_->events[at];
            shift_lines(event, delta);
            changed_.give_again(event, inherited, schedule_.settings);
            schedule_.events.push_back(std::make_shared<const Event>(std::move(event)));
        }
    }

    /// A changed chunk's events, `events` of read_events_ from `first`, shared from now on.
    void share_read(std::uint32_t first, std::uint32_t events) {
        for (std::uint32_t k = first; k < first + events; ++k) {
            fresh_.push_back(static_cast<std::uint32_t>(schedule_.events.size()));
            schedule_.events.push_back(std::make_shared<const Event>(std::move(read_events_[k])));
            table_.inherited.push_back(read_inherited_[k]);
        }
    }

    /// The checks of the whole ([[calendar]] tables, unknown keys, unique ids), then the
    /// calendars of a valid file, and the memo's record of this read.
    std::expected<Schedule, Diagnostics> finish() {
        const auto calendars =
            read_calendar_tables(*top_, PathBase{display_path_, home_}, diagnostics_);
        top_->report_unknown();
        // Kept events had distinct ids in the held schedule, so a clash needs a fresh event;
        // with few of those, looking for one costs less than indexing every id (the whole check
        // then words the diagnostics).
        if (kept_twice_ || fresh_.size() > few_fresh || clash_with_fresh(schedule_.events, fresh_))
            check_unique_ids(schedule_.events, display_path_, diagnostics_);
        if (memo_ != nullptr)
            memo_->last = {count_, to_parse_.size(), false};
        if (!diagnostics_.empty())
            return failed_read(std::move(diagnostics_));
        add_calendars(schedule_, calendars, options_.calendars);
        if (memo_ != nullptr) {
            memo_->pending = std::move(table_);
            memo_->pending_ready = true;
        }
        return std::move(schedule_);
    }

    std::string_view text_;
    std::vector<ScheduleChunk>& chunks_;
    std::string_view display_path_;
    std::string_view home_;
    const ReadOptions& options_;
    ScheduleMemo::State* memo_;
    const Schedule* held_; ///< the schedule the memo describes, if any
    std::size_t count_;    ///< [[event]] chunks

    ChunkParse head_; ///< the preamble's parse, which top_ reads
    Diagnostics diagnostics_;
    std::optional<TableFields> top_;
    Schedule schedule_;
    ChangedDefaults changed_;

    std::vector<const Chunk*> kept_; ///< per chunk, the held chunk it keeps, if any
    bool kept_twice_ = false;
    std::vector<std::string_view> to_parse_;

    ScheduleMemo::State::Table table_;
    std::vector<Event> read_events_; ///< of the chunks parsed, in file order
    std::vector<std::uint8_t> read_inherited_;
    std::size_t number_ = 0;           ///< of the [[event]] tables so far, read or kept
    bool resynced_ = false;            ///< a chunk had a syntax error and the read went on after it
    std::vector<std::uint32_t> fresh_; ///< indexes of the events read (not kept)
};

} // namespace

std::optional<std::expected<Schedule, Diagnostics>>
read_chunked(std::string_view text, std::vector<ScheduleChunk>& chunks,
             std::string_view display_path, const Zone& default_zone, std::string_view home,
             const ReadOptions& options, TextBuffer* owned_text) {
    return ChunkedRead{text, chunks, display_path, home, options}.run(default_zone, owned_text);
}

} // namespace agendad::core
