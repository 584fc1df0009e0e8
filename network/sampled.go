package network

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync/atomic"

	"github.com/allyhq/ally"
)

// SampleOptions configure SampledBetweenness.
type SampleOptions struct {
	// Epsilon is the largest error allowed on any node's normalised
	// betweenness; 0 means 0.01.
	Epsilon float64
	// Delta is the probability that some node's error exceeds Epsilon; 0
	// means 0.1.
	Delta float64
	// Seed fixes the sampled pairs and paths.
	Seed uint64
	// Samples, when positive, overrides the number of samples (the
	// guarantee reported is then recomputed for that number).
	Samples  int
	Progress Progress
}

// Sampled is an estimate of betweenness with its guarantee: with
// probability at least 1 − Delta, every |Values[v] − b(v)| ≤ Epsilon, where
// b is the exact normalised betweenness of Betweenness.
type Sampled struct {
	Values  []float64
	Epsilon float64
	Delta   float64
	Samples int
	// VertexDiameter is the upper bound on the number of nodes of a
	// shortest path used by the sample-size bound.
	VertexDiameter int
}

// Guarantee describes the bound in words, for printing with the result.
func (s Sampled) Guarantee() string {
	return fmt.Sprintf("sampled betweenness: %d shortest paths; with probability ≥ %.3g every value is within ±%.3g of the exact normalised betweenness (Riondato–Kornaropoulos bound, vertex diameter ≤ %d)",
		s.Samples, 1-s.Delta, s.Epsilon, s.VertexDiameter)
}

// SampledBetweenness estimates normalised betweenness (hops) for large
// graphs with an (ε, δ) guarantee. Each sample draws a pair s ≠ t uniformly,
// finds all shortest s–t paths by a balanced bidirectional breadth-first
// search (the side whose frontier has fewer edges grows, as in KADABRA, so
// a sample usually touches a small part of the graph), picks one path
// uniformly at random and credits its inner nodes. With
//
//	r = ⌈(c/ε'²) (⌊log₂(VD − 2)⌋ + 1 + ln(1/δ))⌉,  c = 0.5,
//
// samples, where VD bounds the number of nodes on a shortest path (2·ecc+1
// from one search per component of an undirected graph; the largest weak
// component for a directed one) and ε' = ε(n−2)/n converts to the
// normalisation of Betweenness, every estimate is within ε with
// probability ≥ 1 − δ (Riondato & Kornaropoulos 2016, Theorem 1 via the
// VC dimension of shortest paths). Weights are ignored.
//
// Samples run in parallel; each sample's randomness comes from (Seed, its
// index) and the counts are integers, so the result does not depend on the
// number of cores. Cost: O(r) bidirectional searches (sub-linear each on
// small-world graphs), plus O(n + m) for the bound. Memory O(n) per worker.
//
// References: Riondato & Kornaropoulos 2016, "Fast approximation of
// betweenness centrality through sampling", DMKD 30; Borassi & Natale 2019,
// "KADABRA is an ADaptive Algorithm for Betweenness via Random
// Approximation", JEA 24. Errors: EINVALID for ε or δ outside (0, 1);
// ctx.Err() when cancelled.
func SampledBetweenness(ctx context.Context, g *Graph, opt SampleOptions) (Sampled, error) {
	eps, delta := opt.Epsilon, opt.Delta
	if eps == 0 {
		eps = 0.01
	}
	if delta == 0 {
		delta = 0.1
	}
	if !(eps > 0 && eps < 1) || !(delta > 0 && delta < 1) {
		return Sampled{}, ally.Errorf(ally.EINVALID, "sampled betweenness: epsilon %v and delta %v must be in (0, 1)", eps, delta)
	}
	n := g.n
	res := Sampled{Values: make([]float64, n), Epsilon: eps, Delta: delta}
	if n < 3 {
		return res, nil
	}
	vd := vertexDiameter(g)
	res.VertexDiameter = vd
	term := 1 + math.Log(1/delta)
	if vd > 3 {
		term += math.Floor(math.Log2(float64(vd - 2)))
	}
	scale := float64(n) / float64(n-2) // RK normalisation → Betweenness's
	r := opt.Samples
	if r <= 0 {
		e := eps / scale
		r = int(math.Ceil(0.5 / (e * e) * term))
	} else {
		res.Epsilon = math.Sqrt(0.5*term/float64(r)) * scale
	}
	res.Samples = r
	const piece = 256
	pieces := (r + piece - 1) / piece
	var next atomic.Int64
	rep := newReporter(opt.Progress, r)
	counts := make([][]uint32, workers())
	err := runLanes(ctx, workers(), func(_, lane int) error {
		// Lanes here only split the work; counts are integers, so their
		// sum does not depend on which lane drew which sample.
		b := newBidiBuf(n)
		cnt := make([]uint32, n)
		counts[lane] = cnt
		for {
			p := int(next.Add(1) - 1)
			if p >= pieces {
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			hi := min(r, (p+1)*piece)
			for i := p * piece; i < hi; i++ {
				rng := rand.New(rand.NewPCG(opt.Seed, uint64(i)))
				s := rng.IntN(n)
				t := rng.IntN(n - 1)
				if t >= s {
					t++
				}
				b.sample(g, s, t, rng, cnt)
			}
			rep.add(hi - p*piece)
		}
	})
	if err != nil {
		return Sampled{}, err
	}
	f := scale / float64(r)
	for _, cnt := range counts {
		if cnt == nil {
			continue
		}
		for v, c := range cnt {
			res.Values[v] += float64(c)
		}
	}
	for v := range res.Values {
		res.Values[v] *= f
	}
	return res, nil
}

// vertexDiameter bounds the number of nodes on any shortest path.
func vertexDiameter(g *Graph) int {
	comp, count := Components(g)
	if g.directed {
		size := make([]int, count)
		for _, c := range comp {
			size[c]++
		}
		mx := 0
		for _, s := range size {
			mx = max(mx, s)
		}
		return mx
	}
	// One BFS per component from its highest-degree node: any shortest
	// path has at most 2·ecc + 1 nodes.
	best := make([]int32, count)
	for i := range best {
		best[i] = -1
	}
	for v := 0; v < g.n; v++ {
		c := comp[v]
		if best[c] < 0 || len(g.Neighbors(v)) > len(g.Neighbors(int(best[c]))) {
			best[c] = int32(v)
		}
	}
	b := newBrandesBuf(g.n)
	vd := 1
	for _, s := range best {
		ecc := b.eccentricity(g, int(s))
		vd = max(vd, 2*ecc+1)
	}
	return vd
}

func (b *brandesBuf) eccentricity(g *Graph, s int) int {
	dist := b.dist
	order := b.order[:0]
	dist[s] = 0
	order = append(order, int32(s))
	ecc := int32(0)
	for h := 0; h < len(order); h++ {
		u := order[h]
		for _, v := range g.Neighbors(int(u)) {
			if dist[v] < 0 {
				dist[v] = dist[u] + 1
				ecc = dist[v]
				order = append(order, v)
			}
		}
	}
	for _, v := range order {
		dist[v] = -1
	}
	b.order = order
	return int(ecc)
}

// bidiBuf holds one worker's state for bidirectional searches.
type bidiBuf struct {
	distS, distT []int32
	sigS, sigT   []float64
	touched      []int32
	fS, fT, nf   []int32
	meet         []int32
}

func newBidiBuf(n int) *bidiBuf {
	b := &bidiBuf{distS: make([]int32, n), distT: make([]int32, n), sigS: make([]float64, n), sigT: make([]float64, n)}
	for i := range b.distS {
		b.distS[i], b.distT[i] = -1, -1
	}
	return b
}

// sample finds all shortest s–t paths, picks one uniformly and adds 1 to
// cnt for each of its inner nodes.
func (b *bidiBuf) sample(g *Graph, s, t int, rng *rand.Rand, cnt []uint32) {
	distS, distT, sigS, sigT := b.distS, b.distT, b.sigS, b.sigT
	touched := b.touched[:0]
	distS[s], sigS[s] = 0, 1
	distT[t], sigT[t] = 0, 1
	touched = append(touched, int32(s), int32(t))
	fS := append(b.fS[:0], int32(s))
	fT := append(b.fT[:0], int32(t))
	nf := b.nf[:0]
	meet := b.meet[:0]
	var lS, lT int32
	degS, degT := len(g.Neighbors(s)), len(g.InNeighbors(t))
	for len(meet) == 0 && len(fS) > 0 && len(fT) > 0 {
		forward := degS <= degT
		var dist, odist []int32
		var sig []float64
		var f []int32
		var l int32
		if forward {
			dist, odist, sig, f, l = distS, distT, sigS, fS, lS
		} else {
			dist, odist, sig, f, l = distT, distS, sigT, fT, lT
		}
		nf = nf[:0]
		deg := 0
		for _, u := range f {
			var nb []int32
			if forward {
				nb = g.Neighbors(int(u))
			} else {
				nb = g.InNeighbors(int(u))
			}
			su := sig[u]
			for _, v := range nb {
				dv := dist[v]
				if dv < 0 {
					dist[v] = l + 1
					sig[v] = su
					nf = append(nf, v)
					if odist[v] < 0 {
						touched = append(touched, v)
					} else {
						meet = append(meet, v)
					}
				} else if dv == l+1 {
					sig[v] += su
				}
			}
		}
		for _, v := range nf {
			if forward {
				deg += len(g.Neighbors(int(v)))
			} else {
				deg += len(g.InNeighbors(int(v)))
			}
		}
		// The finished frontier becomes the current one; the old slice is
		// reused for the next level.
		if forward {
			fS, nf = nf, fS
			lS++
			degS = deg
		} else {
			fT, nf = nf, fT
			lT++
			degT = deg
		}
	}
	if len(meet) > 0 {
		// Choose the meeting node x with probability σ_s(x)σ_t(x)/σ_st,
		// then walk back to s and to t choosing predecessors by σ.
		total := 0.0
		for _, x := range meet {
			total += sigS[x] * sigT[x]
		}
		r := rng.Float64() * total
		x := meet[len(meet)-1]
		for _, y := range meet {
			p := sigS[y] * sigT[y]
			if r < p {
				x = y
				break
			}
			r -= p
		}
		if int(x) != s && int(x) != t {
			cnt[x]++
		}
		for _, toS := range []bool{true, false} {
			cur := x
			for {
				var dist []int32
				var sig []float64
				var nb []int32
				if toS {
					dist, sig, nb = distS, sigS, g.InNeighbors(int(cur))
				} else {
					dist, sig, nb = distT, sigT, g.Neighbors(int(cur))
				}
				d := dist[cur]
				if d == 0 {
					break
				}
				r := rng.Float64() * sig[cur]
				next := int32(-1)
				for _, p := range nb {
					if dist[p] == d-1 {
						next = p
						if r < sig[p] {
							break
						}
						r -= sig[p]
					}
				}
				cur = next
				if dist[cur] == 0 {
					break
				}
				cnt[cur]++
			}
		}
	}
	for _, v := range touched {
		distS[v], distT[v] = -1, -1
	}
	b.touched, b.fS, b.fT, b.nf, b.meet = touched, fS, fT, nf, meet
}
