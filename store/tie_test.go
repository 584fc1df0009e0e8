package store_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// randomTies stores n random aggregates between the people with the given
// ids (their pairs in a random order), a few with values that do not fit
// EachTieSummary's packed columns, and returns them by pair.
func randomTies(t *testing.T, db *store.DB, ws int64, ids []int64, n int, r *rand.Rand) map[[2]int64]tie.PairAgg {
	t.Helper()
	want := map[[2]int64]tie.PairAgg{}
	for len(want) < n {
		a, b := ids[r.IntN(len(ids))], ids[r.IntN(len(ids))]
		if a == b {
			continue
		}
		a, b = min(a, b), max(a, b)
		count := 1 + r.Int64N(500)
		last := t0.Add(-time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour)))).Truncate(time.Second)
		ag := tie.PairAgg{A: a, B: b, LogVolume: 40 * r.Float64(), Channels: uint8(r.IntN(256)),
			InitA: r.Int64N(count + 1), InitB: r.Int64N(count + 1), Count: count,
			First: last.Add(-time.Duration(r.Int64N(int64(365 * 24 * time.Hour)))), Last: last}
		switch len(want) % 50 {
		case 1:
			ag.Count = math.MaxInt32 + 1 + r.Int64N(1<<40) // Count beyond 2³¹
		case 2:
			ag.InitA = 1<<31 + r.Int64N(1<<20) // an initiation count beyond 2³¹
		case 3:
			ag.Last = time.Unix(-(1<<47)-r.Int64N(1<<20), 0).UTC() // Last before −2⁴⁷ s
		case 4:
			ag.Last = time.Unix(1<<47+r.Int64N(1<<20), 0).UTC() // after 2⁴⁷ s
		case 5:
			ag.Last = time.Date(1900+r.IntN(70), 1, 2, 3, 4, 5, 0, time.UTC) // before 1970: negative
		case 6:
			ag.Last = time.Unix(1<<47-1, 0).UTC() // the last that fits
		case 7:
			ag.Last = time.Unix(-(1 << 47), 0).UTC() // the first that fits
		case 8:
			ag.Count, ag.InitA, ag.InitB = math.MaxInt32, math.MaxInt32, math.MaxInt32-1 // the largest that fit
		}
		want[[2]int64{a, b}] = ag
	}
	aggs := make([]tie.PairAgg, 0, len(want))
	for _, ag := range want {
		aggs = append(aggs, ag)
	}
	if err := db.Update(ctx, store.In(ws), func(tx *store.Tx) error { return tx.PutTies(ctx, aggs) }); err != nil {
		t.Fatal(err)
	}
	return want
}

// TestEachTieSummary checks EachTieSummary against FindTies(0) and the
// stored aggregates: every pair once, every field as stored (MinInit the
// smaller initiation count), and tie.Strength of Agg equal to that of the
// whole aggregate at several times, bit for bit. The ids are small (the
// packed columns), then beyond 2³¹ (one column per field); some rows do not
// fit the packed columns and are read again.
func TestEachTieSummary(t *testing.T) {
	db := mustOpen(t)
	r := rand.New(rand.NewPCG(9, 9))
	p := tie.DefaultParams()
	for _, tc := range []struct {
		name  string
		first int64 // ids first, first + step, …
		step  int64
	}{
		{"small ids", 1, 1},
		{"spread ids", 1000, 7919},
		{"ids beyond 2 to the 31", math.MaxInt32 - 20, 1 << 33},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := mustWorkspace(t, db, tc.name)
			other := mustWorkspace(t, db, tc.name+" other")
			var ids, otherIDs []int64
			for i := range 60 {
				p := mustPerson(t, db, w.ID, &ally.Person{ID: tc.first + int64(2*i)*tc.step, Name: "P"})
				q := mustPerson(t, db, other.ID, &ally.Person{ID: tc.first + int64(2*i+1)*tc.step, Name: "Q"})
				ids, otherIDs = append(ids, p.ID), append(otherIDs, q.ID)
			}
			want := randomTies(t, db, w.ID, ids, 600, r)
			randomTies(t, db, other.ID, otherIDs, 300, r) // must not be read
			err := db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
				full, err := tx.FindTies(ctx, 0)
				if err != nil {
					return err
				}
				if len(full) != len(want) {
					t.Fatalf("FindTies(0): %d pairs, stored %d", len(full), len(want))
				}
				seen := map[[2]int64]bool{}
				err = tx.EachTieSummary(ctx, func(s *store.TieSummary) error {
					k := [2]int64{s.A, s.B}
					ag, ok := want[k]
					if !ok || seen[k] {
						t.Fatalf("pair %v: not stored, or given twice", k)
					}
					seen[k] = true
					if math.Float64bits(s.LogVolume) != math.Float64bits(ag.LogVolume) || s.Channels != ag.Channels ||
						s.MinInit != min(ag.InitA, ag.InitB) || s.Count != ag.Count || !s.Last.Equal(ag.Last) || s.Last.Location() != time.UTC {
						t.Fatalf("pair %v: summary %+v, stored %+v", k, *s, ag)
					}
					for _, now := range []time.Time{t0, t0.AddDate(1, 0, 0), ag.Last.Add(-time.Hour), ag.Last} {
						if g, w := tie.Strength(s.Agg(), now, p), tie.Strength(ag, now, p); math.Float64bits(g.Raw) != math.Float64bits(w.Raw) {
							t.Fatalf("pair %v at %v: strength %v from the summary, %v from the aggregate", k, now, g.Raw, w.Raw)
						}
					}
					return nil
				})
				if err != nil {
					return err
				}
				if len(seen) != len(want) {
					t.Errorf("EachTieSummary gave %d pairs, stored %d", len(seen), len(want))
				}
				// fn's first error stops the scan and is returned.
				calls, stop := 0, errors.New("stop")
				if err := tx.EachTieSummary(ctx, func(*store.TieSummary) error { calls++; return stop }); err != stop || calls != 1 {
					t.Errorf("after fn's error: %d calls, err %v; want 1 call and the error", calls, err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("no pairs", func(t *testing.T) {
		w := mustWorkspace(t, db, "empty")
		mustPeople(t, db, w.ID, "A", "B")
		err := db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
			return tx.EachTieSummary(ctx, func(s *store.TieSummary) error {
				t.Errorf("called with %+v", *s)
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
