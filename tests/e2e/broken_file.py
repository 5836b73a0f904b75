#!/usr/bin/env python3
"""A broken save keeps the previous schedule running, its errors logged once with
file:line:column; the next good save clears it. A missing file at start becomes the starter
schedule (mode 0644), which the user's own save then replaces."""
from harness import *


def test(binary):
    d = Daemon(binary)
    try:
        # Missing at start: the daemon writes the starter schedule and runs it.
        os.rmdir(os.path.dirname(d.schedule_path))
        d.start()
        d.wait_line(r"created a starter schedule at " + re.escape(d.schedule_path))
        d.wait_line(r"loaded ")
        if os.stat(d.schedule_path).st_mode & 0o777 != 0o644:
            fail(f"starter mode {os.stat(d.schedule_path).st_mode & 0o777:o}")
        since = len(d.lines)
        due = next_whole_second(1.5)
        d.write_atomic(schedule(event("kept", due)))
        d.wait_line(r"loaded ", 5, since)

        since = len(d.lines)
        broken = schedule(event("kept", due)).replace('duration = "1h"', 'duration = "90x"')
        d.write_atomic(broken)
        d.wait_line(r'agenda\.toml:\d+:\d+: error: .*"90x" is not a span', 5, since)
        d.wait_line(r"keeping the previous schedule", 5, since)
        # The old schedule still fires.
        got = d.wait_for(lambda: [r for r in d.reminders(since) if r[2] == "kept"],
                         due - time.time() + 4, "the kept schedule's reminder")
        if got[0][1] != "reminder":
            fail("kept reminder not on time")
        # The same mistake saved again is not logged again.
        d.write_atomic(broken + "\n")
        d.write(broken)
        d.wait_line(r"ms after the instant", 3, since)  # let the debounce pass
        marker = len(d.lines)
        d.signal(signal.SIGHUP)
        d.wait_line(r"reloading: SIGHUP", 5, marker)
        if d.count(r"is not a span") != 1:
            fail(f"error logged {d.count(r'is not a span')} times")

        since = len(d.lines)
        due = next_whole_second(1.2)
        d.write_atomic(schedule(event("fixed", due)))
        d.wait_line(r"schedule problem fixed", 5, since)
        d.wait_for(lambda: [r for r in d.reminders(since) if r[2] == "fixed"],
                   due - time.time() + 4, "the fixed schedule's reminder")
        if d.stop() != 0:
            fail("exit code")
    finally:
        d.cleanup()


run(test)
