// The cost of recurrence expansion, through Recurrence's public API only, so that the same
// source builds against any revision of agendad_core (bench/recurrence/run compares two).
//
// Usage: recurrence_bench AGENDA_TOML [--runs N] [--only schedule|hourly|minutely|validate]
//
// Workloads, each timed as the minimum over N runs; under valgrind --tool=callgrind
// --collect-atstart=no only the workload itself is counted (client requests around it):
//   schedule  every repeating event of AGENDA_TOML entered where the planner enters it (two days
//             before 2027-01-01) and walked through 2027
//   hourly    FREQ=HOURLY over a year (8,760 occurrences), and a weekday-breaks HOURLY rule
//   minutely  FREQ=MINUTELY over a day (1,440 occurrences)
//   validate  parsing FREQ=MONTHLY;BYDAY=-5FR;BYSETPOS=2,3,4 (refused: never matches)
#include "core/read/schedule_reader.hpp"
#include "core/recurrence/recurrence.hpp"

#include <chrono>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <valgrind/callgrind.h>

using namespace agendad::core;

namespace {

LocalTime local(const char* text) {
    std::istringstream in{text};
    LocalTime t;
    in >> date::parse("%FT%T", t);
    return t;
}

/// Occurrences of `r` in [from, until), entered at `from`.
long walk(const Recurrence& r, LocalTime from, LocalTime until) {
    long n = 0;
    auto cursor = r.starting_at(from);
    while (const auto t = cursor.next()) {
        if (*t >= until)
            break;
        ++n;
    }
    return n;
}

template <class F>
std::pair<double, long> best_of(int runs, F&& f) {
    double best = 1e300;
    long result = 0;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        CALLGRIND_TOGGLE_COLLECT;
        result = f();
        CALLGRIND_TOGGLE_COLLECT;
        const auto t1 = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    return {best, result};
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        fmt::print(stderr, "usage: recurrence_bench AGENDA_TOML [--runs N] [--only WORKLOAD]\n");
        return 2;
    }
    int runs = 20;
    std::string only;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--runs") == 0)
            runs = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--only") == 0)
            only = argv[i + 1];
    }
    if (RUNNING_ON_VALGRIND)
        runs = 1;
    const Zone& utc = *date::locate_zone("UTC");

    if (only.empty() || only == "schedule") {
        std::ifstream in{argv[1]};
        std::stringstream text;
        text << in.rdbuf();
        auto schedule = parse_schedule(text.str(), argv[1], utc);
        if (!schedule) {
            fmt::print(stderr, "{}\n", to_string(schedule.error()));
            return 1;
        }
        long rules = 0;
        for (const auto& e : schedule->events)
            rules += e.repeat ? 1 : 0;
        const auto entry = local("2026-12-30T00:00:00");
        const auto end = local("2028-01-01T00:00:00");
        const auto [us, n] = best_of(runs, [&] {
            long total = 0;
            for (const auto& e : schedule->events)
                if (e.repeat)
                    total += walk(*e.repeat, entry, end);
            return total;
        });
        fmt::print("schedule: {} repeating events, {} occurrences in 2027: {:.0f} us, {:.0f} ns "
                   "per occurrence\n",
                   rules, n, us, us * 1000 / static_cast<double>(n));
    }
    const auto series = [&](const char* name, const char* rule, const char* start,
                            const char* until) {
        const auto r = Recurrence::parse(rule, local(start), utc, false);
        if (!r) {
            fmt::print("{}: refused ({})\n", name, r.error());
            return;
        }
        const auto [us, n] = best_of(runs, [&] { return walk(*r, local(start), local(until)); });
        fmt::print("{}: {} occurrences: {:.0f} us, {:.2f} us per 100 occurrences\n", name, n, us,
                   us * 100 / static_cast<double>(n));
    };
    if (only.empty() || only == "hourly") {
        series("hourly over a year", "FREQ=HOURLY", "2027-01-01T00:00:00", "2028-01-01T00:00:00");
        series("weekday breaks over a year",
               "FREQ=HOURLY;INTERVAL=2;BYHOUR=9,11,13,15,17;BYDAY=MO,TU,WE,TH,FR",
               "2027-01-01T09:00:00", "2028-01-01T00:00:00");
    }
    if (only.empty() || only == "minutely")
        series("minutely over a day", "FREQ=MINUTELY", "2027-03-01T00:00:00",
               "2027-03-02T00:00:00");
    if (only.empty() || only == "validate") {
        const auto [us, refused] = best_of(runs, [&] {
            return Recurrence::parse("FREQ=MONTHLY;BYDAY=-5FR;BYSETPOS=2,3,4",
                                     local("2027-01-01T09:00:00"), utc, false)
                       ? 0L
                       : 1L;
        });
        fmt::print("validating FREQ=MONTHLY;BYDAY=-5FR;BYSETPOS=2,3,4: {:.0f} us ({})\n", us,
                   refused != 0 ? "refused" : "accepted");
    }
    return 0;
}
