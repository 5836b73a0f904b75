#!/usr/bin/env python3
"""Deadlines a second or two ahead fire on time, together when they fall together, in the
planner's order (by title), and the idle daemon arms nothing else."""
from harness import *


def test(binary):
    d = Daemon(binary)
    try:
        t1 = next_whole_second(1.5)
        t2 = t1 + 1
        # "b" and "a" share an instant: delivered together, "Event a" first.
        d.write(schedule(event("first", t1), event("b", t2), event("a", t2)))
        d.start()
        d.wait_ready()
        got = d.wait_reminders(3, timeout=t2 - time.time() + 5)
        ids = [r[2] for r in got]
        if ids != ["first", "a", "b"]:
            fail(f"order: {ids}")
        for wall, kind, eid, lead in got:
            due = t1 if eid == "first" else t2
            if kind != "reminder" or lead != "0m":
                fail(f"{eid}: {kind} {lead}")
            if wall < due - 0.01:
                fail(f"{eid} came {due - wall:.3f}s early")
            if wall > due + 0.5:
                fail(f"{eid} came {wall - due:.3f}s late")
        d.wait_line(r"ms after the instant")
        if d.stop() != 0:
            fail("exit code")
        if len(d.reminders()) != 3:
            fail("extra reminders")
    finally:
        d.cleanup()


run(test)
