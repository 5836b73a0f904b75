#pragma once
/// Test doubles for the runtime: a clock the test sets, a timer the test fires, a sink that
/// records, and a temporary directory.

#include "core/protocol/clock.hpp"
#include "core/protocol/sink.hpp"
#include "core_support.hpp"
#include "runtime/timer_source.hpp"

#include "catch_compat.hpp"
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <vector>

namespace agendad::test {

/// A wall clock that only moves when told to.
class FakeClock final : public core::Clock {
  public:
    explicit FakeClock(std::chrono::system_clock::time_point now) : now_(now) {}
    std::chrono::system_clock::time_point now() const override { return now_; }
    void set(std::chrono::system_clock::time_point now) { now_ = now; }

  private:
    std::chrono::system_clock::time_point now_;
};

/// A timer that records what is armed; the test plays the kernel.
class FakeTimer final : public runtime::TimerSource {
  public:
    void set_handler(Handler handler) override { handler_ = std::move(handler); }
    void arm(core::Instant deadline) override {
        armed = deadline;
        ++arm_count;
    }
    void disarm() override { armed.reset(); }

    /// The deadline comes: the clock moves to it (plus `late`) and the handler runs.
    void fire(FakeClock& clock, std::chrono::milliseconds late = std::chrono::milliseconds{0}) {
        REQUIRE(armed);
        clock.set(*armed + late);
        armed.reset();
        handler_(runtime::TimerWake::due);
    }
    /// The clock is set to `to`: the kernel cancels the timer.
    void step_clock(FakeClock& clock, core::Instant to) {
        clock.set(to);
        if (armed) {
            armed.reset();
            handler_(runtime::TimerWake::clock_changed);
        }
    }

    std::optional<core::Instant> armed;
    int arm_count = 0;

  private:
    Handler handler_;
};

/// Remembers everything delivered.
class RecordingSink final : public core::Sink {
  public:
    void deliver(const core::Delivery& d) override { delivered.push_back(d); }
    void deliver_digest(std::span<const core::Delivery> missed) override {
        digests.emplace_back(missed.begin(), missed.end());
    }
    void schedule_problem(const core::Diagnostics& d) override { problems.push_back(d); }
    void schedule_fixed() override { ++fixed; }

    std::vector<core::Delivery> delivered;
    std::vector<std::vector<core::Delivery>> digests;
    std::vector<core::Diagnostics> problems;
    int fixed = 0;
};

/// A fresh directory, removed at the end of the test.
class TempDir {
  public:
    TempDir() {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("agendad-test-" + std::to_string(random()) + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ignored);
        std::filesystem::remove_all(path_, ignored);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

inline void write_file(const std::string& path, const std::string& text) {
    std::ofstream{path, std::ios::binary | std::ios::trunc} << text;
}

/// "2022-01-10T09:00:00Z" as an instant.
using core::test::at;

/// A schedule parsed from text, in UTC unless it names a zone.
std::shared_ptr<const core::Schedule> schedule_from(const std::string& toml);

} // namespace agendad::test
