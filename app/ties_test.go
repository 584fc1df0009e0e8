package app

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// tiesWorkspace imports a workspace of random people and interactions (ids
// from id(i), names in id order or not) and, to check that Ties reads only
// its own workspace, a second one into the same database. It returns the
// database and the dump.
func tiesWorkspace(t *testing.T, r *rand.Rand, id func(i int) int64, namesInIDOrder bool) (*store.DB, *Dump) {
	t.Helper()
	created := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	d := &Dump{Format: DumpFormat, Version: DumpVersion, Workspace: DumpWorkspace{Name: "ties", MeID: id(0), Created: created}}
	const people = 70
	for i := range people {
		name := fmt.Sprintf("P%03d", i)
		if !namesInIDOrder {
			name = fmt.Sprintf("%c%c %03d", 'A'+r.IntN(26), 'a'+r.IntN(26), i)
		}
		d.People = append(d.People, &ally.Person{ID: id(i), Name: name, Created: created})
	}
	kinds := []ally.Channel{ally.ChanEmail, ally.ChanEmail, ally.ChanMeeting, ally.ChanOneOnOne, ally.ChanCall}
	for k := range 1500 {
		in := &ally.Interaction{ID: int64(k + 1), Kind: kinds[r.IntN(len(kinds))],
			At: created.Add(time.Duration(r.Int64N(int64(2 * 365 * 24 * time.Hour)))).Truncate(time.Second)}
		n := 2
		if in.Kind == ally.ChanEmail || in.Kind == ally.ChanMeeting {
			n += r.IntN(5)
		}
		// Me and a few people take part more often, so strengths spread.
		pick := func() int64 {
			if r.IntN(3) == 0 {
				return id(r.IntN(6))
			}
			return id(r.IntN(people))
		}
		for len(in.Participants) < n {
			p := pick()
			if slices.ContainsFunc(in.Participants, func(x ally.Participant) bool { return x.PersonID == p }) {
				continue
			}
			role := ally.RoleTo
			switch {
			case len(in.Participants) == 0 && r.IntN(4) > 0:
				role = ally.RoleInitiator
			case in.Kind == ally.ChanEmail && r.IntN(4) == 0:
				role = ally.RoleCC
			}
			in.Participants = append(in.Participants, ally.Participant{PersonID: p, Role: role})
		}
		d.Interactions = append(d.Interactions, in)
	}
	db := mustDB(t)
	ok(Import(bg, db, d, ImportOptions{}))(t)
	other := *d
	other.Workspace.Name = "other"
	ok(Import(bg, db, &other, ImportOptions{}))(t) // new ids
	return db, d
}

// tiesReference is tiesIn as it was before the fast path (commit e86e611):
// every aggregate read whole (tie.Aggregate's in memory, FindTies(0) from
// the store), the people found in the Index map, the edges ordered by
// sort.Slice.
func tiesReference(ctx context.Context, a *App) (*Ties, *tieView, error) {
	var t *Ties
	var view *tieView
	err := a.view(ctx, func(tx *store.Tx) error {
		v, err := a.ties(ctx, tx)
		if err != nil {
			return err
		}
		view = v
		t = &Ties{Index: map[int64]int{}, Me: -1}
		ps, err := tx.FindPeople(ctx, ally.PersonFilter{})
		if err != nil {
			return err
		}
		t.People = ps
		for i, p := range ps {
			t.Index[p.ID] = i
			if p.ID == a.WS.MeID {
				t.Me = i
			}
		}
		t.Dirs = ally.DeriveDirections(ps, a.WS.MeID)
		if t.Rels, err = relationshipMap(ctx, tx); err != nil {
			return err
		}
		aggs := v.mem
		if aggs == nil {
			if aggs, err = tx.FindTies(ctx, 0); err != nil {
				return err
			}
		}
		for _, ag := range aggs {
			st := v.norm.Scale(tie.Strength(ag, a.Now, v.p).Raw)
			ia, oka := t.Index[ag.A]
			ib, okb := t.Index[ag.B]
			if !(st > 0) || !oka || !okb {
				continue
			}
			if ia > ib {
				ia, ib = ib, ia
			}
			t.Edges = append(t.Edges, TieEdge{A: ia, B: ib, Strength: st, Count: int(ag.Count), Last: ag.Last})
		}
		sort.Slice(t.Edges, func(i, j int) bool {
			if t.Edges[i].A != t.Edges[j].A {
				return t.Edges[i].A < t.Edges[j].A
			}
			return t.Edges[i].B < t.Edges[j].B
		})
		return nil
	})
	return t, view, err
}

// TestTiesEqualsRecomputation checks App.Ties against the code it replaced,
// value for value (the same people, directions and relationships, the same
// edges in the same order with bit-identical strengths), and against a
// recomputation from the interactions with tie.Aggregate (strengths within
// 1e-12), on workspaces whose ids take each path of the fast one: dense and
// sparse ids, ids beyond 2³¹ (the store's unpacked columns), names in id
// order (edges already in order) or not; at a day after the latest
// interaction (the stored aggregates) and at two earlier times (in memory).
func TestTiesEqualsRecomputation(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for _, tc := range []struct {
		name    string
		id      func(i int) int64
		idOrder bool
	}{
		{"dense ids", func(i int) int64 { return int64(1 + i) }, false},
		{"names in id order", func(i int) int64 { return int64(1 + i) }, true},
		{"sparse ids", func(i int) int64 { return int64(1 + 100_003*i) }, false},
		{"ids beyond 2 to the 31", func(i int) int64 { return 1<<31 + int64(7*i) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, d := tiesWorkspace(t, r, tc.id, tc.idOrder)
			var last time.Time
			for _, in := range d.Interactions {
				if in.At.After(last) {
					last = in.At
				}
			}
			for _, now := range []time.Time{last.Add(24 * time.Hour), last.AddDate(0, -6, 0), last.AddDate(-1, 0, 0)} {
				a := ok(Open(bg, db, "ties", now))(t)
				got := ok(a.Ties(bg))(t)
				want, v, err := tiesReference(bg, a)
				if err != nil {
					t.Fatal(err)
				}
				if stored := v.mem == nil; stored != now.After(last) {
					t.Fatalf("at %v: stored aggregates %v, want %v", now, stored, now.After(last))
				}
				if len(got.Edges) < 100 {
					t.Fatalf("at %v: only %d edges", now, len(got.Edges))
				}
				if !reflect.DeepEqual(got, want) {
					for i := range min(len(got.Edges), len(want.Edges)) {
						if got.Edges[i] != want.Edges[i] {
							t.Fatalf("at %v: edge %d is %+v, the reference's %+v", now, i, got.Edges[i], want.Edges[i])
						}
					}
					t.Fatalf("at %v: Ties differs from the reference (%d edges, the reference %d)", now, len(got.Edges), len(want.Edges))
				}

				// From the interactions up to now.
				var ins []ally.Interaction
				for _, in := range d.Interactions {
					if !in.At.After(now) {
						ins = append(ins, *in)
					}
				}
				aggs := ok(tie.Aggregate(ins, v.p))(t)
				byPair := map[[2]int]TieEdge{}
				for _, ag := range aggs {
					ia, ib := got.Index[ag.A], got.Index[ag.B]
					if st := v.norm.Scale(tie.Strength(ag, now, v.p).Raw); st > 0 {
						byPair[[2]int{min(ia, ib), max(ia, ib)}] = TieEdge{A: min(ia, ib), B: max(ia, ib), Strength: st, Count: int(ag.Count), Last: ag.Last}
					}
				}
				if len(byPair) != len(got.Edges) {
					t.Fatalf("at %v: %d edges, the interactions give %d", now, len(got.Edges), len(byPair))
				}
				for i, e := range got.Edges {
					w, found := byPair[[2]int{e.A, e.B}]
					if !found || math.Abs(e.Strength-w.Strength) > 1e-12 || e.Count != w.Count || !e.Last.Equal(w.Last) {
						t.Fatalf("at %v: edge %d is %+v, the interactions give %+v", now, i, e, w)
					}
					if i > 0 && cmpEdges(got.Edges[i-1], e) >= 0 {
						t.Fatalf("at %v: edges %d and %d out of order", now, i-1, i)
					}
				}
			}
		})
	}
}

// TestTieEdgesSorted checks the counting sorts of tieEdges against
// slices.SortFunc, on edges added in a random order and in order.
func TestTieEdgesSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 17, 300} {
		var all []TieEdge
		for a := range n {
			for b := a + 1; b < n; b++ {
				if r.IntN(3) == 0 {
					all = append(all, TieEdge{A: a, B: b, Strength: r.Float64(), Count: r.IntN(100),
						Last: time.Unix(r.Int64N(1<<33)-1<<32, 0).UTC()})
				}
			}
		}
		for _, shuffle := range []bool{false, true} {
			in := slices.Clone(all)
			if shuffle {
				r.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
			}
			var es tieEdges
			es.init(n)
			for _, e := range in {
				if r.IntN(2) == 0 {
					e.A, e.B = e.B, e.A // add takes either order
				}
				es.add(e.A, e.B, e.Strength, int64(e.Count), e.Last)
			}
			if got := es.sorted(); !reflect.DeepEqual(got, nilIfEmpty(all)) {
				t.Errorf("%d people, shuffled %v: %d edges sorted wrongly", n, shuffle, len(got))
			}
		}
	}
}

func nilIfEmpty(es []TieEdge) []TieEdge {
	if len(es) == 0 {
		return nil
	}
	return es
}

// TestTieIndexEdge checks tieIndex.edge on edges in (A, B) order (the
// offsets and binary search) against a map of every pair, and on edges out
// of order (the map).
func TestTieIndexEdge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 40
	ts := &Ties{People: make([]*ally.Person, n)}
	want := map[[2]int]TieEdge{}
	for a := range n {
		for b := a + 1; b < n; b++ {
			if r.IntN(4) == 0 {
				e := TieEdge{A: a, B: b, Strength: r.Float64()}
				ts.Edges = append(ts.Edges, e)
				want[[2]int{a, b}] = e
			}
		}
	}
	unordered := &Ties{People: ts.People, Edges: slices.Clone(ts.Edges)}
	slices.Reverse(unordered.Edges)
	for _, tc := range []struct {
		name   string
		ties   *Ties
		sorted bool
	}{{"in order", ts, true}, {"out of order", unordered, false}} {
		x := newTieIndex(tc.ties)
		if (x.start != nil) != tc.sorted {
			t.Fatalf("%s: offsets %v, want %v", tc.name, x.start != nil, tc.sorted)
		}
		for a := -1; a <= n; a++ {
			for b := -1; b <= n; b++ {
				w, found := want[[2]int{min(a, b), max(a, b)}]
				e := x.edge(a, b)
				if found != (e != nil) || found && *e != w {
					t.Fatalf("%s: edge(%d, %d) = %v, want %v (found %v)", tc.name, a, b, e, w, found)
				}
				if e != nil && !pointsInto(e, tc.ties.Edges) {
					t.Fatalf("%s: edge(%d, %d) does not point into Ties.Edges", tc.name, a, b)
				}
			}
		}
	}
}

func pointsInto(e *TieEdge, es []TieEdge) bool {
	for i := range es {
		if &es[i] == e {
			return true
		}
	}
	return false
}

// TestIDIndex checks idIndex against the map it stands for, with dense ids
// (the slice) and sparse ones (the map), on ids present, absent and at the
// ends of int64.
func TestIDIndex(t *testing.T) {
	for _, tc := range []struct {
		name  string
		ids   []int64
		dense bool
	}{
		{"dense", []int64{5, 3, 9, 4, 1000}, true},
		{"negative", []int64{-3, 7, 0}, true},
		{"sparse", []int64{1, 1 << 40, 77}, false},
		{"extremes", []int64{math.MinInt64, math.MaxInt64, 0}, false},
	} {
		ps := make([]*ally.Person, len(tc.ids))
		m := map[int64]int{}
		for i, id := range tc.ids {
			ps[i] = &ally.Person{ID: id}
			m[id] = i
		}
		x := newIDIndex(ps, m)
		if (x.dense != nil) != tc.dense {
			t.Errorf("%s: dense %v, want %v", tc.name, x.dense != nil, tc.dense)
		}
		probe := []int64{math.MinInt64, math.MaxInt64, -1, 0, 1, 2, 6, 1 << 40, 1001}
		for _, id := range append(probe, tc.ids...) {
			want := -1
			if i, found := m[id]; found {
				want = i
			}
			if got := x.of(id); got != want {
				t.Errorf("%s: of(%d) = %d, want %d", tc.name, id, got, want)
			}
		}
	}
}
