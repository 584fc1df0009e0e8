package network

import (
	"context"
	"math"
	"math/rand/v2"

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
// result depends only on the graph and opt.Seed.
//
// Cost: about O(m) per pass of local moving; a few passes per level and a
// handful of levels in practice. Memory O(n + m) for the aggregated graphs.
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
	u := g.Undirected()
	n := u.n
	base := &lgraph{n: n, off: u.off, adj: u.adj}
	if opt.Weighted && u.weighted {
		base.w = u.w
	}
	base.k = make([]float64, n)
	for v := 0; v < n; v++ {
		base.k[v] = rowSum(nilIf(base.w == nil, u.Weights(v)), int(u.off[v+1]-u.off[v]))
	}
	m2 := 0.0
	for _, k := range base.k {
		m2 += k
	}
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

type leidenWork struct {
	neighW  []float64
	touched []int32
	inQ     []bool
	queue   []int32
}

func newLeidenWork(n int) *leidenWork {
	return &leidenWork{neighW: make([]float64, n), inQ: make([]bool, n), queue: make([]int32, n)}
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
		moveNodes(lg, comm, gamma, m2, rng, ws)
		comm = renumber(comm)
		count := 0
		for _, c := range comm {
			count = max(count, int(c)+1)
		}
		if count == lg.n {
			break
		}
		refined := refine(lg, comm, gamma, theta, m2, rng, ws)
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
		next := aggregate(lg, refined, rcount, ws)
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
func moveNodes(lg *lgraph, comm []int32, gamma, m2 float64, rng *rand.Rand, ws *leidenWork) {
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
	head, count := 0, n
	neighW := ws.neighW
	touched := ws.touched[:0]
	off, adj, w, k := lg.off, lg.adj, lg.w, lg.k
	scale := gamma / m2
	for count > 0 {
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
		if w == nil {
			for _, u := range adj[lo:hi] {
				c := comm[u]
				if neighW[c] == 0 {
					touched = append(touched, c)
				}
				neighW[c]++
			}
		} else {
			wr := w[lo:hi]
			for i, u := range adj[lo:hi] {
				c := comm[u]
				if neighW[c] == 0 {
					touched = append(touched, c)
				}
				neighW[c] += wr[i]
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
	ws.touched = touched
}

// refine splits every community of comm into well-connected
// sub-communities: each well-connected node still alone joins, at random
// with probability ∝ exp(ΔQ/θ), a well-connected sub-community of its own
// community to which the move does not lower quality (or stays alone).
func refine(lg *lgraph, comm []int32, gamma, theta, m2 float64, rng *rand.Rand, ws *leidenWork) []int32 {
	n := lg.n
	off, adj, w, k := lg.off, lg.adj, lg.w, lg.k
	scale := gamma / m2
	ctot := make([]float64, n)
	for v := 0; v < n; v++ {
		ctot[comm[v]] += k[v]
	}
	ref := make([]int32, n)
	rtot := make([]float64, n)
	rext := make([]float64, n) // weight from the sub-community to the rest of its community
	rsize := make([]int32, n)
	for v := 0; v < n; v++ {
		ref[v] = int32(v)
		rtot[v] = k[v]
		rsize[v] = 1
		ext := 0.0
		for e := off[v]; e < off[v+1]; e++ {
			if comm[adj[e]] == comm[v] {
				if w != nil {
					ext += w[e]
				} else {
					ext++
				}
			}
		}
		rext[v] = ext
	}
	order := ws.queue[:n]
	for i := range order {
		order[i] = int32(i)
	}
	rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
	neighW := ws.neighW
	touched := ws.touched[:0]
	var cand []int32
	var prob []float64
	for _, v := range order {
		r0 := ref[v]
		if rsize[r0] != 1 {
			continue // v was joined by others: no longer a singleton
		}
		c := comm[v]
		kv := k[v]
		// Only nodes well connected to their community move.
		if rext[v] < scale*kv*(ctot[c]-kv) {
			continue
		}
		for e := off[v]; e < off[v+1]; e++ {
			u := adj[e]
			if comm[u] != c {
				continue
			}
			r := ref[u]
			wt := 1.0
			if w != nil {
				wt = w[e]
			}
			if neighW[r] == 0 {
				touched = append(touched, r)
			}
			neighW[r] += wt
		}
		// v leaves its singleton: staying alone has gain 0.
		cand = append(cand[:0], r0)
		prob = append(prob[:0], 0)
		maxGain := 0.0
		for _, r := range touched {
			if r == r0 {
				continue
			}
			// The target must itself be well connected to the community.
			if rext[r] < scale*rtot[r]*(ctot[c]-rtot[r]) {
				continue
			}
			gain := neighW[r] - scale*kv*rtot[r]
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
			x := rng.Float64() * total
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
			wIn := neighW[chosen]
			ref[v] = chosen
			rtot[chosen] += kv
			rtot[r0] = 0
			rsize[chosen]++
			rsize[r0] = 0
			rext[chosen] += rext[v] - 2*wIn
		}
		for _, r := range touched {
			neighW[r] = 0
		}
		touched = touched[:0]
	}
	ws.touched = touched
	return renumber(ref)
}

// aggregate builds the graph whose nodes are the groups of part (0..count-1),
// with edge weights summed and internal weight folded into k.
func aggregate(lg *lgraph, part []int32, count int, ws *leidenWork) *lgraph {
	n := lg.n
	// Members of each group, by counting sort.
	start := make([]int32, count+1)
	for _, p := range part {
		start[p+1]++
	}
	for i := 0; i < count; i++ {
		start[i+1] += start[i]
	}
	members := make([]int32, n)
	pos := append([]int32(nil), start[:count]...)
	for v := 0; v < n; v++ {
		p := part[v]
		members[pos[p]] = int32(v)
		pos[p]++
	}
	out := &lgraph{n: count, off: make([]int64, count+1), k: make([]float64, count)}
	adj := make([]int32, 0, len(lg.adj))
	wts := make([]float64, 0, len(lg.adj))
	neighW := ws.neighW
	touched := ws.touched[:0]
	for r := 0; r < count; r++ {
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
		for _, s := range touched {
			adj = append(adj, s)
			wts = append(wts, neighW[s])
			neighW[s] = 0
		}
		touched = touched[:0]
		out.off[r+1] = int64(len(adj))
	}
	ws.touched = touched
	out.adj, out.w = adj, wts
	return out
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
