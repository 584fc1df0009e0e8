#!/usr/bin/python3
"""Reference counts for csvin's tests on real data, by a reader other than ours.

Reads the public data under /work/shared/data (Enron: employees, custodians,
messages, recipients; Krackhardt's high-tech managers: reports-to) with
Python's own csv module and writes testdata/reference.json, which
real_test.go compares with what ReadOrg and ReadInteractions return for CSV
files built from the same data.

What the reference applies of csvin's documented rules, and nothing more:
a person named twice in one row is kept once, in their first place; a
subject is trimmed; a row with nobody else than its sender is a bad row.

Regenerate (from the package directory, importer/csvin):

    /usr/bin/python3 testdata/make_reference.py [DATA_DIR]

DATA_DIR defaults to ../../../shared/data (the checkout's sibling). Only the
Python standard library is needed.
"""

import collections
import csv
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "..", "shared", "data")


def tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def enron():
    d = os.path.join(DATA, "enron")
    emails = {}
    for mailbox, address, name, *_ in tsv(os.path.join(d, "custodians.tsv")):
        emails.setdefault(name.strip(), address.strip())
    people = []
    for eid, name, dept, longdept, title, gender, seniority in tsv(os.path.join(d, "employees.tsv")):
        people.append({
            "id": eid, "name": name.strip(), "email": emails.get(name.strip(), ""),
            "department": longdept.strip(), "title": title.strip(), "team": dept.strip(),
        })

    recips = collections.defaultdict(list)
    for mid, pos, rid in tsv(os.path.join(d, "recipients.tsv")):
        recips[mid].append((int(pos), rid))
    digest = hashlib.sha256()
    n = bad = parties = 0
    per_sender = collections.Counter()
    per_year = collections.Counter()
    first = last = None
    import datetime
    for mid, source, unix, subject, sender in tsv(os.path.join(d, "messages.tsv")):
        to = [rid for _, rid in sorted(recips.get(mid, []))]
        seen, kept = {sender}, []
        for r in to:
            if r not in seen:
                seen.add(r)
                kept.append(r)
        if not kept:
            bad += 1
            continue
        n += 1
        parties += 1 + len(kept)
        per_sender[sender] += 1
        t = int(unix)
        per_year[str(datetime.datetime.fromtimestamp(t, datetime.timezone.utc).year)] += 1
        first = t if first is None else min(first, t)
        last = t if last is None else max(last, t)
        line = "\t".join([mid, sender, ";".join(kept), unix, subject.strip()]) + "\n"
        digest.update(line.encode("utf-8"))
    return {
        "people": people,
        "people_with_email": sum(1 for p in people if p["email"]),
        "messages": n,
        "bad_rows": bad,
        "parties": parties,
        "senders": len(per_sender),
        "top_senders": dict(per_sender.most_common(5)),
        "per_year": dict(sorted(per_year.items())),
        "first_unix": first,
        "last_unix": last,
        "digest": digest.hexdigest(),
    }


def krackhardt():
    path = os.path.join(DATA, "krackhardt-hightech", "Krack-High-Tec-edgelist-ReportsTo.txt")
    managers = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            ego, alter, tie = line.split()
            if tie == "1":
                managers.setdefault(ego, []).append(alter)
    return {
        "managers": {ego: alters[0] for ego, alters in sorted(managers.items(), key=lambda kv: int(kv[0]))},
        "people_with_two_managers": sum(1 for a in managers.values() if len(a) > 1),
    }


def main():
    ref = {"enron": enron(), "krackhardt": krackhardt()}
    out = os.path.join(HERE, "reference.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(ref, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    e = ref["enron"]
    print(f"wrote {out}: {len(e['people'])} people, {e['messages']} messages, {e['bad_rows']} bad, "
          f"{len(ref['krackhardt']['managers'])} reports-to")


if __name__ == "__main__":
    main()
