#!/usr/bin/env python3
"""Deadlines a second or two ahead fire on time, together when they fall together, in the
planner's order (by title), and the idle daemon arms nothing else."""
from harness import *

LATENESS = re.compile(r"due at \S+, (-?[0-9.]+) ms after the instant")


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
            # Never early (our reader only adds delay to when a line is seen).
            if wall < due - 0.01:
                fail(f"{eid} came {due - wall:.3f}s early")
        # On time by the daemon's own measure, taken when its timer woke (logged before the
        # reminders it delivers): when our reader thread sees a line also counts its own
        # scheduling, under ASan on shared cores.
        with d.lock:
            measured = [float(m.group(1)) for _, _, text in d.lines if (m := LATENESS.search(text))]
        if len(measured) != 2:
            fail(f"expected two firings (t1, t2), the daemon measured {measured}")
        for ms in measured:
            if not 0 <= ms < 500:
                fail(f"the daemon fired {ms:.3f} ms after the instant")
        if d.stop() != 0:
            fail("exit code")
        if len(d.reminders()) != 3:
            fail("extra reminders")
    finally:
        d.cleanup()


run(test)
