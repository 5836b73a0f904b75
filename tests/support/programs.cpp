#include "programs.hpp"

namespace agendad::test {

const char* agendad_path() {
    return AGENDAD_PATH;
}

const char* agendactl_path() {
    return AGENDACTL_PATH;
}

Finished agendactl(boost::asio::io_context& io, std::vector<std::string> args) {
    args.insert(args.begin(), AGENDACTL_PATH);
    return run(Command{.argv = std::move(args)}, &io);
}

} // namespace agendad::test
