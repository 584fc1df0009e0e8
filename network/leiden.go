package network

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/allyhq/ally"
)

// LeidenOptions configure Leiden.
type LeidenOptions struct {
	// Resolution γ of modularity; 0 means 1. Larger values give more,
	// smaller communities.
	Resolution float64
	// Weighted uses edge weights (when the graph has them).
	Weighted bool
	// Seed fixes the random node orders and refinement choices.
	Seed uint64
	// Iterations is the number of Leiden iterations, each starting from
	// the partition of the previous one; 0 means 2 (igraph's default),
	// negative runs until an iteration leaves the partition unchanged or
	// gains less than 1e-7 of modularity (at most 1000 iterations).
	Iterations int
	// Randomness θ of the refinement step; 0 means 0.01 (as igraph and
	// leidenalg).
	Randomness float64
	Progress   Progress
}

// Communities is the result of Leiden.
type Communities struct {
	// Membership[v] is v's community, numbered 0, 1, … in order of each
	// community's lowest node.
	Membership []int32
	// Count is the number of communities.
	Count int
	// Modularity of the membership at the resolution used (see
	// Modularity).
	Modularity float64
	// Iterations run.
	Iterations int
}

// Leiden finds communities by maximising modularity with the Leiden
// algorithm: fast local moving of nodes between communities (a queue of
// nodes whose neighbourhood changed), refinement of each community into
// well-connected sub-communities (merging singletons at random among the
// moves that do not lower quality, with probability ∝ exp(ΔQ/θ)), and
// aggregation of the refined communities into the nodes of the next level,
// repeated until every community is one node. The refinement guarantees
// that communities are connected, which Louvain does not.
//
// A directed graph is read as undirected (arcs both ways add up). The
// result depends only on the graph and opt.Seed, not on the number of
// cores: local moving sums neighbourhoods on all cores but decides in
// queue order as a sequential pass would; communities are refined in
// parallel, each with its own random stream; aggregation is parallel by
// groups.
//
// Cost: about O(m) per pass of local moving; a few passes per level and a
// handful of levels in practice. Memory O(n + m) for the aggregated graphs.
// On 1M nodes and 10M edges (2 cores) the first iteration takes about
// 25 s, each later one about 4 s; modularity keeps rising slowly with
// iterations on graphs without strong communities, so callers choose how
// many (ally analyze runs 10 on graphs over 200k edges).
//
// Reference: Traag, Waltman & van Eck 2019, "From Louvain to Leiden:
// guaranteeing well-connected communities", Scientific Reports 9:5233.
// Errors: EINVALID for a negative resolution; ctx.Err() when cancelled.
func Leiden(ctx context.Context, g *Graph, opt LeidenOptions) (Communities, error) {
	gamma := opt.Resolution
	if gamma == 0 {
		gamma = 1
	}
	if gamma < 0 || math.IsNaN(gamma) || math.IsInf(gamma, 0) {
		return Communities{}, ally.Errorf(ally.EINVALID, "leiden: resolution %v must be positive", opt.Resolution)
	}
	theta := opt.Randomness
	if theta <= 0 {
		theta = 0.01
	}
	maxIter := opt.Iterations
	if maxIter == 0 {
		maxIter = 2
	}
	untilStable := maxIter < 0
	if untilStable {
		maxIter = 1000
	}
	base, m2 := baseGraph(g, opt.Weighted)
	n := base.n
	membership := make([]int32, n)
	for i := range membership {
		membership[i] = int32(i)
	}
	res := Communities{}
	if n == 0 {
		return res, nil
	}
	if m2 == 0 {
		res.Membership, res.Count = membership, n
		return res, nil
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6c656964656e)) // "leiden"
	ws := newLeidenWork(n)
	rep := newReporter(opt.Progress, maxIter)
	lastQ := math.Inf(-1)
	for it := 0; it < maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return Communities{}, err
		}
		res.Iterations = it + 1
		next, err := leidenIteration(ctx, base, membership, gamma, theta, m2, rng, ws)
		if err != nil {
			return Communities{}, err
		}
		next = renumber(next)
		changed := false
		for i := range next {
			if next[i] != membership[i] {
				changed = true
				break
			}
		}
		membership = next
		rep.add(1)
		if untilStable {
			q := modularity(base, membership, gamma, m2)
			if !changed || (it > 0 && q-lastQ < 1e-7) {
				break
			}
			lastQ = q
		}
	}
	res.Membership = membership
	for _, c := range membership {
		res.Count = max(res.Count, int(c)+1)
	}
	res.Modularity = modularity(base, membership, gamma, m2)
	return res, nil
}

// lgraph is one level of the Leiden hierarchy: CSR without self-loops (a
// node's internal weight only matters through k) and node weights k.
type lgraph struct {
	n   int
	off []int64
	adj []int32
	w   []float64 // nil: every weight is 1
	k   []float64
}

// baseGraph is the first level of the Leiden hierarchy for g, read as
// undirected, with its total weight 2m.
func baseGraph(g *Graph, weighted bool) (*lgraph, float64) {
	u := g.Undirected()
	lg := &lgraph{n: u.n, off: u.off, adj: u.adj, k: make([]float64, u.n)}
	if weighted && u.weighted {
		lg.w = u.w
	}
	m2 := 0.0
	for v := 0; v < u.n; v++ {
		lg.k[v] = rowSum(nilIf(lg.w == nil, u.Weights(v)), int(u.off[v+1]-u.off[v]))
		m2 += lg.k[v]
	}
	return lg, m2
}

// leidenWork holds the scratch space reused across levels and iterations,
// sized for the base graph.
type leidenWork struct {
	inQ   []bool
	dirty []uint32
	recs  []gatherRec
	gs    []*gatherer
	queue []int32
	rtot  []float64
	rext  []float64
	rsize []int32
	refs  []*refineScratch
}

// refineScratch is one core's scratch space for refine.
type refineScratch struct {
	pcg   rand.PCG
	rng   *rand.Rand
	table commTable
	order []int32
	cand  []int32
	prob  []float64
}

func newLeidenWork(n int) *leidenWork {
	return &leidenWork{inQ: make([]bool, n), queue: make([]int32, n), dirty: make([]uint32, n),
		rtot: make([]float64, n), rext: make([]float64, n), rsize: make([]int32, n)}
}

func (ws *leidenWork) gatherers(k int) []*gatherer {
	for len(ws.gs) < k {
		ws.gs = append(ws.gs, &gatherer{id: int32(len(ws.gs))})
	}
	return ws.gs[:k]
}

func (ws *leidenWork) scratch() []*refineScratch {
	for len(ws.refs) < workers() {
		s := &refineScratch{}
		s.rng = rand.New(&s.pcg)
		ws.refs = append(ws.refs, s)
	}
	return ws.refs
}

// leidenIteration runs one Leiden iteration from membership (on the base
// graph) and returns the new membership.
func leidenIteration(ctx context.Context, base *lgraph, membership []int32, gamma, theta, m2 float64, rng *rand.Rand, ws *leidenWork) ([]int32, error) {
	lg := base
	comm := append([]int32(nil), membership...)
	nodeOf := make([]int32, base.n) // base node -> node of the current level
	for i := range nodeOf {
		nodeOf[i] = int32(i)
	}
	for level := 0; ; level++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := moveNodes(ctx, lg, comm, gamma, m2, rng, ws); err != nil {
			return nil, err
		}
		comm = renumber(comm)
		count := 0
		for _, c := range comm {
			count = max(count, int(c)+1)
		}
		if count == lg.n {
			break
		}
		refined, err := refine(ctx, lg, comm, count, gamma, theta, m2, rng.Uint64(), ws)
		if err != nil {
			return nil, err
		}
		rcount := 0
		for _, r := range refined {
			rcount = max(rcount, int(r)+1)
		}
		if rcount == lg.n {
			// Refinement merged nothing: aggregate by the communities
			// themselves so that the next level is smaller.
			refined = comm
			rcount = count
		}
		next, err := aggregate(ctx, lg, refined, rcount)
		if err != nil {
			return nil, err
		}
		nextComm := make([]int32, rcount)
		for v := 0; v < lg.n; v++ {
			nextComm[refined[v]] = comm[v]
		}
		for i, v := range nodeOf {
			nodeOf[i] = refined[v]
		}
		lg, comm = next, nextComm
	}
	out := make([]int32, base.n)
	for i, v := range nodeOf {
		out[i] = comm[v]
	}
	return out, nil
}

// renumber maps labels to 0, 1, … in order of first appearance.
func renumber(c []int32) []int32 {
	mx := int32(-1)
	for _, x := range c {
		mx = max(mx, x)
	}
	m := make([]int32, mx+1)
	for i := range m {
		m[i] = -1
	}
	next := int32(0)
	out := make([]int32, len(c))
	for i, x := range c {
		if m[x] < 0 {
			m[x] = next
			next++
		}
		out[i] = m[x]
	}
	return out
}

// moveNodes is the fast local moving phase: nodes are visited from a queue
// (initially all, in random order); a node moves to the neighbouring
// community (or an empty one) with the largest gain
//
//	ΔQ ∝ k_{v,C} − γ k_v K_C / 2m
//
// and its neighbours outside the new community rejoin the queue.
//
// The queue is worked in batches. For the nodes of a batch, all cores
// first sum in parallel the edge weight to each neighbouring community (the
// part bound by cache misses); then one core takes the batch's decisions in
// queue order, exactly as a sequential pass would, recomputing the sums of
// any node one of whose neighbours moved earlier in the batch. The result
// is therefore that of the sequential algorithm, whatever the number of
// cores.
func moveNodes(ctx context.Context, lg *lgraph, comm []int32, gamma, m2 float64, rng *rand.Rand, ws *leidenWork) error {
	n := lg.n
	if n < moveParallelMin || workers() == 1 {
		// Small graphs fit in cache, where an n-sized array of sums beats
		// the batches' hash tables; one core gains nothing from batches.
		return moveNodesSeq(ctx, lg, comm, gamma, m2, rng, ws)
	}
	tot := make([]float64, n)
	size := make([]int32, n)
	for v := 0; v < n; v++ {
		tot[comm[v]] += lg.k[v]
		size[comm[v]]++
	}
	var empty []int32
	for c := n - 1; c >= 0; c-- {
		if size[c] == 0 {
			empty = append(empty, int32(c))
		}
	}
	queue := ws.queue[:n]
	for i := range queue {
		queue[i] = int32(i)
	}
	rng.Shuffle(n, func(i, j int) { queue[i], queue[j] = queue[j], queue[i] })
	inQ := ws.inQ[:n]
	for i := range inQ {
		inQ[i] = true
	}
	// dirty[v] == stamp: a neighbour of v moved during the current batch.
	dirty := ws.dirty[:n]
	clear(dirty)
	stamp := uint32(0)
	nw := workers()
	gs := ws.gatherers(nw)
	recs := ws.recs[:0]
	own := gs[0] // the committing core's scratch for recomputation
	head, count := 0, n
	off, adj := lg.off, lg.adj
	scale := gamma / m2
	for count > 0 {
		if stamp%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b := min(count, moveBatch)
		stamp++
		recs = slices.Grow(recs[:0], b)[:b]
		gather := func(g *gatherer, lo, hi int) {
			g.reset()
			for i := lo; i < hi; i++ {
				p := head + i
				if p >= n {
					p -= n
				}
				recs[i] = g.gather(lg, comm, tot, queue[p])
			}
		}
		if b < 64 {
			gather(gs[0], 0, b)
		} else {
			var wg sync.WaitGroup
			for j := 1; j < nw; j++ {
				wg.Add(1)
				go func(j int) {
					defer wg.Done()
					gather(gs[j], b*j/nw, b*(j+1)/nw)
				}(j)
			}
			gather(gs[0], 0, b*1/nw)
			wg.Wait()
		}
		// Communities whose total changed in this batch: for the others the
		// totals read by the gatherers are still exact.
		changed := &own.changed
		changed.reset(2 * moveBatch)
		for i := 0; i < b; i++ {
			v := queue[head]
			head++
			if head == n {
				head = 0
			}
			count--
			inQ[v] = false
			r := recs[i]
			g := gs[r.g]
			if dirty[v] == stamp {
				// A neighbour moved since the gather: sum afresh.
				g = own
				r = own.gather(lg, comm, tot, v)
			}
			pc, pw, pt := g.pc[r.at:r.at+int(r.n)], g.pw[r.at:r.at+int(r.n)], g.pt[r.at:r.at+int(r.n)]
			cv, kv := r.cv, r.kv
			tot[cv] -= kv
			size[cv]--
			changed.add(cv, 0)
			self := 0.0
			for j, c := range pc {
				if c == cv {
					self = pw[j]
					break
				}
			}
			best := cv
			bestGain := self - scale*kv*tot[cv]
			for j, c := range pc {
				t := pt[j]
				if changed.has(c) {
					t = tot[c]
				}
				if gain := pw[j] - scale*kv*t; gain > bestGain {
					best, bestGain = c, gain
				}
			}
			if bestGain < 0 && size[cv] > 0 {
				// Alone is better than anywhere: take an empty community.
				best = empty[len(empty)-1]
				empty = empty[:len(empty)-1]
			}
			tot[best] += kv
			size[best]++
			if best != cv {
				changed.add(best, 0)
				comm[v] = best
				if size[cv] == 0 {
					empty = append(empty, cv)
				}
				// Not dirty: the gathered communities of v's neighbours are
				// still theirs.
				ncs := g.cs[r.cat : r.cat+int(off[v+1]-off[v])]
				for j, u := range adj[off[v]:off[v+1]] {
					dirty[u] = stamp
					if !inQ[u] && ncs[j] != best {
						inQ[u] = true
						t := head + count
						if t >= n {
							t -= n
						}
						queue[t] = u
						count++
					}
				}
			}
		}
		changed.clear()
	}
	ws.recs = recs
	return nil
}

// moveNodesSeq is moveNodes one node at a time, with an n-sized array of
// sums: the faster way while the arrays fit in cache, and the reference
// the batched version is tested against, decision for decision.
func moveNodesSeq(ctx context.Context, lg *lgraph, comm []int32, gamma, m2 float64, rng *rand.Rand, ws *leidenWork) error {
	n := lg.n
	tot := make([]float64, n)
	size := make([]int32, n)
	for v := 0; v < n; v++ {
		tot[comm[v]] += lg.k[v]
		size[comm[v]]++
	}
	var empty []int32
	for c := n - 1; c >= 0; c-- {
		if size[c] == 0 {
			empty = append(empty, int32(c))
		}
	}
	queue := ws.queue[:n]
	for i := range queue {
		queue[i] = int32(i)
	}
	rng.Shuffle(n, func(i, j int) { queue[i], queue[j] = queue[j], queue[i] })
	inQ := ws.inQ[:n]
	for i := range inQ {
		inQ[i] = true
	}
	neighW := ws.rtot[:n] // refine's scratch, unused until then
	clear(neighW)
	var touched []int32
	off, adj, w, k := lg.off, lg.adj, lg.w, lg.k
	scale := gamma / m2
	head, count := 0, n
	for visits := 0; count > 0; visits++ {
		if visits%(1<<17) == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		v := queue[head]
		head++
		if head == n {
			head = 0
		}
		count--
		inQ[v] = false
		cv := comm[v]
		kv := k[v]
		lo, hi := off[v], off[v+1]
		for i, u := range adj[lo:hi] {
			c := comm[u]
			if neighW[c] == 0 {
				touched = append(touched, c)
			}
			if w == nil {
				neighW[c]++
			} else {
				neighW[c] += w[lo+int64(i)]
			}
		}
		tot[cv] -= kv
		size[cv]--
		best := cv
		bestGain := neighW[cv] - scale*kv*tot[cv]
		for _, c := range touched {
			if gain := neighW[c] - scale*kv*tot[c]; gain > bestGain {
				best, bestGain = c, gain
			}
		}
		if bestGain < 0 && size[cv] > 0 {
			// Alone is better than anywhere: take an empty community.
			best = empty[len(empty)-1]
			empty = empty[:len(empty)-1]
		}
		for _, c := range touched {
			neighW[c] = 0
		}
		touched = touched[:0]
		comm[v] = best
		tot[best] += kv
		size[best]++
		if best != cv {
			if size[cv] == 0 {
				empty = append(empty, cv)
			}
			for _, u := range adj[lo:hi] {
				if !inQ[u] && comm[u] != best {
					inQ[u] = true
					t := head + count
					if t >= n {
						t -= n
					}
					queue[t] = u
					count++
				}
			}
		}
	}
	return nil
}

// moveBatch is the number of queue entries whose neighbourhoods are summed
// in parallel before their moves are decided, and moveParallelMin the
// number of nodes from which a second core helps. Variables so that tests
// can drive the parallel path on small graphs.
var (
	moveBatch       = 2048
	moveParallelMin = 1 << 17
)

// gatherRec is what a gatherer found for one node: its community cv, its
// weight kv, and where its neighbouring communities are in the gatherer.
type gatherRec struct {
	g   int32 // gatherer
	n   int32 // number of neighbouring communities
	at  int   // offset in the gatherer's pc, pw, pt
	cat int   // offset in the gatherer's cs
	cv  int32
	kv  float64
}

// gatherer is one core's scratch for moveNodes. For each node of a batch it
// keeps the communities adjacent to the node (pc) with the edge weight to
// each (pw) and each one's total as read (pt), in order of first appearance
// in the node's adjacency, which keeps the candidate order, and so the
// tie-breaking, of a sequential pass; and the community of each neighbour
// (cs), in adjacency order.
type gatherer struct {
	id      int32
	table   commTable
	changed commTable // only the committing core's
	pc      []int32
	pw      []float64
	pt      []float64
	cs      []int32
}

func (g *gatherer) reset() { g.pc, g.pw, g.pt, g.cs = g.pc[:0], g.pw[:0], g.pt[:0], g.cs[:0] }

func (g *gatherer) gather(lg *lgraph, comm []int32, tot []float64, v int32) gatherRec {
	lo, hi := lg.off[v], lg.off[v+1]
	nb := lg.adj[lo:hi]
	ht := &g.table
	ht.reset(len(nb))
	// The communities first, in a loop without branches, so that the CPU
	// overlaps the cache misses.
	cat := len(g.cs)
	g.cs = slices.Grow(g.cs, len(nb))[:cat+len(nb)]
	cs := g.cs[cat:]
	for i, u := range nb {
		cs[i] = comm[u]
	}
	if lg.w == nil {
		for _, c := range cs {
			ht.add(c, 1)
		}
	} else {
		wr := lg.w[lo:hi]
		for i, c := range cs {
			ht.add(c, wr[i])
		}
	}
	at := len(g.pc)
	for _, sl := range ht.used {
		c := ht.keys[sl]
		g.pc = append(g.pc, c)
		g.pw = append(g.pw, ht.vals[sl])
		g.pt = append(g.pt, tot[c])
	}
	ht.clear()
	return gatherRec{g: g.id, n: int32(len(g.pc) - at), at: at, cat: cat, cv: comm[v], kv: lg.k[v]}
}

// refine splits every community of comm (0..count-1) into well-connected
// sub-communities: each well-connected node still alone joins, at random
// with probability ∝ exp(ΔQ/θ), a well-connected sub-community of its own
// community to which the move does not lower quality (or stays alone).
//
// Communities are refined independently of each other (a node only ever
// looks at neighbours in its own community), so they are refined in
// parallel, each with its own random stream seeded from seed and the
// community's number: the result does not depend on the number of cores.
func refine(ctx context.Context, lg *lgraph, comm []int32, count int, gamma, theta, m2 float64, seed uint64, ws *leidenWork) ([]int32, error) {
	n := lg.n
	off, adj, w, k := lg.off, lg.adj, lg.w, lg.k
	scale := gamma / m2
	start, members := groupMembers(comm, count)
	ctot := make([]float64, count)
	for v := 0; v < n; v++ {
		ctot[comm[v]] += k[v]
	}
	ref := make([]int32, n)
	rtot := ws.rtot[:n]
	rext := ws.rext[:n] // weight from the sub-community to the rest of its community
	rsize := ws.rsize[:n]
	// Largest communities first, so that the cores finish together.
	lanes := make([]int32, count)
	for i := range lanes {
		lanes[i] = int32(i)
	}
	slices.SortFunc(lanes, func(a, b int32) int {
		return cmp.Or(cmp.Compare(start[b+1]-start[b], start[a+1]-start[a]), cmp.Compare(a, b))
	})
	scr := ws.scratch()
	err := runLanes(ctx, count, func(wk, lane int) error {
		c := lanes[lane]
		mem := members[start[c]:start[c+1]]
		for _, v := range mem {
			ref[v] = v
		}
		if len(mem) == 1 {
			return nil
		}
		s := scr[wk]
		for _, v := range mem {
			rtot[v] = k[v]
			rsize[v] = 1
			ext := 0.0
			lo, hi := off[v], off[v+1]
			if w == nil {
				for _, u := range adj[lo:hi] {
					if comm[u] == c {
						ext++
					}
				}
			} else {
				for i, u := range adj[lo:hi] {
					if comm[u] == c {
						ext += w[lo+int64(i)]
					}
				}
			}
			rext[v] = ext
		}
		s.pcg.Seed(seed, uint64(c))
		order := append(s.order[:0], mem...)
		s.rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		s.order = order
		ht := &s.table
		for _, v := range order {
			r0 := ref[v]
			if rsize[r0] != 1 {
				continue // v was joined by others: no longer a singleton
			}
			kv := k[v]
			// Only nodes well connected to their community move.
			if rext[v] < scale*kv*(ctot[c]-kv) {
				continue
			}
			lo, hi := off[v], off[v+1]
			ht.reset(int(hi - lo))
			for i, u := range adj[lo:hi] {
				if comm[u] != c {
					continue
				}
				wt := 1.0
				if w != nil {
					wt = w[lo+int64(i)]
				}
				ht.add(ref[u], wt)
			}
			// v leaves its singleton: staying alone has gain 0.
			cand := append(s.cand[:0], r0)
			prob := append(s.prob[:0], 0)
			maxGain := 0.0
			for _, sl := range ht.used {
				r := ht.keys[sl]
				if r == r0 {
					continue
				}
				// The target must itself be well connected to the community.
				if rext[r] < scale*rtot[r]*(ctot[c]-rtot[r]) {
					continue
				}
				gain := ht.vals[sl] - scale*kv*rtot[r]
				if gain < 0 {
					continue
				}
				cand = append(cand, r)
				prob = append(prob, gain)
				maxGain = max(maxGain, gain)
			}
			chosen := r0
			if len(cand) > 1 {
				total := 0.0
				for i, gn := range prob {
					p := math.Exp((gn - maxGain) / theta)
					prob[i] = p
					total += p
				}
				x := s.rng.Float64() * total
				chosen = cand[len(cand)-1]
				for i, p := range prob {
					if x < p {
						chosen = cand[i]
						break
					}
					x -= p
				}
			}
			if chosen != r0 {
				wIn := ht.get(chosen)
				ref[v] = chosen
				rtot[chosen] += kv
				rtot[r0] = 0
				rsize[chosen]++
				rsize[r0] = 0
				rext[chosen] += rext[v] - 2*wIn
			}
			ht.clear()
			s.cand, s.prob = cand, prob
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return renumber(ref), nil
}

// groupMembers lists the nodes of each group of part (0..count-1) by
// counting sort: the members of group g are members[start[g]:start[g+1]],
// in increasing order.
func groupMembers(part []int32, count int) (start, members []int32) {
	start = make([]int32, count+1)
	for _, p := range part {
		start[p+1]++
	}
	for i := 0; i < count; i++ {
		start[i+1] += start[i]
	}
	members = make([]int32, len(part))
	pos := append([]int32(nil), start[:count]...)
	for v, p := range part {
		members[pos[p]] = int32(v)
		pos[p]++
	}
	return start, members
}

// aggregate builds the graph whose nodes are the groups of part (0..count-1),
// with edge weights summed and internal weight folded into k. Groups are
// built in parallel, in chunks of about equal edge count; each group's
// neighbours come in order of first appearance among its members'
// adjacency, so the result does not depend on the chunks.
func aggregate(ctx context.Context, lg *lgraph, part []int32, count int) (*lgraph, error) {
	start, members := groupMembers(part, count)
	// Chunk boundaries over groups, by cumulative degree.
	target := max(int64(1)<<16, int64(len(lg.adj))/int64(8*workers()))
	bounds := []int{0}
	var caps []int64 // each chunk's adjacency entries: a bound on its output
	acc := int64(0)
	for r := 0; r < count; r++ {
		for _, v := range members[start[r]:start[r+1]] {
			acc += lg.off[v+1] - lg.off[v]
		}
		if acc >= target || r == count-1 {
			bounds = append(bounds, r+1)
			caps = append(caps, acc)
			acc = 0
		}
	}
	// Each chunk writes its groups' edges from the offset where its input
	// edges start (its output is no longer), then the chunks are slid down
	// into place: one output array instead of one per chunk plus a copy.
	at := make([]int64, len(caps)+1)
	for i, c := range caps {
		at[i+1] = at[i] + c
	}
	adj := make([]int32, at[len(caps)])
	wts := make([]float64, at[len(caps)])
	used := make([]int64, len(caps))
	deg := make([]int64, count)
	out := &lgraph{n: count, off: make([]int64, count+1), k: make([]float64, count)}
	dense := make([][]float64, workers())
	err := runLanes(ctx, len(caps), func(wk, lane int) error {
		if dense[wk] == nil {
			dense[wk] = make([]float64, count)
		}
		neighW := dense[wk]
		var touched []int32
		p := at[lane]
		for r := bounds[lane]; r < bounds[lane+1]; r++ {
			kr := 0.0
			for _, v := range members[start[r]:start[r+1]] {
				kr += lg.k[v]
				for e := lg.off[v]; e < lg.off[v+1]; e++ {
					s := part[lg.adj[e]]
					if int(s) == r {
						continue
					}
					wt := 1.0
					if lg.w != nil {
						wt = lg.w[e]
					}
					if neighW[s] == 0 {
						touched = append(touched, s)
					}
					neighW[s] += wt
				}
			}
			out.k[r] = kr
			deg[r] = int64(len(touched))
			for _, s := range touched {
				adj[p] = s
				wts[p] = neighW[s]
				p++
				neighW[s] = 0
			}
			touched = touched[:0]
		}
		used[lane] = p - at[lane]
		return nil
	})
	if err != nil {
		return nil, err
	}
	for r := 0; r < count; r++ {
		out.off[r+1] = out.off[r] + deg[r]
	}
	for i := range caps {
		dst := out.off[bounds[i]]
		copy(adj[dst:dst+used[i]], adj[at[i]:at[i]+used[i]])
		copy(wts[dst:dst+used[i]], wts[at[i]:at[i]+used[i]])
	}
	m := out.off[count]
	if m < int64(len(adj))*3/4 {
		// Much smaller than its input: give the slack back.
		adj, wts = slices.Clone(adj[:m]), slices.Clone(wts[:m])
	}
	out.adj, out.w = adj[:m:m], wts[:m:m]
	return out, nil
}

func modularity(lg *lgraph, membership []int32, gamma, m2 float64) float64 {
	count := 0
	for _, c := range membership {
		count = max(count, int(c)+1)
	}
	in := make([]float64, count)
	tot := make([]float64, count)
	for v := 0; v < lg.n; v++ {
		c := membership[v]
		tot[c] += lg.k[v]
		for e := lg.off[v]; e < lg.off[v+1]; e++ {
			if membership[lg.adj[e]] == c {
				if lg.w != nil {
					in[c] += lg.w[e]
				} else {
					in[c]++
				}
			}
		}
	}
	q := 0.0
	for c := range in {
		q += in[c]/m2 - gamma*(tot[c]/m2)*(tot[c]/m2)
	}
	return q
}

// Modularity returns the modularity of a partition (membership[v] ≥ 0 is
// v's group) at resolution γ (0 means 1):
//
//	Q = Σ_c [ L_c / m − γ (K_c / 2m)² ]
//
// where L_c is the weight of the edges inside c, K_c the total strength of
// its nodes and m the total edge weight; a directed graph is read as
// undirected. Reference: Newman & Girvan 2004; Reichardt & Bornholdt 2006
// (resolution). Cost O(n + m). EINVALID for a membership of the wrong
// length or with negative groups.
func Modularity(g *Graph, membership []int32, resolution float64, weighted bool) (float64, error) {
	if len(membership) != g.n {
		return 0, ally.Errorf(ally.EINVALID, "modularity: %d memberships for %d nodes", len(membership), g.n)
	}
	for _, c := range membership {
		if c < 0 {
			return 0, ally.Errorf(ally.EINVALID, "modularity: negative group %d", c)
		}
	}
	if resolution == 0 {
		resolution = 1
	}
	lg, m2 := baseGraph(g, weighted)
	if m2 == 0 {
		return 0, nil
	}
	return modularity(lg, membership, resolution, m2), nil
}

// NMI returns the normalised mutual information of two partitions of the
// same nodes, I(a;b) / ((H(a)+H(b))/2): 1 for identical partitions (up to
// renaming), near 0 for independent ones. Reference: Danon et al. 2005.
// Cost O(n) plus the number of distinct label pairs.
func NMI(a, b []int32) float64 {
	n := float64(len(a))
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	ca, cb := map[int32]float64{}, map[int32]float64{}
	joint := map[[2]int32]float64{}
	for i := range a {
		ca[a[i]]++
		cb[b[i]]++
		joint[[2]int32{a[i], b[i]}]++
	}
	h := func(m map[int32]float64) float64 {
		s := 0.0
		for _, c := range m {
			s -= c / n * math.Log(c/n)
		}
		return s
	}
	ha, hb := h(ca), h(cb)
	if ha+hb == 0 {
		return 1
	}
	mi := 0.0
	for k, c := range joint {
		mi += c / n * math.Log(c*n/(ca[k[0]]*cb[k[1]]))
	}
	return 2 * mi / (ha + hb)
}

// commTable sums edge weights by community for one node's neighbourhood: a
// small open-addressing table sized by the node's degree, so that the sums
// live in L1/L2 cache instead of an n-sized array where every neighbour
// costs a cache miss (local moving on a 1M-node graph was bound by those).
// used lists the occupied slots in order of first insertion, which keeps
// the candidate order (and so tie-breaking) that of the adjacency list.
type commTable struct {
	keys []int32 // -1: empty
	vals []float64
	used []int32
	mask uint32
}

func (t *commTable) reset(deg int) {
	size := 16
	for size < 2*deg {
		size <<= 1
	}
	if size > len(t.keys) {
		t.keys = make([]int32, size)
		for i := range t.keys {
			t.keys[i] = -1
		}
		t.vals = make([]float64, size)
	}
	t.mask = uint32(size - 1)
}

func hashComm(c int32) uint32 { return uint32((uint64(uint32(c)) * 0x9E3779B97F4A7C15) >> 32) }

func (t *commTable) add(c int32, w float64) {
	h := hashComm(c) & t.mask
	for {
		k := t.keys[h]
		if k == c {
			t.vals[h] += w
			return
		}
		if k < 0 {
			t.keys[h] = c
			t.vals[h] = w
			t.used = append(t.used, int32(h))
			return
		}
		h = (h + 1) & t.mask
	}
}

func (t *commTable) get(c int32) float64 {
	h := hashComm(c) & t.mask
	for {
		k := t.keys[h]
		if k == c {
			return t.vals[h]
		}
		if k < 0 {
			return 0
		}
		h = (h + 1) & t.mask
	}
}

func (t *commTable) has(c int32) bool {
	h := hashComm(c) & t.mask
	for {
		k := t.keys[h]
		if k == c {
			return true
		}
		if k < 0 {
			return false
		}
		h = (h + 1) & t.mask
	}
}

func (t *commTable) clear() {
	for _, h := range t.used {
		t.keys[h] = -1
	}
	t.used = t.used[:0]
}
