package network

import (
	"context"
	"math"

	"github.com/allyhq/ally"
)

// PageRankOptions configure PageRank.
type PageRankOptions struct {
	// Damping is the probability of following a link; 0 means 0.85.
	Damping float64
	// Weighted follows links in proportion to their weight.
	Weighted bool
	// Personalization, when not nil, is the teleport distribution (one
	// non-negative value per node, normalised here); nil means uniform.
	Personalization []float64
	// Tolerance stops the iteration when the L1 change of the vector is
	// below it; 0 means 1e-10, which puts every value within about 6e-10
	// (d/(1-d) times the last change) of the exact solution.
	Tolerance float64
	// MaxIter bounds the iterations; 0 means 10,000. When MaxIter is
	// reached before the tolerance the result is returned as it is (a
	// benchmark can ask for exactly k iterations with a zero tolerance).
	MaxIter  int
	Progress Progress
}

// PageRank returns the PageRank of every node: the stationary distribution
// of a random walk that follows an out-link (chosen in proportion to its
// weight when Weighted) with probability d and otherwise jumps to a node
// drawn from the personalisation vector p:
//
//	x_v = (1-d) p_v + d (Σ_{u→v} x_u w_uv / W_u + p_v Σ_{u dangling} x_u)
//
// Dangling nodes (no out-links) jump by p, as in networkx and igraph's
// PRPACK for the uniform case. The values sum to 1. Undirected edges count
// in both directions.
//
// Method: Jacobi power iteration in pull form over the in-adjacency, each
// iteration parallel over fixed chunks of nodes with the reductions summed
// in chunk order (deterministic whatever the number of cores). Cost O(m)
// per iteration; the error shrinks by at least d per iteration.
//
// Reference: Page, Brin, Motwani & Winograd 1999; Langville & Meyer 2006.
// Errors: EINVALID for a bad damping or personalisation vector; ctx.Err()
// when cancelled.
func PageRank(ctx context.Context, g *Graph, opt PageRankOptions) ([]float64, error) {
	x, _, err := pageRank(ctx, g, opt)
	return x, err
}

// PageRankIterations is PageRank that also returns the number of
// iterations it ran.
func PageRankIterations(ctx context.Context, g *Graph, opt PageRankOptions) ([]float64, int, error) {
	return pageRank(ctx, g, opt)
}

func pageRank(ctx context.Context, g *Graph, opt PageRankOptions) ([]float64, int, error) {
	n := g.n
	d := opt.Damping
	if d == 0 {
		d = 0.85
	}
	if !(d > 0 && d < 1) {
		return nil, 0, ally.Errorf(ally.EINVALID, "pagerank: damping %v must be in (0, 1)", d)
	}
	tol := opt.Tolerance
	if tol == 0 {
		tol = 1e-10
	}
	maxIter := opt.MaxIter
	if maxIter == 0 {
		maxIter = 10000
	}
	if n == 0 {
		return nil, 0, nil
	}
	var p []float64
	if opt.Personalization != nil {
		if len(opt.Personalization) != n {
			return nil, 0, ally.Errorf(ally.EINVALID, "pagerank: personalization has %d values for %d nodes", len(opt.Personalization), n)
		}
		s := 0.0
		for _, v := range opt.Personalization {
			if !(v >= 0) || math.IsInf(v, 0) {
				return nil, 0, ally.Errorf(ally.EINVALID, "pagerank: personalization value %v must be finite and non-negative", v)
			}
			s += v
		}
		if s == 0 {
			return nil, 0, ally.Errorf(ally.EINVALID, "pagerank: personalization is all zero")
		}
		p = make([]float64, n)
		for i, v := range opt.Personalization {
			p[i] = v / s
		}
	}
	weighted := opt.Weighted && g.weighted
	// inv[u] = 1/W_u, the out-strength (or out-degree) of u; 0 for dangling.
	inv := make([]float64, n)
	for u := 0; u < n; u++ {
		s := rowSum(nilIf(!weighted, g.Weights(u)), len(g.Neighbors(u)))
		if s > 0 {
			inv[u] = 1 / s
		}
	}
	inOff, inAdj, inW := g.off, g.adj, g.w
	if g.directed {
		inOff, inAdj, inW = g.inOff, g.inAdj, g.inW
	}
	if !weighted {
		inW = nil
	}
	x := make([]float64, n)
	y := make([]float64, n)
	c := make([]float64, n)
	for i := range x {
		if p != nil {
			x[i] = p[i]
		} else {
			x[i] = 1 / float64(n)
		}
	}
	chunks := (n + chunkSize - 1) / chunkSize
	part := make([]float64, chunks)
	rep := newReporter(opt.Progress, maxIter)
	it := 0
	for it < maxIter {
		if err := ctx.Err(); err != nil {
			return nil, it, err
		}
		it++
		// c_u = x_u / W_u, and the mass on dangling nodes.
		forChunks(n, func(ci, lo, hi int) {
			dang := 0.0
			for u := lo; u < hi; u++ {
				if inv[u] == 0 {
					dang += x[u]
					c[u] = 0
				} else {
					c[u] = x[u] * inv[u]
				}
			}
			part[ci] = dang
		})
		dang := 0.0
		for _, v := range part {
			dang += v
		}
		base := (1 - d + d*dang) / float64(n)
		forChunks(n, func(ci, lo, hi int) {
			errSum := 0.0
			for v := lo; v < hi; v++ {
				acc := 0.0
				lo, hi := inOff[v], inOff[v+1]
				row := inAdj[lo:hi]
				if inW == nil {
					for _, u := range row {
						acc += c[u]
					}
				} else {
					wr := inW[lo:hi]
					for k, u := range row {
						acc += c[u] * wr[k]
					}
				}
				var nv float64
				if p == nil {
					nv = base + d*acc
				} else {
					nv = (1-d+d*dang)*p[v] + d*acc
				}
				y[v] = nv
				errSum += math.Abs(nv - x[v])
			}
			part[ci] = errSum
		})
		change := 0.0
		for _, v := range part {
			change += v
		}
		x, y = y, x
		rep.add(1)
		if change < tol {
			break
		}
	}
	// Renormalise away the rounding drift so the values sum to 1.
	s := 0.0
	for _, v := range x {
		s += v
	}
	for i := range x {
		x[i] /= s
	}
	return x, it, nil
}

func nilIf(cond bool, w []float64) []float64 {
	if cond {
		return nil
	}
	return w
}

// EigenvectorOptions configure Eigenvector.
type EigenvectorOptions struct {
	Weighted bool
	// Tolerance on the largest change of a value between iterations; 0
	// means 1e-12.
	Tolerance float64
	// MaxIter bounds the iterations; 0 means 100,000.
	MaxIter  int
	Progress Progress
}

// Eigenvector returns the eigenvector centrality of every node: the
// principal eigenvector x of the adjacency matrix, A x = λ x (x_v = Σ_{u→v}
// w_uv x_u / λ, in-links for a directed graph), scaled to unit Euclidean
// length and non-negative, as networkx's eigenvector_centrality.
//
// Method: power iteration on A + I (the shift keeps bipartite graphs, whose
// spectrum is symmetric, from oscillating; it does not change the
// eigenvector), parallel over fixed chunks. Cost O(m) per iteration; the
// number of iterations grows as the gap (λ1 − λ2)/(λ1 + 1) shrinks. A
// disconnected graph gets the vector of its component with the largest λ
// (and zeros elsewhere, to the tolerance; exact zeros for the nodes of an
// undirected graph that have no tie), as a direct eigensolver would.
//
// Reference: Bonacich 1972. Errors: ctx.Err() when cancelled.
func Eigenvector(ctx context.Context, g *Graph, opt EigenvectorOptions) ([]float64, error) {
	n := g.n
	if n == 0 {
		return nil, nil
	}
	tol := opt.Tolerance
	if tol == 0 {
		tol = 1e-12
	}
	maxIter := opt.MaxIter
	if maxIter == 0 {
		maxIter = 100000
	}
	inOff, inAdj, inW := g.off, g.adj, g.w
	if g.directed {
		inOff, inAdj, inW = g.inOff, g.inAdj, g.inW
	}
	if !opt.Weighted {
		inW = nil
	}
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i] = 1 / math.Sqrt(float64(n))
	}
	chunks := (n + chunkSize - 1) / chunkSize
	part := make([]float64, chunks)
	rep := newReporter(opt.Progress, maxIter)
	for it := 0; it < maxIter; it++ {
		if it%16 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		forChunks(n, func(ci, lo, hi int) {
			ss := 0.0
			for v := lo; v < hi; v++ {
				acc := x[v]
				a, b := inOff[v], inOff[v+1]
				if inW == nil {
					for _, u := range inAdj[a:b] {
						acc += x[u]
					}
				} else {
					wr := inW[a:b]
					for k, u := range inAdj[a:b] {
						acc += x[u] * wr[k]
					}
				}
				y[v] = acc
				ss += acc * acc
			}
			part[ci] = ss
		})
		norm := 0.0
		for _, v := range part {
			norm += v
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			return y, nil
		}
		inv := 1 / norm
		forChunks(n, func(ci, lo, hi int) {
			mx := 0.0
			for v := lo; v < hi; v++ {
				y[v] *= inv
				mx = max(mx, math.Abs(y[v]-x[v]))
			}
			part[ci] = mx
		})
		change := 0.0
		for _, v := range part {
			change = max(change, v)
		}
		x, y = y, x
		rep.add(1)
		if change < tol {
			break
		}
	}
	if !g.directed && g.m > 0 {
		// A node without ties is exactly 0 (λ x_v = 0, λ ≥ 1): the
		// iteration leaves it (1/(λ+1))^k, a 1e-42 that reads as a value.
		for v := 0; v < n; v++ {
			if inOff[v] == inOff[v+1] {
				x[v] = 0
			}
		}
	}
	return x, nil
}
