package demo

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/store"
)

func TestRank(t *testing.T) {
	cases := map[string]int{
		"President & CEO": 1, "ENA President & CEO": 1, "COO": 2, "VP & Chief of Staff": 2, "VP & Gen Cnsl": 2,
		"Mng Director & Gen Cnsl": 2, "Mng Dir Trading": 3, "VP & Asst Gen Cnsl": 4, "VP Trading": 4,
		"Dir Trading": 5, "Director": 5, "Mgr Trading": 6, "Trader": 7, "Specialist Legal": 7,
	}
	for title, want := range cases {
		if got := rank(title); got != want {
			t.Errorf("rank(%q) = %d, want %d", title, got, want)
		}
	}
}

// TestDump checks the demo against its source files: every employee and
// every email with a recipient, Me's anchored chain, an org chart without
// cycles, and examples marked as such.
func TestDump(t *testing.T) {
	d, err := Dump()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.People) != 156+len(outsiders) {
		t.Errorf("%d people, want 156 employees and %d outside contacts", len(d.People), len(outsiders))
	}
	emails := 0
	for _, in := range d.Interactions {
		if in.Source == ally.SourceDemo && in.ExternalID[:6] == "enron-" {
			emails++
		}
	}
	// 21,635 messages in messages.tsv; those whose only recipient is the
	// sender have no one to interact with.
	if emails < 21_500 || emails > 21_635 {
		t.Errorf("%d email interactions, want nearly all of the 21,635 messages", emails)
	}
	by := map[int64]*ally.Person{}
	for _, p := range d.People {
		by[p.ID] = p
	}
	chain := []int64{}
	for id := by[MeID].ManagerID; id != 0; id = by[id].ManagerID {
		chain = append(chain, id)
		if len(chain) > 20 {
			t.Fatal("a cycle in the manager chain above Me")
		}
	}
	want := []int64{131, 122, 61, 68} // Steffes, Shapiro, Kean, Lay
	if len(chain) != len(want) {
		t.Fatalf("Me's chain %v, want %v", chain, want)
	}
	for i := range want {
		if chain[i] != want[i] {
			t.Fatalf("Me's chain %v, want %v", chain, want)
		}
	}
	for _, p := range d.People {
		seen := map[int64]bool{}
		for id := p.ID; id != 0; id = by[id].ManagerID {
			if seen[id] {
				t.Fatalf("a cycle through %s", p.Name)
			}
			seen[id] = true
		}
		if p.Organisation == "" && p.Department != "NA" && p.Department != "EES" && p.ID != 68 && p.ManagerID == 0 {
			t.Errorf("%s (%s) has no inferred manager", p.Name, p.Department)
		}
	}
	for _, g := range d.Initiatives {
		if !g.Example {
			t.Errorf("initiative %q is not marked as an example", g.Name)
		}
	}
	for _, e := range d.Exchanges {
		if !e.Example {
			t.Errorf("ledger entry %q is not marked as an example", e.What)
		}
	}
}

// TestBuild builds the demo into a database, refuses a second build, and
// rebuilds it with Reset.
func TestBuild(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := Build(ctx, db, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(ctx, db, Options{}); ally.ErrorCode(err) != ally.ECONFLICT {
		t.Fatalf("second build: %v, want a conflict", err)
	}
	if _, err := Build(ctx, db, Options{Reset: true}); err != nil {
		t.Fatalf("reset: %v", err)
	}
	a, err := app.Open(ctx, db, Name, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Now.Equal(Today) {
		t.Errorf("the demo's clock is %v, want %v", a.Now, Today)
	}
	r, err := a.ROI(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Snapshots != 13 {
		t.Errorf("%d snapshots, want a year of monthly ones (13)", r.Snapshots)
	}
}

// TestBuildProgress: Build passes its progress callback to the import,
// whose phases end with the year of snapshots.
func TestBuildProgress(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var phases []string
	var done, total int
	progress := func(phase string, d, n int) {
		if len(phases) == 0 || phases[len(phases)-1] != phase {
			phases = append(phases, phase)
		}
		done, total = d, n
	}
	if _, err := Build(ctx, db, Options{Progress: progress}); err != nil {
		t.Fatal(err)
	}
	if len(phases) < 3 || phases[len(phases)-1] != "snapshots" || done != 13 || total != 13 {
		t.Errorf("phases %v, last %d of %d; want the import's phases ending with 13 of 13 snapshots", phases, done, total)
	}
}
