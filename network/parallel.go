package network

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Progress is called by long computations with the units of work done so far
// and the total (sources for betweenness and closeness, iterations for
// PageRank, samples for sampled betweenness). It is never called
// concurrently, but may be called from any goroutine.
type Progress func(done, total int)

// workers is the number of goroutines the parallel loops use. Results never
// depend on it: work is cut into pieces whose boundaries depend only on the
// input, and partial results are combined in piece order.
func workers() int { return max(1, runtime.GOMAXPROCS(0)) }

// chunkSize is the fixed piece size for parallel loops over nodes.
const chunkSize = 4096

// forChunks runs fn over [0,n) cut into fixed chunks of chunkSize on all
// cores. fn receives the chunk index and its bounds; results that must be
// combined are written per chunk by fn and reduced by the caller in chunk
// order.
func forChunks(n int, fn func(c, lo, hi int)) {
	chunks := (n + chunkSize - 1) / chunkSize
	w := min(workers(), chunks)
	if w <= 1 {
		for c := 0; c < chunks; c++ {
			fn(c, c*chunkSize, min(n, (c+1)*chunkSize))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < w; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				fn(c, c*chunkSize, min(n, (c+1)*chunkSize))
			}
		}()
	}
	wg.Wait()
}

// reporter serialises progress calls and counts done units atomically.
type reporter struct {
	fn    Progress
	total int
	done  atomic.Int64
	mu    sync.Mutex
	step  int64
}

func newReporter(fn Progress, total int) *reporter {
	return &reporter{fn: fn, total: total, step: int64(max(1, total/200))}
}

// add records k more units and calls the callback every 0.5 % of the total.
func (r *reporter) add(k int) {
	if r == nil || r.fn == nil {
		return
	}
	d := r.done.Add(int64(k))
	if d%r.step < int64(k) || int(d) == r.total {
		r.mu.Lock()
		r.fn(int(d), r.total)
		r.mu.Unlock()
	}
}

// runLanes runs lanes 0..lanes-1 of a computation on all cores; each lane
// is processed whole by one goroutine, in order, so a lane's result does
// not depend on scheduling. It stops early when ctx is done.
func runLanes(ctx context.Context, lanes int, fn func(worker, lane int) error) error {
	w := min(workers(), lanes)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, w)
	for i := 0; i < w; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for {
				if ctx.Err() != nil {
					return
				}
				l := int(next.Add(1) - 1)
				if l >= lanes {
					return
				}
				if err := fn(i, l); err != nil {
					errs[i] = err
					return
				}
			}
		}(i)
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
