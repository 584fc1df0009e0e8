package identity

import (
	"encoding/hex"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestEmailReference compares Email with Python's mail parser on every
// distinct From/To/Cc/Reply-To/Sender value of the public mbox files
// (testdata/email_reference.tsv, made by
// testdata/make_email_reference.py; the raw values are in the file, so
// the test needs no shared data). Where Python finds one address, Email
// must return it; where Python finds several, Email must refuse the
// value. The differences it allows are the ones Email documents.
func TestEmailReference(t *testing.T) {
	rows := readTSV(t, "testdata/email_reference.tsv")[1:]
	var one, many, agree, quoted, notes, refused int
	for _, r := range rows {
		raw, err := hex.DecodeString(r[0])
		if err != nil {
			t.Fatal(err)
		}
		n, err := strconv.Atoi(r[1])
		if err != nil {
			t.Fatal(err)
		}
		var addrs []string
		if len(r) > 2 {
			addrs = strings.Fields(r[2])
		}
		id, ok := Email(string(raw))
		switch {
		case n == 1:
			one++
			want := strings.TrimSuffix(addrs[0], ".")
			switch {
			case ok && id.Value == want:
				agree++
			case ok && id.Value == unquoteLocal(want):
				quoted++ // "'barry.tycholiz'@enron.com": Python keeps the quotes
			case !ok && strings.Contains(want, "/"):
				notes++ // "Phillip K Allen/HOU/ECT@ECT": a Notes name, not an address
			case !ok:
				refused++
				t.Logf("Python reads %q as %s; Email refuses it", raw, want)
			default:
				t.Errorf("Python reads %q as %s; Email as %s", raw, want, id.Value)
			}
		case n > 1:
			many++
			if ok && distinct(addrs) > 1 {
				t.Errorf("%q holds %d addresses (Python), but Email reads one: %s", raw, n, id.Value)
			}
		}
	}
	t.Logf("%d values: %d with one address (%d the same, %d without the quotes around the local part, %d Notes names refused, %d refused otherwise), %d with several",
		len(rows), one, agree, quoted, notes, refused, many)
	if one == 0 || agree+quoted+notes+refused != one || refused > one/50 {
		t.Errorf("%d of %d single addresses read the same as Python, %d refused for no documented reason", agree, one, refused)
	}
}

// unquoteLocal drops the quotes around an address's local part.
func unquoteLocal(a string) string {
	at := strings.LastIndexByte(a, '@')
	return strings.Trim(a[:at], "'") + a[at:]
}

// distinct counts different strings.
func distinct(ss []string) int {
	m := map[string]bool{}
	for _, s := range ss {
		m[s] = true
	}
	return len(m)
}

// TestSuggestMailHeaders runs Suggest on the people the same real
// headers name (one per address, with the display name net/mail reads;
// 777 people, most named by their address alone): it must find exactly
// the pairs checked by hand below.
func TestSuggestMailHeaders(t *testing.T) {
	byAddr := map[string]int{}
	var people []Candidate
	for _, r := range readTSV(t, "testdata/email_reference.tsv")[1:] {
		raw, err := hex.DecodeString(r[0])
		if err != nil {
			t.Fatal(err)
		}
		id, ok := Email(string(raw))
		if !ok {
			continue
		}
		var name string
		if a, err := mail.ParseAddress(string(raw)); err == nil {
			name = a.Name
		}
		if i, ok := byAddr[id.Value]; ok {
			if people[i].Name == "" {
				people[i].Name = name
			}
			continue
		}
		byAddr[id.Value] = len(people)
		people = append(people, Candidate{ID: int64(len(people) + 1), Name: name, Emails: []string{id.Value}})
	}
	var got []string
	for _, s := range Suggest(people, nil) {
		a, b := people[s.A-1], people[s.B-1]
		got = append(got, a.Emails[0]+" ~ "+b.Emails[0])
		t.Logf("%.2f %q <%s> ~ %q <%s>: %s", s.Score, a.Name, a.Emails[0], b.Name, b.Emails[0], s.Reason)
	}
	want := []string{
		"sally.beck@enron.com ~ sally_beck@enron.com",               // one person, two spellings of her address
		"stephanie.strong@enron.com ~ stephanie_strong@enron.com",   // likewise
		"cristy@eplrx7.es.dupont.com ~ cristy@mystic.es.dupont.com", // "Cristy" at two hosts of one domain
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(people) < 700 || !slices.Equal(got, want) {
		t.Errorf("%d people; suggested %q, want %q", len(people), got, want)
	}
}
