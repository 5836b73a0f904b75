#include "app/daemon.hpp"

#include "core/text/plural.hpp"
#include "core/text/reminder_text.hpp"
#include "runtime/log.hpp"
#include "runtime/starter_file.hpp"

#include <csignal>
#include <cstdlib>
#include <malloc.h>

namespace agendad::app {

namespace {

const core::Zone& current_user_zone() {
    return core::system_zone(std::getenv("TZ"));
}

// The D-Bus library logs through this: its levels are the journal's.
void log_from_dbus(dbus::LogLevel level, std::string_view message) {
    runtime::log::write(static_cast<runtime::log::Level>(static_cast<int>(level)), message);
}

std::unique_ptr<dbus::BusConnection> open_session_bus(boost::asio::io_context& io) {
    auto bus = dbus::BusConnection::open_user(io);
    if (bus)
        return std::move(*bus);
    runtime::log::write(
        runtime::log::Level::warning,
        fmt::format("{}; running without D-Bus (reminders go to the journal only)", bus.error()));
    return nullptr;
}

} // namespace

Daemon::Daemon(DaemonOptions options)
    : options_(std::move(options)), timer_{io_},
      user_zone_(&current_user_zone()), console_{user_zone_}, store_{options_.state_dir,
                                                                     io_.get_executor()},
      loop_{clock_,     timer_,
            sinks_,     store_,
            user_zone_, runtime::ReminderLoop::Options{.on_planned = [this] { planned(); }}},
      reloader_{options_.schedule_path, loop_, sinks_, current_user_zone}, pause_timer_{io_},
      pause_{clock_, pause_timer_, loop_,
             runtime::PauseControl::Options{
                 .show_digest =
                     [this](std::span<const core::Delivery> held, const std::string& heading) {
                         if (notifications_)
                             notifications_->deliver_digest(held, heading);
                     },
                 .on_changed = [this] { planned(); }}},
      backend_{clock_, loop_, reloader_, pause_, [this] { reload("a D-Bus Reload() call"); }},
      bus_{open_session_bus(io_)}, notifier_{io_}, signals_{io_, SIGHUP, SIGTERM, SIGINT} {
    sinks_.add(console_);
    if (bus_) {
        bus_->on_disconnected([this](const std::string& reason) { bus_lost(reason); });
        service_.emplace(*bus_, backend_, options_.version);
        dbus::NotificationSink::Options notification_options;
        notification_options.user_zone = user_zone_;
        notification_options.log = log_from_dbus;
        notification_options.on_bubbles_changed = [this](const core::OpenBubbles& bubbles) {
            loop_.set_open_bubbles(bubbles);
        };
        notification_options.redeliver = [this](const dbus::ActionTarget& target) {
            return backend_.redelivery(target);
        };
        notifications_.emplace(*bus_, clock_, &backend_, std::move(notification_options));
        sinks_.add(*service_);
        // The desktop is behind the pause; the journal and ReminderDue are not (pause.hpp).
        pause_.set_desktop(*notifications_);
        sinks_.add(pause_.gate());
    }
}

bool Daemon::claim_bus_name() {
    if (!service_)
        return true;
    auto started = service_->start();
    if (started)
        return true;
    // AgendaService::start() words a taken name this way; nothing else starts like it.
    if (started.error().starts_with(fmt::format("{} is taken", dbus::service_name)))
        return false;
    runtime::log::write(
        runtime::log::Level::warning,
        fmt::format("{}; running without agendad's D-Bus service (desktop notifications "
                    "still work)",
                    started.error()));
    return true;
}

int Daemon::run() {
    // The state first: it holds the bubbles the previous run left open, to take over. They are
    // taken over (and sent again, rebuilt from the schedule) when the server answers, on the
    // loop: after reload("start") below has read the schedule.
    loop_.start();
    if (notifications_) {
        notifications_->adopt(loop_.state().bubbles);
        notifications_->start();
    }
    write_starter_if_missing();
    // Watch before the first read, so that no save between the two goes unseen. The system
    // zone is /etc/localtime; the schedule's zone-less times are read in it, so a change of
    // zone is a reload.
    watcher_.emplace(io_, std::vector<std::string>{options_.schedule_path, "/etc/localtime"},
                     options_.debounce, [this] { reload("a watched file changed"); });
    reloader_.on_calendar_paths([this](auto paths) { watcher_->set_calendars(std::move(paths)); });
    reloader_.take_calendar_news_from([this] { return watcher_->take_calendar_changes(); });
    reload("start");
    pause_.start();
    wait_for_signals();
    ready_ = true;
    notifier_.ready(status_text());
    io_.run();
    return exit_code_;
}

void Daemon::write_starter_if_missing() {
    const auto today = date::floor<date::days>(
        date::make_zoned(user_zone_, std::chrono::floor<std::chrono::seconds>(clock_.now()))
            .get_local_time());
    runtime::write_starter_schedule(options_.schedule_path, today);
}

void Daemon::reload(std::string_view why) {
    runtime::log::write(runtime::log::Level::debug, fmt::format("reloading: {}", why));
    if (ready_)
        notifier_.reloading();
    const core::Zone* zone = &current_user_zone();
    if (zone != user_zone_) {
        runtime::log::write(runtime::log::Level::info,
                            fmt::format("time zone is now {}", zone->name()));
        user_zone_ = zone;
        console_.set_user_zone(zone);
        loop_.set_user_zone(zone);
        if (notifications_)
            notifications_->set_user_zone(zone);
    }
    // A failed read reaches the service as a Sink (schedule_problem: ScheduleReloaded(false),
    // once per distinct set of errors); a good one is announced here.
    if (reloader_.reload()) {
        if (service_)
            service_->schedule_reloaded(true, "");
        if (notifications_ && loop_.schedule()) {
            const auto& settings = loop_.schedule()->settings;
            notifications_->set_snooze_choices(
                settings.snooze_choices.empty()
                    ? std::vector<core::SnoozeChoice>{{settings.snooze, settings.snooze.text}}
                    : settings.snooze_choices);
        }
    }
    // Old and new schedules coexisted for a moment; hand the freed heap back to the system
    // so that the resident size after a reload is that of one schedule.
    ::malloc_trim(0);
    if (ready_)
        notifier_.ready(status_text());
}

void Daemon::wait_for_signals() {
    signals_.async_wait([this](const boost::system::error_code& error, int signal) {
        if (error)
            return;
        if (signal == SIGHUP) {
            reload("SIGHUP");
            wait_for_signals();
            return;
        }
        notifier_.stopping();
        runtime::log::write(runtime::log::Level::info,
                            fmt::format("stopping ({})", strsignal(signal)));
        loop_.save();
        io_.stop();
    });
}

/*
 * Losing the session bus ends the process instead of reconnecting. A dbus-daemon that goes
 * away usually means the whole session is ending (logout); when it was only restarted, a new
 * connection must re-take io.github.agendad, re-add every match and re-probe the notification
 * server, which is what a fresh start does anyway. So we exit non-zero and let systemd's
 * Restart=on-failure (agendad.service) start us again: one path, already tested, instead of a
 * second, rarely run one. The state is saved first, so nothing is delivered twice.
 */
void Daemon::bus_lost(const std::string& reason) {
    runtime::log::write(
        runtime::log::Level::error,
        fmt::format("lost the session bus ({}); exiting so that systemd restarts agendad", reason));
    notifier_.stopping();
    loop_.save();
    exit_code_ = exit_bus_lost;
    io_.stop();
}

std::string Daemon::status_text() const {
    if (reloader_.has_problem() && loop_.schedule() == nullptr)
        return fmt::format("waiting for a valid {}", options_.schedule_path);
    auto text = loop_.status();
    if (const auto pause = pause_.current())
        text += pause->until ? fmt::format(" (paused until {})", core::rfc3339_utc(*pause->until))
                             : std::string{" (paused until resumed)"};
    if (reloader_.has_problem())
        text += fmt::format(" (schedule file has {}; running the previous one)",
                            core::counted(reloader_.problem().size(), "problem"));
    else if (!reloader_.warnings().empty())
        text += fmt::format(" ({} about the schedule; see `agendactl check`)",
                            core::counted(reloader_.warnings().size(), "warning"));
    return text;
}

void Daemon::publish_status() {
    if (ready_)
        notifier_.status(status_text());
}

void Daemon::planned() {
    // A snooze made, dismissed or delivered may change what will never remind.
    reloader_.recheck_snoozes();
    publish_status();
    if (service_)
        service_->refresh_properties();
}

} // namespace agendad::app
