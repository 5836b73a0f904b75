#!/usr/bin/env python3
"""A schedule that runs but holds an event that will never remind: the warning is logged with
file:line:column after the load, not again when the same file is reloaded, and anew when the
set of warnings changes."""
from harness import *

NEVER = r"warning: .*agenda\.toml:(\d+):1: warning: event\[\d\] \"Event (\w+)\": every reminder is in the past; it will never remind"


def test(binary):
    d = Daemon(binary)
    try:
        later = next_whole_second(3600)
        d.write(schedule(event("later", later), event("gone", later - 86400 * 400)))
        d.start()
        d.wait_line(r"loaded ")
        d.wait_line(NEVER.replace(r"(\w+)", "gone"))

        # The same file again, by SIGHUP and by a save: not news.
        marker = len(d.lines)
        d.signal(signal.SIGHUP)
        d.wait_line(r"reloading: SIGHUP", 5, marker)
        d.wait_line(r"loaded ", 5, marker)
        marker = len(d.lines)
        d.write_atomic(schedule(event("later", later), event("gone", later - 86400 * 400)))
        d.wait_line(r"loaded ", 5, marker)
        if d.count(NEVER) != 1:
            fail(f"the warning was logged {d.count(NEVER)} times")

        # Another event in the past: a new set, logged.
        marker = len(d.lines)
        d.write_atomic(schedule(event("later", later), event("gone", later - 86400 * 400),
                                event("also", later - 86400 * 500)))
        d.wait_line(r"loaded ", 5, marker)
        d.wait_line(NEVER.replace(r"(\w+)", "also"), 5, marker)
        if d.stop() != 0:
            fail("exit code")
    finally:
        d.cleanup()


run(test)
