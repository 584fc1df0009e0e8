package coalition

import (
	"math"
	"slices"

	"github.com/allyhq/ally"
)

// WarmTree holds the strongest warm path from one node to every other, for
// callers that need the best path to many people (the ally finder's reach
// of every candidate).
type WarmTree struct {
	g        *Graph
	from     int
	nodeCost []float64
	dist     []float64 // path cost from the root; +Inf when unreachable
	prev     []int     // predecessor on the best path; −1 at the root or unreachable
}

// BestWarmPaths finds the strongest warm path from `from` to every node in
// one Dijkstra search, with the costs of [WarmPaths]: an arc of strength p
// into v costs −ln p plus nodeCost[v]. tree.Path(to) is the first path
// WarmPaths(g, from, to, 1, nodeCost) returns (the same search, which
// WarmPaths stops at its target), so asking for all n targets costs
// O(m + n log n) instead of n searches, O(n·(m + n log n)).
// EINVALID for a bad node or penalty, as WarmPaths.
func BestWarmPaths(g *Graph, from int, nodeCost []float64) (*WarmTree, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	if from < 0 || from >= g.N {
		return nil, ally.Errorf(ally.EINVALID, "warm paths: node %d is not in the graph", from)
	}
	if nodeCost != nil {
		if len(nodeCost) != g.N {
			return nil, ally.Errorf(ally.EINVALID, "warm paths: %d node penalties for %d nodes", len(nodeCost), g.N)
		}
		for v, c := range nodeCost {
			if !(c >= 0) || math.IsInf(c, 1) {
				return nil, ally.Errorf(ally.EINVALID, "warm paths: penalty of node %d is %v; penalties must be finite and non-negative", v, c)
			}
		}
	}
	t := &WarmTree{g: g, from: from, nodeCost: nodeCost, dist: make([]float64, g.N), prev: make([]int, g.N)}
	for i := range t.dist {
		t.dist[i], t.prev[i] = math.Inf(1), -1
	}
	t.dist[from] = 0
	pq := newDistHeap()
	pq.Push(distItem{from, 0})
	for pq.Len() > 0 {
		it := pq.Pop()
		if it.d > t.dist[it.v] {
			continue
		}
		for _, a := range g.Adj[it.v] {
			v := int(a.To)
			if nd := it.d + t.arcCost(v, a.P); nd < t.dist[v] {
				t.dist[v], t.prev[v] = nd, it.v
				pq.Push(distItem{v, nd})
			}
		}
	}
	return t, nil
}

func (t *WarmTree) arcCost(v int, p float64) float64 {
	c := -math.Log(p)
	if t.nodeCost != nil {
		c += t.nodeCost[v]
	}
	return c
}

// Path returns the strongest warm path from the root to `to`; ok is false
// when no chain of ties reaches it (or `to` is not a node).
func (t *WarmTree) Path(to int) (p WarmPath, ok bool) {
	if to < 0 || to >= t.g.N || math.IsInf(t.dist[to], 1) {
		return WarmPath{}, false
	}
	if to == t.from {
		return WarmPath{Nodes: []int{to}, Strength: 1}, true
	}
	for v := to; v != -1; v = t.prev[v] {
		p.Nodes = append(p.Nodes, v)
	}
	slices.Reverse(p.Nodes)
	p.Strength = 1
	for i := 0; i+1 < len(p.Nodes); i++ {
		u, v := p.Nodes[i], p.Nodes[i+1]
		s := strength(t.g, u, v)
		p.Hops = append(p.Hops, Hop{From: u, To: v, Strength: s})
		p.Strength *= s
		p.Cost += t.arcCost(v, s)
	}
	return p, true
}
