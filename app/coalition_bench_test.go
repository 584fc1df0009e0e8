package app_test

// Benchmarks of `ally goal grow` and `ally find` on a workspace of 200,000
// bare people (a name each; a few tags and ties): the size at which grow
// took 62 s and 9.4 GB and find over 150 s (issue 14). Figures are in
// docs/benchmarks.md.
//
//	go test -run '^$' -bench Bare200k -benchtime 1x ./app/
//
// The workspace is built through the store (an import of a generated file)
// in the benchmark's temporary directory, outside the timer.

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/store"
)

const (
	bareN      = 200_000
	bareTagged = 2_000 // people tagged "kubernetes", for find's text match
	bareTies   = 50    // people Me has met
)

// buildBare writes the workspace: Me (id 1), bareN other people, a goal
// with one supporter, interactions between Me and bareTies people.
func buildBare(b *testing.B) *app.App {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "ally.db"), true)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	created := now.AddDate(-1, 0, 0)
	d := &app.Dump{Format: app.DumpFormat, Version: app.DumpVersion,
		Workspace: app.DumpWorkspace{Name: "bare", MeID: 1, Created: created}}
	for i := 1; i <= bareN+1; i++ {
		p := &ally.Person{ID: int64(i), Name: fmt.Sprintf("Person %06d", i), Created: created, Updated: created}
		if i == 1 {
			p.Name = "Me Myself"
		}
		if i%(bareN/bareTagged) == 0 {
			p.Tags = []ally.Tag{{Kind: ally.TagSkill, Value: "kubernetes"}}
		}
		d.People = append(d.People, p)
	}
	for j := 0; j < bareTies; j++ {
		other := int64(2 + j*(bareN/bareTies))
		d.Interactions = append(d.Interactions, &ally.Interaction{ID: int64(j + 1), Kind: ally.ChanOneOnOne,
			At: now.AddDate(0, 0, -j-1), Source: ally.SourceManual,
			Participants: []ally.Participant{{PersonID: 1, Role: ally.RoleInitiator}, {PersonID: other, Role: ally.RoleTo}}})
	}
	d.Initiatives = []*ally.Initiative{{ID: 1, Name: "Platform", Purpose: "one kubernetes platform", Outcome: ally.OutcomeOpen, Created: created}}
	d.Stakes = []*ally.Stake{{InitiativeID: 1, PersonID: 2, Stance: ally.StanceSupporter, Power: 3, Interest: 4, Updated: created}}
	t0 := time.Now()
	if _, err := app.Import(ctx, db, d, app.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %d people in %.1f s", bareN+1, time.Since(t0).Seconds())
	a, err := app.Open(ctx, db, "bare", now)
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// peakHeap samples the live heap while fn runs and returns its peak.
func peakHeap(fn func()) uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	return peak.Load()
}

func BenchmarkBare200k(b *testing.B) {
	a := buildBare(b)
	ctx := context.Background()
	b.Run("grow-k2", func(b *testing.B) {
		var v *app.GrowView
		var peak uint64
		for b.Loop() {
			peak = max(peak, peakHeap(func() {
				var err error
				if v, err = a.Grow(ctx, goalID(b, a, "Platform"), app.GrowInput{K: 2, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}))
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(v.RRSets), "rr-sets")
		b.ReportMetric(v.Epsilon, "epsilon")
		b.Logf("picks %d, reach %.1f ± %.1f, ε %.3g, %d RR sets, notes %q", len(v.Picks), v.Reach.Mean, v.Reach.CI95, v.Epsilon, v.RRSets, v.Notes)
	})
	for _, q := range []string{"kubernetes", "Platform"} {
		b.Run("find-"+q, func(b *testing.B) {
			var f *app.AllyFinding
			var peak uint64
			for b.Loop() {
				peak = max(peak, peakHeap(func() {
					var err error
					if f, err = a.FindAllies(ctx, findInput(b, a, q, 10)); err != nil {
						b.Fatal(err)
					}
				}))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.Logf("%d allies of %d candidates, first %q (score %.3f), notes %q", len(f.Allies), f.Candidates, f.Allies[0].Name, f.Allies[0].Score, f.Notes)
		})
	}
}
