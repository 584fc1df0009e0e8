#!/usr/bin/python3
"""Reference card counts, names and emails for the real vCard files, read by
Python's vobject (an independent parser), for importer/vcard's tests.

Regenerate (from importer/vcard, with Debian's python3-vobject 0.9.6.1:
`apt-get install -y python3-vobject`):

    /usr/bin/python3 testdata/make_reference.py ../../../shared/data/vcard > testdata/reference.json

For each .vcf under the data directory (FILES.tsv lists them) it writes the
number of cards and each card's FN and EMAIL values, as vobject decodes them
(quoted-printable, CHARSET, escapes), or the line vobject fails at. Two
things are done to the input, both because vobject gets them wrong, not to
help the Go reader:
  * the bytes are decoded with surrogateescape and each value re-encoded
    afterwards, because a folded line may split a UTF-8 sequence
    (kcontacts/vcard9.vcf) and vobject only takes text;
  * CR CR LF is turned into CR LF: Python's universal newlines read it as a
    line break plus a blank line, which ends a fold (ez-vcard/John_Doe_IPHONE.vcf).
Files or fields where vobject is wrong on its own are listed in EXCLUDED with
the reason; the Go test checks those by hand instead.
"""
import json
import os
import sys

import vobject

EXCLUDED = {
    "ez-vcard/John_Doe_ANDROID.vcf":
        "vobject decodes the embedded PHOTO and fails on its base64 "
        "(1169 characters, not a multiple of 4); the names and emails are fine",
    "ez-vcard/John_Doe_LOTUS_NOTES.vcf":
        "vobject treats the PROFILE:VCard property as a second BEGIN and fails "
        "('This component already has a PROFILE or uses BEGIN')",
    "kcontacts/vcard_legacy_messaging_fields.vcf":
        "vobject refuses '/' in the property name X-messaging/twitter-All; "
        "kcontacts writes such names and the card is otherwise valid",
}
FN_EXCLUDED = {
    "ez-vcard/John_Doe_GMAIL.vcf":
        "vobject cuts FN at its first unescaped comma ('Mr. John Richter'); "
        "FN is a single text value and Gmail writes the comma unescaped",
    "kcontacts/vcard5.vcf":
        "vobject cuts FN at its first unescaped comma ('Mustermann')",
}


def text(v):
    if isinstance(v, bytes):
        v = v.decode("utf-8", "replace")
    if not isinstance(v, str):
        v = str(v)
    return v.encode("utf-8", "surrogateescape").decode("utf-8", "replace").strip()


def main(root):
    out = {}
    for dirpath, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            if not name.endswith(".vcf"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if rel.startswith("kcontacts/expected"):
                continue
            entry = {}
            if rel in EXCLUDED:
                entry["excluded"] = EXCLUDED[rel]
            if rel in FN_EXCLUDED:
                entry["fn_excluded"] = FN_EXCLUDED[rel]
            data = open(path, "rb").read()
            if data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            data = data.replace(b"\r\r\n", b"\r\n")
            src = data.decode("utf-8", "surrogateescape")
            try:
                cards = list(vobject.readComponents(src, allowQP=True))
            except vobject.base.ParseError as e:
                entry["error_line"] = e.lineNumber
                entry["error"] = str(e)
                out[rel] = entry
                continue
            except Exception as e:
                entry["error"] = "%s: %s" % (type(e).__name__, e)
                out[rel] = entry
                continue
            entry["cards"] = []
            for c in cards:
                lines = list(c.lines())
                fn = [text(l.value) for l in lines if l.name == "FN"]
                emails = [text(l.value) for l in lines if l.name == "EMAIL"]
                named = any(text(l.value) for l in lines if l.name in ("FN", "ORG")) or any(
                    text(l.value) for l in lines if l.name == "N")
                entry["cards"].append({
                    "fn": fn[0] if fn else "",
                    "emails": [e for e in emails if e],
                    "named": bool(named),
                })
            out[rel] = entry
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../../../shared/data/vcard")
