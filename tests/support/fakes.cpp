#include "fakes.hpp"

#include "core/text/reminder_text.hpp"

namespace agendad::test {

std::shared_ptr<const core::Schedule> schedule_from(const std::string& toml) {
    auto schedule = core::parse_schedule(toml, "agenda.toml", *core::find_zone("UTC"));
    if (!schedule)
        FAIL(core::to_string(schedule.error()));
    return std::make_shared<const core::Schedule>(std::move(*schedule));
}

} // namespace agendad::test
