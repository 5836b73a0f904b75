"""Runs a real agendad for end-to-end tests: a private schedule, state and notify socket,
TZ pinned to UTC, its stderr collected line by line with arrival times. Every wait is on a
condition with a deadline, never a bare sleep."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone

REMINDER = re.compile(r"^agendad: (?:warning: )?(missed reminder|reminder) \[(\S+) (\S+)\]")


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def local(t):
    """A wall-clock time for the schedule file (UTC, whole seconds)."""
    return datetime.fromtimestamp(int(t), timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def event(eid, start, remind="0m", duration="1h"):
    return (f'[[event]]\nid = "{eid}"\ntitle = "Event {eid}"\nstart = {local(start)}\n'
            f'duration = "{duration}"\nremind = ["{remind}"]\n')


def schedule(*events):
    return '[settings]\ntimezone = "UTC"\nremind = ["0m"]\n\n' + "\n".join(events)


def next_whole_second(ahead):
    """A whole second at least `ahead` seconds from now."""
    return int(time.time() + ahead) + 1


class Daemon:
    def __init__(self, binary, workdir=None):
        self.binary = binary
        self.dir = workdir or tempfile.mkdtemp(prefix="agendad-e2e-")
        self.schedule_path = os.path.join(self.dir, "config", "agenda.toml")
        os.makedirs(os.path.dirname(self.schedule_path), exist_ok=True)
        self.lines = []  # (monotonic, wall, text)
        self.lock = threading.Condition()
        self.proc = None
        self.notify_sock = None
        self.notifications = []

    # -- files --------------------------------------------------------------------------
    def write(self, text, path=None):
        with open(path or self.schedule_path, "w") as f:
            f.write(text)

    def write_atomic(self, text, path=None):
        path = path or self.schedule_path
        tmp = path + ".tmp~"
        with open(tmp, "w") as f:
            f.write(text)
        os.rename(tmp, path)

    # -- process ------------------------------------------------------------------------
    def start(self, args=(), notify=False):
        env = {k: v for k, v in os.environ.items()
               if k not in ("NOTIFY_SOCKET", "JOURNAL_STREAM", "WATCHDOG_USEC", "WATCHDOG_PID")}
        env.update(TZ="UTC", XDG_STATE_HOME=os.path.join(self.dir, "state"),
                   XDG_CONFIG_HOME=os.path.join(self.dir, "config"), HOME=self.dir)
        # Never the user's own session bus: these tests run agendad without D-Bus (the D-Bus
        # end-to-end tests in tests/dbus bring a private bus of their own).
        env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + os.path.join(self.dir, "no-bus")
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
        if notify:
            path = os.path.join(self.dir, "notify.sock")
            if self.notify_sock is None:
                self.notify_sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                self.notify_sock.bind(path)
            env["NOTIFY_SOCKET"] = path
        self.lines_at_start = len(self.lines)
        self.proc = subprocess.Popen([self.binary, "-f", self.schedule_path, "--verbose", *args],
                                     env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.started = time.monotonic()
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()
        return self

    def _read(self, proc):
        for line in proc.stdout:
            with self.lock:
                self.lines.append((time.monotonic(), time.time(), line.rstrip("\n")))
                self.lock.notify_all()
            if os.environ.get("AGENDAD_E2E_ECHO"):
                print("  | " + line.rstrip("\n"), file=sys.stderr)

    def wait_for(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                result = predicate()
                if result:
                    return result
                left = deadline - time.monotonic()
                if left <= 0:
                    self.dump()
                    fail(f"timed out after {timeout}s waiting for {what}")
                self.lock.wait(left)

    def wait_line(self, pattern, timeout=5, since=0):
        rx = re.compile(pattern)
        return self.wait_for(
            lambda: next((l for l in self.lines[since:] if rx.search(l[2])), None),
            timeout, f"a line matching {pattern!r}")

    def count(self, pattern, since=0):
        rx = re.compile(pattern)
        with self.lock:
            return sum(1 for l in self.lines[since:] if rx.search(l[2]))

    def reminders(self, since=0):
        """[(wall_time, kind, id, lead)] of every reminder line."""
        out = []
        with self.lock:
            for _, wall, text in self.lines[since:]:
                m = REMINDER.match(text.strip())
                if m:
                    out.append((wall, m.group(1), m.group(2), m.group(3)))
                elif text.startswith("  missed reminder ["):
                    m = REMINDER.match("agendad: " + text.strip())
                    out.append((wall, "digest", m.group(2), m.group(3)))
        return out

    def wait_reminders(self, n, timeout, since=0):
        return self.wait_for(lambda: len(self.reminders(since)) >= n and self.reminders(since),
                             timeout, f"{n} reminders")

    def wait_ready(self, timeout=10):
        return self.wait_line(r"loaded |does not exist yet|problem", timeout,
                              since=self.lines_at_start)

    def recv_notify(self, timeout=10):
        self.notify_sock.settimeout(timeout)
        try:
            data = self.notify_sock.recv(4096).decode()
        except socket.timeout:
            self.dump()
            fail(f"no sd_notify message within {timeout}s")
        self.notifications.append(data)
        return data

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=10):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                fail("agendad did not exit after SIGTERM")
        return self.proc.returncode

    def kill9(self):
        self.proc.kill()
        self.proc.wait()

    def dump(self):
        print("---- agendad output ----", file=sys.stderr)
        for _, _, text in self.lines:
            print("  | " + text, file=sys.stderr)

    def cleanup(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.notify_sock:
            self.notify_sock.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def run(test):
    """Runs test(binary) and reports; the binary path comes from CTest."""
    if len(sys.argv) < 2:
        fail("usage: TEST.py PATH-TO-agendad")
    test(sys.argv[1])
    print("ok")
