#!/usr/bin/env python3
"""kill -9 and restart: nothing lost, nothing repeated. What fell due while the daemon was
down comes once, marked missed; more than three missed come as one digest."""
from harness import *


def test(binary):
    d = Daemon(binary)
    try:
        t0 = next_whole_second(1.2)
        # one before the kill, one during the downtime, one after the restart
        d.write(schedule(event("before", t0), event("during", t0 + 2), event("after", t0 + 4)))
        d.start()
        d.wait_ready()
        d.wait_for(lambda: [r for r in d.reminders() if r[2] == "before"], t0 - time.time() + 4,
                   "the first reminder")
        d.kill9()
        d.wait_for(lambda: time.time() > t0 + 2.3, 5, "the downtime reminder's instant to pass")
        since = len(d.lines)
        d.start()
        got = d.wait_for(lambda: [r for r in d.reminders(since) if r[2] == "after"],
                         t0 + 4 - time.time() + 4, "the reminder after the restart")
        d.stop()
        everything = [(r[1], r[2]) for r in d.reminders()]
        if everything.count(("reminder", "before")) != 1:
            fail(f"'before' not exactly once: {everything}")
        if [r for r in everything if r[1] == "during"] != [("reminder", "during")]:
            # restarted within the grace minute: on time, not "missed"; exactly once
            fail(f"'during' not exactly once: {everything}")
        if everything.count(("reminder", "after")) != 1:
            fail(f"'after' not exactly once: {everything}")

        # A longer downtime: fake it by rewinding the saved horizon, as if we had been away.
        state = os.path.join(d.dir, "state", "agendad", "state")
        text = open(state).read()
        past = time.time() - 7200
        events = [event(f"m{i}", past + 600 * i, duration="12h") for i in range(5)]
        d.write(schedule(*events))
        horizon = datetime.fromtimestamp(int(past - 60), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = re.sub(r"horizon \S+", "horizon " + horizon, text)
        open(state, "w").write(text)
        since = len(d.lines)
        d.start()
        d.wait_line(r"while you were away: 5 missed reminders", 5, since)
        d.wait_for(lambda: len(d.reminders(since)) >= 5, 5, "the digest's lines")
        d.stop()
        since = len(d.lines)
        d.start()
        d.wait_ready()
        d.stop()
        if d.reminders(since):
            fail(f"repeated after restart: {d.reminders(since)}")
    finally:
        d.cleanup()


run(test)
