#!/usr/bin/env python3
"""Generates the benchmark schedule twice: as an agendad agenda.toml and as a remind(1) file.

Usage: gen_schedule.py AGENDA_TOML REMIND_FILE [--events N] [--seed S]

The schedule (10,000 events by default, the same for the same seed and tzdata):
  - a tenth of the events repeat weekly through the whole of 2027
    (`repeat = "FREQ=WEEKLY;...;UNTIL=20271231T235959Z"`), 52 occurrences each;
  - the rest are single events spread over 2027;
  - each event has exactly one lead time (5m to 2h, varied), so one reminder per occurrence:
    9,000 + 1,000 x 52 = 61,000 reminders in 2027.
  - `--events 100000` makes bench/upcoming's large schedule (14.4 MB, 610,000 reminders): the
    most events a schedule may hold (core::limits::events), under its 16 MiB size limit.

How the two files are made to list the same reminders
-----------------------------------------------------
remind has no per-event time zones, so every instant is drawn in UTC and the remind file is
written in UTC (run remind with TZ=UTC). The agendad file's [settings] zone is UTC too, but many
events carry their own `timezone` and a start written on that zone's wall clock, equal to the
same UTC instant. Weekly events only use zones without DST in 2027 (their UTC time must stay
fixed for one weekly REM to describe them); single events also use DST zones, and a start that
would be ambiguous on its zone's clock (the fall-back hour) is drawn again.

An event becomes `REM <date> AT <hh:mm> +<lead minutes> MSG <title>` (weekly ones with
`*7 UNTIL 31 Dec 2027`). `remind -s12 FILE 2027-01-01` prints the simple calendar of Jan-Dec 2027:
one line per *occurrence*, on its date, showing the start time; the `+lead` (the advance warning
of a timed reminder) does not add lines in -s mode. Since every event has exactly one lead, the
occurrences remind lists are one-to-one with the reminders `agendactl upcoming --json` lists.

The window of `agendactl upcoming --from 2027-01-01T00:00:00Z --days 365` is about fire
instants, remind's about occurrence dates; they agree because every start lies between 06:00
and 20:00 UTC on a day from 2 Jan to 30 Dec 2027 and leads are at most 2h, so start and fire
instant fall on the same UTC day inside 2027. Weekly events never fall on a Friday (UTC):
2027 has 53 Fridays and 52 of every other weekday, which keeps the total at exactly 61,000.
"""

import argparse
import datetime as dt
import random
import sys
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc
YEAR = 2027
FIXED_ZONES = ["UTC", "Asia/Tokyo", "Asia/Kolkata", "America/Phoenix"]  # no DST in 2027
DST_ZONES = ["Europe/Brussels", "America/New_York", "Australia/Sydney"]
LEADS = [("5m", 5), ("10m", 10), ("15m", 15), ("30m", 30), ("1h", 60), ("2h", 120)]
DAY_NAMES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WORDS = ["Budget", "Design", "Review", "Standup", "Planning", "Retro", "Sync", "Interview",
         "Lunch", "Call", "Workshop", "Demo", "Audit", "Training", "Board", "Dentist"]


def utc_time_of_day(rng):
    """A start between 06:00 and 19:55 UTC on a 5-minute grid, as (hour, minute)."""
    minutes = 6 * 60 + 5 * rng.randrange((14 * 60) // 5)
    return divmod(minutes, 60)


def local_start(instant_utc, zone_name):
    """The wall-clock start in zone_name, or None when that wall clock is ambiguous."""
    zone = ZoneInfo(zone_name)
    local = instant_utc.astimezone(zone).replace(tzinfo=None)
    # agendad takes the earlier instant of an ambiguous local time, as RFC 5545 says; a draw
    # that lands on the later one would not round-trip, so it is refused.
    if local.replace(tzinfo=zone, fold=0).astimezone(UTC) != instant_utc:
        return None
    if local.replace(tzinfo=zone, fold=1).astimezone(UTC) != instant_utc:
        return None
    return local


def toml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_events(count, seed):
    rng = random.Random(seed)
    weekly_count = count // 10
    events = []
    first_day = dt.date(YEAR, 1, 1)
    for n in range(count):
        weekly = n < weekly_count
        lead_text, lead_minutes = rng.choice(LEADS)
        hour, minute = utc_time_of_day(rng)
        while True:
            if weekly:
                zone = rng.choice(FIXED_ZONES)
                weekday = rng.choice([0, 1, 2, 3, 5, 6])  # never Friday, see above
                day = first_day + dt.timedelta(days=(weekday - first_day.weekday()) % 7)
            else:
                zone = rng.choice(FIXED_ZONES + DST_ZONES)
                day = dt.date(YEAR, 1, 2) + dt.timedelta(days=rng.randrange(363))  # 2 Jan-30 Dec
            instant = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
            local = local_start(instant, zone)
            if local is not None:
                break
            hour, minute = utc_time_of_day(rng)
        events.append({
            "id": f"bench-{n:05d}",
            "title": f"{rng.choice(WORDS)} {rng.choice(WORDS).lower()} {n:05d}",
            "utc": instant,
            "zone": zone,
            "local": local,
            "lead_text": lead_text,
            "lead_minutes": lead_minutes,
            "weekly": weekly,
            "byday": weekly and rng.random() < 0.5,
            "duration": rng.choice(["30m", "1h", "1h30m", None]),
        })
    return events


def write_toml(path, events, seed):
    lines = [
        f"# agendad benchmark schedule: {len(events)} events, generated by bench/gen_schedule.py"
        f" (seed {seed}).",
        "# The same schedule is in the remind file written alongside it.",
        "",
        "[settings]",
        'timezone = "UTC"',
        'remind = ["15m"]',
        "",
    ]
    for e in events:
        lines.append("[[event]]")
        lines.append(f"id = {toml_string(e['id'])}")
        lines.append(f"title = {toml_string(e['title'])}")
        lines.append(f"start = {e['local'].strftime('%Y-%m-%dT%H:%M:%S')}")
        if e["zone"] != "UTC":
            lines.append(f"timezone = {toml_string(e['zone'])}")
        if e["duration"]:
            lines.append(f"duration = {toml_string(e['duration'])}")
        if e["lead_text"] != "15m" or e["weekly"]:  # 15m is also the [settings] default
            lines.append(f"remind = [{toml_string(e['lead_text'])}]")
        if e["weekly"]:
            rule = "FREQ=WEEKLY"
            if e["byday"]:
                rule += ";BYDAY=" + DAY_NAMES[e["local"].weekday()]
            rule += f";UNTIL={YEAR}1231T235959Z"
            lines.append(f"repeat = {toml_string(rule)}")
        lines.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def write_remind(path, events, seed):
    lines = [
        f"# remind(1) version of the agendad benchmark schedule ({len(events)} events, seed {seed}),",
        "# generated by bench/gen_schedule.py. All times are UTC: run remind with TZ=UTC.",
        "# One REM per event; AT is the start, +N the lead time in minutes.",
        "",
    ]
    for e in events:
        u = e["utc"]
        date = f"{u.day} {MONTHS[u.month - 1]} {u.year}"
        repeat = f" *7 UNTIL 31 Dec {YEAR}" if e["weekly"] else ""
        lines.append(f"REM {date}{repeat} AT {u.strftime('%H:%M')} +{e['lead_minutes']} "
                     f"MSG {e['title']}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("agenda_toml")
    parser.add_argument("remind_file")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args()
    if args.events < 1:
        parser.error("--events must be at least 1")
    if args.events > 100_000:
        parser.error("--events: agendad reads at most 100,000 events from one schedule")
    events = make_events(args.events, args.seed)
    write_toml(args.agenda_toml, events, args.seed)
    write_remind(args.remind_file, events, args.seed)
    weekly = sum(e["weekly"] for e in events)
    print(f"gen_schedule: {len(events)} events ({weekly} weekly), "
          f"{len(events) - weekly + 52 * weekly} reminders in {YEAR}", file=sys.stderr)


if __name__ == "__main__":
    main()
