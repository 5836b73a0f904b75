#include "runtime/daemon.hpp"

#include "runtime/log.hpp"

#include <csignal>
#include <malloc.h>
#include <cstdlib>

namespace agendad::runtime {

namespace {

const core::Zone& current_user_zone() {
    return core::system_zone(std::getenv("TZ"));
}

} // namespace

Daemon::Daemon(DaemonOptions options)
    : options_(std::move(options)), timer_{io_},
      user_zone_(&current_user_zone()), console_{user_zone_}, store_{options_.state_dir,
                                                                     io_.get_executor()},
      loop_{clock_, timer_,     sinks_,
            store_, user_zone_, ReminderLoop::Options{.on_planned = [this] { publish_status(); }}},
      reloader_{options_.schedule_path, loop_, sinks_, current_user_zone}, notifier_{io_},
      signals_{io_, SIGHUP, SIGTERM, SIGINT} {
    sinks_.add(console_);
}

int Daemon::run() {
    loop_.start();
    // Watch before the first read, so that no save between the two goes unseen. The system
    // zone is /etc/localtime; the schedule's zone-less times are read in it, so a change of
    // zone is a reload.
    watcher_.emplace(io_, std::vector<std::string>{options_.schedule_path, "/etc/localtime"},
                     options_.debounce, [this] { reload("a watched file changed"); });
    reload("start");
    wait_for_signals();
    ready_ = true;
    notifier_.ready(status_text());
    io_.run();
    return 0;
}

void Daemon::reload(std::string_view why) {
    log::write(log::Level::debug, fmt::format("reloading: {}", why));
    if (ready_)
        notifier_.reloading();
    const core::Zone* zone = &current_user_zone();
    if (zone != user_zone_) {
        log::write(log::Level::info, fmt::format("time zone is now {}", zone->name()));
        user_zone_ = zone;
        console_.set_user_zone(zone);
        loop_.set_user_zone(zone);
    }
    reloader_.reload();
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
        log::write(log::Level::info, fmt::format("stopping ({})", strsignal(signal)));
        loop_.save();
        io_.stop();
    });
}

std::string Daemon::status_text() const {
    if (reloader_.has_problem() && loop_.schedule() == nullptr)
        return fmt::format("waiting for a valid {}", options_.schedule_path);
    auto text = loop_.status();
    if (reloader_.has_problem())
        text += fmt::format(" (schedule file has {} problem(s); running the previous one)",
                            reloader_.problem().size());
    return text;
}

void Daemon::publish_status() {
    if (ready_)
        notifier_.status(status_text());
}

} // namespace agendad::runtime
