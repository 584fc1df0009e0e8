#!/usr/bin/python3
"""Reference phone numbers for identity/phone_reference_test.go.

Reads the TEL values of the public vCard files in the shared data (the
ez-vcard and kcontacts fixtures: Android, iPhone, Outlook, Gmail, Lotus
Notes exports) and the lines of testdata/phones.txt, and parses each with
Google's libphonenumber (Debian's python3-phonenumbers), independently of
the Go code.

Install and regenerate (from the identity package directory):
    apt-get install -y python3-phonenumbers
    /usr/bin/python3 testdata/make_phone_reference.py ../../shared/data/vcard testdata/phones.txt > testdata/phone_reference.tsv

Output: tab-separated, a header line, then per distinct value: the value's
bytes in hex; libphonenumber's E.164 form and extension when the value
names its country ("+…"; parsed with no default region, so nothing is
guessed), else empty; and the value's digits alone
(normalize_digits_only), which is what a number without a country is.
"""
import glob
import re
import sys

import phonenumbers


def tel_values(root):
    for path in sorted(glob.glob(f"{root}/**/*.vcf", recursive=True)):
        with open(path, "rb") as f:
            data = f.read().replace(b"\r\n", b"\n")
        data = re.sub(rb"\n[ \t]", b"", data)  # unfold
        for line in data.split(b"\n"):
            name, sep, value = line.partition(b":")
            if sep and re.match(rb"^(item\d+\.)?TEL\b", name, re.I):
                yield value.strip()


def seed_values(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith('"') and line.endswith('"'):
                line = line[1:-1].encode().decode("unicode_escape")
            yield line.encode("utf-8")


def main(vcard_root, seeds):
    values = sorted(set(tel_values(vcard_root)) | set(seed_values(seeds)))
    print("raw_hex\te164\text\tdigits")
    for raw in values:
        s = raw.decode("utf-8", "replace")
        e164 = ext = ""
        if s.lstrip().startswith("+") or s.lower().startswith("tel:+"):
            try:
                n = phonenumbers.parse(s[4:] if s.lower().startswith("tel:") else s, None)
                e164 = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
                ext = n.extension or ""
            except phonenumbers.NumberParseException:
                pass
        print(f"{raw.hex()}\t{e164}\t{ext}\t{phonenumbers.normalize_digits_only(s)}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
