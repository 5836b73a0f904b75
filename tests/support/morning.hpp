#pragma once
/// A morning of three events on UTC, shared by the planning-loop and backend tests of snoozes
/// and dismissals.

#include <string>

namespace agendad::test {

// Alpha 10:00–11:00 reminds at 09:00 and 09:45; Beta 10:00–10:30 at 09:45; Gamma at 11:45.
inline const std::string morning = R"(
[settings]
timezone = "UTC"
remind = ["1h", "15m"]
snooze = "10m"

[[event]]
id = "a"
title = "Alpha"
start = 2022-01-10T10:00:00
duration = "1h"

[[event]]
id = "b"
title = "Beta"
start = 2022-01-10T10:00:00
duration = "30m"
remind = ["15m"]

[[event]]
id = "g"
title = "Gamma"
start = 2022-01-10T12:00:00
duration = "1h"
remind = ["15m"]
)";

} // namespace agendad::test
