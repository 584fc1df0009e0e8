package network

import (
	"cmp"
	"context"
	"math"
	"slices"
)

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
