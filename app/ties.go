package app

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// Ties is the workspace's people and the tie strength between every pair
// that has interacted, as of App.Now. It is what the coalition planner and
// the network engine read: people by index, undirected edges with strengths
// in (0, 1].
type Ties struct {
	People []*ally.Person
	Index  map[int64]int // person id → index in People
	Dirs   map[int64]ally.Direction
	Rels   map[int64]*ally.Relationship
	Edges  []TieEdge
	Me     int // index of Me, or -1
}

// TieEdge is the tie between People[A] and People[B] (A < B).
type TieEdge struct {
	A, B     int
	Strength float64   // 0–1, normalised within the workspace
	Count    int       // interactions shared up to App.Now
	Last     time.Time // latest shared interaction up to App.Now
}

// Ties loads every person and their pairwise tie strengths at App.Now.
// Interactions after App.Now are ignored, so --now shows the network as it
// stood on that date.
func (a *App) Ties(ctx context.Context) (*Ties, error) {
	t := &Ties{Index: map[int64]int{}, Me: -1}
	err := a.view(ctx, func(tx *store.Tx) error {
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
		ins, err := tx.FindInteractions(ctx, store.InteractionFilter{Until: a.Now.Add(time.Second)})
		if err != nil {
			return err
		}
		t.Edges = provisionalStrengths(ins, t.Index, a.Now)
		return nil
	})
	return t, err
}

// provisionalStrengths: decayed interaction volume per pair (half-life 90
// days, weight 1/(participants−1)), normalised by x/(x+median).
func provisionalStrengths(ins []*ally.Interaction, index map[int64]int, now time.Time) []TieEdge {
	type acc struct {
		v    float64
		n    int
		last time.Time
	}
	m := map[[2]int]*acc{}
	const half = 90 * 24 * time.Hour
	for _, in := range ins {
		w := 1 / float64(len(in.Participants)-1) * math.Exp2(-float64(now.Sub(in.At))/float64(half))
		for i, p := range in.Participants {
			for _, q := range in.Participants[i+1:] {
				a, b := index[p.PersonID], index[q.PersonID]
				if a > b {
					a, b = b, a
				}
				x := m[[2]int{a, b}]
				if x == nil {
					x = &acc{}
					m[[2]int{a, b}] = x
				}
				x.v += w
				x.n++
				if in.At.After(x.last) {
					x.last = in.At
				}
			}
		}
	}
	var vs []float64
	for _, x := range m {
		vs = append(vs, x.v)
	}
	sort.Float64s(vs)
	med := 1.0
	if len(vs) > 0 && vs[len(vs)/2] > 0 {
		med = vs[len(vs)/2]
	}
	out := make([]TieEdge, 0, len(m))
	for k, x := range m {
		out = append(out, TieEdge{A: k[0], B: k[1], Strength: x.v / (x.v + med), Count: x.n, Last: x.last})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out
}
