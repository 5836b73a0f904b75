#!/usr/bin/env python3
"""A vdir that changes under a running agendad, as vdirsyncer changes it (a temporary file
renamed into place, a file removed): a file added is a reminder, a file removed is none."""
from harness import *


def ics(uid, start):
    stamp = datetime.fromtimestamp(int(start), timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//agendad e2e//EN\r\n"
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:Synced {uid}\r\nDTSTART:{stamp}\r\n"
            "DURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test(binary):
    d = Daemon(binary)
    try:
        vdir = os.path.join(d.dir, "vdir")
        os.makedirs(vdir)
        d.write(schedule(event("idle", time.time() + 86400)) +
                '\n[[calendar]]\nname = "cal"\npath = "~/vdir"\n')
        d.start()
        d.wait_ready()

        def sync(name, text):
            # vdirsyncer writes a hidden temporary file and renames it over the real one.
            tmp = os.path.join(vdir, "." + name + ".tmp")
            with open(tmp, "w") as f:
                f.write(text)
            os.rename(tmp, os.path.join(vdir, name))

        # A file added: its reminder is delivered, after one reload.
        loads = d.count(r"loaded ")
        since = len(d.lines)
        due = next_whole_second(1.5)
        sync("added.ics", ics("added", due))
        d.wait_for(lambda: d.count(r"loaded ") > loads, 15, "a reload after a file was added")
        d.wait_for(lambda: [r for r in d.reminders(since) if r[2] == "cal/added"],
                   due - time.time() + 4, "the reminder of the added file")

        # A file removed before it is due: no reminder. A later file is the sentinel.
        loads = d.count(r"loaded ")
        removed_due = next_whole_second(2.5)
        sync("removed.ics", ics("removed", removed_due))
        d.wait_for(lambda: d.count(r"loaded ") > loads, 15, "a reload after the second file")
        loads = d.count(r"loaded ")
        os.unlink(os.path.join(vdir, "removed.ics"))
        d.wait_for(lambda: d.count(r"loaded ") > loads, 15, "a reload after the removal")
        since = len(d.lines)
        sentinel_due = max(next_whole_second(1.2), removed_due + 1)
        sync("sentinel.ics", ics("sentinel", sentinel_due))
        d.wait_for(lambda: [r for r in d.reminders(since) if r[2] == "cal/sentinel"],
                   sentinel_due - time.time() + 4, "the sentinel's reminder")
        if [r for r in d.reminders() if r[2] == "cal/removed"]:
            fail("the removed file's event still reminded")
        if d.stop() != 0:
            fail("exit code")
    finally:
        d.cleanup()


run(test)
