package app

import (
	"context"
	"sort"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
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

// Ties loads every person and their pairwise tie strengths at App.Now
// (package tie: decayed, channel-weighted volume with reciprocity and
// multiplexity, normalised within the workspace). Interactions after
// App.Now are ignored, so --now shows the network as it stood on that date.
func (a *App) Ties(ctx context.Context) (*Ties, error) {
	var t *Ties
	err := a.view(ctx, func(tx *store.Tx) error {
		v, err := a.ties(ctx, tx)
		if err != nil {
			return err
		}
		t, err = a.tiesIn(ctx, tx, v)
		return err
	})
	return t, err
}

// tiesIn builds Ties from the tie view v inside tx, for use cases that read
// more in the same transaction.
func (a *App) tiesIn(ctx context.Context, tx *store.Tx, v *tieView) (*Ties, error) {
	t := &Ties{Index: map[int64]int{}, Me: -1}
	ps, err := tx.FindPeople(ctx, ally.PersonFilter{})
	if err != nil {
		return nil, err
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
		return nil, err
	}
	aggs, err := v.all(ctx)
	if err != nil {
		return nil, err
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
	return t, nil
}
