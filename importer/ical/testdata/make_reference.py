#!/usr/bin/python3
"""Write reference.tsv: the occurrences an independent reader finds in each
file of /work/shared/data/ics, for reference_test.go to compare with Read.

The independent reader is python-icalendar with recurring_ical_events
(Debian packages python3-icalendar, python3-recurring-ical-events). For each
file listed in FILES.tsv it writes one row:

    path <TAB> uid <TAB> ok|error <TAB> number of occurrences <TAB> starts <TAB> parties

where starts are the occurrences' start times in the window
[1990-01-01, 2030-01-01), sorted and comma-separated: an all-day start as
YYYY-MM-DD, a timed one in UTC as YYYY-MM-DDTHH:MM:SSZ (a floating time is
read as UTC, as Read does with Options.Zone nil). Events are expanded one
UID at a time (each UID's VEVENTs with all the file's VTIMEZONEs), so that
the reference's failure on one event does not hide the others; events
without a UID form the group "-"; a file the parser refuses is one row with
uid "*". "error" rows carry the exception's class in place of the starts. parties
are the addresses (lower case, ';'-separated, sorted) of the organizers
and attendees of the group's occurrences, less rooms and resources
(CUTYPE), non-participants (ROLE) and those who declined (PARTSTAT).
Two repairs before parsing, both of things Read accepts: a bare VEVENT
without VCALENDAR is wrapped in one, and a leading UTF-8 BOM is dropped
(icalendar 4.0.3 refuses both).

Regenerate:
    apt-get install -y python3-icalendar python3-recurring-ical-events
    cd importer/ical && /usr/bin/python3 testdata/make_reference.py > testdata/reference.tsv
"""
import datetime
import os
import sys

import icalendar
import recurring_ical_events

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../shared/data/ics")
FROM = datetime.datetime(1990, 1, 1, tzinfo=datetime.timezone.utc)
TO = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)


def rie_version():
    try:
        import importlib.metadata
        return importlib.metadata.version("recurring_ical_events")
    except Exception:
        return "?"


def start_of(ev):
    d = ev["DTSTART"].dt
    if isinstance(d, datetime.datetime):
        if d.tzinfo is None:
            d = d.replace(tzinfo=datetime.timezone.utc)
        return d.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return d.strftime("%Y-%m-%d")


def parties(ev):
    out = set()
    for name in ("ORGANIZER", "ATTENDEE"):
        values = ev.get(name)
        if values is None:
            continue
        if not isinstance(values, list):
            values = [values]
        for v in values:
            p = getattr(v, "params", {})
            if p.get("CUTYPE", "").upper() in ("ROOM", "RESOURCE"):
                continue
            if name == "ATTENDEE" and (p.get("ROLE", "").upper() == "NON-PARTICIPANT"
                                       or p.get("PARTSTAT", "").upper() == "DECLINED"):
                continue
            addr = str(v)
            if addr.lower().startswith("mailto:"):
                out.add(addr[7:].strip().lower())
            elif "@" in addr and ":" not in addr:
                out.add(addr.strip().lower())
    return out


def groups(data):
    """Yield (uid, starts) per UID group, or (uid, exception)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"BEGIN:VCALENDAR" not in data.upper():
        data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + data.strip() + b"\r\nEND:VCALENDAR\r\n"
    try:
        cals = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as e:
        yield "*", e
        return
    by_uid, zones = {}, []
    for cal in cals:
        for c in cal.subcomponents:
            if c.name == "VTIMEZONE":
                zones.append(c)
            elif c.name == "VEVENT":
                by_uid.setdefault(str(c.get("UID", "")) or "-", []).append(c)
    for uid in sorted(by_uid):
        cal = icalendar.Calendar()
        for z in zones:
            cal.add_component(z)
        for ev in by_uid[uid]:
            cal.add_component(ev)
        try:
            found = recurring_ical_events.of(cal, components=["VEVENT"]).between(FROM, TO)
            who = set()
            for ev in found:
                who |= parties(ev)
            yield uid, (sorted(start_of(ev) for ev in found), sorted(who))
        except Exception as e:  # the reference's own failures are data too
            yield uid, e


def main():
    rows = []
    with open(os.path.join(DATA, "FILES.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            path = line.split("\t")[0]
            with open(os.path.join(DATA, path), "rb") as g:
                data = g.read()
            for uid, got in groups(data):
                uid = uid.replace("\t", " ").replace("\n", " ")
                if isinstance(got, Exception):
                    rows.append((path, uid, "error", "0", type(got).__name__, ""))
                else:
                    starts, who = got
                    rows.append((path, uid, "ok", str(len(starts)), ",".join(starts), ";".join(who)))
    sys.stdout.write("# generated by make_reference.py (icalendar %s, recurring_ical_events %s); see its header\n"
                     % (icalendar.__version__, rie_version()))
    for r in rows:
        sys.stdout.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
