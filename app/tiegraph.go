package app

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/allyhq/ally/network"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
)

// The tie graph as the coalition planner sees it.

// tieIndex answers pairwise questions about a Ties value.
type tieIndex struct {
	t *Ties
	// start[i] is the first of People[i]'s edges with A = i when t.Edges
	// is in (A, B) order with A < B, as Ties builds it: edge then searches
	// them for B. A map of 4M pairs cost 1.3 s to build; this array (80 KB
	// on 10k people) costs one pass over the edges.
	start []int
	edges map[[2]int]*TieEdge // otherwise
}

func newTieIndex(t *Ties) *tieIndex {
	x := &tieIndex{t: t}
	n := len(t.People)
	ordered := true
	for i, e := range t.Edges {
		if e.A < 0 || e.A >= e.B || e.B >= n || i > 0 && cmpEdges(t.Edges[i-1], e) >= 0 {
			ordered = false
			break
		}
	}
	if ordered {
		x.start = make([]int, n+1)
		for _, e := range t.Edges {
			x.start[e.A+1]++
		}
		for i := range n {
			x.start[i+1] += x.start[i]
		}
		return x
	}
	x.edges = make(map[[2]int]*TieEdge, len(t.Edges))
	for i := range t.Edges {
		e := &t.Edges[i]
		a, b := min(e.A, e.B), max(e.A, e.B)
		x.edges[[2]int{a, b}] = e
	}
	return x
}

// cmpEdges orders edges by (A, B).
func cmpEdges(x, y TieEdge) int {
	if c := cmp.Compare(x.A, y.A); c != 0 {
		return c
	}
	return cmp.Compare(x.B, y.B)
}

// edge returns the tie between people a and b (indices), or nil.
func (x *tieIndex) edge(a, b int) *TieEdge {
	if a < 0 || b < 0 {
		return nil
	}
	a, b = min(a, b), max(a, b)
	if x.start == nil {
		return x.edges[[2]int{a, b}]
	}
	if b >= len(x.start)-1 {
		return nil
	}
	es := x.t.Edges[x.start[a]:x.start[a+1]]
	if i, ok := slices.BinarySearchFunc(es, b, func(e TieEdge, b int) int { return cmp.Compare(e.B, b) }); ok {
		return &es[i]
	}
	return nil
}

// strength is the tie strength between a and b, 0 without a tie.
func (x *tieIndex) strength(a, b int) float64 {
	if e := x.edge(a, b); e != nil {
		return clampStrength(e.Strength)
	}
	return 0
}

func clampStrength(s float64) float64 {
	if math.IsNaN(s) || s <= 0 {
		return 0
	}
	return math.Min(1, s)
}

// graph returns the undirected tie graph with strengths as arc weights;
// ties whose strength is not in (0,1] are left out.
func (x *tieIndex) graph() *coalition.Graph {
	g := coalition.NewGraph(len(x.t.People))
	for _, e := range x.t.Edges {
		s := clampStrength(e.Strength)
		if s > 0 && e.A != e.B && e.A >= 0 && e.B >= 0 && e.A < g.N && e.B < g.N {
			g.AddEdge(e.A, e.B, s)
		}
	}
	return g
}

// standing is Me's standing with person i as a go-between on warm paths.
func (x *tieIndex) standing(i int) coalition.Standing {
	return coalition.StandingOf(x.t.Rels[x.t.People[i].ID])
}

// nodeCosts are the warm-path penalties of entering each person, by Me's
// standing with them (coalition.Standing.Cost).
func (x *tieIndex) nodeCosts() []float64 {
	c := make([]float64, len(x.t.People))
	for i := range c {
		c[i] = x.standing(i).Cost()
	}
	return c
}

// relLabel describes Me's relationship with person i in a few words, "" when
// nothing is recorded.
func (x *tieIndex) relLabel(i int) string {
	r := x.t.Rels[x.t.People[i].ID]
	if r == nil {
		return ""
	}
	s := string(r.Tier)
	if r.Status != ally.StatusEngaged && r.Status != ally.StatusAlly && r.Status != "" {
		s += ", " + string(r.Status)
	}
	if r.Trust > 0 {
		s += fmt.Sprintf(", trust %d/5", r.Trust)
	}
	return s
}

// pageRank is weighted PageRank (network.PageRank, damping 0.85) on the
// undirected tie graph, strengths as weights: the finder's measure of
// influence.
func (x *tieIndex) pageRank(ctx context.Context) ([]float64, error) {
	b := network.NewBuilder(false)
	for _, p := range x.t.People {
		b.AddNode(strconv.FormatInt(p.ID, 10), nil)
	}
	for _, e := range x.t.Edges {
		if s := clampStrength(e.Strength); s > 0 {
			b.AddEdge(e.A, e.B, s)
		}
	}
	g, err := b.Build()
	if err != nil {
		return nil, err
	}
	return network.PageRank(ctx, g, network.PageRankOptions{Weighted: true})
}
