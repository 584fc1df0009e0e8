package vcard

import (
	"bytes"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/allyhq/ally/importer"
)

// roundTrip writes people and reads them back with notes kept.
func roundTrip(t testing.TB, people []importer.Person) ([]importer.Person, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, people); err != nil {
		t.Fatalf("Write: %v", err)
	}
	var got []importer.Person
	err := Read(bytes.NewReader(buf.Bytes()), "export.vcf", Options{Notes: true}, func(p importer.Person) error {
		got = append(got, p)
		return nil
	})
	if err != nil {
		t.Fatalf("Read of Write's output: %v\n%s", err, buf.Bytes())
	}
	return got, buf.Bytes()
}

func TestWriteRoundTrip(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("Łódź–Zürich ", 20)) // Read trims values, as the contract says
	people := []importer.Person{
		{ExternalID: "vcard:urn:uuid:1;2,3", Name: "Doe, John; Jr.\nthe second", Emails: []string{"john@example.com", "j.doe@work.example", "odd,comma@example.com"},
			Phones:       []string{"+1-555-0100", "(555) 0101 ext. 2", "+44-20-7946-0958;ext=12", "555;0102"},
			Organisation: "Acme; Sons", Department: "R&D, Europe", Team: `Lab\2`, Title: "Head of\nTesting", Location: "Saint-Jean, Québec", Notes: "first line\nsecond; line, with \\ backslash"},
		{ExternalID: "vcard:x", Name: "Zoë Ünal 李小龍 " + long, Emails: []string{"zoe@example.org"}, Organisation: long, Title: long, Location: long},
		{Name: "No Id", Emails: []string{"noid@example.org"}, Phones: []string{"1"}},
		{ExternalID: "csv:row-7", Name: "From CSV", Department: "Sales", Team: "North"},
		{ExternalID: "vcard:team-only", Name: "Team Only", Team: "T"},
		{ExternalID: "vcard:emoji", Name: "😀 Smile 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀"},
	}
	got, out := roundTrip(t, people)
	want := make([]importer.Person, len(people))
	line := 1
	for i, p := range people {
		switch {
		case p.ExternalID == "":
			p.ExternalID = "vcard-sha256:" + contentHash(p)
		case !strings.HasPrefix(p.ExternalID, "vcard"):
			p.ExternalID = "vcard:" + p.ExternalID
		}
		p.Pos = importer.Pos{File: "export.vcf", Line: line}
		want[i] = p
		line += bytes.Count(cardAt(out, i), []byte("\n"))
	}
	if len(got) != len(want) {
		t.Fatalf("read %d people back, wrote %d", len(got), len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("person %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// cardAt is the i-th card of Write's output.
func cardAt(out []byte, i int) []byte {
	cards := bytes.SplitAfter(out, []byte("END:VCARD\r\n"))
	return cards[i]
}

func TestWriteFormat(t *testing.T) {
	p := importer.Person{ExternalID: "vcard:42", Name: "Ærøskøbing " + strings.Repeat("ü", 80), Emails: []string{"a@x.org"}, Phones: []string{"+1-2", "1 2"},
		Organisation: "O", Team: "T", Title: "a,b;c", Location: "L", Notes: "n"}
	var buf bytes.Buffer
	if err := Write(&buf, []importer.Person{p}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasSuffix(out, "\r\n") || strings.Count(out, "\n") != strings.Count(out, "\r\n") {
		t.Errorf("not CRLF throughout:\n%q", out)
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("fold split a UTF-8 sequence: %q", l)
		}
	}
	for _, want := range []string{
		"BEGIN:VCARD\r\nVERSION:4.0\r\n", "\r\nUID:42\r\n", "\r\nFN:Ærøskøbing üü", "\r\n ü", "\r\nEMAIL:a@x.org\r\n",
		"\r\nTEL;VALUE=uri:tel:+1-2\r\n", "\r\nTEL;VALUE=text:1 2\r\n", "\r\nORG:O;;T\r\n", "\r\nTITLE:a\\,b\\;c\r\n",
		"\r\nADR;TYPE=work:;;;L;;;\r\n", "\r\nNOTE:n\r\n", "\r\nEND:VCARD\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteError(t *testing.T) {
	boom := errors.New("disk full")
	err := Write(errWriter{boom}, []importer.Person{{Name: "A"}})
	if !errors.Is(err, boom) {
		t.Errorf("Write = %v, want %v", err, boom)
	}
}

type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }

// TestRealRoundTrip: every real card, written and read again, is the same
// person (Pos aside).
func TestRealRoundTrip(t *testing.T) {
	needData(t)
	files, _ := filepath.Glob(filepath.Join(dataDir, "*", "*.vcf"))
	if len(files) == 0 {
		t.Fatal("no files")
	}
	n := 0
	for _, path := range files {
		people, _ := readFile(t, path)
		got, _ := roundTrip(t, people)
		if len(got) != len(people) {
			t.Fatalf("%s: %d people back from %d", path, len(got), len(people))
		}
		for i := range got {
			got[i].Pos, people[i].Pos = importer.Pos{}, importer.Pos{}
			if !reflect.DeepEqual(got[i], people[i]) {
				t.Errorf("%s person %d:\n got %+v\nwant %+v", path, i, got[i], people[i])
			}
			n++
		}
	}
	t.Logf("%d people round-tripped", n)
}
