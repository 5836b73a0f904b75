#!/usr/bin/env python3
"""The service-manager contract with a fake NOTIFY_SOCKET: READY=1 with a STATUS= after the
first load, SIGHUP gives RELOADING=1 then READY=1, SIGTERM saves state and exits 0."""
from harness import *


def test(binary):
    d = Daemon(binary)
    try:
        d.write(schedule(event("later", time.time() + 3600)))
        d.start(notify=True)
        first = d.recv_notify()
        if "READY=1" not in first or "STATUS=next: Event later" not in first:
            fail(f"first message: {first!r}")
        d.signal(signal.SIGHUP)
        reloading = d.recv_notify()
        if not reloading.startswith("RELOADING=1") or "MONOTONIC_USEC=" not in reloading:
            fail(f"after SIGHUP: {reloading!r}")
        ready = d.recv_notify()
        while ready.startswith("STATUS="):  # status updates may come in between
            ready = d.recv_notify()
        if not ready.startswith("READY=1"):
            fail(f"after RELOADING: {ready!r}")
        d.signal(signal.SIGTERM)
        code = d.proc.wait(10)
        if code != 0:
            d.dump()
            fail(f"exit code {code}")
        stopping = d.recv_notify()
        while stopping.startswith("STATUS="):
            stopping = d.recv_notify()
        if stopping != "STOPPING=1":
            fail(f"at SIGTERM: {stopping!r}")
        state = os.path.join(d.dir, "state", "agendad", "state")
        mode = os.stat(state).st_mode & 0o777
        if mode != 0o600:
            fail(f"state mode {oct(mode)}")
        if "horizon " not in open(state).read():
            fail("state has no horizon")
    finally:
        d.cleanup()


run(test)
