package csvin

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
)

func TestNeutralise(t *testing.T) {
	tests := []struct{ in, out string }{
		{"=SUM(A1:A3)", "'=SUM(A1:A3)"},
		{"+1", "'+1"},
		{"-x", "'-x"},
		{"@me", "'@me"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"\nx", "'\nx"},
		{"'=x", "''=x"},
		{"''@x", "'''@x"},
		{"'s-Hertogenbosch", "'s-Hertogenbosch"},
		{"'", "'"},
		{"''", "''"},
		{"a=b", "a=b"},
		{" =x", " =x"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := neutralise(tt.in); got != tt.out {
			t.Errorf("neutralise(%q) = %q, want %q", tt.in, got, tt.out)
		}
		if got := unneutralise(tt.out); got != tt.in {
			t.Errorf("unneutralise(%q) = %q, want %q", tt.out, got, tt.in)
		}
	}
}

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b, []string{"name", "phone"})
	for _, row := range [][]string{{"Ana, \"A\"", "+44 20"}, {"Bo\nLi", "-"}} {
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Write([]string{"short"}); err == nil || !strings.Contains(err.Error(), "1 cells and the header 2") {
		t.Errorf("a short row: %v", err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "name,phone\n\"Ana, \"\"A\"\"\",'+44 20\n\"Bo\nLi\",'-\n"
	if b.String() != want {
		t.Errorf("wrote %q\nwant  %q", b.String(), want)
	}
	bad := NewWriter(failWriter{}, []string{"a"})
	if err := bad.Flush(); err == nil {
		t.Error("a failing writer: no error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestRoundTrip writes an interaction log with cells a spreadsheet would
// run, and reads it back: every cell comes back as it was.
func TestRoundTrip(t *testing.T) {
	rows := []struct {
		from, to, at, kind, subject, id string
	}{
		{"ana@x.org", "bo@x.org", "2024-03-01T09:30:00Z", "call", "=SUM(A1:A9)", "1"},
		{"+15551234", "-x", "2024-03-01T09:30:00Z", "chat", "+1", "=2"},
		{"@me", "bo@x.org;cy@x.org", "2024-03-01T09:30:00Z", "email", "@me", "'3"},
		{"ana@x.org", "bo@x.org", "2024-03-01T09:30:00Z", "meeting", "'quoted in the data", "'=4"},
		{"ana@x.org", "bo@x.org", "2024-03-01T09:30:00Z", "meeting", "''=x, \"commas\", quotes\nand a line break", "5"},
		{"ana@x.org", "bo@x.org", "2024-03-01T09:30:00Z", "one-on-one", "-", "-6"},
	}
	var b bytes.Buffer
	w := NewWriter(&b, []string{"from", "to", "at", "kind", "subject", "id"})
	for _, r := range rows {
		if err := w.Write([]string{r.from, r.to, r.at, r.kind, r.subject, r.id}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "\n=") || strings.Contains(b.String(), ",=") || strings.Contains(b.String(), ",+") {
		t.Errorf("a formula cell was written as it is:\n%s", b.String())
	}
	got, bad, err := readLog(t, b.String(), LogOptions{})
	if err != nil || len(bad) > 0 {
		t.Fatalf("err %v bad %v", err, bad)
	}
	if len(got) != len(rows) {
		t.Fatalf("%d rows, want %d", len(got), len(rows))
	}
	at := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	for i, r := range rows {
		in := got[i]
		if in.Subject != r.subject || in.ExternalID != "csv:"+r.id || string(in.Kind) != r.kind || !in.At.Equal(at) {
			t.Errorf("row %d: %+v, want %+v", i, in, r)
		}
	}
	want := [][]importer.Party{
		{email("ana@x.org", ally.RoleInitiator), email("bo@x.org", ally.RoleTo)},
		{pid("+15551234", ally.RoleInitiator), pid("-x", ally.RoleTo)},
		{pid("@me", ally.RoleInitiator), email("bo@x.org", ally.RoleTo), email("cy@x.org", ally.RoleTo)},
	}
	for i, w := range want {
		if !reflect.DeepEqual(got[i].Parties, w) {
			t.Errorf("row %d parties %+v, want %+v", i, got[i].Parties, w)
		}
	}
}

// readCells reads what Writer wrote, as the readers see the cells.
func readCells(t testing.TB, data []byte) [][]string {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("reading %q: %v", data, err)
	}
	for _, rec := range recs {
		for i := range rec {
			rec[i] = unneutralise(rec[i])
		}
	}
	return recs
}
