package coalition

import (
	"math"

	"github.com/allyhq/ally"
)

// Arc is a directed tie to node To with strength or probability P ∈ (0,1].
// In warm paths P is the tie strength; in influence maximisation it is the
// probability that an active tail activates To (independent cascade).
type Arc struct {
	To int32
	P  float64
}

// Graph is a directed graph on nodes 0 … N−1 as adjacency lists; an
// undirected tie is two arcs. The caller builds it from the workspace and
// owns the mapping from node index to person.
type Graph struct {
	N   int
	Adj [][]Arc
}

// NewGraph returns an empty graph on n nodes.
func NewGraph(n int) *Graph { return &Graph{N: n, Adj: make([][]Arc, n)} }

// AddArc adds the arc u→v with strength p.
func (g *Graph) AddArc(u, v int, p float64) {
	g.Adj[u] = append(g.Adj[u], Arc{To: int32(v), P: p})
}

// AddEdge adds u→v and v→u, both with strength p.
func (g *Graph) AddEdge(u, v int, p float64) {
	g.AddArc(u, v, p)
	g.AddArc(v, u, p)
}

// Validate reports EINVALID unless len(Adj) = N, every arc points at a node
// and every strength lies in (0,1].
func (g *Graph) Validate() error {
	if g == nil || g.N < 0 || len(g.Adj) != g.N {
		return ally.Errorf(ally.EINVALID, "graph: adjacency does not match its node count")
	}
	for u, arcs := range g.Adj {
		for _, a := range arcs {
			if a.To < 0 || int(a.To) >= g.N {
				return ally.Errorf(ally.EINVALID, "graph: arc %d→%d leaves the graph of %d nodes", u, a.To, g.N)
			}
			if !(a.P > 0 && a.P <= 1) || math.IsNaN(a.P) {
				return ally.Errorf(ally.EINVALID, "graph: arc %d→%d has strength %v, outside (0,1]", u, a.To, a.P)
			}
		}
	}
	return nil
}

// WeightedCascade returns a copy of g for the independent cascade in which
// each arc u→v has probability
//
//	p(u→v) = w(u→v) / Σ_x w(x→v)
//
// its weight (in ally, the tie's strength) as a share of all the weight
// into v: the weighted-cascade model of Kempe, Kleinberg & Tardos (2003),
// with weights. With equal weights it is 1/indeg(v), the form Tang, Shi &
// Xiao (2015) use in their experiments. A person listens to their strongest
// ties, and the expected pull on anyone sums to one, so a cascade does not
// sweep a dense email network whatever the scale of the strengths.
// Cost: O(n + m).
func WeightedCascade(g *Graph) *Graph {
	in := make([]float64, g.N)
	for _, arcs := range g.Adj {
		for _, a := range arcs {
			in[a.To] += a.P
		}
	}
	h := NewGraph(g.N)
	for u, arcs := range g.Adj {
		h.Adj[u] = make([]Arc, len(arcs))
		for j, a := range arcs {
			h.Adj[u][j] = Arc{To: a.To, P: math.Min(1, a.P/in[a.To])}
		}
	}
	return h
}

// csr is a compressed sparse row copy of a graph, the cache-friendly form
// the samplers walk millions of times.
type csr struct {
	n   int
	off []int
	to  []int32
	p   []float64
}

// reverseCSR returns the transpose of g: for each v, its in-arcs u→v.
func reverseCSR(g *Graph) csr {
	c := csr{n: g.N, off: make([]int, g.N+1)}
	for _, arcs := range g.Adj {
		for _, a := range arcs {
			c.off[a.To+1]++
		}
	}
	for v := range g.N {
		c.off[v+1] += c.off[v]
	}
	m := c.off[g.N]
	c.to, c.p = make([]int32, m), make([]float64, m)
	pos := append([]int(nil), c.off[:g.N]...)
	for u, arcs := range g.Adj {
		for _, a := range arcs {
			c.to[pos[a.To]], c.p[pos[a.To]] = int32(u), a.P
			pos[a.To]++
		}
	}
	return c
}

func forwardCSR(g *Graph) csr {
	c := csr{n: g.N, off: make([]int, g.N+1)}
	for u, arcs := range g.Adj {
		c.off[u+1] = c.off[u] + len(arcs)
	}
	c.to, c.p = make([]int32, c.off[g.N]), make([]float64, c.off[g.N])
	for u, arcs := range g.Adj {
		for j, a := range arcs {
			c.to[c.off[u]+j], c.p[c.off[u]+j] = a.To, a.P
		}
	}
	return c
}
