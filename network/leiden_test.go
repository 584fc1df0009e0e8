package network

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// igraphLeiden are the modularities igraph's Leiden reaches on the shared
// graphs (best of 10 seeds until stable, from reference/*.json, or the
// figures in bench/README.md where higher); ally must come within 0.002.
func TestLeidenModularity(t *testing.T) {
	for _, name := range referenceGraphs {
		t.Run(name, func(t *testing.T) {
			g, ref := loadShared(t, name)
			want := 0.0
			if ref != nil {
				if v, ok := ref.info["leiden_modularity_best_of_10"].(float64); ok {
					want = v
				}
			}
			single := 0.0
			if name == "sbm_org_10k" {
				// bench/README.md: one igraph Leiden run reaches 0.6266.
				single = 0.6266
			}
			// igraph's reference is the best of ten seeds run until stable:
			// compare like with like.
			// Large graphs use the default two iterations to keep the suite
			// short; they reach the figure with room to spare.
			iters := -1
			if g.N() > 1000 {
				iters = 0
			}
			best := -1.0
			for seed := uint64(1); seed <= 10; seed++ {
				c, err := Leiden(context.Background(), g, LeidenOptions{Seed: seed, Iterations: iters})
				if err != nil {
					t.Fatal(err)
				}
				best = max(best, c.Modularity)
			}
			if best < want-0.002 {
				t.Errorf("best of 10 seeds: modularity %.6f below igraph's %.6f - 0.002", best, want)
			}
			start := time.Now()
			c, err := Leiden(context.Background(), g, LeidenOptions{Seed: 1, Iterations: -1})
			if err != nil {
				t.Fatal(err)
			}
			q, _ := Modularity(g, c.Membership, 1, false)
			if diff := q - c.Modularity; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("reported modularity %v, recomputed %v", c.Modularity, q)
			}
			t.Logf("%s: Q=%.6f (igraph %.6f), %d communities, %d iterations, %v", name, c.Modularity, want, c.Count, c.Iterations, time.Since(start))
			if c.Modularity < single-0.002 {
				t.Errorf("one run until stable: modularity %.6f below igraph's single run %.6f - 0.002", c.Modularity, single)
			}
		})
	}
}

// TestLeidenPlantedDepartments: on a planted partition of 10,000 people
// in 20 departments of 500 (p_in 0.02, p_out 0.0005: the parameters of the
// shared sbm_org_10k), Leiden finds the departments.
func TestLeidenPlantedDepartments(t *testing.T) {
	g, truth := plantedPartition(3, 20, 500, 0.02, 0.0005)
	c, err := Leiden(context.Background(), g, LeidenOptions{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if score := nmi(c.Membership, truth); score < 0.95 {
		t.Errorf("NMI with the planted departments %.4f < 0.95 (%d communities)", score, c.Count)
	} else {
		t.Logf("NMI %.4f, %d communities", score, c.Count)
	}
}

// nmi returns the normalised mutual information of two partitions of the
// same nodes, I(a;b) / ((H(a)+H(b))/2): 1 for identical partitions (up to
// renaming), near 0 for independent ones. Reference: Danon et al. 2005.
func nmi(a, b []int32) float64 {
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

func TestLeidenBA100k(t *testing.T) {
	if testing.Short() {
		t.Skip("ba_100k in -short mode")
	}
	if _, err := os.Stat(filepath.Join(sharedGraphs, "ba_100k_m5.txt.gz")); err != nil {
		t.Skip("shared graph ba_100k_m5 not found")
	}
	g, _ := loadShared(t, "ba_100k_m5")
	start := time.Now()
	c, err := Leiden(context.Background(), g, LeidenOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("ba_100k_m5: Q=%.6f, %d communities, %d iterations, %v", c.Modularity, c.Count, c.Iterations, time.Since(start))
	if c.Modularity < 0.2907-0.002 {
		t.Errorf("modularity %.6f below igraph's 0.2907 - 0.002", c.Modularity)
	}
}

// plantedGraph has groups of size n/groups, dense inside and sparse
// between, so that local moving makes many moves and many of them touch
// nodes later in the same batch.
func plantedGraph(seed uint64, n, groups int, pIn, pOut float64, weighted bool) *Graph {
	r := rand.New(rand.NewPCG(seed, 2))
	b := NewBuilder(false)
	for i := 0; i < n; i++ {
		b.AddNode(strconv.Itoa(i), nil)
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			p := pOut
			if i%groups == j%groups {
				p = pIn
			}
			if r.Float64() < p {
				w := 1.0
				if weighted {
					w = 0.5 + 2*r.Float64()
				}
				b.AddEdge(i, j, w)
			}
		}
	}
	g, err := b.Build()
	if err != nil {
		panic(err)
	}
	return g
}

// TestMoveNodesMatchesSequential drives the batched local moving on two
// cores with small batches, so that nodes' sums go stale and are
// recomputed, and checks every decision against the plain sequential pass
// (moveNodesSeq, which small graphs use).
func TestMoveNodesMatchesSequential(t *testing.T) {
	oldBatch, oldMin := moveBatch, moveParallelMin
	defer func() { moveBatch, moveParallelMin = oldBatch, oldMin }()
	old := runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0)))
	defer runtime.GOMAXPROCS(old)
	moveParallelMin = 0
	graphs := map[string]*Graph{
		"random":           randomGraph(5, 2000, 9000, false, false),
		"random weighted":  randomGraph(6, 2000, 9000, false, true),
		"planted":          plantedGraph(7, 1200, 12, 0.08, 0.004, false),
		"planted weighted": plantedGraph(8, 1200, 12, 0.08, 0.004, true),
	}
	for name, g := range graphs {
		for _, batch := range []int{1, 7, 64, 2048} {
			for _, start := range []string{"singletons", "random groups"} {
				moveBatch = batch
				base, m2 := baseGraph(g, true)
				init := make([]int32, base.n)
				r := rand.New(rand.NewPCG(9, 9))
				for i := range init {
					init[i] = int32(i)
					if start == "random groups" {
						init[i] = int32(r.IntN(base.n / 10))
					}
				}
				want := append([]int32(nil), init...)
				ws := newLeidenWork(base.n)
				if err := moveNodesSeq(context.Background(), base, want, 1, m2, rand.New(rand.NewPCG(3, 4)), ws); err != nil {
					t.Fatal(err)
				}
				got := append([]int32(nil), init...)
				if err := moveNodes(context.Background(), base, got, 1, m2, rand.New(rand.NewPCG(3, 4)), ws); err != nil {
					t.Fatal(err)
				}
				moved := 0
				for v := range got {
					if got[v] != want[v] {
						t.Fatalf("%s, batch %d, from %s: node %d in community %d, sequential pass says %d", name, batch, start, v, got[v], want[v])
					}
					if got[v] != init[v] {
						moved++
					}
				}
				if moved < base.n/4 {
					t.Errorf("%s from %s: only %d of %d nodes moved; the comparison says little", name, start, moved, base.n)
				}
			}
		}
	}
}

// TestLeidenBytesCoversPeak runs the same generated graph in two child
// processes, one that only builds it and one that also runs Leiden, and
// checks that LeidenBytes is above the difference in their peak resident
// memory, and not wildly above (refusing a graph that fits is a failure
// too).
func TestLeidenBytesCoversPeak(t *testing.T) {
	if testing.Short() {
		t.Skip("child processes in -short mode")
	}
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read as Linux reports it (KiB)")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	const n, m = 300_000, 3_000_000
	peak := func(leiden bool) int64 {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d,%d,%t", leidenChildEnv, n, m, leiden))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
	}
	built, ran := peak(false), peak(true)
	g := leidenChildGraph(n, m)
	used, est := ran-built, LeidenBytes(g)
	t.Logf("%d nodes, %d edges: peak RSS %d MB building, %d MB with Leiden: %d MB for Leiden, estimate %d MB",
		n, g.M(), built>>20, ran>>20, used>>20, est>>20)
	if used > est {
		t.Errorf("Leiden took %d MB, over the estimate of %d MB", used>>20, est>>20)
	}
	if est > 4*used {
		t.Errorf("estimate %d MB is more than 4 times the %d MB used", est>>20, used>>20)
	}
}

const leidenChildEnv = "ALLY_TEST_LEIDEN_CHILD"

// leidenChildGraph is a scale-free-like graph built straight into CSR, so
// that building it leaves little garbage to raise the peak: each new node
// links to m/n earlier ones, half uniformly and half by copying an end of
// an earlier edge (preferential attachment).
func leidenChildGraph(n, m int) *Graph {
	r := rand.New(rand.NewPCG(21, 22))
	per := m / n
	src := make([]int32, 0, m)
	dst := make([]int32, 0, m)
	for v := per; v < n; v++ {
		for j := 0; j < per; j++ {
			u := int32(r.IntN(v))
			if len(src) > 0 && r.IntN(2) == 0 {
				e := r.IntN(len(src))
				u = src[e]
				if r.IntN(2) == 0 {
					u = dst[e]
				}
			}
			src = append(src, int32(v))
			dst = append(dst, u)
		}
	}
	g, err := FromEdges(Edges{N: n, Src: src, Dst: dst})
	if err != nil {
		panic(err)
	}
	return g
}

// TestMain turns the test binary into TestLeidenBytesCoversPeak's child
// when asked to.
func TestMain(m *testing.M) {
	if spec := os.Getenv(leidenChildEnv); spec != "" {
		var n, edges int
		var leiden bool
		if _, err := fmt.Sscanf(strings.ReplaceAll(spec, ",", " "), "%d %d %t", &n, &edges, &leiden); err != nil {
			fmt.Fprintln(os.Stderr, "bad", leidenChildEnv, spec, err)
			os.Exit(2)
		}
		g := leidenChildGraph(n, edges)
		if leiden {
			if _, err := Leiden(context.Background(), g, LeidenOptions{Seed: 1, Iterations: 3}); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
