#pragma once

#include "core/protocol/sink.hpp"

namespace agendad::runtime {

/// Reminders as log entries: the journal (with EVENT_ID, FIRE_AT, OCCURRENCE_START, LEAD,
/// MISSED fields) under systemd, stderr otherwise. One line each:
///   reminder [team-sync 15m]: Team sync · in 15 min · 09:30–10:00
///   missed reminder [team-sync 15m]: Team sync · missed at 09:15 — started 12 min ago · …
class ConsoleSink final : public core::Sink {
  public:
    /// `user_zone` must outlive the sink (time zones live as long as the process).
    explicit ConsoleSink(const core::Zone* user_zone) : user_zone_(user_zone) {}
    void set_user_zone(const core::Zone* zone) { user_zone_ = zone; }

    void deliver(const core::Delivery& delivery) override;
    void deliver_digest(std::span<const core::Delivery> missed) override;
    void schedule_problem(const core::Diagnostics& diagnostics) override;
    void schedule_fixed() override;

    /// The one-line form of a delivery, as logged.
    std::string line(const core::Delivery& delivery) const;

  private:
    const core::Zone* user_zone_;
};

} // namespace agendad::runtime
