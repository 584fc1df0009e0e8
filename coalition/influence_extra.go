package coalition

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/allyhq/ally"
)

// EstimateSpread estimates σ(seeds), the expected number of nodes active at
// the end of an independent cascade started from seeds, by runs independent
// Monte-Carlo simulations (Kempe, Kleinberg & Tardos 2003). The interval is
// Mean ± 1.96·s/√runs with s the sample standard deviation.
// Cost O(runs·(n + m)) worst case; deterministic for a given seed.
func EstimateSpread(ctx context.Context, g *Graph, seeds []int, runs int, seed uint64) (SpreadEstimate, error) {
	if err := g.Validate(); err != nil {
		return SpreadEstimate{}, err
	}
	if runs <= 0 {
		return SpreadEstimate{}, ally.Errorf(ally.EINVALID, "spread estimate needs a positive number of runs")
	}
	for _, v := range seeds {
		if v < 0 || v >= g.N {
			return SpreadEstimate{}, ally.Errorf(ally.EINVALID, "seed %d is not a node", v)
		}
	}
	f := forwardCSR(g)
	rng := rand.New(rand.NewPCG(seed, 0x3c6ef372fe94f82b))
	stamp := make([]uint32, g.N)
	var queue []int32
	var sum, sumSq float64
	for r := range runs {
		if r%256 == 0 {
			if err := ctx.Err(); err != nil {
				return SpreadEstimate{}, err
			}
		}
		cur := uint32(r + 1)
		queue = queue[:0]
		for _, v := range seeds {
			if stamp[v] != cur {
				stamp[v] = cur
				queue = append(queue, int32(v))
			}
		}
		for h := 0; h < len(queue); h++ {
			u := queue[h]
			for e := f.off[u]; e < f.off[u+1]; e++ {
				v := f.to[e]
				if stamp[v] != cur && (f.p[e] >= 1 || rng.Float64() < f.p[e]) {
					stamp[v] = cur
					queue = append(queue, v)
				}
			}
		}
		x := float64(len(queue))
		sum += x
		sumSq += x * x
	}
	m := float64(runs)
	mean := sum / m
	sd := 0.0
	if runs > 1 {
		sd = math.Sqrt(math.Max(0, (sumSq-m*mean*mean)/(m-1)))
	}
	return SpreadEstimate{Mean: mean, CI95: 1.96 * sd / math.Sqrt(m), Samples: runs, Method: "monte-carlo"}, nil
}

// DegreeSeeds is the degree baseline: the k eligible nodes with the largest
// weighted out-degree Σ p over their arcs (ties to the lower index),
// skipping fixed and excluded nodes. Cost O(m + n log n).
func DegreeSeeds(g *Graph, k int, fixed, exclude []int) []int {
	skip := skipSet(g.N, fixed, exclude)
	type nd struct {
		v int
		d float64
	}
	var c []nd
	for v, arcs := range g.Adj {
		if skip[v] {
			continue
		}
		var d float64
		for _, a := range arcs {
			d += a.P
		}
		c = append(c, nd{v, d})
	}
	slices.SortStableFunc(c, func(a, b nd) int {
		switch {
		case a.d > b.d:
			return -1
		case a.d < b.d:
			return 1
		}
		return 0
	})
	var out []int
	for _, x := range c[:min(k, len(c))] {
		out = append(out, x.v)
	}
	return out
}

// RandomSeeds is the random baseline: k distinct eligible nodes drawn
// uniformly with the given seed. Cost O(n).
func RandomSeeds(n, k int, fixed, exclude []int, seed uint64) []int {
	skip := skipSet(n, fixed, exclude)
	var c []int
	for v := range n {
		if !skip[v] {
			c = append(c, v)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0xa54ff53a5f1d36f1))
	rng.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
	return c[:min(k, len(c))]
}

func skipSet(n int, fixed, exclude []int) []bool {
	skip := make([]bool, n)
	for _, v := range fixed {
		if v >= 0 && v < n {
			skip[v] = true
		}
	}
	for _, v := range exclude {
		if v >= 0 && v < n {
			skip[v] = true
		}
	}
	return skip
}

// CELFOptions configures [GreedyCELF].
type CELFOptions struct {
	K       int
	Fixed   []int
	Exclude []int
	Worlds  int // sampled live-edge worlds; default 1,000
	Seed    uint64
}

// MaxCELFWork bounds worlds × arcs for GreedyCELF (one bit each).
const MaxCELFWork = 1 << 28

// GreedyCELF is the greedy hill-climbing algorithm of Kempe, Kleinberg &
// Tardos (2003) with the lazy evaluations of CELF (Leskovec et al. 2007),
// for small graphs. The spread is averaged over Worlds live-edge graphs
// sampled once (each arc kept with its probability), so every evaluation
// sees the same randomness, the sampled objective is exactly monotone and
// submodular, and the lazy bound is exact for it; greedy then gets within
// 1 − 1/e of the best k seeds on the sample.
//
// It returns the seeds in greedy order and the sampled σ(Fixed ∪ seeds).
// Cost O(k·n·Worlds·(n + m)) worst case, far less with lazy evaluation;
// EINVALID when Worlds × arcs exceeds MaxCELFWork.
func GreedyCELF(ctx context.Context, g *Graph, opt CELFOptions) ([]int, float64, error) {
	if err := g.Validate(); err != nil {
		return nil, 0, err
	}
	if opt.Worlds == 0 {
		opt.Worlds = 1000
	}
	f := forwardCSR(g)
	m := len(f.to)
	if float64(opt.Worlds)*float64(m) > MaxCELFWork {
		return nil, 0, ally.Errorf(ally.EINVALID, "greedy Monte-Carlo on %d arcs × %d worlds is too large; use IMM", m, opt.Worlds)
	}
	words := (m + 63) / 64
	live := make([]uint64, opt.Worlds*words)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x510e527fade682d1))
	for w := range opt.Worlds {
		for e := range m {
			if f.p[e] >= 1 || rng.Float64() < f.p[e] {
				live[w*words+e/64] |= 1 << (e % 64)
			}
		}
	}
	// active[w] marks nodes reached in world w by the current seed set.
	active := make([][]bool, opt.Worlds)
	for w := range active {
		active[w] = make([]bool, g.N)
	}
	stamp := make([]uint32, g.N)
	var cur uint32
	var queue []int32
	// reach counts nodes newly reached from v in world w given active[w];
	// when commit is set it marks them active.
	reach := func(w int, v int, commit bool) int {
		if active[w][v] {
			return 0
		}
		cur++
		queue = append(queue[:0], int32(v))
		stamp[v] = cur
		lw := live[w*words : (w+1)*words]
		for h := 0; h < len(queue); h++ {
			u := queue[h]
			for e := f.off[u]; e < f.off[u+1]; e++ {
				x := f.to[e]
				if stamp[x] != cur && !active[w][x] && lw[e/64]&(1<<(e%64)) != 0 {
					stamp[x] = cur
					queue = append(queue, x)
				}
			}
		}
		if commit {
			for _, x := range queue {
				active[w][x] = true
			}
		}
		return len(queue)
	}
	var total float64
	for _, v := range opt.Fixed {
		if v < 0 || v >= g.N {
			return nil, 0, ally.Errorf(ally.EINVALID, "fixed supporter %d is not a node", v)
		}
		for w := range opt.Worlds {
			total += float64(reach(w, v, true))
		}
	}
	gain := func(v int) float64 {
		var s int
		for w := range opt.Worlds {
			s += reach(w, v, false)
		}
		return float64(s)
	}
	skip := skipSet(g.N, opt.Fixed, opt.Exclude)
	type entry struct {
		v     int
		gain  float64
		round int
	}
	var heap []entry
	for v := range g.N {
		if !skip[v] {
			heap = append(heap, entry{v, gain(v), 0})
		}
		if v%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
		}
	}
	less := func(a, b entry) int {
		switch {
		case a.gain > b.gain:
			return -1
		case a.gain < b.gain:
			return 1
		}
		return a.v - b.v
	}
	var seeds []int
	for round := 0; round < opt.K && len(heap) > 0; round++ {
		for {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
			slices.SortFunc(heap, less) // small graphs: a sort is simpler than a heap
			if heap[0].round == round {
				break
			}
			heap[0].gain, heap[0].round = gain(heap[0].v), round
		}
		v := heap[0].v
		heap = heap[1:]
		seeds = append(seeds, v)
		for w := range opt.Worlds {
			total += float64(reach(w, v, true))
		}
	}
	return seeds, total / float64(opt.Worlds), nil
}
