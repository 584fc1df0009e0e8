package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestROIText: every sparkline is as long as the window (a snapshot
// without the metric is a dot), and a line reads the main trends in words.
func TestROIText(t *testing.T) {
	out := mustRun(t, demoDB(t), "roi")
	cases := []struct{ metric, spark string }{
		{"allies", ""}, {"active_ties", ""}, {"support_open", "·"}, {"support_won", "·"},
	}
	lines := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 1 {
			lines[f[0]] = f[1]
		}
	}
	for _, c := range cases {
		spark, ok := lines[c.metric]
		if !ok {
			t.Fatalf("no %s row in\n%s", c.metric, out)
		}
		if n := utf8.RuneCountInString(spark); n != 13 {
			t.Errorf("%s: sparkline %q of %d, want 13 (one a snapshot)", c.metric, spark, n)
		}
		if c.spark != "" && !strings.Contains(spark, c.spark) {
			t.Errorf("%s: %q has no %q for the snapshots without it", c.metric, spark, c.spark)
		}
	}
	if !strings.Contains(out, "since November 2000: allies steady at 15, network steady at 19, active ties up from 23 to 43") {
		t.Errorf("no reading of the trends in\n%s", out)
	}
}

// TestMonthlySnapshotCommands: the first command of a month takes the
// month's snapshot by itself; a command with --now takes none (a look at
// another date is not a record); `ally snapshot` takes one, not two.
func TestMonthlySnapshotCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ally.db")
	mustRun(t, db, "init", "--me", "Mia Chen")
	mustRun(t, db, "--now", "2024-01-05", "person", "add", "Cy Diaz")
	if out := mustRun(t, db, "--now", "2024-01-06", "roi"); !strings.Contains(out, "No snapshots yet") {
		t.Errorf("commands with --now took a snapshot:\n%s", out)
	}
	mustRun(t, db, "person", "list")
	mustRun(t, db, "person", "list")
	out := mustRun(t, db, "--json", "roi")
	var r struct{ Snapshots int }
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Snapshots != 1 {
		t.Errorf("after two commands this month: %d snapshots (%v), want 1:\n%s", r.Snapshots, err, out)
	}
	db2 := filepath.Join(t.TempDir(), "ally.db")
	mustRun(t, db2, "init", "--me", "Mia Chen")
	mustRun(t, db2, "snapshot")
	if out := mustRun(t, db2, "--json", "roi"); !strings.Contains(out, `"snapshots": 1`) {
		t.Errorf("ally snapshot as the month's first command made more than one:\n%s", out)
	}
}
