// agendad: the reminder daemon. Parses its arguments, wires the runtime, runs it.

#include "app/daemon.hpp"
#include "app/version.hpp"
#include "core/paths.hpp"
#include "runtime/log.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>

using namespace agendad;

namespace {

int run(int argc, char** argv) {
    CLI::App app{"agendad: reminds you of what is on your agenda, on time"};
    app.set_version_flag("--version", [] { return app::version_text("agendad"); });
    app::DaemonOptions options;
    options.schedule_path =
        core::default_schedule_path(std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME"));
    options.state_dir = core::default_state_dir(std::getenv("XDG_STATE_HOME"), std::getenv("HOME"));
    options.version = app::version();
    bool verbose = false;
    app.add_option("-f,--file", options.schedule_path, "Schedule file")->capture_default_str();
    app.add_flag("-v,--verbose", verbose, "Log debugging detail too");
    CLI11_PARSE(app, argc, argv);

    runtime::log::init(verbose);
    try {
        app::Daemon daemon{std::move(options)};
        if (!daemon.claim_bus_name()) {
            fmt::print(stderr, "agendad: another agendad is already running on this bus "
                               "(io.github.agendad is taken)\n");
            return 1;
        }
        return daemon.run();
    } catch (const std::exception& e) {
        runtime::log::write(runtime::log::Level::error,
                            fmt::format("cannot start: {} (is this Linux with timerfd and "
                                        "inotify?)",
                                        e.what()));
        return 1;
    }
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        // Out of memory while setting up, say; nothing that can be done but to say so.
        std::fputs("agendad: ", stderr);
        std::fputs(e.what(), stderr);
        std::fputs("\n", stderr);
        return 1;
    }
}
