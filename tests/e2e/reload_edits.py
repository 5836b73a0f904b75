#!/usr/bin/env python3
"""Each way an editor saves takes effect once, after the debounce: atomic rename, plain
write, delete and re-create, and a symlinked file whose target changes."""
from harness import *


def expect_reload_then_fire(d, eid, edit):
    loads = d.count(r"loaded ")
    since = len(d.lines)
    due = next_whole_second(1.2)
    edit(due)
    d.wait_for(lambda: d.count(r"loaded ") > loads, 5, f"a reload after the {eid} edit")
    got = d.wait_for(lambda: [r for r in d.reminders(since) if r[2] == eid], due - time.time() + 4,
                     f"the reminder of {eid}")
    if got[0][0] < due - 0.01:
        fail(f"{eid} fired early")
    # A burst of writes is one reload: wait past the debounce, then count.
    d.wait_line(r"ms after the instant", 3, since)
    if d.count(r"loaded ") != loads + 1:
        fail(f"{eid}: {d.count(r'loaded ') - loads} reloads for one save")


def test(binary):
    d = Daemon(binary)
    try:
        d.write(schedule(event("idle", time.time() + 86400)))
        d.start()
        d.wait_ready()

        expect_reload_then_fire(d, "atomic", lambda due: d.write_atomic(
            schedule(event("atomic", due))))

        def plain(due):
            # Written in two pieces, as a slow editor would: still one reload.
            text = schedule(event("plain", due))
            with open(d.schedule_path, "w") as f:
                f.write(text[:20])
                f.flush()
                f.write(text[20:])
        expect_reload_then_fire(d, "plain", plain)

        def recreate(due):
            os.unlink(d.schedule_path)
            d.write(schedule(event("recreated", due)))
        expect_reload_then_fire(d, "recreated", recreate)
        d.stop()

        # A symlinked schedule: the link lives in config/, the file elsewhere.
        real_dir = os.path.join(d.dir, "dotfiles")
        os.makedirs(real_dir)
        real = os.path.join(real_dir, "agenda.toml")
        d.write(schedule(event("idle", time.time() + 86400)), real)
        os.unlink(d.schedule_path)
        os.symlink(real, d.schedule_path)
        d.start()
        d.wait_ready()
        expect_reload_then_fire(d, "via-target", lambda due: d.write_atomic(
            schedule(event("via-target", due)), real))
        other = os.path.join(real_dir, "other.toml")
        def relink(due):
            d.write(schedule(event("relinked", due)), other)
            os.symlink(other, d.schedule_path + ".new")
            os.rename(d.schedule_path + ".new", d.schedule_path)
        expect_reload_then_fire(d, "relinked", relink)
        # The new target is watched too.
        expect_reload_then_fire(d, "new-target", lambda due: d.write_atomic(
            schedule(event("new-target", due)), other))
        if d.stop() != 0:
            fail("exit code")
    finally:
        d.cleanup()


run(test)
