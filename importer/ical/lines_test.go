package ical

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// TestLineReader: unfolding, line ends, BOM, blank lines, line numbers.
func TestLineReader(t *testing.T) {
	cases := []struct {
		name, in string
		want     string // "no:line|no:line"
	}{
		{"CRLF and a fold", "A:1\r\nB:2\r\n 3\r\nC:4\r\n", "1:A:1|2:B:23|4:C:4"},
		{"LF and a tab fold", "A:1\nB:2\n\t3\n", "1:A:1|2:B:23"},
		{"BOM dropped", "\xef\xbb\xbfA:1\n", "1:A:1"},
		{"blank lines skipped", "A:1\n\n\r\nB:2\n", "1:A:1|4:B:2"},
		{"blank line before a continuation", "A\n\n :1\nB:2\n", "1:A:1|4:B:2"},
		{"no final line end", "A:1\nB:2", "1:A:1|2:B:2"},
		{"fold keeps inner spaces", "A:x\n  y\n", "1:A:x y"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lr := newLineReader(strings.NewReader(c.in))
			var got []string
			for {
				raw, no, err := lr.next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, fmt.Sprintf("%d:%s", no, raw))
			}
			if s := strings.Join(got, "|"); s != c.want {
				t.Errorf("got  %s\nwant %s", s, c.want)
			}
		})
	}
}

// TestParseLine: names, parameters (quoted, lists, RFC 6868) and values.
func TestParseLine(t *testing.T) {
	cases := []struct {
		in, want, reason string
	}{
		{`attendee;cn="Doe, Jane";ROLE=REQ-PARTICIPANT:mailto:j@x`, `ATTENDEE [CN=Doe, Jane ROLE=REQ-PARTICIPANT] mailto:j@x`, ""},
		{`ATTENDEE;MEMBER="mailto:a@x","mailto:b@x":mailto:c@x`, `ATTENDEE [MEMBER=mailto:a@x,mailto:b@x] mailto:c@x`, ""},
		{`ATTENDEE;CN=^'Bo^' ^^x^n2:mailto:b@x`, "ATTENDEE [CN=\"Bo\" ^x\n2] mailto:b@x", ""},
		{`SUMMARY:a:b;c`, `SUMMARY [] a:b;c`, ""},
		{`DESCRIPTION;X=1:not copied`, `DESCRIPTION [] `, ""},
		{`:value`, ``, "content line does not start with a property name"},
		{`SUMMARY`, ``, "SUMMARY has no ':' before its value"},
		{`ATTENDEE;CN:x`, ``, "parameter of ATTENDEE has no name=value"},
		{`ATTENDEE;CN="open:x`, ``, "parameter CN of ATTENDEE has an unclosed quote"},
	}
	for _, c := range cases {
		l, reason := parseLine([]byte(c.in), 1, nil)
		if reason != c.reason {
			t.Errorf("%s: reason %q, want %q", c.in, reason, c.reason)
			continue
		}
		if reason != "" {
			continue
		}
		var ps []string
		for _, p := range l.params {
			ps = append(ps, p.name+"="+strings.Join(p.values, ","))
		}
		if got := fmt.Sprintf("%s [%s] %s", l.name, strings.Join(ps, " "), l.value); got != c.want {
			t.Errorf("%s:\ngot  %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestText: TEXT escapes and one-line subjects.
func TestText(t *testing.T) {
	cases := []struct{ in, want string }{
		{`a\, b\; c\\d`, `a, b; c\d`},
		{`one\ntwo\Nthree`, "one\ntwo\nthree"},
		{`trailing\`, `trailing\`},
	}
	for _, c := range cases {
		if got := unescapeText(c.in); got != c.want {
			t.Errorf("unescapeText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := oneLine(" a\n b\t\tc  "); got != "a b c" {
		t.Errorf("oneLine: %q", got)
	}
}

// TestParseDateTime: DATE, DATE-TIME (floating, UTC, zoned) and refusals.
func TestParseDateTime(t *testing.T) {
	cases := []struct {
		in, tzid  string
		valueDate bool
		want      string // wall RFC 3339, flags
		err       bool
	}{
		{"20260301", "", false, "2026-03-01T00:00:00Z date", false},
		{"20260301", "Europe/Berlin", true, "2026-03-01T00:00:00Z date", false},
		{"20260301T093000", "Europe/Berlin", false, "2026-03-01T09:30:00Z tz=Europe/Berlin", false},
		{"20260301T093000Z", "Europe/Berlin", false, "2026-03-01T09:30:00Z utc", false},
		{"20261231T235960Z", "", false, "2026-12-31T23:59:59Z utc", false},
		{"20260230", "", false, "", true},
		{"20261301T000000", "", false, "", true},
		{"20260301T250000", "", false, "", true},
		{"20260301T0930", "", false, "", true},
		{"2026-03-01", "", false, "", true},
		{"20260301T093000", "", true, "", true},
		{"09990101", "", false, "", true},
	}
	for _, c := range cases {
		dt, err := parseDateTime(c.in, c.tzid, c.valueDate)
		if (err != nil) != c.err {
			t.Errorf("%s: err %v, want error %v", c.in, err, c.err)
			continue
		}
		if err != nil {
			continue
		}
		got := dt.wall.Format(time.RFC3339)
		switch {
		case dt.date:
			got += " date"
		case dt.utc:
			got += " utc"
		case dt.tzid != "":
			got += " tz=" + dt.tzid
		}
		if got != c.want {
			t.Errorf("%s: %s, want %s", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want int
		err  bool
	}{{"+0100", 3600, false}, {"-0530", -19800, false}, {"+013015", 5415, false}, {"+5744", 0, true}, {"0100", 0, true}} {
		got, err := parseOffset(c.in)
		if got != c.want || (err != nil) != c.err {
			t.Errorf("parseOffset(%s) = %d, %v", c.in, got, err)
		}
	}
}

// TestWindowsZones: the generated table maps ids and display names.
func TestWindowsZones(t *testing.T) {
	for name, want := range map[string]string{
		"W. Europe Standard Time":                "Europe/Berlin",
		"Eastern Standard Time":                  "America/New_York",
		"GMT Standard Time":                      "Europe/London",
		"Tokyo Standard Time":                    "Asia/Tokyo",
		"(UTC-05:00) Eastern Time (US & Canada)": "America/New_York",
	} {
		if got := windowsZones[name]; got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
		if _, err := time.LoadLocation(want); err != nil {
			t.Errorf("%s: %v", want, err)
		}
	}
	if len(windowsZones) < 200 {
		t.Errorf("only %d Windows names", len(windowsZones))
	}
}
