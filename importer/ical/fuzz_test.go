package ical

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally/importer"
)

// FuzzRead: no panic, no hang, output bounded by the instance budget, and
// every emitted occurrence well-formed and inside the window.
func FuzzRead(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.ics")
	// The real calendars too, where present.
	filepath.WalkDir(dataDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".ics") {
			seeds = append(seeds, p)
		}
		return nil
	})
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	from, to := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		n := 0
		opt := Options{From: from, To: to, Me: []string{"me@example.org"}, Zone: berlin,
			Skip: func(e *importer.Error) error {
				if e.Pos.File != "fuzz.ics" || e.Pos.Line < 1 || e.Reason == "" {
					t.Errorf("bad record %#v does not say where and why", e)
				}
				return nil
			}}
		st, err := Read(bytes.NewReader(data), "fuzz.ics", opt, func(it importer.Interaction) error {
			n++
			if !strings.HasPrefix(it.ExternalID, "ical:") || it.Pos.Line < 1 || len(it.Parties) == 0 ||
				it.At.Before(from) || !it.At.Before(to) || it.At.Location() != time.UTC {
				t.Errorf("malformed occurrence %+v", it)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("with a Skip: %v", err)
		}
		if n != st.Occurrences || int64(n) > readBudget+budgetPerByte*int64(len(data))+int64(st.Events) {
			t.Errorf("%d emitted, stats %+v, for %d bytes", n, st, len(data))
		}
		opt.Skip = nil
		_, err = Read(bytes.NewReader(data), "fuzz.ics", opt, func(importer.Interaction) error { return nil })
		var ie *importer.Error
		if err != nil && !errors.As(err, &ie) {
			t.Errorf("nil Skip: %v is not an *importer.Error", err)
		}
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("took %v for %d bytes", d, len(data))
		}
	})
}
