#!/usr/bin/env python3
"""agendactl check, upcoming and --version (and agendad --version), run as a user would: exit
codes, stdout, stderr."""
import json
import os
import subprocess
import sys
import tempfile
import unittest
import zlib

AGENDACTL = sys.argv[1] if len(sys.argv) > 1 else "build/daemon/app/agendactl"
SOURCE = sys.argv[2] if len(sys.argv) > 2 else "."
AGENDAD = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(AGENDACTL), "agendad")
EXAMPLE = os.path.join(SOURCE, "config", "agenda.example.toml")


def run(*args, env=None, tz="Europe/Brussels", program=None):
    environment = {"PATH": os.environ.get("PATH", "/usr/bin"), "TZ": tz, "HOME": "/nonexistent"}
    environment.update(env or {})
    return subprocess.run([program or AGENDACTL, *args], capture_output=True, text=True,
                          env=environment, timeout=30)


def write(text):
    handle = tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False)
    handle.write(text)
    handle.close()
    return handle.name


class Check(unittest.TestCase):
    def test_a_good_file_gets_a_one_line_summary(self):
        path = write('[[event]]\ntitle = "Later"\nstart = 2099-01-13T10:00:00\n')
        result = run("check", "-f", path)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        self.assertEqual(result.stdout, "ok: 1 event, 0 reminders in the next 30 days\n")

    def test_what_will_never_remind_is_warned_about_and_the_exit_stays_0(self):
        path = write('[[event]]\ntitle = "Dentist"\nstart = 2022-01-13T10:00:00\n\n'
                     '[[event]]\ntitle = "Team sync"\nstart = 2099-01-05T09:30:00\n'
                     'repeat = "FREQ=WEEKLY;BYDAY=MO"\nexcept = [2099-01-06T09:30:00]\n')
        result = run("check", "-f", path)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr.splitlines(), [
            f'{path}:1:1: warning: event[1] "Dentist": every reminder is in the past; '
            "it will never remind",
            f'{path}:9:11: warning: event[2] "Team sync": except 2099-01-06T09:30:00 matches no '
            "occurrence of its repeat rule; it skips nothing",
        ])
        self.assertEqual(result.stdout,
                         "ok (2 warnings): 2 events, 0 reminders in the next 30 days\n")

    def test_the_example_of_2022_is_all_in_the_past_now(self):
        result = run("check", "-f", EXAMPLE)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr.count(": warning: "), 5)
        self.assertRegex(result.stdout, r"^ok \(5 warnings\): 5 events, 0 reminders in the next "
                                        r"30 days\n$")

    def test_a_bad_file_lists_every_error_and_exits_1(self):
        path = write('[[event]]\ntitle = "x"\nstart = 2022-01-13T10:00:00\n'
                     'remind = ["1d", "90x"]\nremnd = 1\n')
        result = run("check", "-f", path)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, "")
        self.assertIn(f'{path}:4:17: error: event[1].remind[2]: "90x" is not a span', result.stderr)
        self.assertIn(f'{path}:5:1: error: event[1]: unknown key "remnd" (did you mean "remind"?)',
                      result.stderr)
        self.assertIn(f"2 errors in {path}", result.stderr)

    def test_a_missing_default_file_says_where_to_create_one(self):
        with tempfile.TemporaryDirectory() as config:
            result = run("check", env={"XDG_CONFIG_HOME": config})
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"there is no schedule at {config}/agendad/agenda.toml", result.stderr)
        self.assertIn("agenda.example.toml", result.stderr)

    def test_usage_errors_exit_2(self):
        self.assertEqual(run().returncode, 2)
        self.assertEqual(run("frobnicate").returncode, 2)
        self.assertEqual(run("check", "--bogus").returncode, 2)
        self.assertEqual(run("upcoming", "-f", EXAMPLE, "--from", "yesterday").returncode, 2)
        self.assertEqual(run("upcoming", "-f", EXAMPLE, "--from", "2022-02-30").returncode, 2)
        self.assertEqual(run("upcoming", "-f", EXAMPLE, "--from", "2022-01-1").returncode, 2)
        self.assertEqual(run("upcoming", "-f", EXAMPLE, "--until", "2022-01-01T00:00:00Z",
                             "--days", "3").returncode, 2)


class SnoozesAndDismissals(unittest.TestCase):
    """upcoming and check read agendad's state file for the default schedule: a snooze is listed
    at its end, a dismissed occurrence is not, and a snoozed event is not said to never
    remind. Pinned in 2099, far from now."""
    SCHEDULE = ('[[event]]\nid = "dentist"\ntitle = "Dentist"\nstart = 2099-01-13T10:00:00\n'
                'remind = ["1h"]\n\n'
                '[[event]]\nid = "standup"\ntitle = "Standup"\nstart = 2099-01-12T09:30:00\n'
                'repeat = "FREQ=DAILY;COUNT=3"\n\n'
                '[settings]\ntimezone = "UTC"\n')
    STATE = ("agendad-state 3\n"
             "horizon 2099-01-13T09:00:00Z\n"
             "delivered 2099-01-13T10:00:00Z 1h dentist\n"
             "snoozed 2099-01-13T10:00:00Z 2099-01-13T09:10:00Z dentist\n"
             "dismissed 2099-01-14T09:30:00Z standup\n")
    WINDOW = ("--from", "2099-01-12T00:00:00Z", "--days", "7")

    def setUp(self):
        self.home = tempfile.mkdtemp()
        self.env = {"XDG_CONFIG_HOME": os.path.join(self.home, "config"),
                    "XDG_STATE_HOME": os.path.join(self.home, "state")}
        self.schedule = os.path.join(self.home, "config", "agendad", "agenda.toml")
        self.state = os.path.join(self.home, "state", "agendad", "state")
        os.makedirs(os.path.dirname(self.schedule))
        os.makedirs(os.path.dirname(self.state))
        with open(self.schedule, "w") as handle:
            handle.write(self.SCHEDULE)
        with open(self.state, "w") as handle:
            handle.write(self.STATE)

    def upcoming(self, *args):
        result = run("upcoming", *self.WINDOW, "--json", *args, env=self.env, tz="UTC")
        self.assertEqual(result.returncode, 0, result.stderr)
        return result, [json.loads(line) for line in result.stdout.splitlines()]

    def test_a_snooze_is_listed_at_its_end_and_a_dismissed_occurrence_is_not(self):
        result, rows = self.upcoming()
        self.assertEqual(result.stderr, "")
        self.assertEqual([(r["fire_at"], r["id"], r["lead"], r.get("snoozed", False))
                          for r in rows], [
            ("2099-01-12T09:15:00Z", "standup", "15m", False),
            ("2099-01-13T09:00:00Z", "dentist", "1h", False),  # shown: snoozed to 09:10
            ("2099-01-13T09:10:00Z", "dentist", "snooze", True),
            ("2099-01-13T09:15:00Z", "standup", "15m", False),
            # 14 January's standup is dismissed
        ])
        self.assertEqual(rows[2], {"fire_at": "2099-01-13T09:10:00Z",
                                   "start": "2099-01-13T10:00:00+00:00", "title": "Dentist",
                                   "id": "dentist", "lead": "snooze", "all_day": False,
                                   "snoozed": True})

    def test_from_now_the_snoozed_reminder_is_listed_once_at_its_new_time(self):
        result = run("upcoming", "--from", "2099-01-13T09:05:00Z", "--until",
                     "2099-01-13T09:12:00Z", env=self.env, tz="UTC")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "Tue 2099-01-13 09:10 UTC  snoozed         Dentist · "
                                        "Tue 2099-01-13 10:00\n")

    def test_the_same_file_named_with_f_gets_the_state_another_file_does_not(self):
        _, rows = self.upcoming("-f", self.schedule)
        self.assertEqual(len(rows), 4)
        other = os.path.join(self.home, "other.toml")
        with open(other, "w") as handle:
            handle.write(self.SCHEDULE)
        _, rows = self.upcoming("-f", other)
        self.assertEqual([(r["fire_at"], r["id"]) for r in rows], [
            ("2099-01-12T09:15:00Z", "standup"), ("2099-01-13T09:00:00Z", "dentist"),
            ("2099-01-13T09:15:00Z", "standup"), ("2099-01-14T09:15:00Z", "standup")])

    def test_no_state_file_is_the_file_alone_and_a_bad_one_is_said_once(self):
        os.remove(self.state)
        result, rows = self.upcoming()
        self.assertEqual((result.stderr, len(rows)), ("", 4))
        with open(self.state, "w") as handle:
            handle.write("agendad-state 3\nsnoozed tomorrow\n")
        result, rows = self.upcoming()
        self.assertEqual(len(rows), 4)
        self.assertEqual(result.stderr, f"agendactl: {self.state}: line 2: bad snoozed entry; "
                                        "snoozes and dismissals not shown\n")

    def test_the_journal_beside_the_state_file_is_read_and_a_bad_one_said_once(self):
        # A firing's record (runtime/state_journal.hpp): the state file's lines, a sequence
        # number, a CRC-32 of the record line's start and the lines; zeros after it.
        def record(lines):
            head = f"record 1 {len(lines)}".encode()
            return head + f" {zlib.crc32(lines, zlib.crc32(head)):08x}\n".encode() + lines

        journal = os.path.join(os.path.dirname(self.state), "state.journal")
        with open(journal, "wb") as handle:
            handle.write(b"agendad-journal 1\n" + record(b"horizon 2099-01-13T09:15:00Z\n"
                         b"delivered 2099-01-13T09:30:00Z 15m standup\n") + bytes(4096))
        result, rows = self.upcoming()
        self.assertEqual((result.stderr, len(rows)), ("", 4))  # the snooze still listed
        self.assertTrue(any(r.get("snoozed") for r in rows))
        # Its records are read, CRC and all: a good CRC over a bad line is corruption.
        with open(journal, "wb") as handle:
            handle.write(b"agendad-journal 1\n" + record(b"delivered garbage\n") + bytes(64))
        result, rows = self.upcoming()
        self.assertEqual(result.stderr, f"agendactl: {journal}: record 1 (byte 18): bad delivered "
                                        "entry; snoozes and dismissals not shown\n")
        with open(journal, "wb") as handle:
            handle.write(b"not a journal\n")
        result, rows = self.upcoming()
        self.assertEqual(len(rows), 4)
        self.assertEqual(result.stderr, f"agendactl: {journal}: no \"agendad-journal 1\" first "
                                        "line; snoozes and dismissals not shown\n")

    def test_check_does_not_say_a_snoozed_event_never_reminds(self):
        # check runs at the real now: the same events in 2022 are all past, the dentist's
        # occurrence snoozed into 2099 (a snooze not yet delivered) still reminds.
        with open(self.schedule, "w") as handle:
            handle.write(self.SCHEDULE.replace("2099", "2022"))
        with open(self.state, "w") as handle:
            handle.write("agendad-state 3\n"
                         "snoozed 2022-01-13T10:00:00Z 2099-01-13T09:10:00Z dentist\n")
        result = run("check", env=self.env, tz="UTC")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr.splitlines(), [
            f'{self.schedule}:7:1: warning: event[2] "Standup": its repeat rule has ended, with '
            "no reminder left to come; it will never remind"])
        os.remove(self.state)
        result = run("check", env=self.env, tz="UTC")
        self.assertEqual(result.stderr.count(": warning: "), 2)


class Upcoming(unittest.TestCase):
    WEEK = ("--from", "2022-01-07T12:00:00Z", "--days", "7")

    def test_the_example_week_as_json(self):
        result = run("upcoming", "-f", EXAMPLE, *self.WEEK, "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        self.assertEqual([(r["fire_at"], r["id"], r["lead"]) for r in rows], [
            ("2022-01-09T08:00:00Z", "us-russia-geneva", "1d"),
            ("2022-01-10T07:00:00Z", "us-russia-geneva", "1h"),
            ("2022-01-10T07:45:00Z", "us-russia-geneva", "15m"),
            ("2022-01-10T08:15:00Z", "team-sync", "15m"),
            ("2022-01-10T09:00:00Z", "nato-ukraine-commission", "1d"),
            ("2022-01-11T08:00:00Z", "nato-ukraine-commission", "1h"),
            ("2022-01-11T08:45:00Z", "nato-ukraine-commission", "15m"),
            ("2022-01-11T09:00:00Z", "nato-russia-council", "1d"),
            ("2022-01-12T08:00:00Z", "nato-russia-council", "1h"),
            ("2022-01-12T08:45:00Z", "nato-russia-council", "15m"),
            ("2022-01-12T09:00:00Z", "osce-pc", "1d"),
            ("2022-01-13T08:00:00Z", "osce-pc", "1h"),
            ("2022-01-13T08:45:00Z", "osce-pc", "15m"),
        ])
        self.assertEqual(rows[0], {"fire_at": "2022-01-09T08:00:00Z",
                                   "start": "2022-01-10T09:00:00+01:00",
                                   "title": "US–Russia Strategic Stability Dialogue",
                                   "id": "us-russia-geneva", "lead": "1d", "all_day": False})

    def test_human_lines_are_in_the_users_zone_with_the_events_own_time(self):
        result = run("upcoming", "-f", EXAMPLE, *self.WEEK, tz="America/New_York")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(len(lines), 13)
        self.assertEqual(lines[0], "Sun 2022-01-09 03:00 EST  1d before       "
                                   "US–Russia Strategic Stability Dialogue · "
                                   "Mon 2022-01-10 03:00 (09:00 CET Europe/Zurich)")

    def test_a_date_is_its_midnight_on_the_users_clock(self):
        # Brussels midnight of 10 January is 2022-01-09T23:00:00Z.
        result = run("upcoming", "-f", EXAMPLE, "--from", "2022-01-10", "--until", "2022-01-11",
                     "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        self.assertEqual([(r["fire_at"], r["id"], r["lead"]) for r in rows], [
            ("2022-01-10T07:00:00Z", "us-russia-geneva", "1h"),
            ("2022-01-10T07:45:00Z", "us-russia-geneva", "15m"),
            ("2022-01-10T08:15:00Z", "team-sync", "15m"),
            ("2022-01-10T09:00:00Z", "nato-ukraine-commission", "1d"),
        ])
        # The same dates in Los Angeles: [2022-01-09T08:00:00Z, 2022-01-10T08:00:00Z).
        result = run("upcoming", "-f", EXAMPLE, "--from", "2022-01-09", "--until", "2022-01-10",
                     "--json", tz="America/Los_Angeles")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        self.assertEqual([(r["fire_at"], r["lead"]) for r in rows], [
            ("2022-01-09T08:00:00Z", "1d"), ("2022-01-10T07:00:00Z", "1h"),
            ("2022-01-10T07:45:00Z", "15m")])

    def test_until_bounds_the_window(self):
        result = run("upcoming", "-f", EXAMPLE, "--from", "2022-01-10T00:00:00+01:00",
                     "--until", "2022-01-10T09:00:00Z", "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(result.stdout.splitlines()), 3)


class Calendars(unittest.TestCase):
    """A [[calendar]] on the fixtures of tests/data/ics, its path under $HOME."""

    def setUp(self):
        self.home = tempfile.TemporaryDirectory()
        self.addCleanup(self.home.cleanup)
        os.symlink(os.path.abspath(os.path.join(SOURCE, "tests", "data", "ics")),
                   os.path.join(self.home.name, "ics"))
        self.path = os.path.join(self.home.name, "agenda.toml")
        with open(self.path, "w") as f:
            f.write('[settings]\ntimezone = "Europe/Brussels"\n\n'
                    '[[event]]\ntitle = "Lunch"\nstart = 2022-03-14T12:00:00\n\n'
                    '[[calendar]]\nname = "work"\npath = "~/ics/vdir"\n\n'
                    '[[calendar]]\nname = "mine"\npath = "ics/alarms.ics"\n')

    def run_here(self, *args):
        return run(*args, "-f", self.path, env={"HOME": self.home.name})

    def test_check_reports_each_calendar_and_its_file_problems_as_warnings(self):
        result = self.run_here("check")
        self.assertEqual(result.returncode, 0, result.stderr)
        vdir = os.path.join(self.home.name, "ics", "vdir")
        self.assertIn(f"{vdir}/broken.ics: warning: not an iCalendar file", result.stderr)
        self.assertIn(f'{vdir}/no-start.ics:4: warning: event "Lost in time" has no DTSTART',
                      result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[0], 'calendar "work": 4 events (1 skipped); '
                                   "1 file could not be read")
        self.assertRegex(lines[1], r'^calendar "mine": \d+ events \(\d+ with their own alarms')
        self.assertRegex(lines[2], r"^ok \(\d+ warnings\): \d+ events, 0 reminders in the next "
                                   r"30 days$")

    def test_upcoming_shows_the_calendar_by_name(self):
        window = ("--from", "2022-03-14T00:00:00Z", "--until", "2022-03-15T00:00:00Z")
        result = self.run_here("upcoming", *window, "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        self.assertEqual([(r["fire_at"], r["id"], r.get("calendar")) for r in rows], [
            ("2022-03-14T08:15:00Z", "work/team-sync@example.org", "work"),
            ("2022-03-14T10:45:00Z", "lunch-20220314t1200", None),
        ])
        result = self.run_here("upcoming", *window)
        self.assertEqual(result.stdout.splitlines(), [
            "Mon 2022-03-14 09:15 CET  15m before      [work] Team sync · Mon 2022-03-14 09:30",
            "Mon 2022-03-14 11:45 CET  15m before      Lunch · Mon 2022-03-14 12:00",
        ])

    def test_an_alarm_of_the_event_says_its_lead_in_words(self):
        result = self.run_here("upcoming", "--from", "2022-05-10T00:00:00Z", "--until",
                               "2022-05-11T00:00:00Z")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("30m before      [mine] Dentist", result.stdout)
        self.assertNotIn("-PT", result.stdout)


class Version(unittest.TestCase):
    def check_version(self, program, name):
        result = run("--version", program=program)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(len(lines), 2, result.stdout)
        self.assertRegex(lines[0], rf"^{name} \d+\.\d+\.\d+ \(git [0-9a-z.-]+\)$")
        self.assertNotIn("(git )", lines[0])
        self.assertEqual(lines[1], "binary: " + os.path.realpath(program))

    def test_agendactl_says_its_version_commit_and_path(self):
        self.check_version(AGENDACTL, "agendactl")

    def test_agendad_says_its_version_commit_and_path(self):
        self.check_version(AGENDAD, "agendad")


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
