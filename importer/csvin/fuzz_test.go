package csvin

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
)

// seeds adds every CSV file of testdata/ to f.
func seeds(f *testing.F) {
	files, err := filepath.Glob("testdata/*.csv")
	txt, _ := filepath.Glob("testdata/*.txt")
	files = append(files, txt...)
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in testdata/: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzReadInteractions(f *testing.F) {
	seeds(f)
	f.Add([]byte("from,to,at\na,\"b\nc\",2024-01-01\n\"unclosed,x,y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		read := func() ([]importer.Interaction, []*importer.Error, error) {
			var got []importer.Interaction
			var bad []*importer.Error
			err := ReadInteractions(bytes.NewReader(data), "f.csv", LogOptions{Skip: func(e *importer.Error) error {
				bad = append(bad, e)
				return nil
			}}, func(in importer.Interaction) error {
				got = append(got, in)
				return nil
			})
			return got, bad, err
		}
		got, bad, err := read()
		for _, in := range got {
			if len(in.Parties) < 2 || in.Parties[0].Role != ally.RoleInitiator {
				t.Fatalf("line %d: parties %+v", in.Pos.Line, in.Parties)
			}
			for _, p := range in.Parties[1:] {
				if p.Role == ally.RoleInitiator || p.Email == "" && p.ID == "" {
					t.Fatalf("line %d: parties %+v", in.Pos.Line, in.Parties)
				}
			}
			if err := in.Kind.Validate(); err != nil {
				t.Fatalf("line %d: %v", in.Pos.Line, err)
			}
			if err := ally.CheckDate("at", in.At); err != nil {
				t.Fatalf("line %d: %v", in.Pos.Line, err)
			}
			if !strings.HasPrefix(in.ExternalID, "csv:") && !strings.HasPrefix(in.ExternalID, "csv-sha256:") || len(in.ExternalID) > 500 {
				t.Fatalf("line %d: external id %q", in.Pos.Line, in.ExternalID)
			}
			if in.Pos.File != "f.csv" || in.Pos.Line < 2 || !utf8.ValidString(in.Subject) {
				t.Fatalf("pos %v subject %q", in.Pos, in.Subject)
			}
		}
		for _, e := range bad {
			if e.Pos.File != "f.csv" || e.Pos.Line < 1 || e.Reason == "" {
				t.Fatalf("bad row %#v", e)
			}
		}
		got2, bad2, err2 := read()
		if !reflect.DeepEqual(got, got2) || !reflect.DeepEqual(bad, bad2) || (err == nil) != (err2 == nil) {
			t.Fatal("two reads of the same bytes differ")
		}
	})
}

func FuzzReadOrg(f *testing.F) {
	seeds(f)
	f.Add([]byte("id,name,manager_id\n1,a,2\n2,b,3\n3,c,1\n4,d,4\n5,e,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var bad []*importer.Error
		people, err := ReadOrg(bytes.NewReader(data), "f.csv", OrgOptions{Skip: func(e *importer.Error) error {
			bad = append(bad, e)
			return nil
		}})
		if err != nil && people != nil {
			t.Fatalf("an error and %d people", len(people))
		}
		ids := map[string]bool{}
		for _, p := range people {
			if p.Name == "" || p.ExternalID == "" || ids[p.ExternalID] || p.Pos.Line < 2 {
				t.Fatalf("person %+v", p)
			}
			ids[p.ExternalID] = true
		}
		for _, e := range bad {
			if e.Pos.File != "f.csv" || e.Pos.Line < 1 || e.Reason == "" {
				t.Fatalf("bad row %#v", e)
			}
		}
		// A manager that resolved names a row: walking up ends.
		if err == nil {
			byID := map[string]int{}
			byEmail := map[string]int{}
			for i, p := range people {
				if id, ok := strings.CutPrefix(p.ExternalID, "org:"); ok {
					byID[id] = i
				}
				for _, e := range p.Emails {
					byEmail[ally.NormalizeEmail(e)] = i
				}
			}
			for i := range people {
				j := i
				for steps := 0; ; steps++ {
					if steps > len(people) {
						t.Fatalf("a cycle from line %d came back", people[i].Pos.Line)
					}
					p := people[j]
					var ok bool
					switch {
					case p.ManagerEmail != "":
						j, ok = byEmail[ally.NormalizeEmail(p.ManagerEmail)]
					case p.ManagerID != "":
						j, ok = byID[p.ManagerID]
					}
					if p.ManagerEmail == "" && p.ManagerID == "" {
						break
					}
					if !ok {
						t.Fatalf("line %d: manager of no row", p.Pos.Line)
					}
				}
			}
		}
	})
}

// FuzzWriterRoundTrip: whatever the cells, what Writer writes reads back
// as those cells (encoding/csv turns a CRLF inside a quoted field into
// LF), and a subject comes back through ReadInteractions (trimmed).
func FuzzWriterRoundTrip(f *testing.F) {
	for _, s := range []string{"=SUM(A1)", "+1", "-x", "@me", "'", "'=x", "''@x", "a,b", "\"q\"", "l1\nl2", "\tx", "\r\n", ""} {
		f.Add(s, "ana@x.org", s+"!")
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var buf bytes.Buffer
		w := NewWriter(&buf, []string{"subject", b})
		rows := [][]string{{a, b}, {c, a}}
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		want := [][]string{{"subject", b}, {a, b}, {c, a}}
		for _, r := range want {
			for i := range r {
				r[i] = strings.ReplaceAll(r[i], "\r\n", "\n")
			}
		}
		// encoding/csv skips a line that is empty: a row of one empty
		// cell. Two columns never make one.
		got := readCells(t, buf.Bytes())
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("wrote %q, read %q, want %q", buf.Bytes(), got, want)
		}
		// Each cell a spreadsheet would run was written with its quote.
		cr := csv.NewReader(bytes.NewReader(buf.Bytes()))
		raw, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			for j, cell := range r {
				if quotedFormula(cell) && !strings.HasPrefix(raw[i+1][j], "'") {
					t.Fatalf("%q was written without its quote: %q", cell, buf.Bytes())
				}
			}
		}

		// Through the log reader: the subject comes back.
		if !utf8.ValidString(a) {
			return
		}
		buf.Reset()
		w = NewWriter(&buf, []string{"from", "to", "at", "subject"})
		if err := w.Write([]string{"ana@x.org", "bo@x.org", "2024-03-01", a}); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		ins, bad, err := readLog(t, buf.String(), LogOptions{})
		if err != nil || len(bad) > 0 || len(ins) != 1 {
			t.Fatalf("read %q: err %v bad %v", buf.Bytes(), err, bad)
		}
		if s := strings.TrimSpace(strings.ReplaceAll(a, "\r\n", "\n")); ins[0].Subject != s {
			t.Fatalf("subject %q, want %q", ins[0].Subject, s)
		}
	})
}
