#!/usr/bin/env python3
"""A vdir that changes under a running agendad, as vdirsyncer changes it (a temporary file
renamed into place, a file removed, the whole folder replaced as its first sync does) or as an
editor does (a file written in place): a file added is a reminder, a file removed is none, an
edited file reminds at its new time, and a replaced folder is followed."""
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

        # A file edited in place (same inode): its new time is planned.
        sync("edited.ics", ics("edited", time.time() + 86400))
        loads = d.count(r"loaded ")
        since = len(d.lines)
        edited_due = next_whole_second(1.5)
        with open(os.path.join(vdir, "edited.ics"), "w") as f:
            f.write(ics("edited", edited_due))
        d.wait_for(lambda: d.count(r"loaded ") > loads, 15, "a reload after the edit")
        d.wait_for(lambda: [r for r in d.reminders(since) if r[2] == "cal/edited"],
                   edited_due - time.time() + 4, "the edited file's reminder at its new time")

        # The whole folder replaced by another one: the new folder's files are read and
        # watched.
        since = len(d.lines)
        fresh = os.path.join(d.dir, "vdir.new")
        os.makedirs(fresh)
        replaced_due = next_whole_second(2)
        with open(os.path.join(fresh, "replaced.ics"), "w") as f:
            f.write(ics("replaced", replaced_due))
        shutil.rmtree(vdir)
        os.rename(fresh, vdir)
        d.wait_for(lambda: [r for r in d.reminders(since) if r[2] == "cal/replaced"],
                   replaced_due - time.time() + 4, "the reminder from the replaced folder")
        since = len(d.lines)
        later_due = next_whole_second(1.5)
        sync("later.ics", ics("later", later_due))
        d.wait_for(lambda: [r for r in d.reminders(since) if r[2] == "cal/later"],
                   later_due - time.time() + 4, "a file added to the replaced folder")
        if d.stop() != 0:
            fail("exit code")
    finally:
        d.cleanup()


run(test)
