package identity

import (
	"encoding/hex"
	"strings"
	"testing"
	"unicode"
)

// TestPhoneReference compares Phone with Google's libphonenumber on the
// TEL values of the public vCard fixtures and the fuzz seeds
// (testdata/phone_reference.tsv, made by testdata/make_phone_reference.py;
// the raw values are in the file). A number with its country must give
// libphonenumber's E.164 form and extension; one without must keep its
// digits (the extension's after ";ext=", a leading "00" as "+"). Phone
// may refuse only what has fewer than 5 digits or letters in it.
func TestPhoneReference(t *testing.T) {
	rows := readTSV(t, "testdata/phone_reference.tsv")[1:]
	var e164, national, refused int
	for _, r := range rows {
		raw, err := hex.DecodeString(r[0])
		if err != nil {
			t.Fatal(err)
		}
		r = append(r, "", "", "")[:4]
		wantE164, wantExt, digits := r[1], r[2], r[3]
		id, ok := Phone(string(raw))
		main, ext, _ := strings.Cut(id.Value, ";ext=")
		switch {
		case !ok:
			refused++
			if len(digits) >= minPhoneDigits && !strings.ContainsFunc(string(raw), unicode.IsLetter) {
				t.Errorf("Phone(%q) refused; libphonenumber reads digits %s", raw, digits)
			}
		case wantE164 != "":
			e164++
			if main != wantE164 || ext != wantExt {
				t.Errorf("Phone(%q) = %q; libphonenumber: %s ext %q", raw, id.Value, wantE164, wantExt)
			}
		default:
			national++
			got := strings.TrimPrefix(main, "+") + ext
			if strings.HasPrefix(strings.TrimSpace(string(raw)), "00") {
				got = "00" + got
			}
			if got != digits {
				t.Errorf("Phone(%q) = %q; libphonenumber's digits: %s", raw, id.Value, digits)
			}
		}
	}
	t.Logf("%d values: %d with a country as libphonenumber reads them, %d without one keeping their digits, %d refused (under 5 digits or letters)",
		len(rows), e164, national, refused)
	if e164 < 15 || national < 40 {
		t.Errorf("too few numbers compared: %d with a country, %d without", e164, national)
	}
}
