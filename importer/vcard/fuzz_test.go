package vcard

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/allyhq/ally/importer"
)

// FuzzRead: no input panics or hangs; every bad card names the file and a
// line of the input; every person read has a name, an id and valid UTF-8;
// and what Read returns, written with Write and read again, is the same.
func FuzzRead(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.vcf")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"BEGIN:VCARD\nFN:a\nEND:VCARD\n",
		"BEGIN:VCARD\r\nN;ENCODING=QUOTED-PRINTABLE:=C3=\r\n=91;x\r\nEND:VCARD",
		"BEGIN:VCARD\nAGENT:\nBEGIN:VCARD\nEND:VCARD\nEMAIL:x\nEND:VCARD\n",
		"\xff\xfeB\x00E\x00G\x00I\x00N\x00:\x00V\x00C\x00A\x00R\x00D\x00",
		"BEGIN:VCARD\nFN;CHARSET=shift_jis:\x83e\x83X\x83g\nTEL;VALUE=uri:tel:+1\nEND:VCARD\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		lines := bytes.Count(in, []byte("\n")) + bytes.Count(in, []byte("\r")) + 1
		var people []importer.Person
		err := Read(bytes.NewReader(in), "fuzz.vcf", Options{Notes: true, MaxCardBytes: 1 << 16, Skip: func(e *importer.Error) error {
			if e.Pos.File != "fuzz.vcf" || e.Pos.Line < 1 || e.Pos.Line > lines || e.Reason == "" {
				t.Errorf("bad card error %+v does not name the file and a line of %d", e, lines)
			}
			return nil
		}}, func(p importer.Person) error {
			people = append(people, p)
			return nil
		})
		if err != nil {
			t.Fatalf("Read with Skip: %v", err)
		}
		for _, p := range people {
			if p.Name == "" || p.ExternalID == "" || p.Pos.Line < 1 || p.Pos.Line > lines {
				t.Errorf("person without name, id or line: %+v", p)
			}
			for _, s := range append([]string{p.Name, p.Organisation, p.Department, p.Team, p.Title, p.Location, p.Notes, p.ExternalID}, append(p.Emails, p.Phones...)...) {
				if !utf8.ValidString(s) {
					t.Errorf("invalid UTF-8 %q in %+v", s, p)
				}
			}
		}
		var out bytes.Buffer
		if err := Write(&out, people); err != nil {
			t.Fatal(err)
		}
		var again []importer.Person
		if err := Read(&out, "again.vcf", Options{Notes: true}, func(p importer.Person) error {
			again = append(again, p)
			return nil
		}); err != nil {
			t.Fatalf("Read(Write(people)): %v\n%q", err, out.String())
		}
		if len(again) != len(people) {
			t.Fatalf("%d people written, %d read back", len(people), len(again))
		}
		for i := range people {
			a, b := people[i], again[i]
			a.Pos, b.Pos = importer.Pos{}, importer.Pos{}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("round trip changed person %d:\n got %+v\nwant %+v", i, b, a)
			}
		}
	})
}

// benchFile is n generated cards, a mix of what real files hold: 2.1 with
// quoted-printable and bare parameters, 3.0 with groups, escapes and a
// small photo, 4.0 with URIs.
func benchFile(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller%d;J=C3=BCrgen;;;\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen =\r\nM=C3=BCller %d\r\nEMAIL;INTERNET;PREF:juergen%d@example.de\r\nTEL;CELL:+49 170 %07d\r\nORG:B=C3=A4ckerei;Verkauf\r\nTITLE:Meister\r\nEND:VCARD\r\n", i, i, i, i)
		case 1:
			fmt.Fprintf(&b, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Doe\\, John %d\r\nN:Doe;John;;;\r\nitem1.EMAIL;type=INTERNET;type=pref:john%d@example.com\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nEMAIL;TYPE=INTERNET,WORK:j%d@work.example\r\nTEL;TYPE=CELL,VOICE:555 %04d\r\nORG:Acme;R&D;Lab\r\nADR;TYPE=WORK:;;2 Work Rd;Worktown;;;\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/4QBYRXhpZgAATU0AKgAA\r\n AAgAAgESAAMAAAABAAEAAIdpAAQAAAABAAAAJgAAAAAAA6ABAAMAAAABAAEAAKACAAQAAAABAA\r\n ABQKADAAQAAAABAAABQAAAAAD/2wBDAAIBAQIBAQICAQICAgICAwUDAwMDAwYEBAMFBwYHBwcG\r\nUID:uid-%d\r\nEND:VCARD\r\n", i, i, i, i%10000, i)
		default:
			fmt.Fprintf(&b, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Simon Perreault %d\r\nN:Perreault;Simon;;;\r\nORG;TYPE=work:Viagenie\r\nTEL;VALUE=uri;TYPE=\"work,voice\";PREF=1:tel:+1-418-656-%04d\r\nEMAIL;TYPE=work:simon%d@viagenie.ca\r\nNOTE:a note that is dropped\\, as notes are by default\r\nEND:VCARD\r\n", i, i%10000, i)
		}
	}
	return b.Bytes()
}

// BenchmarkRead reads a generated file of 10,000 cards.
func BenchmarkRead(b *testing.B) {
	const cards = 10000
	in := benchFile(cards)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := Read(bytes.NewReader(in), "bench.vcf", Options{}, func(importer.Person) error { n++; return nil })
		if err != nil || n != cards {
			b.Fatalf("read %d cards: %v", n, err)
		}
	}
	b.ReportMetric(float64(cards)*float64(b.N)/b.Elapsed().Seconds(), "cards/s")
}

// BenchmarkWrite writes 10,000 people.
func BenchmarkWrite(b *testing.B) {
	var people []importer.Person
	if err := Read(bytes.NewReader(benchFile(10000)), "bench.vcf", Options{}, func(p importer.Person) error {
		people = append(people, p)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := Write(&out, people); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(out.Len()))
	b.ReportMetric(float64(len(people))*float64(b.N)/b.Elapsed().Seconds(), "cards/s")
}

// FuzzWrite: whatever text the other readers hand to Write (a CSV cell,
// a mail display name), its output reads back as one card with the same
// name, email, organisation, title and notes, as Read normalises them
// (trimmed, CR LF as LF, invalid UTF-8 as U+FFFD).
func FuzzWrite(f *testing.F) {
	f.Add("Doe, John; Jr.\nthe second", "j@x.org", "Acme; Sons", "R&D", "Head\\of", "note\r\nline")
	f.Add(" Zoë \xff", "mailto:a,b@x", "", "", "", "")
	f.Fuzz(func(t *testing.T, name, email, org, dept, title, notes string) {
		norm := func(s string) string {
			s = strings.ToValidUTF8(s, "\uFFFD")
			s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
			return strings.TrimSpace(s)
		}
		p := importer.Person{ExternalID: "vcard:fuzz", Name: "Name " + name, Emails: []string{"x" + email}, Organisation: org, Department: dept, Title: title, Notes: notes}
		var out bytes.Buffer
		if err := Write(&out, []importer.Person{p}); err != nil {
			t.Fatal(err)
		}
		var got []importer.Person
		err := Read(&out, "w.vcf", Options{Notes: true}, func(p importer.Person) error { got = append(got, p); return nil })
		if err != nil || len(got) != 1 {
			t.Fatalf("Read(Write(%+v)) = %v, %v\n%q", p, got, err, out.String())
		}
		g := got[0]
		wantEmail := norm("x" + email)
		for strings.HasPrefix(strings.ToLower(wantEmail), "mailto:") {
			wantEmail = strings.TrimSpace(wantEmail[len("mailto:"):])
		}
		if g.Name != norm("Name "+name) || g.Organisation != norm(org) || g.Department != norm(dept) || g.Title != norm(title) || g.Notes != norm(notes) ||
			wantEmail != "" && (len(g.Emails) != 1 || g.Emails[0] != wantEmail) || g.ExternalID != "vcard:fuzz" {
			t.Errorf("round trip changed the person:\n got %+v\nfrom %+v\n%q", g, p, out.String())
		}
	})
}
