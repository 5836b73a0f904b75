#!/usr/bin/env python3
"""Writes tests/core/recurrence/rrule_dateutil_test.cpp: python-dateutil's rrule over a table of rules.

Usage: gen_dateutil_table.py > tests/core/recurrence/rrule_dateutil_test.cpp

Debian's python3-dateutil ships no tests, so this rebuilds the shape of dateutil's own
test_rrule.py: every FREQ (YEARLY … SECONDLY) times each BY part and pairs of them that
test_rrule.py exercises (BYMONTH, BYMONTHDAY, BYMONTH+BYMONTHDAY, BYDAY, BYDAY with ordinals,
BYMONTH+BYDAY, BYMONTHDAY+BYDAY, BYYEARDAY (also negative, also with BYMONTH), BYWEEKNO with
and without BYDAY at 1, 52, -1 and 53, BYHOUR, BYMINUTE, BYSECOND and their pairs, BYSETPOS),
INTERVAL small and large, COUNT, UNTIL and WKST, from dateutil's DTSTART 1997-09-02 09:00.
Combinations RFC 5545 forbids (and BYEASTER, which it does not have) are left out. The output
is frozen: regenerate only when adding cases, and commit the result.
"""

import datetime as dt
import sys

from dateutil import rrule as du

DTSTART = dt.datetime(1997, 9, 2, 9, 0)
FREQS = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

# (name, RFC parts) as test_rrule.py has them for each FREQ; a weekday is "TU" or "1TU".
VARIANTS = [
    ("", {}),
    ("interval", {"INTERVAL": [2]}),
    ("interval large", {"INTERVAL": None}),  # per FREQ, below
    ("by month", {"BYMONTH": [1, 3]}),
    ("by month day", {"BYMONTHDAY": [1, 3]}),
    ("by month and month day", {"BYMONTH": [1, 3], "BYMONTHDAY": [5, 7]}),
    ("by weekday", {"BYDAY": ["TU", "TH"]}),
    ("by nth weekday", {"BYDAY": ["1TU", "-1TH"]}),
    ("by nth weekday large", {"BYDAY": ["3TU", "-3TH"]}),
    ("by month and weekday", {"BYMONTH": [1, 3], "BYDAY": ["TU", "TH"]}),
    ("by month and nth weekday", {"BYMONTH": [1, 3], "BYDAY": ["1TU", "-1TH"]}),
    ("by month and nth weekday large", {"BYMONTH": [1, 3], "BYDAY": ["3TU", "-3TH"]}),
    ("by month day and weekday", {"BYMONTHDAY": [1, 3], "BYDAY": ["TU", "TH"]}),
    ("by month, month day and weekday",
     {"BYMONTH": [1, 3], "BYMONTHDAY": [1, 3], "BYDAY": ["TU", "TH"]}),
    ("by year day", {"BYYEARDAY": [1, 100, 200, 365]}),
    ("by year day negative", {"BYYEARDAY": [-365, -266, -166, -1]}),
    ("by month and year day", {"BYMONTH": [4, 7], "BYYEARDAY": [1, 100, 200, 365]}),
    ("by month and year day negative", {"BYMONTH": [4, 7], "BYYEARDAY": [-365, -266, -166, -1]}),
    ("by week number", {"BYWEEKNO": [20]}),
    ("by week number and weekday", {"BYWEEKNO": [1], "BYDAY": ["MO"]}),
    ("by week number 52 and weekday", {"BYWEEKNO": [52], "BYDAY": ["SU"]}),
    ("by last week number and weekday", {"BYWEEKNO": [-1], "BYDAY": ["SU"]}),
    ("by week number 53 and weekday", {"BYWEEKNO": [53], "BYDAY": ["MO"]}),
    ("by hour", {"BYHOUR": [6, 18]}),
    ("by minute", {"BYMINUTE": [6, 18]}),
    ("by second", {"BYSECOND": [6, 18]}),
    ("by hour and minute", {"BYHOUR": [6, 18], "BYMINUTE": [6, 18]}),
    ("by hour and second", {"BYHOUR": [6, 18], "BYSECOND": [6, 18]}),
    ("by minute and second", {"BYMINUTE": [6, 18], "BYSECOND": [6, 18]}),
    ("by hour, minute and second", {"BYHOUR": [6, 18], "BYMINUTE": [6, 18], "BYSECOND": [6, 18]}),
    ("by set position (month day)", {"BYMONTHDAY": [15], "BYHOUR": [6, 18], "BYSETPOS": [3, -3]}),
    ("by set position (weekday)", {"BYDAY": ["TU", "TH"], "BYHOUR": [6, 18], "BYSETPOS": [3, -3]}),
    ("by set position (hour and minute)",
     {"BYHOUR": [6, 18], "BYMINUTE": [15, 45], "BYSETPOS": [3, -3]}),
    ("by set position (minute and second)",
     {"BYMINUTE": [15, 45], "BYSECOND": [15, 45], "BYSETPOS": [3, -3]}),
    ("by set position (second)", {"BYSECOND": [15, 30, 45], "BYSETPOS": [3, -3]}),
    ("by month with until", {"BYMONTH": [1, 3], "UNTIL": "19990101T000000", "COUNT": None}),
    ("week start sunday", {"INTERVAL": [2], "BYDAY": ["TU", "SU"], "WKST": "SU"}),
    ("week start monday", {"INTERVAL": [2], "BYDAY": ["TU", "SU"], "WKST": "MO"}),
]
# A BYSETPOS of 3 picks nothing where a period has fewer than three candidates: these rules
# never produce an occurrence (dateutil searches up to year 9999 for one; agendad refuses them).
SETPOS_PERIOD_TOO_SMALL = {
    "by set position (month day)": ["MONTHLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY"],
    "by set position (weekday)": ["DAILY", "HOURLY", "MINUTELY", "SECONDLY"],
    "by set position (hour and minute)": ["HOURLY", "MINUTELY", "SECONDLY"],
    "by set position (minute and second)": ["MINUTELY", "SECONDLY"],
    "by set position (second)": ["SECONDLY"],
}
LARGE_INTERVAL = {"YEARLY": 100, "MONTHLY": 18, "WEEKLY": 20, "DAILY": 92, "HOURLY": 769,
                  "MINUTELY": 1501, "SECONDLY": 90061}


def allowed(freq, parts):
    """RFC 5545 §3.3.10's table, as agendad's parser applies it."""
    ordinals = any(d[0] in "-123456789" for d in parts.get("BYDAY", []))
    if "BYWEEKNO" in parts and freq != "YEARLY":
        return False
    if "BYYEARDAY" in parts and freq in ("DAILY", "WEEKLY", "MONTHLY"):
        return False
    if "BYMONTHDAY" in parts and freq == "WEEKLY":
        return False
    if ordinals and freq not in ("MONTHLY", "YEARLY"):
        return False
    if ordinals and "BYWEEKNO" in parts:
        return False
    return True


def weekday(text):
    day = du.weekdays[DAYS.index(text[-2:])]
    return day(int(text[:-2])) if len(text) > 2 else day


def dateutil_of(freq, parts, count):
    kwargs = {"dtstart": DTSTART, "cache": False}
    names = {"INTERVAL": "interval", "BYMONTH": "bymonth", "BYMONTHDAY": "bymonthday",
             "BYYEARDAY": "byyearday", "BYWEEKNO": "byweekno", "BYHOUR": "byhour",
             "BYMINUTE": "byminute", "BYSECOND": "bysecond", "BYSETPOS": "bysetpos"}
    for name, value in parts.items():
        if name in names:
            kwargs[names[name]] = value[0] if name == "INTERVAL" else value
        elif name == "BYDAY":
            kwargs["byweekday"] = [weekday(d) for d in value]
        elif name == "WKST":
            kwargs["wkst"] = DAYS.index(value)
        elif name == "UNTIL":
            kwargs["until"] = dt.datetime.strptime(value, "%Y%m%dT%H%M%S")
    if count:
        kwargs["count"] = count
    return du.rrule(getattr(du, freq), **kwargs)


def text_of(freq, parts, count):
    out = [f"FREQ={freq}"]
    if count:
        out.append(f"COUNT={count}")
    for name, value in parts.items():
        out.append(f"{name}={value if isinstance(value, str) else ','.join(map(str, value))}")
    return ";".join(out)


def main():
    rows = []
    never = []
    for freq in FREQS:
        for name, template in VARIANTS:
            parts = {k: v for k, v in template.items() if v is not None or k == "INTERVAL"}
            if "INTERVAL" in template and template["INTERVAL"] is None:
                parts["INTERVAL"] = [LARGE_INTERVAL[freq]]
            count = None if "UNTIL" in parts else (4 if "BYYEARDAY" in parts else 3)
            parts.pop("COUNT", None)
            if not allowed(freq, parts):
                continue
            what = f"{freq.lower()} {name}".strip()
            if freq in SETPOS_PERIOD_TOO_SMALL.get(name, []):
                never.append((what, text_of(freq, parts, count)))
                continue
            rule = dateutil_of(freq, parts, count)
            got = []
            for t in rule:
                got.append(t)
                if len(got) > 50:
                    break  # a long series: the first 50 are compared
            complete = len(got) <= 50
            rows.append((what, text_of(freq, parts, count), got[:50], complete))
    print("// Generated by tests/crosscheck/gen_dateutil_table.py from python-dateutil "
          f"{du.__name__ and __import__('dateutil').__version__};")
    print("// do not edit by hand. The shape of dateutil's test_rrule.py: every FREQ with each BY")
    print("// part and pair it tests, DTSTART 1997-09-02 09:00 on a UTC wall clock.")
    print('#include "core/recurrence/recurrence.hpp"\n#include "test_support.hpp"\n')
    print("using namespace agendad::core;\nusing namespace agendad::core::test;\n")
    print("namespace {\n")
    print("struct DateutilCase {\n    const char* what;\n    const char* rule;\n"
          "    bool complete; ///< `expected` is the whole series, not its first 50\n"
          "    std::vector<const char*> expected;\n};\n")
    print("const std::vector<DateutilCase> cases{")
    for what, text, got, complete in rows:
        times = ", ".join(f'"{t:%Y-%m-%d %H:%M:%S}"' for t in got)
        print(f'    {{"{what}", "{text}", {"true" if complete else "false"}, {{{times}}}}},')
    print("};\n")
    print("/// Rules whose BYSETPOS picks past every period's candidates: none ever matches.")
    print("const std::vector<std::pair<const char*, const char*>> never{")
    for what, text in never:
        print(f'    {{"{what}", "{text}"}},')
    print("};\n\n} // namespace\n")
    print('''TEST_CASE("every rule of python-dateutil's own table expands as dateutil does",
          "[core][rrule][dateutil]") {
    const auto dtstart = local("1997-09-02T09:00:00");
    for (const auto& c : cases) {
        INFO(c.what << ": " << c.rule);
        const auto r = Recurrence::parse(c.rule, dtstart, zone("UTC"), false);
        REQUIRE(r);
        auto cursor = r->starting_at(dtstart);
        std::vector<std::string> got;
        while (got.size() < c.expected.size() + (c.complete ? 1 : 0)) {
            const auto next = cursor.next();
            if (!next)
                break;
            got.push_back(date::format("%F %T", *next));
        }
        CHECK(got == std::vector<std::string>(c.expected.begin(), c.expected.end()));
    }
    CHECK(cases.size() >= 100);
}

TEST_CASE("a BYSETPOS beyond every period's candidates is refused", "[core][rrule][dateutil]") {
    for (const auto& [what, rule] : never) {
        INFO(what << ": " << rule);
        const auto r = Recurrence::parse(rule, local("1997-09-02T09:00:00"), zone("UTC"), false);
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error(), Catch::Contains("never produces an occurrence"));
    }
}''')


if __name__ == "__main__":
    sys.exit(main())
