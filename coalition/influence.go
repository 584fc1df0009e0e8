package coalition

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/allyhq/ally"
)

// IMMOptions configures [IMM]. Zero values pick the defaults.
type IMMOptions struct {
	K       int     // seeds to choose (required, ≥ 1)
	Epsilon float64 // approximation slack ε ∈ (0,1); default 0.1
	Ell     float64 // failure probability n^−ℓ; default 1
	Seed    uint64  // random seed; the result is deterministic for it
	// Fixed are the current supporters: always active, never chosen; the
	// k seeds maximise the spread added to theirs.
	Fixed []int
	// Exclude are nodes never to choose (blockers, Me).
	Exclude []int
	// MaxEntries caps the node entries stored over all RR sets at once
	// (memory: 4 bytes each, 8 more per set, twice that while a slice
	// grows); default 2×10⁸. MaxSteps caps the sampling work of each phase:
	// nodes visited plus arcs examined over the RR sets drawn (about
	// 10–50 ns each); default 2×10⁹. When either cap is hit, Capped is
	// set and the selection uses the sets drawn so far: Achieved is the ε
	// they guarantee.
	MaxEntries int
	MaxSteps   int
	// EvalSamples is the size of the fresh RR sample that estimates the
	// reach of the result with a confidence interval; default 20,000.
	EvalSamples int
	// Workers sampling RR sets in parallel; default GOMAXPROCS. The result
	// does not depend on it.
	Workers int
}

// SpreadEstimate is an estimate of the expected number of active nodes
// with the half-width of its 95 % confidence interval.
type SpreadEstimate struct {
	Mean    float64
	CI95    float64 // the interval is Mean ± CI95
	Samples int
	Method  string // "monte-carlo" or "rr-sample"
}

// IMMResult is the outcome of influence maximisation.
type IMMResult struct {
	Seeds []int // chosen nodes, in greedy order
	// Gains[i] is the estimated spread added by Seeds[i] given the fixed
	// supporters and the earlier seeds (from the selection's RR sets).
	Gains []float64
	// Reach estimates σ(Fixed ∪ Seeds) and Base σ(Fixed), both from one
	// fresh RR sample independent of the selection.
	Reach, Base SpreadEstimate
	// Theta is the number of RR sets the guarantee asked for, RRSets the
	// number used in the final selection, LB the lower bound on OPT found
	// by the sampling phase.
	Theta   float64
	RRSets  int
	LB      float64
	Epsilon float64
	Ell     float64
	// Capped says the budget (MaxEntries, MaxSteps) stopped the sampling
	// before Theta sets. Achieved is then the ε that RRSets sets guarantee
	// with the same probability, ε·√(Theta/RRSets), since θ grows as
	// 1/ε²; it equals Epsilon otherwise. At 1 − 1/e or more the run has no
	// worst-case guarantee (its reach estimate, from a fresh sample, still
	// holds).
	Achieved float64
	Capped   bool
}

// IMM chooses k seeds that maximise the expected spread under the
// independent cascade model, where an arc u→v with probability p gives a
// newly active u one chance to activate v.
//
// It is IMM (Tang, Shi & Xiao, "Influence Maximization in Near-Linear
// Time: A Martingale Approach", SIGMOD 2015): a random reverse-reachable
// (RR) set is the set of nodes that would activate a uniformly random root,
// so n·Pr[S ∩ RR ≠ ∅] = σ(S) (Borgs et al. 2014) and greedy maximum coverage
// over θ RR sets is a (1 − 1/e − ε)-approximation with probability at least
// 1 − n^−ℓ when
//
//	θ ≥ λ*/OPT,  λ* = 2n·((1−1/e)·α + β)²·ε⁻²,
//	α = √(ℓ ln n + ln 2),  β = √((1−1/e)·(ln C(n,k) + ℓ ln n + ln 2)).
//
// The sampling phase finds a lower bound LB ≤ OPT by the martingale test of
// Algorithm 2 (x = n/2ⁱ, θᵢ = λ′/x with ε′ = √2·ε and
// λ′ = (2 + 2ε′/3)(ln C(n,k) + ℓ ln n + ln log₂ n)·n/ε′²); ℓ is raised by
// ln 2/ln n so both phases together fail with probability at most n^−ℓ.
// Following Chen (2018, "An Issue in the Martingale Analysis of the
// Influence Maximization Algorithm IMM", arXiv:1808.09363), the final θ RR
// sets are drawn afresh rather than reusing those of the sampling phase.
//
// With fixed supporters F, RR sets that meet F are counted but not stored:
// the objective is the marginal spread σ(F ∪ S) − σ(F), which is monotone
// and submodular, and the guarantee applies to it (the bound LB ≥ 1 of the
// paper presumes the best k seeds add at least one expected node).
//
// Cost: O((k + ℓ)(n + m) log n / ε²) expected time (Theorem 3 of the paper)
// and memory for the stored RR sets. Long runs honour ctx.
func IMM(ctx context.Context, g *Graph, opt IMMOptions) (IMMResult, error) {
	if err := g.Validate(); err != nil {
		return IMMResult{}, err
	}
	if opt.Epsilon == 0 {
		opt.Epsilon = 0.1
	}
	if opt.Ell == 0 {
		opt.Ell = 1
	}
	if opt.MaxEntries == 0 {
		opt.MaxEntries = 2e8
	}
	if opt.MaxSteps == 0 {
		opt.MaxSteps = 2e9
	}
	if opt.EvalSamples == 0 {
		opt.EvalSamples = 20000
	}
	if !(opt.Epsilon > 0 && opt.Epsilon < 1) || opt.Ell <= 0 {
		return IMMResult{}, ally.Errorf(ally.EINVALID, "IMM: ε must be in (0,1) and ℓ positive")
	}
	n := g.N
	s, err := newSampler(g, opt.Fixed, opt.Exclude, opt.Workers)
	if err != nil {
		return IMMResult{}, err
	}
	k := opt.K
	if k < 1 {
		return IMMResult{}, ally.Errorf(ally.EINVALID, "IMM: k must be at least 1")
	}
	k = min(k, s.eligibleCount)
	res := IMMResult{Epsilon: opt.Epsilon, Ell: opt.Ell, Achieved: opt.Epsilon}
	if k == 0 {
		return res, nil
	}
	nf := float64(n)
	ell := opt.Ell * (1 + math.Ln2/math.Log(max(nf, 2)))
	lnC := logBinomial(n, k)
	lnN := math.Log(max(nf, 2))
	epsP := math.Sqrt2 * opt.Epsilon
	lambdaP := (2 + 2*epsP/3) * (lnC + ell*lnN + math.Log(math.Max(math.Log2(nf), 1))) * nf / (epsP * epsP)
	alpha := math.Sqrt(ell*lnN + math.Ln2)
	beta := math.Sqrt((1 - 1/math.E) * (lnC + ell*lnN + math.Ln2))
	lambdaStar := 2 * nf * math.Pow((1-1/math.E)*alpha+beta, 2) / (opt.Epsilon * opt.Epsilon)

	rng := splitSeed(opt.Seed)
	R := &rrSets{off: []int{0}}
	LB := 1.0
	for i := 1; float64(i) < math.Log2(nf); i++ {
		x := nf / math.Pow(2, float64(i))
		theta := int(math.Ceil(lambdaP / x))
		if err := s.fill(ctx, R, theta, rng, opt.MaxEntries, opt.MaxSteps); err != nil {
			return res, err
		}
		if R.capped {
			break // LB stays at 1, the bound that needs no sample
		}
		_, _, cov := s.selectSeeds(R, k)
		if nf*float64(cov)/float64(R.drawn) >= (1+epsP)*x {
			LB = nf * float64(cov) / float64(R.drawn) / (1 + epsP)
			break
		}
	}
	res.LB = LB
	res.Theta = lambdaStar / LB
	// Fresh sets for the final selection (Chen 2018), drawn into the
	// sampling phase's arrays: holding both phases' sets at once, while the
	// new ones grow, doubled the peak memory of a run that hits the budget.
	clear(R.single)
	R = &rrSets{off: append(R.off[:0], 0), nodes: R.nodes[:0], single: R.single}
	if err := s.fill(ctx, R, int(math.Ceil(min(res.Theta, math.MaxInt32))), rng, opt.MaxEntries, opt.MaxSteps); err != nil {
		return res, err
	}
	res.Capped = R.capped || res.Theta > math.MaxInt32
	res.RRSets = R.drawn
	if res.Capped && R.drawn > 0 {
		res.Achieved = max(opt.Epsilon, opt.Epsilon*math.Sqrt(res.Theta/float64(R.drawn)))
	}
	seeds, gains, _ := s.selectSeeds(R, k)
	res.Seeds = seeds
	for _, gcount := range gains {
		res.Gains = append(res.Gains, nf*float64(gcount)/float64(R.drawn))
	}
	res.Reach, res.Base, err = estimateRR(ctx, g, opt.Fixed, seeds, opt.EvalSamples, rng.next(), opt.Workers)
	return res, err
}

// EstimateSpreadRR estimates σ(seeds) and σ(fixed) from one sample of m
// random RR sets: σ̂ = n·(hits/m), with the normal-approximation 95 %
// interval n·1.96·√(p(1−p)/m). Unbiased (Borgs et al. 2014); cost O(m·E[|RR|]).
func EstimateSpreadRR(ctx context.Context, g *Graph, fixed, seeds []int, m int, seed uint64) (reach, base SpreadEstimate, err error) {
	if err := g.Validate(); err != nil {
		return reach, base, err
	}
	return estimateRR(ctx, g, fixed, seeds, m, seed, 0)
}

func estimateRR(ctx context.Context, g *Graph, fixed, seeds []int, m int, seed uint64, workers int) (reach, base SpreadEstimate, err error) {
	if m <= 0 {
		return reach, base, ally.Errorf(ally.EINVALID, "spread estimate needs a positive number of samples")
	}
	s, err := newSampler(g, fixed, nil, workers)
	if err != nil {
		return reach, base, err
	}
	isSeed := make([]bool, g.N)
	for _, v := range seeds {
		if v < 0 || v >= g.N {
			return reach, base, ally.Errorf(ally.EINVALID, "seed %d is not a node", v)
		}
		isSeed[v] = true
	}
	R := &rrSets{off: []int{0}}
	if err := s.fill(ctx, R, m, splitSeed(seed), math.MaxInt, math.MaxInt); err != nil {
		return reach, base, err
	}
	hits := R.covered
	if R.single != nil {
		for _, v := range seeds {
			hits += int(R.single[v])
		}
	}
	for j := 0; j+1 < len(R.off); j++ {
		for _, v := range R.nodes[R.off[j]:R.off[j+1]] {
			if isSeed[v] {
				hits++
				break
			}
		}
	}
	est := func(h int) SpreadEstimate {
		p := float64(h) / float64(m)
		return SpreadEstimate{Mean: float64(g.N) * p, CI95: float64(g.N) * 1.96 * math.Sqrt(p*(1-p)/float64(m)), Samples: m, Method: "rr-sample"}
	}
	return est(hits), est(R.covered), nil
}

// rrSets stores sampled RR sets that miss the fixed seeds, flat. A set of
// one node, its root (nobody would have won the root over), is only counted
// in single: in a sparse workspace most sets are such, and storing each
// cost 12 bytes (20 with its index) for what one counter per node says.
type rrSets struct {
	off     []int   // set j is nodes[off[j]:off[j+1]]
	nodes   []int32 // concatenated sets of two nodes or more
	single  []int32 // single[v]: sets {v}; nil until the first
	drawn   int     // sets drawn, stored or not
	covered int     // sets that met a fixed seed (not stored)
	steps   int     // nodes visited and arcs examined drawing them
	capped  bool
}

// sampler draws RR sets on the reverse graph.
type sampler struct {
	rev           csr
	fixed         []bool
	eligible      []bool
	eligibleCount int
	workers       int
	// walkers are the sampling goroutines' scratch space, kept from one
	// round to the next: a new one per round cleared n words thousands of
	// times in a run (a fifth of the sampling time on 200,000 people).
	walkers []*walker
}

func newSampler(g *Graph, fixed, exclude []int, workers int) (*sampler, error) {
	s := &sampler{rev: reverseCSR(g), fixed: make([]bool, g.N), eligible: make([]bool, g.N), workers: workers}
	if s.workers <= 0 {
		s.workers = runtime.GOMAXPROCS(0)
	}
	for i := range s.eligible {
		s.eligible[i] = true
	}
	for _, v := range fixed {
		if v < 0 || v >= g.N {
			return nil, ally.Errorf(ally.EINVALID, "fixed supporter %d is not a node", v)
		}
		s.fixed[v], s.eligible[v] = true, false
	}
	for _, v := range exclude {
		if v < 0 || v >= g.N {
			return nil, ally.Errorf(ally.EINVALID, "excluded node %d is not a node", v)
		}
		s.eligible[v] = false
	}
	for _, e := range s.eligible {
		if e {
			s.eligibleCount++
		}
	}
	return s, nil
}

// seedStream hands out independent 64-bit seeds, one per block of RR sets,
// so parallel sampling gives the same sets whatever the number of workers.
type seedStream struct{ r *rand.Rand }

func splitSeed(seed uint64) *seedStream {
	return &seedStream{rand.New(rand.NewPCG(seed, 0x6a09e667f3bcc909))}
}
func (s *seedStream) next() uint64 { return s.r.Uint64() }

const rrBlock = 2048

// fill draws RR sets until R holds at least target of them (counting the
// covered ones), in blocks of rrBlock, each block from its own seed. It
// stops early, setting R.capped, once R stores more than maxEntries node
// entries or drawing took more than maxSteps steps; both are checked
// between rounds of blocks, so the result does not depend on the workers.
func (s *sampler) fill(ctx context.Context, R *rrSets, target int, seeds *seedStream, maxEntries, maxSteps int) error {
	need := target - R.drawn
	if need <= 0 || R.capped {
		return nil
	}
	blocks := (need + rrBlock - 1) / rrBlock
	type out struct {
		off     []int
		nodes   []int32
		single  []int32 // roots of the sets of one node
		covered int
		steps   int
	}
	outs := make([]out, blocks)
	bseeds := make([]uint64, blocks)
	for b := range bseeds {
		bseeds[b] = seeds.next()
	}
	// Sample in rounds so the memory cap and ctx are checked between them.
	round := max(1, s.workers*8)
	for start := 0; start < blocks; start += round {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := min(blocks, start+round)
		var next atomic.Int64
		next.Store(int64(start))
		var wg sync.WaitGroup
		for i := range min(s.workers, end-start) {
			if i == len(s.walkers) {
				s.walkers = append(s.walkers, newWalker(s.rev.n))
			}
			w := s.walkers[i]
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					b := int(next.Add(1) - 1)
					if b >= end {
						return
					}
					cnt := min(rrBlock, need-b*rrBlock)
					rng := rand.New(rand.NewPCG(bseeds[b], 0xbb67ae8584caa73b))
					o := out{off: make([]int, 0, cnt)}
					for range cnt {
						set, hit, steps := w.rr(s, rng)
						o.steps += steps
						if hit {
							o.covered++
							continue
						}
						if len(set) == 1 {
							o.single = append(o.single, set[0])
							continue
						}
						o.off = append(o.off, len(o.nodes))
						o.nodes = append(o.nodes, set...)
					}
					outs[b] = o
				}
			}()
		}
		wg.Wait()
		for b := start; b < end; b++ {
			o := outs[b]
			base := len(R.nodes)
			for j := range o.off {
				end := len(o.nodes)
				if j+1 < len(o.off) {
					end = o.off[j+1]
				}
				R.off = append(R.off, base+end)
			}
			R.nodes = append(R.nodes, o.nodes...)
			if len(o.single) > 0 && R.single == nil {
				R.single = make([]int32, s.rev.n)
			}
			for _, v := range o.single {
				R.single[v]++
			}
			R.covered += o.covered
			R.drawn += len(o.off) + len(o.single) + o.covered
			R.steps += o.steps
			outs[b] = out{}
		}
		if len(R.nodes) > maxEntries || R.steps > maxSteps {
			R.capped = true
			return nil
		}
	}
	return nil
}

// walker holds the scratch space of one sampling goroutine.
type walker struct {
	stamp []uint32
	cur   uint32
	queue []int32
}

func newWalker(n int) *walker { return &walker{stamp: make([]uint32, n)} }

// rr draws one RR set: a uniform root, then a reverse breadth-first search
// keeping each in-arc with its probability. It stops early, reporting
// hit, as soon as it meets a fixed seed. steps counts the nodes visited and
// the arcs examined, the work the sampling budget bounds.
func (w *walker) rr(s *sampler, rng *rand.Rand) (set []int32, hit bool, steps int) {
	w.cur++
	if w.cur == 0 {
		clear(w.stamp)
		w.cur = 1
	}
	root := int32(rng.IntN(s.rev.n))
	steps = 1
	if s.fixed[root] {
		return nil, true, steps
	}
	w.queue = append(w.queue[:0], root)
	if s.rev.off[root] == s.rev.off[root+1] {
		// Nobody could win the root over: the set is {root}, as the
		// search below would find, without its bookkeeping (most sets
		// of a sparse workspace).
		return w.queue, false, steps + 1
	}
	w.stamp[root] = w.cur
	for h := 0; h < len(w.queue); h++ {
		v := w.queue[h]
		steps += 1 + int(s.rev.off[v+1]-s.rev.off[v])
		for e := s.rev.off[v]; e < s.rev.off[v+1]; e++ {
			u := s.rev.to[e]
			if w.stamp[u] == w.cur {
				continue
			}
			if p := s.rev.p[e]; p < 1 && rng.Float64() >= p {
				continue
			}
			if s.fixed[u] {
				return nil, true, steps
			}
			w.stamp[u] = w.cur
			w.queue = append(w.queue, u)
		}
	}
	return w.queue, false, steps
}

// selectSeeds is greedy maximum coverage over the stored RR sets (the
// NodeSelection of IMM): k rounds, each taking the eligible node in most
// uncovered sets (lowest index on ties). It returns the seeds, the sets each
// newly covered, and their sum (the marginal coverage; sets met by the fixed
// supporters are not stored). Cost O(k·n + Σ|R|).
func (s *sampler) selectSeeds(R *rrSets, k int) (seeds []int, gains []int, covered int) {
	n := s.rev.n
	sets := len(R.off) - 1
	deg := make([]int, n)
	for _, v := range R.nodes {
		deg[v]++
	}
	idxOff := make([]int, n+1)
	for v := range n {
		idxOff[v+1] = idxOff[v] + deg[v]
	}
	idx := make([]int32, len(R.nodes))
	pos := slices.Clone(idxOff[:n])
	for j := range sets {
		for _, v := range R.nodes[R.off[j]:R.off[j+1]] {
			idx[pos[v]] = int32(j)
			pos[v]++
		}
	}
	// A set {v} is covered by v alone: it adds to v's count and to no
	// other's, so choosing v needs no update for it.
	for v, c := range R.single {
		deg[v] += int(c)
	}
	done := make([]bool, sets)
	chosen := make([]bool, n)
	for range k {
		best := -1
		for v := range n {
			if s.eligible[v] && !chosen[v] && (best < 0 || deg[v] > deg[best]) {
				best = v
			}
		}
		if best < 0 {
			break
		}
		chosen[best] = true
		seeds = append(seeds, best)
		gains = append(gains, deg[best])
		covered += deg[best]
		for _, j := range idx[idxOff[best]:idxOff[best+1]] {
			if done[j] {
				continue
			}
			done[j] = true
			for _, u := range R.nodes[R.off[j]:R.off[j+1]] {
				deg[u]--
			}
		}
	}
	return seeds, gains, covered
}

// logBinomial returns ln C(n,k).
func logBinomial(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}
