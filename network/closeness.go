package network

import (
	"container/heap"
	"context"
	"math"
	"sync/atomic"
)

// Centrality holds closeness and harmonic centrality, which share their
// shortest-path searches.
type Centrality struct {
	// Closeness[v] = (r_v − 1) / Σ_{u reached from v} d(v,u), where r_v is
	// the number of nodes v reaches (itself included): closeness within
	// v's component, igraph's default. NaN, as igraph says, for a node
	// that reaches no other (an isolated person; in a directed graph, one
	// with no way out): closeness to nobody is not a number, and 0 would
	// rank them with the far-away.
	Closeness []float64
	// Harmonic[v] = Σ_{u≠v} 1/d(v,u) / (n−1), unreachable nodes adding 0.
	Harmonic []float64
}

// ClosenessHarmonic returns closeness and harmonic centrality of every
// node, following out-links in a directed graph.
//
// Method: one breadth-first search (Dijkstra for weighted lengths) per
// node, parallel over nodes on all cores; each node's values come from its
// own search, so the result does not depend on scheduling. Cost O(nm)
// unweighted, O(nm + n² log n) weighted. Progress counts sources.
//
// Reference: Bavelas 1950, Freeman 1979 (closeness); Marchiori & Latora
// 2000, Rochat 2009 (harmonic). Errors: ctx.Err() when cancelled.
func ClosenessHarmonic(ctx context.Context, g *Graph, opt PathOptions) (Centrality, error) {
	n := g.n
	res := Centrality{Closeness: make([]float64, n), Harmonic: make([]float64, n)}
	length := lengths(g, opt.Paths)
	rep := newReporter(opt.Progress, n)
	const piece = 64
	pieces := (n + piece - 1) / piece
	var next atomic.Int64
	err := runLanes(ctx, workers(), func(_, _ int) error {
		b := newBrandesBuf(n)
		for {
			p := int(next.Add(1) - 1)
			if p >= pieces {
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			for s := p * piece; s < min(n, (p+1)*piece); s++ {
				var reached int
				var sum, harm float64
				if length == nil {
					reached, sum, harm = b.bfsDistances(g, s)
				} else {
					reached, sum, harm = b.dijkstraDistances(g, length, s)
				}
				if sum > 0 {
					res.Closeness[s] = float64(reached-1) / sum
				} else {
					// igraph's value: no other node to be near.
					res.Closeness[s] = math.NaN()
				}
				if n > 1 {
					res.Harmonic[s] = harm / float64(n-1)
				}
			}
			rep.add(min(n, (p+1)*piece) - p*piece)
		}
	})
	if err != nil {
		return Centrality{}, err
	}
	return res, nil
}

// bfsDistances returns the number of nodes reached from s (s included), the
// sum of their distances and the sum of their inverse distances.
func (b *brandesBuf) bfsDistances(g *Graph, s int) (int, float64, float64) {
	dist := b.dist
	off, adj := g.off, g.adj
	order := b.order[:0]
	dist[s] = 0
	order = append(order, int32(s))
	var sum int64
	var harm float64
	// Level by level, so the inverse distance is added once per level.
	head := 0
	for d := int32(1); head < len(order); d++ {
		end := len(order)
		for ; head < end; head++ {
			u := order[head]
			for _, v := range adj[off[u]:off[u+1]] {
				if dist[v] < 0 {
					dist[v] = d
					order = append(order, v)
				}
			}
		}
		cnt := len(order) - end
		sum += int64(cnt) * int64(d)
		harm += float64(cnt) / float64(d)
	}
	for _, v := range order {
		dist[v] = -1
	}
	b.order = order
	return len(order), float64(sum), harm
}

func (b *brandesBuf) dijkstraDistances(g *Graph, length []float64, s int) (int, float64, float64) {
	if b.fdist == nil {
		b.fdist = make([]float64, g.n)
		for i := range b.fdist {
			b.fdist[i] = math.Inf(1)
		}
	}
	dist, done := b.fdist, b.dist
	off, adj := g.off, g.adj
	touched := b.order[:0]
	dist[s] = 0
	touched = append(touched, int32(s))
	b.pq = b.pq[:0]
	heap.Push(&b.pq, distItem{0, int32(s)})
	reached := 0
	var sum, harm float64
	for len(b.pq) > 0 {
		it := heap.Pop(&b.pq).(distItem)
		u := it.v
		if done[u] == 0 || it.d > dist[u] {
			continue
		}
		done[u] = 0
		reached++
		if int(u) != s {
			sum += it.d
			harm += 1 / it.d
		}
		for k := off[u]; k < off[u+1]; k++ {
			v := adj[k]
			nd := it.d + length[k]
			if nd < dist[v] {
				if math.IsInf(dist[v], 1) {
					touched = append(touched, v)
				}
				dist[v] = nd
				heap.Push(&b.pq, distItem{nd, v})
			}
		}
	}
	for _, v := range touched {
		dist[v] = math.Inf(1)
		done[v] = -1
	}
	b.order = touched
	return reached, sum, harm
}
