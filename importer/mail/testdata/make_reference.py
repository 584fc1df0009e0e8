#!/usr/bin/python3
"""Reference counts and addresses for importer/mail, from Python's standard
library (mailbox + email), a reader independent of ours.

Regenerate (from the repository root, with the shared data present):

    /usr/bin/python3 importer/mail/testdata/make_reference.py \
        /work/shared/data > importer/mail/testdata/reference.json

For each file under mbox/, enron-mbox/ and mail-rfc822/ (FILES.tsv, SOURCE.md
and FILENAMES.tsv left out) it writes the messages it finds: an mbox (a
*.mbox file) through mailbox.mbox, any other file as one message through
email.message_from_binary_file. Per message: the Message-ID (angle brackets
and white space removed, None when absent), the Date in Unix seconds
(email.utils.parsedate_tz, None when unreadable) and the From, To and Cc
addresses as email.utils.getaddresses returns them (every To and every Cc
header, the first From), empty addresses dropped. Paths are relative to the
data directory; the output is sorted by path so that it diffs cleanly.
"""
import email
import email.policy
import email.utils
import json
import mailbox
import os
import re
import sys

SKIP = {"FILES.tsv", "SOURCE.md", "FILENAMES.tsv"}
DIRS = ["mbox", "enron-mbox", "mail-rfc822"]


def msgid(msg):
    v = msg.get("Message-ID")
    if v is None:
        return None
    v = str(v).strip()
    m = re.search(r"<([^>]*)>", v)
    if m:
        v = m.group(1)
    elif v.startswith("<"):
        v = v[1:]
    v = "".join(v.split())
    return v or None


def addrs(msg, name, first_only=False):
    vals = msg.get_all(name) or []
    if first_only:
        vals = vals[:1]
    out = []
    for _, a in email.utils.getaddresses([str(v) for v in vals]):
        if a:
            out.append(a)
    return out


def date(msg):
    """The Date as Unix seconds (UTC), by email.utils.parsedate_tz, which
    maps the obsolete US zone names itself; None when it cannot read it.
    A date without a zone reads as UTC, as ours does."""
    v = msg.get("Date")
    if v is None:
        return None
    t = email.utils.parsedate_tz(str(v))
    if t is None:
        return None
    if t[9] is None:
        t = t[:9] + (0,)
    return email.utils.mktime_tz(t)


def record(msg):
    return {
        "id": msgid(msg),
        "date": date(msg),
        "from": addrs(msg, "From", first_only=True),
        "to": addrs(msg, "To"),
        "cc": addrs(msg, "Cc"),
    }


def main(root):
    files = []
    for d in DIRS:
        for dirpath, _, names in os.walk(os.path.join(root, d)):
            for n in names:
                if n not in SKIP:
                    files.append(os.path.join(dirpath, n))
    out = {}
    for p in sorted(files):
        rel = os.path.relpath(p, root)
        if p.endswith(".mbox"):
            box = mailbox.mbox(p, create=False)
            out[rel] = [record(m) for m in box]
        else:
            # One message per file; a leading "From " line is the envelope
            # (email's parser takes it as the unixfrom), as our reader does.
            with open(p, "rb") as f:
                out[rel] = [record(email.message_from_binary_file(f, policy=email.policy.compat32))]
    # One line per message, so that a change diffs as the messages it touches.
    sys.stdout.write("{\n")
    for i, rel in enumerate(sorted(out)):
        msgs = ",\n".join(json.dumps(m, sort_keys=True) for m in out[rel])
        sys.stdout.write("%s: [\n%s\n]%s\n" % (json.dumps(rel), msgs, "," if i < len(out) - 1 else ""))
    sys.stdout.write("}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data")
