#!/usr/bin/python3
"""Reference addresses for identity/email_reference_test.go.

Reads the From, To, Cc, Reply-To and Sender headers of the public mbox
files in the shared data (the Enron mailboxes and the mail-box-mbox test
files) with Python's own mail parser (mailbox, email, email.utils.
getaddresses), independently of the Go code, and writes each distinct
unfolded header value with the addresses Python finds in it, lower-cased.

Regenerate (from the identity package directory):
    /usr/bin/python3 testdata/make_email_reference.py ../../shared/data > testdata/email_reference.tsv

Output: tab-separated, a header line, then per distinct value: the raw
value's bytes in hex (so that 8-bit bytes and tabs survive), how many
addresses Python finds (entries with an "@"), and those addresses
lower-cased, joined by spaces.
"""
import email.policy
import email.utils
import glob
import mailbox
import re
import sys

HEADERS = ("From", "To", "Cc", "Reply-To", "Sender")


def main(root):
    files = sorted(glob.glob(f"{root}/enron-mbox/*.mbox") + glob.glob(f"{root}/mbox/*.mbox"))
    seen = {}
    for path in files:
        for msg in mailbox.mbox(path, create=False):
            for h in HEADERS:
                for v in msg.get_all(h) or []:
                    if not isinstance(v, str):
                        continue
                    v = re.sub(r"\r?\n(?=[ \t])", "", v).strip()
                    raw = v.encode("ascii", "surrogateescape")
                    if raw in seen:
                        continue
                    addrs = [a for _, a in email.utils.getaddresses([v]) if "@" in a]
                    seen[raw] = [a.lower() for a in addrs]
    print("raw_hex\tn\taddresses")
    for raw in sorted(seen):
        addrs = seen[raw]
        print(f"{raw.hex()}\t{len(addrs)}\t{' '.join(addrs)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../../shared/data")
