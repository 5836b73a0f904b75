#!/usr/bin/python3
"""Cross-checks the iCalendar reader and the planner against an independent model.

Usage: ics_crosscheck.py ICS_DUMP FIXTURE...   (each FIXTURE an .ics file or a vdir)

For each fixture, `ics_dump` (tests/core/ical/ics_dump.cpp) prints the reminders agendad computes
for 2022. The same reminders are derived here from python3-icalendar's parse and
python3-recurring-ical-events' expansion (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides, merged
per UID across a vdir's files), with RFC 5545 alarm arithmetic written out below: a day in a
TRIGGER or DURATION is a calendar day on the event's clock, hours are exact; all-day events
start at midnight of their day on the default zone, and the default remind ("15m") counts back
from 09:00 on it; ambiguous and skipped wall-clock times resolve as RFC 5545 says (fold=0).
Files that do not parse and VEVENTs without DTSTART are left out, as agendad does. Every
fixture's set of (fire_at, occurrence start, title) must agree; differences are listed.

Settings modelled: Europe/Brussels, remind = ["15m"], all_day_at = 09:00, alarms = "own",
skip = ["cancelled"]. Needs python3-icalendar and python3-recurring-ical-events (Debian).
"""

import datetime as dt
import json
import os
import re
import subprocess
import sys
from zoneinfo import ZoneInfo

try:
    import icalendar
    import recurring_ical_events
except ImportError as error:
    print(f"ics_crosscheck: skipped, {error} (install python3-recurring-ical-events)")
    sys.exit(77)

UTC = dt.timezone.utc
ZONE = ZoneInfo("Europe/Brussels")
FROM = dt.datetime(2022, 1, 1, tzinfo=UTC)
UNTIL = dt.datetime(2023, 1, 1, tzinfo=UTC)
DEFAULT_LEAD = (0, 15 * 60)  # remind = ["15m"]: (calendar days, exact seconds) before
ALL_DAY_AT = dt.timedelta(hours=9)
DURATION = re.compile(r"^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


def clock_of(value):
    """The zone whose wall clock an event's calendar days count on."""
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        return ZONE
    name = getattr(value.tzinfo, "zone", None) or getattr(value.tzinfo, "key", None)
    if name in (None, "UTC", "Etc/UTC") or value.utcoffset() == dt.timedelta(0) and name is None:
        return UTC
    return ZoneInfo(name)


def instant(value):
    """The UTC instant a DATE / floating / zoned DATE-TIME names (fold=0: RFC 5545's choice)."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(0)).replace(tzinfo=ZONE).astimezone(UTC)
    clock = clock_of(value)
    return value.replace(tzinfo=None).replace(tzinfo=clock, fold=0).astimezone(UTC)


def before(anchor, clock, days, seconds):
    """`days` calendar days (on `clock`) and then `seconds` exact ones before `anchor`."""
    if days:
        local = anchor.astimezone(clock).replace(tzinfo=None) - dt.timedelta(days=days)
        anchor = local.replace(tzinfo=clock, fold=0).astimezone(UTC)
    return anchor - dt.timedelta(seconds=seconds)


def duration(text):
    """An RFC 5545 duration as (sign, calendar days, exact seconds)."""
    m = DURATION.match(text)
    if not m:
        raise ValueError(f"not a duration: {text}")
    sign, weeks, days, hours, minutes, seconds = m.groups()
    days = 7 * int(weeks or 0) + int(days or 0)
    exact = 3600 * int(hours or 0) + 60 * int(minutes or 0) + int(seconds or 0)
    return (-1 if sign == "-" else 1), days, exact


def periods_to_starts(component):
    """RDATE;VALUE=PERIOD values become their starts, which RFC 5545 makes the occurrence's start
    (recurring-ical-events 2.0 cannot sort periods among date-times)."""
    rdates = component.get("RDATE", [])
    for rdate in rdates if isinstance(rdates, list) else [rdates]:
        for value in rdate.dts:
            if isinstance(value.dt, tuple):
                value.dt = value.dt[0]


def load(fixture):
    """One calendar of every readable VEVENT (with DTSTART) and VTIMEZONE of the fixture."""
    paths = [fixture]
    if os.path.isdir(fixture):
        paths = sorted(os.path.join(fixture, n) for n in os.listdir(fixture)
                       if n.lower().endswith(".ics") and not n.startswith("."))
    merged = icalendar.Calendar()
    for path in paths:
        try:
            with open(path, "rb") as f:
                calendar = icalendar.Calendar.from_ical(f.read())
        except Exception:  # agendad warns and leaves the file out
            continue
        for component in calendar.walk():
            if component.name == "VTIMEZONE" or (component.name == "VEVENT" and "DTSTART" in component):
                periods_to_starts(component)
                merged.add_component(component)
    return merged


def length_of(component):
    """(calendar days, exact seconds) from start to end, as the component gives them."""
    start = component["DTSTART"].dt
    all_day = not isinstance(start, dt.datetime)
    if "DTEND" in component:
        end = component["DTEND"].dt
        if all_day:
            return max(0, (end - start).days), 0
        return 0, max(0, int((instant(end) - instant(start)).total_seconds()))
    if "DURATION" in component:
        sign, days, exact = duration(component["DURATION"].to_ical().decode())
        return (days, exact) if sign > 0 else (0, 0)
    return (1, 0) if all_day else (0, 0)


def alarms_of(component):
    return [a for a in component.subcomponents if a.name == "VALARM"
            and str(a.get("ACTION", "")).upper() != "NONE" and "TRIGGER" in a]


def expected(fixture):
    calendar = load(fixture)
    sources = {}  # (UID, RECURRENCE-ID instant or None) → the component, for its alarms and end
    moved = {}  # (UID, DTSTART instant) → an override, for occurrences without RECURRENCE-ID
    for component in calendar.walk("VEVENT"):
        rid = component.get("RECURRENCE-ID")
        sources[(str(component["UID"]), instant(rid.dt) if rid else None)] = component
        if rid:
            moved[(str(component["UID"]), instant(component["DTSTART"].dt))] = component
    every = recurring_ical_events.of(calendar).between(FROM - dt.timedelta(days=400),
                                                       UNTIL + dt.timedelta(days=400))
    by_uid = {}
    for occurrence in every:
        by_uid.setdefault(str(occurrence["UID"]), []).append(occurrence)
    out = set()
    for uid, occurrences in by_uid.items():
        occurrences.sort(key=lambda o: instant(o["DTSTART"].dt))
        absolute_done = set()
        for occurrence in occurrences:
            if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
                continue
            # recurring-ical-events 2 keeps an override's RECURRENCE-ID on its occurrence; 3
            # (Debian 13) drops it, so the override is then found by where it moved to.
            rid = occurrence.get("RECURRENCE-ID")
            source = (sources.get((uid, instant(rid.dt))) if rid else
                      moved.get((uid, instant(occurrence["DTSTART"].dt)))) or sources[(uid, None)]
            value = occurrence["DTSTART"].dt
            clock = clock_of(value)
            start = instant(value)
            days, exact = length_of(source)
            end = before(start, clock, -days, -exact)
            all_day = not isinstance(value, dt.datetime)
            title = str(occurrence.get("SUMMARY", ""))
            alarms = alarms_of(source)
            if not alarms:
                anchor = start
                if all_day:
                    day = dt.datetime.combine(value, dt.time(0)) + ALL_DAY_AT
                    anchor = day.replace(tzinfo=ZONE, fold=0).astimezone(UTC)
                out.add((before(anchor, clock, *DEFAULT_LEAD), start, title))
                continue
            for alarm in alarms:
                trigger = alarm["TRIGGER"]
                repeat, step = int(alarm.get("REPEAT", 0)), (1, 0, 0)
                if repeat and "DURATION" in alarm:
                    step = duration(alarm["DURATION"].to_ical().decode())
                else:
                    repeat = 0
                if isinstance(trigger.dt, dt.datetime):
                    if (uid, trigger.to_ical()) in absolute_done:
                        continue
                    absolute_done.add((uid, trigger.to_ical()))
                    at = instant(trigger.dt)
                    owner = next((o for o in occurrences if instant(o["DTSTART"].dt) >= at),
                                 occurrences[0])
                    for k in range(repeat + 1):
                        out.add((before(at, clock, -k * step[1], -k * step[2]),
                                 instant(owner["DTSTART"].dt), str(owner.get("SUMMARY", ""))))
                    continue
                sign, tdays, texact = duration(trigger.to_ical().decode())
                base = end if str(trigger.params.get("RELATED", "")).upper() == "END" else start
                for k in range(repeat + 1):
                    fire = before(base, clock, -sign * tdays - k * step[1],
                                  -sign * texact - k * step[2])
                    out.add((fire, start, title))
    return {(f, s, t) for f, s, t in out if FROM <= f < UNTIL}


def actual(ics_dump, fixture):
    run = subprocess.run([ics_dump, fixture, "2022-01-01T00:00:00Z", "2023-01-01T00:00:00Z"],
                         check=True, capture_output=True, text=True)
    parse = lambda s: dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    out = set()
    for line in run.stdout.splitlines():
        r = json.loads(line)
        out.add((parse(r["fire_at"]), parse(r["start"]), r["title"]))
    return out


def main():
    ics_dump, fixtures = sys.argv[1], sys.argv[2:]
    failed = False
    for fixture in fixtures:
        want, got = expected(fixture), actual(ics_dump, fixture)
        name = os.path.basename(fixture)
        if want == got:
            print(f"{name}: {len(got)} reminders agree")
            continue
        failed = True
        fmt = lambda r: f"{r[0]:%FT%TZ} for {r[1]:%FT%TZ} {r[2]}"
        for r in sorted(want - got):
            print(f"{name}: missing from agendad: {fmt(r)}")
        for r in sorted(got - want):
            print(f"{name}: not in the model:     {fmt(r)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
