package app

import (
	"context"
	"math"
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
//
// On a workspace of 10,000 people and 4M pairs this is most of the ally
// finder's time, so each pair costs as little as it can: the store sends
// four columns per pair into a callback (store.EachTieSummary) instead of a
// slice of whole aggregates, the edges are collected in chunks of a struct
// without pointers (no copying as they grow, nothing for the garbage
// collector to scan), the person of an id is found in a slice, and the
// edges are put in (A, B) order by two counting sorts instead of a
// comparison sort. Every result is the same, bit for bit (ties_test.go;
// docs/benchmarks.md, the ally finder).
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
	idx := newIDIndex(ps, t.Index)
	var es tieEdges
	es.init(len(ps))
	err = v.each(ctx, func(ag tie.PairAgg) {
		ia, ib := idx.of(ag.A), idx.of(ag.B)
		if ia < 0 || ib < 0 {
			return
		}
		if st := v.norm.Scale(tie.Strength(ag, a.Now, v.p).Raw); st > 0 {
			es.add(ia, ib, st, ag.Count, ag.Last)
		}
	})
	if err != nil {
		return nil, err
	}
	t.Edges = es.sorted()
	return t, nil
}

// idIndex maps person ids to indices in People: a slice over the span of
// the ids when they are dense enough (as in one workspace's ids), else the
// Ties.Index map.
type idIndex struct {
	lo    int64
	dense []int32 // id − lo → index, −1 for none
	m     map[int64]int
}

func newIDIndex(ps []*ally.Person, m map[int64]int) idIndex {
	x := idIndex{m: m}
	if len(ps) == 0 {
		return x
	}
	lo, hi := ps[0].ID, ps[0].ID
	for _, p := range ps {
		lo, hi = min(lo, p.ID), max(hi, p.ID)
	}
	if span := uint64(hi - lo); span < uint64(4*len(ps)+1024) && len(ps) < math.MaxInt32 {
		x.lo, x.dense = lo, make([]int32, span+1)
		for i := range x.dense {
			x.dense[i] = -1
		}
		for i, p := range ps {
			x.dense[p.ID-lo] = int32(i)
		}
	}
	return x
}

// of returns the index of person id, −1 when id is not among the people.
func (x *idIndex) of(id int64) int {
	if x.dense != nil {
		if id >= x.lo && uint64(id-x.lo) < uint64(len(x.dense)) {
			return int(x.dense[id-x.lo])
		}
		return -1
	}
	if i, ok := x.m[id]; ok {
		return i
	}
	return -1
}

// tieEdges collects the edges of Ties while the pairs are read, and sorts
// them.
type tieEdges struct {
	// chunks of tieChunk edges: appending to one slice of 4M copied it a
	// dozen times into fresh memory (0.5 s of page faults and copying).
	chunks [][]tieEdge
	n      int
	countA []int // edges by A, then by B
	countB []int
	inOrd  bool // the edges are in (A, B) order so far
	last   tieEdge
}

const tieChunk = 1 << 15

// tieEdge is a TieEdge without pointers (Last in Unix seconds, as the
// store keeps it), so that the garbage collector need not scan millions.
type tieEdge struct {
	a, b     int32
	strength float64
	count    int64
	last     int64
}

func (x *tieEdges) init(people int) {
	*x = tieEdges{countA: make([]int, people), countB: make([]int, people), inOrd: true}
}

func (x *tieEdges) add(ia, ib int, strength float64, count int64, last time.Time) {
	if ia > ib {
		ia, ib = ib, ia
	}
	e := tieEdge{a: int32(ia), b: int32(ib), strength: strength, count: count, last: last.Unix()}
	if x.n > 0 && x.inOrd {
		x.inOrd = x.last.a < e.a || x.last.a == e.a && x.last.b < e.b
	}
	if x.n%tieChunk == 0 {
		x.chunks = append(x.chunks, make([]tieEdge, 0, tieChunk))
	}
	c := &x.chunks[len(x.chunks)-1]
	*c = append(*c, e)
	x.n++
	x.last = e
	x.countA[ia]++
	x.countB[ib]++
}

// sorted returns the edges in (A, B) order: a stable counting sort by B,
// then one by A, each O(edges + people) (a pair of people is at most one
// edge, so the order is total). It replaced a sort.Slice that took 0.8 s
// on 4M edges.
func (x *tieEdges) sorted() []TieEdge {
	if x.n == 0 {
		return nil
	}
	out := make([]TieEdge, x.n)
	put := func(i int, e tieEdge) {
		out[i] = TieEdge{A: int(e.a), B: int(e.b), Strength: e.strength, Count: int(e.count), Last: time.Unix(e.last, 0).UTC()}
	}
	if x.inOrd {
		i := 0
		for _, c := range x.chunks {
			for _, e := range c {
				put(i, e)
				i++
			}
		}
		return out
	}
	starts := func(counts []int) {
		sum := 0
		for i, c := range counts {
			counts[i], sum = sum, sum+c
		}
	}
	starts(x.countB)
	byB := make([]tieEdge, x.n)
	for _, c := range x.chunks {
		for _, e := range c {
			byB[x.countB[e.b]] = e
			x.countB[e.b]++
		}
	}
	x.chunks = nil
	starts(x.countA)
	for _, e := range byB {
		put(x.countA[e.a], e)
		x.countA[e.a]++
	}
	return out
}
