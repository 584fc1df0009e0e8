package app

import (
	"testing"
	"time"
)

// TestImportProgress: Import reports each phase, and the counts of those
// that have them, ending at their totals; nil reports nothing.
func TestImportProgress(t *testing.T) {
	src := buildWorkspace(t, mustDB(t))
	d := ok(src.Export(bg))(t)
	type call struct {
		phase       string
		done, total int
	}
	var calls []call
	progress := func(phase string, done, total int) { calls = append(calls, call{phase, done, total}) }
	snaps := []time.Time{exportNow.AddDate(0, 0, -1), exportNow}
	ok(Import(bg, mustDB(t), d, ImportOptions{Progress: progress, Snapshots: snaps}))(t)
	last := map[string]call{}
	var order []string
	for _, c := range calls {
		if _, seen := last[c.phase]; !seen {
			order = append(order, c.phase)
		}
		if c.total > 0 && (c.done < 0 || c.done > c.total) {
			t.Errorf("%s: %d of %d", c.phase, c.done, c.total)
		}
		last[c.phase] = c
	}
	cases := []struct {
		phase string
		total int // -1: no count
	}{
		{"people", len(d.People)},
		{"interactions", len(d.Interactions)},
		{"tie strengths", -1},
		{"snapshots", len(snaps)},
	}
	for _, c := range cases {
		got, seen := last[c.phase]
		switch {
		case !seen:
			t.Errorf("no %q phase in %v", c.phase, order)
		case c.total >= 0 && (got.done != c.total || got.total != c.total):
			t.Errorf("%s ended at %d of %d, want %d of %d", c.phase, got.done, got.total, c.total, c.total)
		}
	}
	// nil: no progress, and the same import.
	ok(Import(bg, mustDB(t), d, ImportOptions{}))(t)
}
