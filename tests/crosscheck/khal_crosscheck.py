#!/usr/bin/python3
"""khal writes a vdir; agendactl plans it; an independent model must agree over a year.

Usage: khal_crosscheck.py AGENDACTL [--keep DIR]

khal (Debian `khal`, a program nobody here wrote) creates events with `khal new`: zoned ones
(Europe/Brussels and America/New_York, each with khal's own VTIMEZONE), weekly series with
`-r weekly -u …` across both DST changes, a daily series, an all-day event, and events with
`--alarms`. Then `agendactl upcoming --json` over 2022 on a schedule whose [[calendar]] is that
vdir must list exactly the reminders that tests/core/ical/ics_crosscheck.py's model computes from
python3-icalendar and python3-recurring-ical-events (settings Europe/Brussels, remind = ["15m"],
alarms = "own"). Exit 77 (skipped) without khal or the Python modules.
"""

import datetime as dt
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_PATH = os.path.join(HERE, "..", "core", "ical", "ics_crosscheck.py")

# (khal new arguments, what khal must have written for it)
EVENTS = [
    (["2022-01-03", "09:00", "09:30", "Weekly sync", "-r", "weekly", "-u", "2022-12-31"],
     ["RRULE:FREQ=WEEKLY", "TZID=Europe/Brussels"]),
    (["-r", "weekly", "-u", "2022-12-31", "--alarms", "10m,1h", "2022-01-05", "18:00", "19:00",
      "America/New_York", "NY weekly"],
     ["TZID=America/New_York", "TRIGGER:-PT10M", "TRIGGER:-PT1H"]),
    (["-r", "daily", "-u", "2022-03-31", "--alarms", "5m", "2022-03-20", "08:00", "1h",
      "Daily across the spring change"],
     ["RRULE:FREQ=DAILY", "TRIGGER:-PT5M"]),
    (["2022-05-05", "Holiday"], ["DTSTART;VALUE=DATE:20220505"]),
    (["--alarms", "1d", "2022-10-30", "02:30", "03:30", "In the repeated hour"],
     ["TRIGGER:-P1D"]),
    (["-l", "Room 4", "2022-06-15", "14:00", "15:00", "Asia/Tokyo", "Tokyo review"],
     ["TZID=Asia/Tokyo", "LOCATION:Room 4"]),
]

KHAL_CONFIG = """[calendars]
[[work]]
path = {vdir}
type = calendar

[locale]
local_timezone = Europe/Brussels
default_timezone = Europe/Brussels
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M

[default]
default_calendar = work
"""


def skip(why):
    print(f"khal_crosscheck: skipped, {why}")
    sys.exit(77)


def load_model():
    try:
        import icalendar  # noqa: F401
        import recurring_ical_events  # noqa: F401
    except ImportError as error:
        skip(f"{error} (install python3-icalendar python3-recurring-ical-events)")
    spec = importlib.util.spec_from_file_location("ics_crosscheck", MODEL_PATH)
    model = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(model)
    return model


def khal_new(config, args):
    run = subprocess.run(["khal", "-c", config, "new", "-a", "work"] + args,
                         capture_output=True, text=True, env=dict(os.environ, TZ="UTC"))
    if run.returncode != 0:
        sys.exit(f"khal new {' '.join(args)} failed:\n{run.stdout}{run.stderr}")


def planned(agendactl, schedule):
    run = subprocess.run([agendactl, "upcoming", "-f", schedule, "--from",
                          "2022-01-01T00:00:00Z", "--until", "2023-01-01T00:00:00Z", "--json"],
                         capture_output=True, text=True, env=dict(os.environ, TZ="UTC"))
    if run.returncode != 0:
        sys.exit(f"agendactl upcoming failed ({run.returncode}):\n{run.stdout}{run.stderr}")
    out = set()
    for line in run.stdout.splitlines():
        r = json.loads(line)
        assert r.get("calendar") == "khal", line
        fire = dt.datetime.fromisoformat(r["fire_at"].replace("Z", "+00:00"))
        start = dt.datetime.fromisoformat(r["start"].replace("Z", "+00:00"))
        out.add((fire.astimezone(dt.timezone.utc), start.astimezone(dt.timezone.utc),
                 r["title"]))
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    agendactl = sys.argv[1]
    keep = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--keep" else None
    if shutil.which("khal") is None:
        skip("no khal (apt install khal)")
    model = load_model()
    work = keep or tempfile.mkdtemp(prefix="agendad-khal-")
    try:
        vdir = os.path.join(work, "calendar")
        os.makedirs(vdir, exist_ok=True)
        config = os.path.join(work, "khal.conf")
        with open(config, "w") as f:
            f.write(KHAL_CONFIG.format(vdir=vdir))
        for args, written in EVENTS:
            before = set(os.listdir(vdir))
            khal_new(config, args)
            new = set(os.listdir(vdir)) - before
            if len(new) != 1:
                sys.exit(f"khal new {' '.join(args)} wrote {len(new)} files, not 1")
            text = open(os.path.join(vdir, new.pop())).read()
            for expected in written:
                if expected not in text:
                    sys.exit(f"khal new {' '.join(args)} wrote no {expected}:\n{text}")
        schedule = os.path.join(work, "agenda.toml")
        with open(schedule, "w") as f:
            f.write('[settings]\ntimezone = "Europe/Brussels"\nremind = ["15m"]\n\n'
                    f'[[calendar]]\nname = "khal"\npath = "{vdir}"\n')

        want, got = model.expected(vdir), planned(agendactl, schedule)
        if not want:
            sys.exit("the model computes no reminders: the test checks nothing")
        if want == got:
            print(f"khal vdir: {len(got)} reminders over 2022 agree "
                  f"({len(EVENTS)} events written by khal)")
            return 0
        show = lambda r: f"{r[0]:%FT%TZ} for {r[1]:%FT%TZ} {r[2]}"
        for r in sorted(want - got):
            print(f"missing from agendactl: {show(r)}")
        for r in sorted(got - want):
            print(f"not in the model:       {show(r)}")
        return 1
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
