#pragma once
/// Where reminders go. Sinks speak the domain; the console/journal sink comes with the daemon,
/// desktop notifications and the D-Bus signal are further sinks behind the same interface.

#include "core/model/diagnostic.hpp"
#include "core/protocol/delivery.hpp"

#include <span>
#include <vector>

namespace agendad::core {

/// A destination for reminders and for schedule problems the user must hear about.
class Sink {
  public:
    virtual ~Sink() = default;
    /// One reminder, on time or missed (`delivery.missed`).
    virtual void deliver(const Delivery& delivery) = 0;
    /// Several missed reminders at once ("while you were away"), in delivery order.
    virtual void deliver_digest(std::span<const Delivery> missed) = 0;
    /// The schedule file has errors; the previous schedule keeps running. Called once per
    /// distinct set of errors.
    virtual void schedule_problem(const Diagnostics& diagnostics) = 0;
    /// The schedule file is valid again after a problem was reported.
    virtual void schedule_fixed() {}
};

/// Hands everything to each of several sinks in turn (the journal, the desktop, D-Bus).
class FanOutSink final : public Sink {
  public:
    /// Adds a sink; it must outlive this one.
    void add(Sink& sink) { sinks_.push_back(&sink); }
    void deliver(const Delivery& delivery) override {
        for (Sink* sink : sinks_)
            sink->deliver(delivery);
    }
    void deliver_digest(std::span<const Delivery> missed) override {
        for (Sink* sink : sinks_)
            sink->deliver_digest(missed);
    }
    void schedule_problem(const Diagnostics& diagnostics) override {
        for (Sink* sink : sinks_)
            sink->schedule_problem(diagnostics);
    }
    void schedule_fixed() override {
        for (Sink* sink : sinks_)
            sink->schedule_fixed();
    }

  private:
    std::vector<Sink*> sinks_;
};

} // namespace agendad::core
