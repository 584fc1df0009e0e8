package network

import (
	"context"
	"math"
	"sync/atomic"
)

// Components returns the connected component of every node (weakly
// connected for a directed graph) and the number of components. Components
// are numbered 0, 1, … in order of their lowest node, as igraph does.
//
// Method: breadth-first search from each unlabelled node in increasing
// order. Cost O(n + m).
func Components(g *Graph) (comp []int32, count int) {
	n := g.n
	comp = make([]int32, n)
	for i := range comp {
		comp[i] = -1
	}
	queue := make([]int32, 0, 1024)
	for s := 0; s < n; s++ {
		if comp[s] >= 0 {
			continue
		}
		c := int32(count)
		count++
		comp[s] = c
		queue = append(queue[:0], int32(s))
		for h := 0; h < len(queue); h++ {
			u := int(queue[h])
			for _, v := range g.Neighbors(u) {
				if comp[v] < 0 {
					comp[v] = c
					queue = append(queue, v)
				}
			}
			if g.directed {
				for _, v := range g.InNeighbors(u) {
					if comp[v] < 0 {
						comp[v] = c
						queue = append(queue, v)
					}
				}
			}
		}
	}
	return comp, count
}

// CoreNumbers returns the k-core number of every node: the largest k such
// that the node belongs to a subgraph in which every node has at least k
// neighbours. A directed graph is read as undirected (an arc in either
// direction makes two nodes neighbours).
//
// Method: Batagelj & Zaversnik 2003 bucket peeling, O(n + m).
func CoreNumbers(g *Graph) []int {
	g = g.Undirected()
	n := g.n
	deg := make([]int32, n)
	maxd := int32(0)
	for u := 0; u < n; u++ {
		deg[u] = int32(g.off[u+1] - g.off[u])
		maxd = max(maxd, deg[u])
	}
	bin := make([]int32, maxd+2)
	for _, d := range deg {
		bin[d]++
	}
	start := int32(0)
	for d := int32(0); d <= maxd; d++ {
		c := bin[d]
		bin[d] = start
		start += c
	}
	vert := make([]int32, n)
	pos := make([]int32, n)
	for v := 0; v < n; v++ {
		pos[v] = bin[deg[v]]
		vert[pos[v]] = int32(v)
		bin[deg[v]]++
	}
	for d := maxd; d > 0; d-- {
		bin[d] = bin[d-1]
	}
	bin[0] = 0
	off, adj := g.off, g.adj
	for i := 0; i < n; i++ {
		v := vert[i]
		dv := deg[v]
		for _, u := range adj[off[v]:off[v+1]] {
			du := deg[u]
			if du > dv {
				pu := pos[u]
				pw := bin[du]
				w := vert[pw]
				if u != w {
					pos[u], pos[w] = pw, pu
					vert[pu], vert[pw] = w, u
				}
				bin[du]++
				deg[u] = du - 1
			}
		}
	}
	out := make([]int, n)
	for i, d := range deg {
		out[i] = int(d)
	}
	return out
}

// Brokerage holds Burt's structural-hole measures for every node.
type Brokerage struct {
	// Constraint c_i = Σ_{j∈N(i)} (p_ij + Σ_{q≠i,j} p_iq p_qj)², where p_ij = (a_ij + a_ji) / Σ_k (a_ik + a_ki) is the share of i's
	// tie volume invested in j. Low constraint: a broker whose contacts are
	// not tied to each other. NaN for an isolated node.
	Constraint []float64
	// EffectiveSize e_i = Σ_{j∈N(i)} (1 − Σ_{q≠i,j} p_iq m_jq), with m_jq =
	// (a_jq + a_qj) / max_k (a_jk + a_kj): the number of contacts minus
	// their redundancy (n − 2t/n when unweighted). NaN for an isolated node.
	EffectiveSize []float64
}

// Constraint returns Burt's constraint and effective size of every node,
// weighted by tie strength when weighted is true and the graph has weights
// (arcs in both directions add up, as in Burt's definition). On an
// unweighted graph constraint equals igraph's constraint().
//
// Method: for each node a sparse scatter of its neighbours' shares over a
// dense per-worker array, parallel over fixed chunks of nodes. Cost
// O(Σ_j deg(j)²), memory O(n) per worker. Reference: Burt 1992,
// Structural Holes; Borgatti 1997 (effective size).
func Constraint(ctx context.Context, g *Graph, weighted bool) (Brokerage, error) {
	u := g.Undirected()
	n := u.n
	useW := weighted && u.weighted
	// Total tie volume of each node and its strongest tie.
	vol := make([]float64, n)
	maxTie := make([]float64, n)
	for i := 0; i < n; i++ {
		ws := u.Weights(i)
		for k := range u.Neighbors(i) {
			a := 1.0
			if useW {
				a = ws[k]
			}
			vol[i] += a
			maxTie[i] = max(maxTie[i], a)
		}
	}
	res := Brokerage{Constraint: make([]float64, n), EffectiveSize: make([]float64, n)}
	type scratch struct {
		p, contrib []float64
		touched    []int32
	}
	pool := make(chan *scratch, workers())
	for i := 0; i < workers(); i++ {
		pool <- &scratch{p: make([]float64, n), contrib: make([]float64, n)}
	}
	var cancelled atomic.Bool
	forChunks(n, func(_, lo, hi int) {
		if ctx.Err() != nil {
			cancelled.Store(true)
			return
		}
		sc := <-pool
		defer func() { pool <- sc }()
		p, contrib := sc.p, sc.contrib // p[j] = p_ij for the current i
		for i := lo; i < hi; i++ {
			nb := u.Neighbors(i)
			if len(nb) == 0 {
				res.Constraint[i] = math.NaN()
				res.EffectiveSize[i] = math.NaN()
				continue
			}
			wi := u.Weights(i)
			touched := sc.touched[:0]
			for k, j := range nb {
				a := 1.0
				if useW {
					a = wi[k]
				}
				p[j] = a / vol[i]
				contrib[j] = p[j]
				touched = append(touched, j)
			}
			e := 0.0
			for _, j := range nb {
				// contrib[q] collects p_ij p_jq, the indirect investment of
				// i in q through j; redund = Σ_q p_iq m_jq.
				redund := 0.0
				pij := p[j]
				wj := u.Weights(int(j))
				for k, q := range u.Neighbors(int(j)) {
					if int(q) == i {
						continue
					}
					a := 1.0
					if useW {
						a = wj[k]
					}
					if contrib[q] == 0 && p[q] == 0 {
						touched = append(touched, q)
					}
					contrib[q] += pij * a / vol[j]
					redund += p[q] * a / maxTie[j]
				}
				e += 1 - redund
			}
			// Burt's sum runs over i's contacts j (as in igraph); the
			// two-step contacts only carry indirect investment.
			c := 0.0
			for _, j := range nb {
				c += contrib[j] * contrib[j]
			}
			for _, q := range touched {
				contrib[q] = 0
			}
			for _, j := range nb {
				p[j] = 0
			}
			sc.touched = touched
			res.Constraint[i] = c
			res.EffectiveSize[i] = e
		}
	})
	if cancelled.Load() {
		return Brokerage{}, ctx.Err()
	}
	return res, nil
}
