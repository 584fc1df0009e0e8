package network

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
)

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
	tot, size, empty, queue, inQ := moveStart(lg, comm, rng, ws)
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
	tot, size, empty, queue, inQ := moveStart(lg, comm, rng, ws)
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

// moveStart sets up local moving: each community's total weight and size,
// the unused community numbers (lowest on top), every node queued in
// random order, and the in-queue flags.
func moveStart(lg *lgraph, comm []int32, rng *rand.Rand, ws *leidenWork) (tot []float64, size []int32, empty, queue []int32, inQ []bool) {
	n := lg.n
	tot = make([]float64, n)
	size = make([]int32, n)
	for v := 0; v < n; v++ {
		tot[comm[v]] += lg.k[v]
		size[comm[v]]++
	}
	for c := n - 1; c >= 0; c-- {
		if size[c] == 0 {
			empty = append(empty, int32(c))
		}
	}
	queue = ws.queue[:n]
	for i := range queue {
		queue[i] = int32(i)
	}
	rng.Shuffle(n, func(i, j int) { queue[i], queue[j] = queue[j], queue[i] })
	inQ = ws.inQ[:n]
	for i := range inQ {
		inQ[i] = true
	}
	return tot, size, empty, queue, inQ
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
