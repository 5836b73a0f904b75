#!/usr/bin/env python3
"""A CalDAV server, vdirsyncer and a running agendad, all real (Debian `radicale` and
`vdirsyncer`): what is PUT into Radicale reaches the vdir by `vdirsyncer sync`, and agendad
reminds it on time; an override of one occurrence and a deletion made on the server show up
after the next sync. Radicale runs on 127.0.0.1, on a free port, with a temporary storage.
Exit 77 (skipped) without radicale or vdirsyncer."""
import http.client
from harness import *

USER, PASSWORD = "alice", "secret"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stamp(t):
    return datetime.fromtimestamp(int(t), timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def vevent(uid, title, start, extra=""):
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:{title}\r\n"
            f"DTSTART:{stamp(start)}\r\nDURATION:PT30M\r\n{extra}END:VEVENT\r\n")


def vcalendar(*events):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//agendad e2e//EN\r\n" + "".join(events) +
            "END:VCALENDAR\r\n")


class Radicale:
    def __init__(self, work):
        self.port = free_port()
        self.log = open(os.path.join(work, "radicale.log"), "w")
        # -C "": no configuration file but these options; auth "none" takes any password, and
        # the default rights let alice write under /alice/.
        self.proc = subprocess.Popen(
            ["radicale", "-C", "", "--server-hosts", f"127.0.0.1:{self.port}",
             "--auth-type", "none", "--storage-filesystem-folder", os.path.join(work, "storage"),
             "--logging-level", "warning"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    fail(f"radicale did not listen on {self.port}")
                time.sleep(0.1)  # polling a port that is not open yet: nothing to wait on

    def request(self, method, path, body=None, expect=(200, 201, 204)):
        import base64
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        auth = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        headers = {"Authorization": "Basic " + auth, "Content-Type": "text/calendar"}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        conn.close()
        if response.status not in expect:
            fail(f"{method} {path}: HTTP {response.status}")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        self.log.close()


VDIRSYNCER_CONFIG = """[general]
status_path = "{work}/vdirsyncer-status/"

[pair cal]
a = "cal_local"
b = "cal_remote"
collections = null
conflict_resolution = "b wins"

[storage cal_local]
type = "filesystem"
path = "{vdir}/"
fileext = ".ics"

[storage cal_remote]
type = "caldav"
url = "http://127.0.0.1:{port}/{user}/work/"
username = "{user}"
password = "{password}"
"""


def test(binary):
    for program in ("radicale", "vdirsyncer"):
        if shutil.which(program) is None:
            print(f"skipped: no {program} (apt install radicale vdirsyncer)")
            sys.exit(77)
    d = Daemon(binary)
    server = None
    try:
        vdir = os.path.join(d.dir, "calendars", "work")
        os.makedirs(vdir)
        server = Radicale(d.dir)
        server.request("MKCALENDAR", f"/{USER}/work/")
        config = os.path.join(d.dir, "vdirsyncer.conf")
        with open(config, "w") as f:
            f.write(VDIRSYNCER_CONFIG.format(work=d.dir, vdir=vdir, port=server.port, user=USER,
                                             password=PASSWORD))
        env = dict(os.environ, HOME=d.dir)

        def vdirsyncer(*args):
            run = subprocess.run(["vdirsyncer", "-c", config, *args], input="y\n" * 4,
                                 capture_output=True, text=True, env=env, timeout=60)
            if run.returncode != 0:
                fail(f"vdirsyncer {' '.join(args)}: {run.stdout}{run.stderr}")

        vdirsyncer("discover")
        d.write(schedule(event("idle", time.time() + 86400)) +
                '\n[[calendar]]\nname = "work"\npath = "~/calendars/work"\n')
        d.start()
        d.wait_ready()

        def sync():
            """vdirsyncer sync, then wait for agendad's reload of what it wrote."""
            loads = d.count(r"loaded ")
            vdirsyncer("sync")
            d.wait_for(lambda: d.count(r"loaded ") > loads, 20, "a reload after vdirsyncer sync")

        def on_time(eid, due, since):
            got = d.wait_for(lambda: [r for r in d.reminders(since) if r[2] == eid],
                             due - time.time() + 5, f"the reminder of {eid}")
            wall = got[0][0]
            if wall < due - 0.01:
                fail(f"{eid} came {due - wall:.3f}s early")

        # 1. An event PUT into Radicale is reminded at its start (remind = ["0m"]).
        since = len(d.lines)
        due = next_whole_second(10)
        server.request("PUT", f"/{USER}/work/once.ics", vcalendar(vevent("once", "Once", due)))
        sync()
        if not os.path.exists(os.path.join(vdir, "once.ics")):
            fail(f"vdirsyncer did not bring once.ics: {os.listdir(vdir)}")
        on_time("work/once", due, since)

        # 2. A daily series from tomorrow; then the server moves its second occurrence to now.
        first = next_whole_second(86400)
        series = vevent("series", "Series", first, "RRULE:FREQ=DAILY;COUNT=3\r\n")
        server.request("PUT", f"/{USER}/work/series.ics", vcalendar(series))
        sync()
        since = len(d.lines)
        moved_due = next_whole_second(10)
        moved = vevent("series", "Series, moved", moved_due,
                       f"RECURRENCE-ID:{stamp(first + 86400)}\r\n")
        server.request("PUT", f"/{USER}/work/series.ics", vcalendar(series, moved))
        sync()
        on_time(f"work/series/{stamp(first + 86400)}", moved_due, since)

        # 3. An event deleted on the server before it is due: no reminder. A later event is the
        # sentinel that shows the daemon got that far.
        doomed_due = next_whole_second(12)
        server.request("PUT", f"/{USER}/work/doomed.ics",
                       vcalendar(vevent("doomed", "Doomed", doomed_due)))
        sync()
        server.request("DELETE", f"/{USER}/work/doomed.ics")
        sync()
        if os.path.exists(os.path.join(vdir, "doomed.ics")):
            fail("vdirsyncer kept doomed.ics after its deletion on the server")
        since = len(d.lines)
        sentinel_due = max(next_whole_second(8), doomed_due + 1)
        server.request("PUT", f"/{USER}/work/sentinel.ics",
                       vcalendar(vevent("sentinel", "Sentinel", sentinel_due)))
        sync()
        on_time("work/sentinel", sentinel_due, since)
        if [r for r in d.reminders() if r[2] == "work/doomed"]:
            fail("the event deleted on the server still reminded")

        # The way back (agendactl export --vdir, vdirsyncer sync, a CalDAV query of Radicale) is
        # tested in tests/ctl/agendactl_files_test.py, class Radicale.

        if d.stop() != 0:
            fail("exit code")
    finally:
        if server:
            server.stop()
        d.cleanup()


if __name__ == "__main__":
    run(test)
