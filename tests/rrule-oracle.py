#!/usr/bin/python3
# rrule-oracle.py - expected RFC 5545 rule expansions from an outside oracle
#
# Writes tests/data/rrule/cases.tsv: a few hundred RRULEs with an anchor
# (the DTSTART, a date), a window and the occurrences that
# python3-dateutil finds in it.  tests/unit/test-recur.c expands the same
# rules with svc_recur_each() (libical's iterator) and compares.
#
# The cases are drawn with a fixed seed, so the file only changes when
# this script or dateutil does.  To regenerate, from the project root:
#
#     apt-get install python3-dateutil     # the Debian package
#     /usr/bin/python3 tests/rrule-oracle.py
#     git diff --stat tests/data/rrule/cases.tsv
#
# then read a sample of the changed lines against a calendar (cal(1), or
# python3 -m calendar 2026) before committing: the file is an oracle, not
# a snapshot of svc.
#
# Columns, tab-separated, one case a line (lines starting with # are
# comments):
#   rule  anchor  from  to  expected
# dates are YYYY-MM-DD; expected is the occurrences in [from, to], in
# order, separated by ';' (empty when there are none).  Each expected
# list is dateutil.rrule.rrulestr(rule, dtstart=anchor)
# .between(from, to, inc=True).  Rules are kept only when dateutil
# accepts them and they give at most MAX_HITS occurrences in the window.
#
# About half the anchors are moved to the rule's first date, so that the
# anchor is an occurrence ("synchronized", RFC 5545 3.8.5.3: the result
# is then defined by the RFC); the others are drawn freely (month ends,
# Feb 29 ...).  For those RFC 5545 leaves the set undefined; dateutil,
# like libical, does not add such an anchor as an occurrence, nor count
# it for COUNT.
#
# Not drawn: FREQ=YEARLY with BYMONTHDAY and no BYMONTH, where dateutil's
# reading is not the RFC's text (see yearly()); test-recur.c has those by
# hand.

import datetime
import os
import random
import sys

import dateutil
from dateutil import rrule

SEED = 5545
CASES = 400
MAX_HITS = 200

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
FIRST = datetime.date(2020, 1, 1)
LAST = datetime.date(2030, 12, 31)


def month_end(y, m):
    nxt = datetime.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def anchor(rnd):
    """A date in 2020..2030, often a month's end or a leap day."""
    pick = rnd.random()
    y = rnd.randint(2020, 2030)
    m = rnd.randint(1, 12)
    if pick < 0.12:
        return datetime.date(rnd.choice([2020, 2024, 2028]), 2, 29)
    if pick < 0.35:
        return month_end(y, m)
    if pick < 0.45:
        return month_end(y, m) - datetime.timedelta(days=rnd.randint(1, 2))
    span = (LAST - FIRST).days
    return FIRST + datetime.timedelta(days=rnd.randint(0, span))


def weekdays(rnd, lo=1, hi=3):
    return ",".join(sorted(rnd.sample(DAYS, rnd.randint(lo, hi)),
                           key=DAYS.index))


def months(rnd, hi=3):
    return ",".join(str(m) for m in sorted(rnd.sample(range(1, 13),
                                                      rnd.randint(1, hi))))


def interval(rnd, parts):
    n = rnd.choice([1, 1, 2, 2, 3, 4])
    if n > 1 or rnd.random() < 0.3:
        parts.append("INTERVAL=%d" % n)


def daily(rnd):
    parts = ["FREQ=DAILY"]
    interval(rnd, parts)
    if rnd.random() < 0.3:
        parts.append("BYDAY=" + weekdays(rnd, 1, 5))
    if rnd.random() < 0.2:
        parts.append("BYMONTH=" + months(rnd))
    if rnd.random() < 0.15:
        parts.append("BYMONTHDAY=" + rnd.choice(["1", "15", "-1", "31",
                                                  "1,-1", "29,30"]))
    return parts


def weekly(rnd):
    parts = ["FREQ=WEEKLY"]
    interval(rnd, parts)
    if rnd.random() < 0.7:
        parts.append("BYDAY=" + weekdays(rnd, 1, 4))
    if rnd.random() < 0.1:
        parts.append("BYMONTH=" + months(rnd, 4))
    if rnd.random() < 0.3:
        parts.append("WKST=" + rnd.choice(["MO", "SU", "WE", "SA"]))
    return parts


MONTHDAYS = ["1", "10", "15", "28", "29", "30", "31", "-1", "-2", "-3",
             "1,15", "15,-1", "30,31", "-1,-2", "29,30,31", "1,-1",
             "-31", "-30"]
ORDINALS = ["1MO", "-1FR", "2TU", "-2SU", "3WE", "4TH", "5FR", "-1MO",
            "1SA", "-5SU", "1MO,3MO", "2TU,-1TH", "1SU,-1SU", "2WE,4WE"]


def monthly(rnd):
    parts = ["FREQ=MONTHLY"]
    interval(rnd, parts)
    kind = rnd.choice(["plain", "mday", "mday", "day", "ord", "ord",
                       "ord", "setpos", "setpos", "mday+day"])
    if kind == "mday":
        parts.append("BYMONTHDAY=" + rnd.choice(MONTHDAYS))
    elif kind == "day":
        parts.append("BYDAY=" + weekdays(rnd, 1, 2))
    elif kind == "ord":
        parts.append("BYDAY=" + rnd.choice(ORDINALS))
    elif kind == "setpos":
        parts.append("BYDAY=" + rnd.choice(["MO,TU,WE,TH,FR", "SA,SU",
                                            "MO,WE,FR", "TU,TH"]))
        parts.append("BYSETPOS=" + rnd.choice(["1", "-1", "2", "-2",
                                               "1,-1"]))
    elif kind == "mday+day":
        if rnd.random() < 0.5:
            parts.append("BYMONTHDAY=13")
            parts.append("BYDAY=FR")
        else:
            parts.append("BYMONTHDAY=" + rnd.choice(["1,2,3,4,5,6,7",
                                                     "-7,-6,-5,-4,-3,-2,-1",
                                                     "8,9,10,11,12,13,14"]))
            parts.append("BYDAY=" + rnd.choice(DAYS))
    if rnd.random() < 0.15:
        parts.append("BYMONTH=" + months(rnd, 6))
    return parts


def yearly(rnd):
    parts = ["FREQ=YEARLY"]
    interval(rnd, parts)
    kind = rnd.choice(["plain", "plain", "month", "month+mday",
                       "month+mday", "month+ord", "month+ord", "ord",
                       "month+setpos", "month+day"])
    if kind == "month":
        parts.append("BYMONTH=" + months(rnd))
    elif kind == "month+mday":
        parts.append("BYMONTH=" + months(rnd, 2))
        parts.append("BYMONTHDAY=" + rnd.choice(["1", "15", "29", "30",
                                                  "31", "-1", "-2", "1,-1"]))
    elif kind == "month+ord":
        parts.append("BYMONTH=" + months(rnd, 2))
        parts.append("BYDAY=" + rnd.choice(ORDINALS))
    elif kind == "ord":
        parts.append("BYDAY=" + rnd.choice(["1MO", "-1FR", "2TU", "-2SU",
                                            "20MO", "-10WE", "53TH",
                                            "1MO,-1MO"]))
    elif kind == "month+setpos":
        parts.append("BYMONTH=" + months(rnd, 2))
        parts.append("BYDAY=" + rnd.choice(["MO,TU,WE,TH,FR", "SA,SU"]))
        parts.append("BYSETPOS=" + rnd.choice(["1", "-1", "2"]))
    elif kind == "month+day":
        parts.append("BYMONTH=" + months(rnd, 1))
        parts.append("BYDAY=" + weekdays(rnd, 1, 2))
    # No BYMONTHDAY without BYMONTH: RFC 5545 leaves open whether
    # FREQ=YEARLY;BYMONTHDAY=N means day N of every month (its table of
    # BYxxx parts: "Expand", dateutil's reading) or of DTSTART's month
    # (its text: a missing BYMONTH "would have been retrieved from the
    # DTSTART property", libical's reading); dateutil is no oracle there.
    return parts


def impossible(parts):
    """A rule whose months never hold its month days: no occurrence ever."""
    d = dict(p.split("=", 1) for p in parts)
    if "BYMONTH" not in d or "BYMONTHDAY" not in d:
        return False
    mdays = [int(x) for x in d["BYMONTHDAY"].split(",")]
    for m in (int(x) for x in d["BYMONTH"].split(",")):
        length = 29 if m == 2 else month_end(2021, m).day
        if any(abs(x) <= length for x in mdays):
            return False
    return True


def terminate(rnd, parts, start):
    pick = rnd.random()
    if pick < 0.25:
        parts.append("COUNT=%d" % rnd.randint(1, 25))
    elif pick < 0.45:
        until = start + datetime.timedelta(days=rnd.randint(0, 900))
        parts.append("UNTIL=" + until.strftime("%Y%m%d"))


def text(rnd, parts):
    """The rule as text: FREQ first, sometimes moved or after RRULE:."""
    pick = rnd.random()
    if pick < 0.05 and len(parts) > 1:
        parts = parts[1:] + parts[:1]
    s = ";".join(parts)
    if pick > 0.95:
        s = "RRULE:" + s
    return s


def window(rnd, start, ends):
    """Up to two years, from before, at or after the anchor; a rule with
    COUNT or UNTIL is mostly looked at near its start."""
    pick = rnd.random()
    if pick < 0.25:
        first = start - datetime.timedelta(days=rnd.randint(1, 400))
    elif pick < 0.5:
        first = start
    else:
        first = start + datetime.timedelta(days=rnd.randint(
            1, 300 if ends else 1500))
    return first, first + datetime.timedelta(days=rnd.randint(0, 730))


def at(d):
    return datetime.datetime(d.year, d.month, d.day)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(here, "data", "rrule", "cases.tsv")
    rnd = random.Random(SEED)
    kinds = [daily, weekly, weekly, monthly, monthly, monthly, monthly,
             yearly, yearly, yearly]
    lines, seen = [], set()
    synced = 0
    while len(lines) < CASES:
        start = anchor(rnd)
        parts = rnd.choice(kinds)(rnd)
        if impossible(parts):
            continue
        try:
            if rnd.random() < 0.5:
                start = first_on_or_after(";".join(parts), start)
            terminate(rnd, parts, start)
            rule = text(rnd, parts)
            r = rrule.rrulestr(rule, dtstart=at(start))
        except (ValueError, TypeError):
            continue
        for _ in range(20):
            first, last = window(rnd, start,
                                 "COUNT=" in rule or "UNTIL=" in rule)
            hits = r.between(at(first), at(last), inc=True)
            if len(hits) <= MAX_HITS:
                break
        else:
            continue
        if (rule, start) in seen:
            continue
        seen.add((rule, start))
        synced += r.after(at(start), inc=True) == at(start)
        lines.append("\t".join([rule, start.isoformat(), first.isoformat(),
                                last.isoformat(),
                                ";".join(h.date().isoformat()
                                         for h in hits)]))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write("# tests/rrule-oracle.py: expansions by python3-dateutil "
                "%s, seed %d\n" % (dateutil.__version__, SEED))
        f.write("# rule\tanchor\tfrom\tto\texpected\n")
        for line in lines:
            f.write(line + "\n")
    print("%s: %d cases, %d with the anchor on the rule" %
          (out, len(lines), synced), file=sys.stderr)


def first_on_or_after(rule, start):
    """The rule's first date from start on, as an anchor that RFC 5545
    calls synchronized (the DTSTART is the first occurrence); for an
    anchor that is not, RFC 5545 leaves the recurrence set undefined and
    only says DTSTART counts as the first occurrence for COUNT.  start
    itself when the rule has no date in the next ten years."""
    hit = rrule.rrulestr(rule, dtstart=at(start)).after(at(start), inc=True)
    if hit is None or (hit.date() - start).days > 3653:
        return start
    return hit.date()


if __name__ == "__main__":
    main()
