package network

import (
	"container/heap"
	"context"
	"math"
)

// PathWeight says how edge weights enter shortest paths.
type PathWeight int

const (
	// Hops ignores weights: a path's length is its number of edges.
	Hops PathWeight = iota
	// WeightIsLength uses each weight as the edge's length.
	WeightIsLength
	// WeightIsStrength uses 1/w as the length, so strong ties are short:
	// the reading that suits tie strengths.
	WeightIsStrength
)

// PathOptions configure the shortest-path metrics (betweenness, closeness,
// harmonic).
type PathOptions struct {
	// Paths chooses hops (the default) or a weighted length; weights apply
	// only when the graph is weighted.
	Paths PathWeight
	// Raw returns unnormalised betweenness (pair counts).
	Raw      bool
	Progress Progress
}

// lanes is the number of fixed partial sums of an all-sources
// accumulation. Source s belongs to lane s mod lanes, each lane is summed by
// one goroutine in source order, and the lanes are added in lane order, so
// the floating-point result is the same on any number of cores.
const lanes = 16

// lengths returns the edge length array for opt, or nil for hops.
func lengths(g *Graph, p PathWeight) []float64 {
	if p == Hops || !g.weighted {
		return nil
	}
	if p == WeightIsLength {
		return g.w
	}
	l := make([]float64, len(g.w))
	for i, w := range g.w {
		l[i] = 1 / w
	}
	return l
}

// Betweenness returns the betweenness centrality of every node, the
// fraction of shortest paths between other pairs that pass through it:
//
//	b(v) = Σ_{s≠v≠t} σ_st(v) / σ_st
//
// over unordered pairs for an undirected graph, ordered pairs for a
// directed one; normalised by 2/((n-1)(n-2)) (undirected) or
// 1/((n-1)(n-2)) (directed) unless opt.Raw, which is networkx's
// normalisation and igraph's raw value times it.
//
// Method: Brandes' algorithm, one breadth-first search (Dijkstra when
// weighted) per source with the dependencies accumulated backwards in pull
// form, parallel over sources on all cores with per-worker buffers. Cost
// O(nm) unweighted, O(nm + n² log n) weighted; memory O(n) per worker plus
// 16 partial sums of n values (see lanes). Progress counts sources.
//
// Reference: Brandes 2001, "A faster algorithm for betweenness centrality".
// Errors: ctx.Err() when cancelled.
func Betweenness(ctx context.Context, g *Graph, opt PathOptions) ([]float64, error) {
	n := g.n
	length := lengths(g, opt.Paths)
	acc := make([][]float64, lanes)
	bufs := make([]*brandesBuf, workers())
	rep := newReporter(opt.Progress, n)
	err := runLanes(ctx, lanes, func(wk, lane int) error {
		b := bufs[wk]
		if b == nil {
			b = newBrandesBuf(n)
			bufs[wk] = b
		}
		bc := make([]float64, n)
		acc[lane] = bc
		done := 0
		for s := lane; s < n; s += lanes {
			if done%64 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if length == nil {
				b.bfs(g, s, bc)
			} else {
				b.dijkstra(g, length, s, bc)
			}
			done++
			if done%16 == 0 {
				rep.add(16)
			}
		}
		rep.add(done % 16)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]float64, n)
	for _, bc := range acc {
		if bc == nil {
			continue
		}
		for i, v := range bc {
			out[i] += v
		}
	}
	scale := 1.0
	if !g.directed {
		scale = 0.5
	}
	if !opt.Raw {
		if n > 2 {
			scale /= float64(n-1) * float64(n-2)
			if !g.directed {
				scale *= 2
			}
		}
	}
	for i := range out {
		out[i] *= scale
	}
	return out, nil
}

type brandesBuf struct {
	dist  []int32
	fdist []float64
	sigma []float64
	coef  []float64
	order []int32
	pq    distHeap
}

func newBrandesBuf(n int) *brandesBuf {
	b := &brandesBuf{
		dist:  make([]int32, n),
		sigma: make([]float64, n),
		coef:  make([]float64, n),
		order: make([]int32, 0, n),
	}
	for i := range b.dist {
		b.dist[i] = -1
	}
	return b
}

// bfs adds source s's dependencies to bc (unweighted Brandes).
func (b *brandesBuf) bfs(g *Graph, s int, bc []float64) {
	dist, sigma, coef := b.dist, b.sigma, b.coef
	off, adj := g.off, g.adj
	order := b.order[:0]
	dist[s] = 0
	sigma[s] = 1
	order = append(order, int32(s))
	for head := 0; head < len(order); head++ {
		u := order[head]
		du := dist[u] + 1
		su := sigma[u]
		for _, v := range adj[off[u]:off[u+1]] {
			dv := dist[v]
			if dv < 0 {
				dist[v] = du
				sigma[v] = su
				order = append(order, v)
			} else if dv == du {
				sigma[v] += su
			}
		}
	}
	// Dependencies, pulled from successors: δ(w) = σ_w Σ_{x succ w} (1+δ(x))/σ_x.
	for i := len(order) - 1; i > 0; i-- {
		w := order[i]
		dn := dist[w] + 1
		a := 0.0
		for _, x := range adj[off[w]:off[w+1]] {
			if dist[x] == dn {
				a += coef[x]
			}
		}
		delta := sigma[w] * a
		bc[w] += delta
		coef[w] = (1 + delta) / sigma[w]
	}
	for _, v := range order {
		dist[v] = -1
	}
	b.order = order
}

// tieTol is the relative difference under which two path lengths count as
// equal: lengths such as 1/3 + 1/2 and 1/2 + 1/3 differ in the last bit,
// and an exact comparison would drop one of two equally short paths
// (igraph compares with a tolerance too).
const tieTol = 1e-10

// dijkstra adds source s's dependencies to bc (weighted Brandes). Path
// lengths within tieTol (relative) are equal: a predecessor u of v has
// d(u)+l(u,v) ≈ d(v).
func (b *brandesBuf) dijkstra(g *Graph, length []float64, s int, bc []float64) {
	if b.fdist == nil {
		b.fdist = make([]float64, g.n)
		for i := range b.fdist {
			b.fdist[i] = math.Inf(1)
		}
	}
	dist, sigma, coef := b.fdist, b.sigma, b.coef
	done := b.dist // reused as a settled flag: -1 unsettled, 0 settled
	off, adj := g.off, g.adj
	order := b.order[:0]
	var touched []int32
	dist[s] = 0
	sigma[s] = 1
	b.pq = b.pq[:0]
	heap.Push(&b.pq, distItem{0, int32(s)})
	touched = append(touched, int32(s))
	for len(b.pq) > 0 {
		it := heap.Pop(&b.pq).(distItem)
		u := it.v
		if done[u] == 0 || it.d > dist[u] {
			continue
		}
		done[u] = 0
		order = append(order, u)
		du := dist[u]
		su := sigma[u]
		for k := off[u]; k < off[u+1]; k++ {
			v := adj[k]
			nd := du + length[k]
			dv := dist[v]
			if nd < dv-tieTol*nd {
				if math.IsInf(dv, 1) {
					touched = append(touched, v)
				}
				dist[v] = nd
				sigma[v] = su
				heap.Push(&b.pq, distItem{nd, v})
			} else if nd <= dv+tieTol*nd {
				sigma[v] += su
			}
		}
	}
	for i := len(order) - 1; i > 0; i-- {
		w := order[i]
		dw := dist[w]
		a := 0.0
		for k := off[w]; k < off[w+1]; k++ {
			x := adj[k]
			if nd := dw + length[k]; math.Abs(dist[x]-nd) <= tieTol*nd && x != int32(s) {
				a += coef[x]
			}
		}
		delta := sigma[w] * a
		bc[w] += delta
		coef[w] = (1 + delta) / sigma[w]
	}
	// The successor test above relies on every settled x having coef set;
	// the source's coef is never read (x != s) and unreachable nodes have
	// infinite distance, which never matches.
	for _, v := range touched {
		dist[v] = math.Inf(1)
		done[v] = -1
	}
	b.order = order
}

type distItem struct {
	d float64
	v int32
}

type distHeap []distItem

func (h distHeap) Len() int { return len(h) }
func (h distHeap) Less(i, j int) bool {
	if h[i].d != h[j].d {
		return h[i].d < h[j].d
	}
	return h[i].v < h[j].v
}
func (h distHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *distHeap) Push(x any)   { *h = append(*h, x.(distItem)) }
func (h *distHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
