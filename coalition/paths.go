package coalition

import (
	"math"
	"slices"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/internal/minheap"
)

// Standing is how Me stands with a person a warm path goes through, from
// the relationship recorded with them. It sets the penalty for entering
// them (see [Standing.Cost]): a go-between is asked a favour, and Me's
// allies and trusted people grant it most readily.
type Standing int

// Standings, from the cheapest go-between to the dearest.
const (
	StandingTrusted  Standing = iota // key ally, ally (tier or status) or trust 4–5
	StandingNetwork                  // a relationship recorded, none of the above
	StandingUnknown                  // no relationship recorded
	StandingDormant                  // a dormant relationship
	StandingStrained                 // a strained or ended relationship
)

// StandingOf classifies Me's relationship r with a person (nil: none
// recorded). A strained or ended status outranks a trusted tier: a key ally
// Me has fallen out with is no easy go-between.
func StandingOf(r *ally.Relationship) Standing {
	switch {
	case r == nil:
		return StandingUnknown
	case r.Status == ally.StatusStrained || r.Status == ally.StatusEnded:
		return StandingStrained
	case r.Tier == ally.TierKeyAlly || r.Tier == ally.TierAlly || r.Status == ally.StatusAlly || r.Trust >= 4:
		return StandingTrusted
	case r.Status == ally.StatusDormant:
		return StandingDormant
	}
	return StandingNetwork
}

// The penalties of warm paths, in units of −ln strength (a penalty c is
// worth a factor e^−c). Every go-between costs CostHop, so that at equal
// strength a shorter chain wins (each introduction is a favour asked); on
// top of it a trusted person costs nothing more, a colleague a little, a
// person with no recorded relationship more, a dormant relationship more
// still, a strained or ended one most.
const (
	CostHop      = 0.15
	CostTrusted  = 0.0
	CostNetwork  = 0.3
	CostUnknown  = 0.6
	CostDormant  = 1.0
	CostStrained = 2.5
)

// Cost is the penalty of entering a person of standing s on a warm path:
// CostHop plus the standing's own (the nodeCost that [WarmPaths] and
// [BestWarmPaths] take, per node).
func (s Standing) Cost() float64 {
	switch s {
	case StandingTrusted:
		return CostHop + CostTrusted
	case StandingNetwork:
		return CostHop + CostNetwork
	case StandingDormant:
		return CostHop + CostDormant
	case StandingStrained:
		return CostHop + CostStrained
	}
	return CostHop + CostUnknown
}

// Hop is one tie on a warm path with its strength.
type Hop struct {
	From, To int
	Strength float64
}

// WarmPath is a chain of ties from Me to a person.
type WarmPath struct {
	Nodes    []int
	Hops     []Hop
	Strength float64 // Π of hop strengths
	// Cost = Σ −ln(strength) + Σ node penalties of the nodes entered; the
	// paths are ranked by it.
	Cost float64
}

// WarmPaths returns up to k loopless paths from → to in increasing Cost:
// the strongest chains of ties, where a chain's strength is the product of
// its tie strengths in (0,1], so maximising it is minimising Σ −ln p (Yen,
// "Finding the k shortest loopless paths in a network", Management Science
// 17(11), 1971, over Dijkstra 1959). nodeCost, when not nil, adds a
// non-negative penalty for entering each node: 0 for allies and trusted
// people, more for strangers, so paths through them are preferred at equal
// strength. A penalty c is worth a factor e^(−c) of strength.
//
// Parallel arcs count as one tie, the strongest. Cost O(k·n·(m + n log n)).
// EINVALID for bad nodes, k < 1 or negative penalties; no path gives nil.
func WarmPaths(g *Graph, from, to, k int, nodeCost []float64) ([]WarmPath, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	if from < 0 || from >= g.N || to < 0 || to >= g.N {
		return nil, ally.Errorf(ally.EINVALID, "warm paths: endpoints %d and %d must be nodes of the graph", from, to)
	}
	if k < 1 {
		return nil, ally.Errorf(ally.EINVALID, "warm paths: k must be at least 1")
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
	if from == to {
		return []WarmPath{{Nodes: []int{from}, Strength: 1}}, nil
	}
	y := yen{g: g, nodeCost: nodeCost, removedNode: make([]bool, g.N), removedEdge: map[[2]int]bool{}}
	first := y.dijkstra(from, to)
	if first == nil {
		return nil, nil
	}
	A := [][]int{first}
	var B [][]int
	for len(A) < k {
		last := A[len(A)-1]
		for i := 0; i+1 < len(last); i++ {
			spur, root := last[i], last[:i+1]
			clear(y.removedEdge)
			for _, p := range A {
				if len(p) > i+1 && slices.Equal(p[:i+1], root) {
					y.removedEdge[[2]int{p[i], p[i+1]}] = true
				}
			}
			clear(y.removedNode)
			for _, v := range root[:i] {
				y.removedNode[v] = true
			}
			sp := y.dijkstra(spur, to)
			if sp == nil {
				continue
			}
			cand := append(slices.Clone(root[:i]), sp...)
			dup := slices.ContainsFunc(B, func(p []int) bool { return slices.Equal(p, cand) }) ||
				slices.ContainsFunc(A, func(p []int) bool { return slices.Equal(p, cand) })
			if !dup {
				B = append(B, cand)
			}
		}
		if len(B) == 0 {
			break
		}
		best := 0
		for j := range B {
			if cj, cb := y.cost(B[j]), y.cost(B[best]); cj < cb || cj == cb && slices.Compare(B[j], B[best]) < 0 {
				best = j
			}
		}
		A = append(A, B[best])
		B = slices.Delete(B, best, best+1)
	}
	out := make([]WarmPath, len(A))
	for j, p := range A {
		w := WarmPath{Nodes: p, Strength: 1, Cost: y.cost(p)}
		for i := 0; i+1 < len(p); i++ {
			s := strength(y.g, p[i], p[i+1])
			w.Hops = append(w.Hops, Hop{From: p[i], To: p[i+1], Strength: s})
			w.Strength *= s
		}
		out[j] = w
	}
	return out, nil
}

type yen struct {
	g           *Graph
	nodeCost    []float64
	removedNode []bool
	removedEdge map[[2]int]bool
}

// strength is the strongest arc u→v of g (parallel arcs count as one tie).
func strength(g *Graph, u, v int) float64 {
	var s float64
	for _, a := range g.Adj[u] {
		if int(a.To) == v {
			s = max(s, a.P)
		}
	}
	return s
}

func (y *yen) arcCost(v int, p float64) float64 {
	c := -math.Log(p)
	if y.nodeCost != nil {
		c += y.nodeCost[v]
	}
	return c
}

func (y *yen) cost(p []int) float64 {
	var c float64
	for i := 0; i+1 < len(p); i++ {
		c += y.arcCost(p[i+1], strength(y.g, p[i], p[i+1]))
	}
	return c
}

// dijkstra returns the cheapest path s → t avoiding removed nodes and
// edges, or nil.
func (y *yen) dijkstra(s, t int) []int {
	n := y.g.N
	dist := make([]float64, n)
	prev := make([]int, n)
	for i := range dist {
		dist[i], prev[i] = math.Inf(1), -1
	}
	dist[s] = 0
	pq := newDistHeap()
	pq.Push(distItem{s, 0})
	for pq.Len() > 0 {
		it := pq.Pop()
		if it.d > dist[it.v] {
			continue
		}
		if it.v == t {
			break
		}
		for _, a := range y.g.Adj[it.v] {
			v := int(a.To)
			if y.removedNode[v] || y.removedEdge[[2]int{it.v, v}] {
				continue
			}
			if nd := it.d + y.arcCost(v, a.P); nd < dist[v] {
				dist[v], prev[v] = nd, it.v
				pq.Push(distItem{v, nd})
			}
		}
	}
	if math.IsInf(dist[t], 1) {
		return nil
	}
	var p []int
	for v := t; v != -1; v = prev[v] {
		p = append(p, v)
	}
	slices.Reverse(p)
	return p
}

// distItem is a node and its tentative cost in a Dijkstra search.
type distItem struct {
	v int
	d float64
}

// newDistHeap is the Dijkstra queue of warm paths: cheapest first.
func newDistHeap() *minheap.Heap[distItem] {
	return minheap.New(func(a, b distItem) bool { return a.d < b.d })
}
