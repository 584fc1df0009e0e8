package vcard

import (
	"bytes"
	"errors"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/allyhq/ally/importer"
)

// folded is a reader of n bytes of a folded base64 photo line, made as it
// is read so that the test does not hold it either.
type folded struct{ n, off int }

func (f *folded) Read(p []byte) (int, error) {
	if f.off >= f.n {
		return 0, io.EOF
	}
	const row = "\r\n QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"
	w := 0
	for w < len(p) && f.off < f.n {
		k := copy(p[w:min(len(p), w+f.n-f.off)], row[f.off%len(row):])
		w += k
		f.off += k
	}
	return w, nil
}

// allocated is the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// TestReadPhotoNotStored: a 6 MB embedded photo is read past with a few
// buffers' worth of memory, not its size.
func TestReadPhotoNotStored(t *testing.T) {
	const size = 6 << 20
	var got []importer.Person
	used := allocated(func() {
		r := io.MultiReader(strings.NewReader("BEGIN:VCARD\r\nFN:Big Photo\r\nPHOTO;ENCODING=b;TYPE=JPEG:QUFB"),
			&folded{n: size}, strings.NewReader("\r\nEMAIL:big@x.org\r\nEND:VCARD\r\n"))
		err := Read(r, "big.vcf", Options{}, func(p importer.Person) error { got = append(got, p); return nil })
		if err != nil {
			t.Fatal(err)
		}
	})
	if len(got) != 1 || got[0].Name != "Big Photo" || len(got[0].Emails) != 1 {
		t.Fatalf("got %+v", got)
	}
	if used > 1<<20 {
		t.Errorf("reading a %d-byte photo allocated %d bytes: it was stored", size, used)
	}
}

// endless is a reader that never ends: "NOTE:" and then 'a' for ever.
type endless struct{ read int }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	if e.read == 0 {
		copy(p, "BEGIN:VCARD\nNOTE:")
	}
	e.read += len(p)
	return len(p), nil
}

// TestReadEndlessLine: a line that never ends is refused after a cap,
// having read little more than the cap and kept none of it: the card cap
// for a dropped property, the value cap for a kept one.
func TestReadEndlessLine(t *testing.T) {
	for _, tc := range []struct {
		notes  bool
		line   int
		reason string
		alloc  uint64 // a kept value grows to its 1 MiB cap by doubling
	}{
		{false, 1, "card is larger than", 1 << 20},
		{true, 2, "value is longer than", 6 << 20},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			r := &endless{}
			var err error
			used := allocated(func() {
				err = Read(r, "endless.vcf", Options{Notes: tc.notes, MaxCardBytes: 2 << 20}, func(importer.Person) error { return nil })
			})
			var e *importer.Error
			if !errors.As(err, &e) || e.Pos.Line != tc.line || e.Field != "NOTE" || !strings.Contains(e.Reason, tc.reason) {
				t.Fatalf("err %v, want line %d NOTE: %s", err, tc.line, tc.reason)
			}
			if r.read > 3<<20 {
				t.Errorf("read %d bytes of an endless line before refusing it", r.read)
			}
			if used > tc.alloc {
				t.Errorf("allocated %d bytes for it", used)
			}
		})
	}
}

// TestReadHugeLineSkipped: with Skip, a card with a 30 MB line is reported
// and the read goes on to the next card, in bounded memory.
func TestReadHugeLineSkipped(t *testing.T) {
	var bad []*importer.Error
	var names []string
	used := allocated(func() {
		r := io.MultiReader(strings.NewReader("BEGIN:VCARD\nFN:Huge\nX-JUNK:"), &folded{n: 30 << 20},
			strings.NewReader("\nEND:VCARD\nBEGIN:VCARD\nFN:After\nEND:VCARD\n"))
		err := Read(r, "huge.vcf", Options{Skip: func(e *importer.Error) error { bad = append(bad, e); return nil }},
			func(p importer.Person) error { names = append(names, p.Name); return nil })
		if err != nil {
			t.Fatal(err)
		}
	})
	if len(bad) != 1 || bad[0].Field != "X-JUNK" || len(names) != 1 || names[0] != "After" {
		t.Errorf("bad %v, read %q; want X-JUNK refused and After read", bad, names)
	}
	if used > 2<<20 {
		t.Errorf("allocated %d bytes", used)
	}
}

// TestReadManyBlankLines: loops are bounded by the input, not by its
// shape: a million blank or stray continuation lines are read through.
func TestReadManyBlankLines(t *testing.T) {
	input := strings.Repeat("\n", 1<<20) + strings.Repeat(" x\n", 1<<18) + "BEGIN:VCARD\nFN:Last\nEND:VCARD\n"
	got, bad, err := readAll(t, input, Options{})
	if err != nil || len(bad) != 0 || len(got) != 1 || got[0].Pos.Line != 1<<20+1<<18+1 {
		t.Fatalf("got %v %v %v", got, bad, err)
	}
}

// TestNoNetwork: the package imports nothing that could fetch a PHOTO or
// run a program.
func TestNoNetwork(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "net" || strings.HasPrefix(path, "net/") || path == "os/exec" || path == "os" || path == "syscall" {
				t.Errorf("%s imports %s", f, path)
			}
		}
	}
}

// TestTestdataFixtures reads the fixtures the fuzzer starts from and
// checks what each one says.
func TestTestdataFixtures(t *testing.T) {
	tests := []struct {
		file  string
		want  []importer.Person
		bad   []string // "line field"
		notes bool
	}{
		{"v21-outlook.vcf", []importer.Person{{
			Name: "Jürgen Müller", Emails: []string{"juergen@example.de"}, Phones: []string{"+49 170 1234567", "+49 30 1234"},
			Organisation: "Bäckerei", Department: "Verkauf", Title: "Meister", Location: "Berlin", Notes: "erste Zeile\nzweite Zeile",
			Pos: importer.Pos{File: "v21-outlook.vcf", Line: 1}}}, nil, true},
		{"v30-apple.vcf", []importer.Person{
			{ExternalID: "vcard:3f2a-1", Name: "Doe, John", Emails: []string{"john@example.com"}, Phones: []string{"555 0100"},
				Organisation: "Acme; Sons", Department: "R&D", Team: "Lab 2", Title: "Head of\nTesting", Location: "Worktown", Pos: importer.Pos{File: "v30-apple.vcf", Line: 1}},
			{Name: "Lower Case", Emails: []string{"lower@example.org"}, Pos: importer.Pos{File: "v30-apple.vcf", Line: 18}}}, nil, false},
		{"v40-rfc.vcf", []importer.Person{{
			Name: "Simon Perreault", Emails: []string{"simon.perreault@viagenie.ca", "simon@example.org"}, Phones: []string{"+1-418-656-9254;ext=102", "+1-418-262-6501"},
			Organisation: "Viagenie", Location: "Quebec", Pos: importer.Pos{File: "v40-rfc.vcf", Line: 1}}},
			[]string{"14 FN", "19 FN"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var got []importer.Person
			var bad []string
			err = Read(bytes.NewReader(b), tc.file, Options{Notes: tc.notes, Skip: func(e *importer.Error) error {
				bad = append(bad, strconv.Itoa(e.Pos.Line)+" "+e.Field)
				return nil
			}}, func(p importer.Person) error { got = append(got, p); return nil })
			if err != nil {
				t.Fatal(err)
			}
			checkPeople(t, got, tc.want)
			if strings.Join(bad, ",") != strings.Join(tc.bad, ",") {
				t.Errorf("bad cards %q, want %q", bad, tc.bad)
			}
		})
	}
}
