package app

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// The import figures of issue 11, measured end to end (readers, identity
// matching, the store, the tie rebuild) on generated files; see
// docs/benchmarks.md for the command and the figures.

// genFile writes a generated file once per benchmark run.
func genFile(b *testing.B, name string, write func(w *bufio.Writer)) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), name)
	fh, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(fh, 1<<20)
	write(w)
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	fh.Close()
	return p
}

// benchImport imports path into a fresh workspace per iteration.
func benchImport(b *testing.B, in FileImport, want func(*ImportSummary) bool) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		db, err := store.Open(bg, filepath.Join(b.TempDir(), "ally.db"), true)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Init(bg, db, "team", &ally.Person{Name: "Mia Chen", Emails: []string{"mia@acme.org"}}); err != nil {
			b.Fatal(err)
		}
		a, err := Open(bg, db, "team", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s, err := a.ImportFiles(bg, in)
		b.StopTimer()
		if err != nil || !want(s) {
			b.Fatalf("import: %+v, %v", s, err)
		}
		db.Close()
		b.StartTimer()
	}
}

// BenchmarkImportMail100k: 100,000 generated messages of Me's with 2,000
// correspondents in one mbox (issue 11: under 10 s).
func BenchmarkImportMail100k(b *testing.B) {
	const n = 100_000
	p := genFile(b, "box.mbox", func(w *bufio.Writer) {
		t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range n {
			at := t0.Add(time.Duration(i) * 5 * time.Minute)
			from, to := "mia@acme.org", fmt.Sprintf("p%d@acme.org", i%2000)
			if i%3 == 0 {
				from, to = to, from
			}
			fmt.Fprintf(w, "From %s %s\nFrom: %s\nTo: %s\nCc: p%d@acme.org\nDate: %s\nMessage-ID: <m%d@acme.org>\nSubject: note %d\n\nbody\n\n",
				from, at.Format("Mon Jan _2 15:04:05 2006"), from, to, (i*7)%2000, at.Format(time.RFC1123Z), i, i)
		}
	})
	benchImport(b, FileImport{Kind: ImportMail, Files: []string{p}}, func(s *ImportSummary) bool { return s.InteractionsCreated == n })
}

// BenchmarkImportICS10k: 10,000 events, a tenth weekly recurring, in one
// calendar (issue 11: under 3 s).
func BenchmarkImportICS10k(b *testing.B) {
	p := genFile(b, "cal.ics", func(w *bufio.Writer) {
		w.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
		t0 := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
		for i := range 10_000 {
			at := t0.Add(time.Duration(i) * 47 * time.Minute)
			fmt.Fprintf(w, "BEGIN:VEVENT\r\nUID:e%d\r\nDTSTART:%s\r\nSUMMARY:meeting %d\r\nORGANIZER:mailto:mia@acme.org\r\n", i, at.Format("20060102T150405Z"), i)
			for j := range 3 {
				fmt.Fprintf(w, "ATTENDEE;CN=Person %d:mailto:p%d@acme.org\r\n", (i+j*31)%500, (i+j*31)%500)
			}
			if i%10 == 0 {
				w.WriteString("RRULE:FREQ=WEEKLY;COUNT=20\r\n")
			}
			w.WriteString("END:VEVENT\r\n")
		}
		w.WriteString("END:VCALENDAR\r\n")
	})
	benchImport(b, FileImport{Kind: ImportICS, Files: []string{p}, From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		func(s *ImportSummary) bool { return s.InteractionsCreated > 10_000 })
}

// BenchmarkImportLog1M: a CSV interaction log of 1,000,000 rows among
// 10,000 people (issue 11: under 20 s and 1 GB).
func BenchmarkImportLog1M(b *testing.B) { benchLog(b, 1_000_000) }

// BenchmarkImportLog200k is the same log at a fifth of the size, for
// profiles.
func BenchmarkImportLog200k(b *testing.B) { benchLog(b, 200_000) }

func benchLog(b *testing.B, n int) {
	p := genFile(b, "log.csv", func(w *bufio.Writer) {
		w.WriteString("id,from,to,at,kind\n")
		t0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		for i := range n {
			fmt.Fprintf(w, "%d,p%d@acme.org,p%d@acme.org,%d,email\n", i, i%10_000, (i*13+7)%10_000, t0+int64(i)*60)
		}
	})
	benchImport(b, FileImport{Kind: ImportInteractions, Files: []string{p}}, func(s *ImportSummary) bool { return s.InteractionsCreated == n })
}
