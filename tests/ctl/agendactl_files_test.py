#!/usr/bin/env python3
"""agendactl's commands that write files (export, import, add, edit), run as a user would; the
exported iCalendar is read back with python3-icalendar, a reader nobody here wrote. Run by
Debian's own python3, where apt installs that module; without it the test is skipped (77)."""
import http.client
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
import unittest

try:
    import icalendar
except ImportError:
    print("python3-icalendar is not installed; skipped")
    sys.exit(77)

AGENDACTL = sys.argv[1] if len(sys.argv) > 1 else "build/daemon/app/agendactl"
SOURCE = sys.argv[2] if len(sys.argv) > 2 else "."
EXAMPLE = os.path.join(SOURCE, "config", "agenda.example.toml")
# Friday 2026-11-27, 15:00 in Brussels.
NOW = "2026-11-27T14:00:00Z"


def run(*args, env=None, tz="Europe/Brussels", stdin=None):
    environment = {"PATH": os.environ.get("PATH", "/usr/bin"), "TZ": tz, "HOME": "/nonexistent",
                   "AGENDACTL_NOW": NOW}
    environment.update(env or {})
    return subprocess.run([AGENDACTL, *args], capture_output=True, text=True, env=environment,
                          input=stdin if stdin is not None else "", timeout=30)


class Folder(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.dir = self.folder.name

    def tearDown(self):
        self.folder.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text, mode="w"):
        with open(self.path(name), mode) as handle:
            handle.write(text)
        return self.path(name)

    def read(self, name):
        with open(self.path(name), newline="") as handle:
            return handle.read()


MINE = ("# My agenda. Comments, odd   spacing and key order are mine.\n"
        "[settings]\nremind = [\"15m\"]   # short\n\n"
        "[[event]]\ntitle = \"Standup\"\nstart = 2026-11-30T09:30:00\n"
        "repeat = \"FREQ=WEEKLY;BYDAY=MO\"  # every Monday")


class Add(Folder):
    def test_an_event_is_appended_and_the_rest_kept_byte_for_byte(self):
        schedule = self.write("agenda.toml", MINE)
        os.chmod(schedule, 0o640)
        result = run("add", "Dentist", "tomorrow", "15:00", "--remind", "1d,1h", "--duration",
                     "1h", "-f", schedule)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, 'added dentist-20261128t1500: "Dentist" on Sat '
                                        "2026-11-28 15:00 (Europe/Brussels)\n")
        self.assertEqual(self.read("agenda.toml"),
                         MINE + "\n\n[[event]]\nid = \"dentist-20261128t1500\"\n"
                         "title = \"Dentist\"\nstart = 2026-11-28T15:00:00\n"
                         "duration = \"1h\"\nremind = [\"1d\", \"1h\"]\n")
        self.assertEqual(stat.S_IMODE(os.stat(schedule).st_mode), 0o640)
        self.assertEqual(os.listdir(self.dir), ["agenda.toml"])  # no temporary file left
        upcoming = run("upcoming", "-f", schedule, "--json", "--from", "2026-11-27", "--days",
                       "3")
        fires = [json.loads(line)["fire_at"] for line in upcoming.stdout.splitlines()
                 if json.loads(line)["id"] == "dentist-20261128t1500"]
        self.assertEqual(fires, ["2026-11-27T14:00:00Z", "2026-11-28T13:00:00Z"])

    def test_words_resolve_on_the_schedules_own_zone(self):
        schedule = self.write("agenda.toml", '[settings]\ntimezone = "Asia/Tokyo"\n')
        # 14:00Z is 23:00 in Tokyo, so "in 2h" is 01:00 on the 28th there, "friday" a week on.
        self.assertEqual(run("add", "Call", "in", "2h", "-f", schedule).stdout,
                         'added call-20261128t0100: "Call" on Sat 2026-11-28 01:00 (Asia/Tokyo)\n')
        self.assertEqual(run("add", "Review", "friday", "9:00", "-f", schedule).stdout,
                         'added review-20261204t0900: "Review" on Fri 2026-12-04 09:00 '
                         "(Asia/Tokyo)\n")
        self.assertEqual(run("add", "Call", "in", "2h", "-f", schedule).stdout,
                         'added call-20261128t0100-2: "Call" on Sat 2026-11-28 01:00 '
                         "(Asia/Tokyo)\n")
        self.assertEqual(run("check", "-f", schedule).returncode, 0)

    def test_a_missing_schedule_is_created(self):
        schedule = self.path("new/agenda.toml")
        result = run("add", "Holiday", "2026-12-24", "-f", schedule)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, 'added holiday-20261224: "Holiday" on Thu 2026-12-24 '
                                        "(all day)\n")
        self.assertEqual(self.read("new/agenda.toml"),
                         '[[event]]\nid = "holiday-20261224"\ntitle = "Holiday"\n'
                         "start = 2026-12-24\n")

    def test_what_would_not_read_is_not_written(self):
        schedule = self.write("agenda.toml", MINE)
        result = run("add", "Weekly", "monday 10:00", "--repeat", "FREQ=WEEKLY;BYDAY=XX", "-f",
                     schedule)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"{schedule}:14:10: error: event[2].repeat:", result.stderr)
        self.assertIn(f"agendactl: nothing was written to {schedule}", result.stderr)
        self.assertEqual(self.read("agenda.toml"), MINE)

    def test_bad_words_are_a_usage_error(self):
        schedule = self.write("agenda.toml", MINE)
        result = run("add", "Dentist", "someday", "-f", schedule)
        self.assertEqual(result.returncode, 2)
        self.assertIn('"someday" is not a time agendactl add knows', result.stderr)
        self.assertEqual(run("add", "Dentist", "tomorrow", "--timezone", "Mars/Base", "-f",
                             schedule).returncode, 2)
        self.assertEqual(self.read("agenda.toml"), MINE)

    def test_a_schedule_with_errors_is_not_added_to(self):
        schedule = self.write("agenda.toml", MINE + "\nremnd = 1\n")
        result = run("add", "Dentist", "tomorrow", "-f", schedule)
        self.assertEqual(result.returncode, 1)
        self.assertIn("has errors; fix them first", result.stderr)
        self.assertEqual(self.read("agenda.toml"), MINE + "\nremnd = 1\n")


def vevents(ics_text):
    calendar = icalendar.Calendar.from_ical(ics_text)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


class Export(Folder):
    def test_the_example_is_valid_icalendar_for_python_icalendar(self):
        result = run("export", "-f", EXAMPLE, "-o", self.path("example.ics"))
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(self.path("example.ics"), "rb") as handle:
            data = handle.read()
        self.assertTrue(all(line.endswith(b"\r") for line in data.split(b"\n")[:-1]))
        self.assertEqual(run("export", "-f", EXAMPLE).stdout, data.decode().replace("\r\n", "\n"))
        events = vevents(data)
        self.assertEqual(sorted(events), [
            "agendad-nato-russia-council", "agendad-nato-ukraine-commission", "agendad-osce-pc",
            "agendad-team-sync", "agendad-us-russia-geneva"])
        geneva = events["agendad-us-russia-geneva"]
        start = geneva.decoded("DTSTART")
        self.assertEqual(start.isoformat(), "2022-01-10T09:00:00+01:00")
        self.assertIn("Zurich", str(start.tzinfo))
        self.assertEqual(str(geneva["SUMMARY"]), "US–Russia Strategic Stability Dialogue")
        self.assertEqual(str(geneva["LOCATION"]), "US Mission, Geneva")
        self.assertEqual([str(a["TRIGGER"].to_ical(), "ascii") for a in geneva.walk("VALARM")],
                         ["-P1D", "-PT1H", "-PT15M"])
        sync = events["agendad-team-sync"]
        self.assertEqual(sync["RRULE"]["FREQ"], ["WEEKLY"])
        self.assertEqual(sync["RRULE"]["BYDAY"], ["MO", "TH"])
        exdates = sync["EXDATE"] if isinstance(sync["EXDATE"], list) else [sync["EXDATE"]]
        self.assertEqual([d.dts[0].dt.isoformat() for d in exdates],
                         ["2022-01-13T09:30:00+01:00"])
        self.assertEqual([str(a["TRIGGER"].to_ical(), "ascii") for a in sync.walk("VALARM")],
                         ["-PT15M"])
        self.assertEqual(int(events["agendad-nato-ukraine-commission"]["PRIORITY"]), 1)

    def test_a_vdir_gets_one_file_per_event_and_loses_only_what_export_wrote(self):
        schedule = self.write("agenda.toml", MINE)
        vdir = self.path("calendar")
        os.makedirs(vdir)
        self.write("calendar/someone-else.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                   "BEGIN:VEVENT\r\nUID:abc@example.org\r\nDTSTART:20261201T100000Z\r\n"
                   "END:VEVENT\r\nEND:VCALENDAR\r\n")
        self.assertEqual(run("add", "Dentist", "tomorrow 15:00", "-f", schedule).returncode, 0)
        result = run("export", "-f", schedule, "--vdir", vdir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, f"2 events in {vdir}: 2 written, 0 removed\n")
        dentist = os.path.join(vdir, "agendad-dentist-20261128t1500.ics")
        standup = [n for n in os.listdir(vdir) if n.startswith("agendad-standup")]
        self.assertEqual(len(standup), 1)
        with open(dentist) as handle:
            self.assertEqual(list(vevents(handle.read())), ["agendad-dentist-20261128t1500"])

        # Again, a minute later: nothing changed, nothing is rewritten (no needless upload).
        before = os.stat(dentist).st_mtime_ns
        again = run("export", "-f", schedule, "--vdir", vdir, env={"AGENDACTL_NOW":
                                                                    "2026-11-27T14:01:00Z"})
        self.assertEqual(again.stdout, f"2 events in {vdir}: 0 written, 0 removed\n")
        self.assertEqual(os.stat(dentist).st_mtime_ns, before)

        # The dentist goes from the schedule: its file goes, someone else's stays.
        self.write("agenda.toml", MINE)
        gone = run("export", "-f", schedule, "--vdir", vdir)
        self.assertEqual(gone.stdout, f"1 event in {vdir}: 0 written, 1 removed\n")
        self.assertEqual(sorted(os.listdir(vdir)), sorted(standup + ["someone-else.ics"]))

    def test_a_schedule_with_errors_exports_nothing(self):
        schedule = self.write("agenda.toml", "[[event]]\ntitle = 1\n")
        result = run("export", "-f", schedule, "-o", self.path("out.ics"))
        self.assertEqual(result.returncode, 1)
        self.assertFalse(os.path.exists(self.path("out.ics")))


class ExportReadBack(Folder):
    SCHEDULE = ("[settings]\ntimezone = \"Europe/Brussels\"\nremind = [\"15m\"]\n\n"
                "[[event]]\nid = \"sync\"\ntitle = \"Sync\"\nstart = 2026-11-30T09:30:00\n"
                "duration = \"30m\"\nrepeat = \"FREQ=WEEKLY;BYDAY=MO,TH\"\n"
                "except = [2026-12-03T09:30:00]\n\n"
                "[[event]]\nid = \"tokyo\"\ntitle = \"Tokyo call\"\nstart = 2026-12-01T18:00:00\n"
                "timezone = \"Asia/Tokyo\"\nduration = \"1h\"\nremind = [\"1d\", \"10m\"]\n\n"
                "[[event]]\nid = \"holiday\"\ntitle = \"Holiday\"\nstart = 2026-12-04\n"
                "remind = [\"0m\", \"1d\"]\n\n"
                "[[event]]\nid = \"quiet\"\ntitle = \"Quiet\"\nstart = 2026-12-02T12:00:00\n"
                "remind = []\n")

    def test_khal_reads_the_exported_vdir(self):
        if not os.path.exists("/usr/bin/khal"):
            self.skipTest("khal is not installed")
        schedule = self.write("agenda.toml", self.SCHEDULE)
        vdir = self.path("vdir")
        self.assertEqual(run("export", "-f", schedule, "--vdir", vdir).returncode, 0)
        config = self.write("khal.conf", f"[calendars]\n[[agenda]]\npath = {vdir}\n"
                            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
                            "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
                            "longdatetimeformat = %Y-%m-%d %H:%M\n"
                            "local_timezone = Europe/Brussels\n"
                            "default_timezone = Europe/Brussels\n[default]\n")
        result = subprocess.run(
            ["khal", "-c", config, "list", "--format", "{start} {end} {title}",
             "--day-format", "", "2026-11-30", "2026-12-06"],
            capture_output=True, text=True, timeout=60,
            env={"PATH": "/usr/bin", "TZ": "Europe/Brussels", "HOME": self.dir,
                 "XDG_DATA_HOME": self.path("data"), "XDG_CONFIG_HOME": self.path("config")})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([line for line in result.stdout.splitlines() if line], [
            "2026-11-30 09:30 2026-11-30 10:00 Sync",
            "2026-12-01 10:00 2026-12-01 11:00 Tokyo call",  # 18:00 in Tokyo
            "2026-12-02 12:00 2026-12-02 12:00 Quiet",
            "2026-12-04 2026-12-04 Holiday",
        ])

    def test_agendad_reads_the_export_as_a_calendar_with_the_same_reminders(self):
        schedule = self.write("agenda.toml", self.SCHEDULE)
        vdir = self.path("vdir")
        self.assertEqual(run("export", "-f", schedule, "--vdir", vdir).returncode, 0)
        follower = self.write("follow.toml", "[settings]\ntimezone = \"Europe/Brussels\"\n"
                              f"[[calendar]]\nname = \"mine\"\npath = \"{vdir}\"\n"
                              "remind = []\n")

        def plan(path):
            out = run("upcoming", "-f", path, "--json", "--from", "2026-11-27", "--days", "60")
            self.assertEqual(out.returncode, 0, out.stderr)
            return sorted((r["title"], r["start"], r["fire_at"])
                          for r in map(json.loads, out.stdout.splitlines()))

        before = plan(schedule)
        self.assertEqual(len(before), 20)  # 16 of Sync, 2 each of the call and the holiday
        self.assertEqual(plan(follower), before)


class ExportZones(Folder):
    """Every zone an export names has its VTIMEZONE (RFC 5545): a reader that knows no IANA
    name reads the same instants from it. The TZIDs are renamed to names no database holds, so
    that python3-icalendar and agendad's own reader have only the VTIMEZONEs to go by."""
    EVENTS = [  # id, local start, zone
        ("winter", "2027-01-15T09:00:00", "Europe/Berlin"),
        ("spring", "2027-03-28T03:30:00", "Europe/Berlin"),
        ("autumn", "2027-10-31T03:30:00", "Europe/Berlin"),
        ("ny-spring", "2027-03-14T03:30:00", "America/New_York"),
        ("ny-autumn", "2027-11-08T09:00:00", "America/New_York"),
        ("kolkata", "2027-06-01T09:00:00", "Asia/Kolkata"),
        ("utc", "2027-02-01T12:00:00", "UTC"),
    ]
    RENAMED = {"Europe/Berlin": "Agendad Test Berlin",
               "America/New_York": "Agendad Test New York",
               "Asia/Kolkata": "Agendad Test Kolkata"}

    def schedule(self):
        text = "[settings]\ntimezone = \"Europe/Berlin\"\nremind = [\"15m\"]\n\n"
        for name, start, zone in self.EVENTS:
            text += (f"[[event]]\nid = \"{name}\"\ntitle = \"{name}\"\nstart = {start}\n"
                     f"timezone = \"{zone}\"\nduration = \"1h\"\n\n")
        # A weekly series across both changes of 2027, one summer occurrence excepted.
        text += ("[[event]]\nid = \"weekly\"\ntitle = \"weekly\"\nstart = 2027-03-01T09:00:00\n"
                 "timezone = \"Europe/Berlin\"\nrepeat = \"FREQ=WEEKLY;COUNT=40\"\n"
                 "except = [2027-07-05T09:00:00]\n")
        return self.write("agenda.toml", text)

    def export(self):
        result = run("export", "-f", self.schedule(), "-o", self.path("export.ics"))
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(self.path("export.ics"), newline="") as handle:
            ics = handle.read()
        renamed = ics
        for name, other in self.RENAMED.items():
            renamed = renamed.replace(name, other)
        self.assertNotIn("Europe/", renamed)
        return ics, renamed

    def test_python_icalendar_reads_the_same_instants_from_the_vtimezones(self):
        from datetime import datetime, timezone
        from zoneinfo import ZoneInfo
        ics, renamed = self.export()
        for name in self.RENAMED:
            self.assertEqual(ics.count(f"BEGIN:VTIMEZONE\r\nTZID:{name}\r\n"), 1)
        self.assertEqual(ics.count("BEGIN:VTIMEZONE"), 3)  # none for UTC
        kolkata = ics[ics.index("TZID:Asia/Kolkata"):]
        self.assertNotIn("DAYLIGHT", kolkata[:kolkata.index("END:VTIMEZONE")])

        def instants(text):
            out = {}
            for uid, event in vevents(text.encode()).items():
                start = event.decoded("DTSTART")
                self.assertIsNotNone(start.tzinfo, uid)  # a zone was found for the TZID
                out[uid] = start.astimezone(timezone.utc)
                if "EXDATE" in event:
                    out[uid + " except"] = [d.dt.astimezone(timezone.utc)
                                            for d in event["EXDATE"].dts]
            return out

        expected = {f"agendad-{name}": datetime.fromisoformat(start).replace(
            tzinfo=ZoneInfo(zone)).astimezone(timezone.utc) for name, start, zone in self.EVENTS}
        berlin = ZoneInfo("Europe/Berlin")
        expected["agendad-weekly"] = datetime(2027, 3, 1, 9, tzinfo=berlin).astimezone(timezone.utc)
        expected["agendad-weekly except"] = [
            datetime(2027, 7, 5, 9, tzinfo=berlin).astimezone(timezone.utc)]
        self.assertEqual(instants(ics), expected)
        self.assertEqual(instants(renamed), expected)

    def test_agendad_plans_the_same_reminders_from_the_vtimezones_alone(self):
        ics, renamed = self.export()
        self.write("renamed.ics", renamed)
        follower = self.write("follow.toml", "[settings]\ntimezone = \"Europe/Berlin\"\n"
                              f"[[calendar]]\nname = \"mine\"\npath = \"{self.path('renamed.ics')}\"\n"
                              "remind = []\n")

        def plan(path):
            out = run("upcoming", "-f", path, "--json", "--from", "2027-01-01", "--days", "370")
            self.assertEqual(out.returncode, 0, out.stderr)
            return sorted((r["title"], r["start"], r["fire_at"])
                          for r in map(json.loads, out.stdout.splitlines()))

        before = plan(self.schedule())
        self.assertEqual(len(before), 7 + 39)
        self.assertEqual(plan(follower), before)
        check = run("check", "-f", follower)
        self.assertNotIn("warning", check.stdout + check.stderr)


class Radicale(Folder):
    """export --vdir, then vdirsyncer puts the schedule into a CalDAV server (Radicale, started
    here on 127.0.0.1 with a temporary storage), read back with a CalDAV query."""

    def setUp(self):
        super().setUp()
        if not (shutil.which("radicale") and shutil.which("vdirsyncer")):
            self.skipTest("radicale or vdirsyncer is not installed")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = self.write("radicale.conf", f"[server]\nhosts = 127.0.0.1:{self.port}\n"
                            "[auth]\ntype = none\n[rights]\ntype = owner_only\n"
                            f"[storage]\nfilesystem_folder = {self.path('storage')}\n")
        self.server = subprocess.Popen(["radicale", "--config", config],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(self.server.wait)
        self.addCleanup(self.server.terminate)
        deadline = time.monotonic() + 30
        while self.request("OPTIONS", "/")[0] is None:
            self.assertLess(time.monotonic(), deadline, "radicale did not start")
            time.sleep(0.05)  # polling a condition with a deadline, not waiting for time

    def request(self, method, path, body=None, headers=None):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            connection.request(method, path, body=body, headers={
                "Authorization": "Basic YWxpY2U6eA==", **(headers or {})})  # alice:x
            response = connection.getresponse()
            return response.status, response.read().decode()
        except OSError:
            return None, ""

    def vdirsyncer(self, *args):
        result = subprocess.run(["vdirsyncer", "-c", self.path("vdirsyncer.conf"), *args],
                                capture_output=True, text=True, timeout=60,
                                stdin=subprocess.DEVNULL,
                                env={"PATH": os.environ.get("PATH", "/usr/bin"), "HOME": self.dir})
        self.assertEqual(result.returncode, 0, result.stderr)

    def sync(self):
        self.vdirsyncer("sync")

    def hrefs_between(self, start, end):
        query = ('<?xml version="1.0"?><c:calendar-query xmlns:d="DAV:" '
                 'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop>'
                 '<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">'
                 f'<c:time-range start="{start}" end="{end}"/></c:comp-filter></c:comp-filter>'
                 "</c:filter></c:calendar-query>")
        status, body = self.request("REPORT", "/alice/agenda/", query,
                                    {"Depth": "1", "Content-Type": "application/xml"})
        self.assertEqual(status, 207, body)
        return sorted(part.split("</")[0].rsplit("/", 1)[1]
                      for part in body.split("href>")[1::2])

    def test_an_exported_vdir_reaches_a_caldav_server_and_a_removed_event_leaves_it(self):
        self.assertEqual(self.request("MKCALENDAR", "/alice/agenda/")[0], 201)
        vdir = self.path("vdir")
        os.makedirs(vdir)
        os.makedirs(self.path("status"))
        self.write("vdirsyncer.conf",
                   f'[general]\nstatus_path = "{self.path("status")}"\n'
                   '[pair agenda]\na = "local"\nb = "server"\ncollections = null\n'
                   f'[storage local]\ntype = "filesystem"\npath = "{vdir}"\nfileext = ".ics"\n'
                   '[storage server]\ntype = "caldav"\n'
                   f'url = "http://127.0.0.1:{self.port}/alice/agenda/"\n'
                   'username = "alice"\npassword = "x"\n')
        self.vdirsyncer("discover", "agenda")
        schedule = self.write("agenda.toml", MINE)
        self.assertEqual(run("add", "Dentist", "tomorrow 15:00", "-f", schedule).returncode, 0)
        self.assertEqual(run("export", "-f", schedule, "--vdir", vdir).returncode, 0)
        self.sync()
        # Monday 30 November, 09:30 in Brussels: the weekly standup; Saturday: the dentist.
        self.assertEqual(self.hrefs_between("20261130T080000Z", "20261130T090000Z"),
                         ["agendad-standup-20261130t0930.ics"])
        self.assertEqual(self.hrefs_between("20261128T000000Z", "20261129T000000Z"),
                         ["agendad-dentist-20261128t1500.ics"])
        status, body = self.request("GET", "/alice/agenda/agendad-dentist-20261128t1500.ics")
        self.assertEqual(status, 200)
        self.assertIn("TRIGGER:-PT15M", body)

        self.write("agenda.toml", MINE)  # the dentist is done
        self.assertEqual(run("export", "-f", schedule, "--vdir", vdir).stdout,
                         f"1 event in {vdir}: 0 written, 1 removed\n")
        self.sync()
        self.assertEqual(self.request("GET", "/alice/agenda/agendad-dentist-20261128t1500.ics")[0],
                         404)
        self.assertEqual(self.hrefs_between("20261130T080000Z", "20261130T090000Z"),
                         ["agendad-standup-20261130t0930.ics"])


class Import(Folder):
    ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
           "BEGIN:VEVENT\r\nUID:review@example.org\r\nDTSTART;TZID=America/New_York:"
           "20261203T100000\r\nDURATION:PT1H\r\nSUMMARY:Design review\r\n"
           "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT10M\r\nEND:VALARM\r\n"
           "END:VEVENT\r\nEND:VCALENDAR\r\n")
    TABLE = ('[[event]]\nid = "review@example.org"\ntitle = "Design review"\n'
             'start = 2026-12-03T10:00:00\nduration = "1h"\ntimezone = "America/New_York"\n'
             'remind = ["10m"]\n')

    def test_the_events_are_printed_as_tables(self):
        ics = self.write("in.ics", self.ICS)
        result = run("import", ics, "-f", self.path("none.toml"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, self.TABLE)
        self.assertFalse(os.path.exists(self.path("none.toml")))

    def test_append_adds_them_after_the_existing_text(self):
        schedule = self.write("agenda.toml", MINE)
        ics = self.write("in.ics", self.ICS)
        result = run("import", "--append", ics, "-f", schedule)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, f"added 1 event to {schedule}\n")
        self.assertEqual(self.read("agenda.toml"), MINE + "\n\n" + self.TABLE)
        # Twice is refused: the ids are taken, and the file stays as it was.
        twice = run("import", "--append", ics, "-f", schedule)
        self.assertEqual(twice.returncode, 1)
        self.assertIn('its id "review@example.org" is already used', twice.stderr)
        self.assertEqual(self.read("agenda.toml"), MINE + "\n\n" + self.TABLE)

    def test_an_unreadable_file_says_so(self):
        result = run("import", self.path("missing.ics"), "-f", self.path("none.toml"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("cannot read", result.stderr)


class RoundTrip(Folder):
    def test_export_then_import_append_plans_the_same_reminders(self):
        original = self.write("agenda.toml", MINE + "\n\n[[event]]\ntitle = \"Holiday\"\n"
                              "start = 2026-12-24\nremind = [\"1d\", \"0m\"]\n"
                              "\n[[event]]\ntitle = \"Quiet\"\nstart = 2026-12-02T10:00:00\n"
                              "remind = []\ntimezone = \"Asia/Tokyo\"\n"
                              "urgency = \"critical\"\n")
        ics = self.path("export.ics")
        self.assertEqual(run("export", "-f", original, "-o", ics).returncode, 0)
        copy = self.write("copy.toml", "[settings]\nremind = [\"15m\"]\n")
        result = run("import", "--append", ics, "-f", copy)
        self.assertEqual(result.returncode, 0, result.stderr)

        def plan(path):
            out = run("upcoming", "-f", path, "--json", "--from", "2026-11-27", "--days", "365")
            self.assertEqual(out.returncode, 0, out.stderr)
            return [json.loads(line) for line in out.stdout.splitlines()]

        before = plan(original)
        self.assertGreater(len(before), 50)
        self.assertEqual(plan(copy), before)


class Edit(Folder):
    def editor(self, *texts):
        """A shell script that writes the next of `texts` into the file it is given."""
        for n, text in enumerate(texts):
            self.write(f"text{n}", text)
        script = self.write("editor.sh",
                            "#!/bin/sh\nn=$(cat \"$0.count\" 2>/dev/null || echo 0)\n"
                            "echo $((n + 1)) > \"$0.count\"\n"
                            f"cp \"{self.dir}/text$n\" \"$1\"\n")
        os.chmod(script, 0o755)
        return script

    def test_a_file_with_errors_is_offered_again_and_saved_when_clean(self):
        schedule = self.write("agenda.toml", MINE)
        broken = MINE + "\n\n[[event]]\ntitle = \"x\"\nstart = \"tomorrow 12:00\"\n"
        fixed = MINE + "\n\n[[event]]\ntitle = \"x\"\nstart = 2026-11-28T12:00:00\n"
        result = run("edit", "-f", schedule, stdin="e\n",
                     env={"EDITOR": self.editor(broken, fixed), "TMPDIR": self.dir})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"{schedule}:12:9: error: event[2].start:", result.stderr)
        self.assertIn("(e)dit again, (d)iscard? ", result.stderr)
        self.assertIn(f"agendactl: saved {schedule}", result.stderr)
        self.assertEqual(self.read("agenda.toml"), fixed)

    def test_a_discarded_edit_leaves_the_file(self):
        schedule = self.write("agenda.toml", MINE)
        result = run("edit", "-f", schedule, stdin="d\n",
                     env={"VISUAL": self.editor(MINE + "\nremnd = 1\n"), "EDITOR": "false",
                          "TMPDIR": self.dir})
        self.assertEqual(result.returncode, 1)
        self.assertIn('unknown key "remnd" (did you mean "remind"?)', result.stderr)
        self.assertIn(f"discarded; {schedule} is unchanged", result.stderr)
        self.assertEqual(self.read("agenda.toml"), MINE)
        # The private copy is gone.
        self.assertEqual([n for n in os.listdir(self.dir) if n.startswith("agendactl-edit")], [])

    def test_a_failing_editor_saves_nothing(self):
        schedule = self.write("agenda.toml", MINE)
        result = run("edit", "-f", schedule, env={"EDITOR": "false"})
        self.assertEqual(result.returncode, 1)
        self.assertIn("the editor (false) failed", result.stderr)
        self.assertEqual(self.read("agenda.toml"), MINE)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
