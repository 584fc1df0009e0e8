package coalition

import (
	"bufio"
	"compress/gzip"
	"context"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sharedData is the project's data folder beside the checkout; only the
// big benchmark graph is read from there (its benchmark skips without it).
const sharedData = "../../shared/data/"

// localGraphs holds copies of the small graphs (karate, lesmis) so the IMM
// checks run in any clone (testdata/SOURCE.md), and enronData is the demo's
// copy of the Enron tables, which ships with the repository.
const (
	localGraphs = "testdata/"
	enronData   = "../demo/data/"
)

// loadEdgeList reads an undirected "u v [w]" edge list into a graph with
// both arcs per edge; prob maps the weight (1 when absent) to a strength.
func loadEdgeList(tb testing.TB, path string, prob func(w float64) float64) *Graph {
	tb.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) && strings.HasPrefix(path, sharedData) {
		tb.Skipf("test data %s absent (it ships in the shared data folder)", path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatal(err)
		}
		r = zr
	}
	type edge struct {
		u, v int
		w    float64
	}
	var edges []edge
	n := 0
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 {
			continue
		}
		u, _ := strconv.Atoi(fs[0])
		v, _ := strconv.Atoi(fs[1])
		w := 1.0
		if len(fs) > 2 {
			w, _ = strconv.ParseFloat(fs[2], 64)
		}
		edges = append(edges, edge{u, v, w})
		n = max(n, u+1, v+1)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	g := NewGraph(n)
	for _, e := range edges {
		g.AddEdge(e.u, e.v, prob(e.w))
	}
	return g
}

// loadEnron builds the directed Enron graph sender→receiver from
// messages.tsv and recipients.tsv, with probability 1 − e^(−count/200):
// a tie passes an idea on with probability 0.05 per ten messages, so the
// cascade stays far from saturating the 156 people.
func loadEnron(tb testing.TB) *Graph {
	tb.Helper()
	read := func(name string) [][]string {
		b, err := os.ReadFile(enronData + name)
		if err != nil {
			tb.Fatal(err)
		}
		var rows [][]string
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			rows = append(rows, strings.Split(l, "\t"))
		}
		return rows
	}
	sender := map[string]int{}
	for _, r := range read("messages.tsv") {
		s, _ := strconv.Atoi(r[len(r)-1])
		sender[r[0]] = s - 1
	}
	count := map[[2]int]float64{}
	n := 156
	for _, r := range read("recipients.tsv") {
		s, ok := sender[r[0]]
		v, _ := strconv.Atoi(r[2])
		if ok && s != v-1 {
			count[[2]int{s, v - 1}]++
		}
	}
	keys := make([][2]int, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	g := NewGraph(n)
	for _, k := range keys {
		g.AddArc(k[0], k[1], tieProbability(count[k], 200))
	}
	return g
}

func uniform(p float64) func(float64) float64 { return func(float64) float64 { return p } }

// tieProbability maps an interaction count (or a tie strength) scaled by c
// to an activation probability 1 − e^(−x/c): one strong tie is not a
// certainty, and many contacts saturate toward 1.
func tieProbability(x, c float64) float64 {
	if x <= 0 || c <= 0 {
		return 0
	}
	return 1 - math.Exp(-x/c)
}

func TestIMMTiny(t *testing.T) {
	// A star 0→1..9 with p=1 and an isolated pair 10→11.
	g := NewGraph(12)
	for v := 1; v < 10; v++ {
		g.AddArc(0, v, 1)
	}
	g.AddArc(10, 11, 1)
	r, err := IMM(context.Background(), g, IMMOptions{K: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Seeds, []int{0, 10}) {
		t.Errorf("seeds %v, want [0 10]", r.Seeds)
	}
	if r.Reach.Mean != 12 || r.Reach.CI95 != 0 {
		t.Errorf("reach %+v, want 12", r.Reach)
	}
	// With 0 already a supporter, the best single addition is 10.
	r, _ = IMM(context.Background(), g, IMMOptions{K: 1, Seed: 1, Fixed: []int{0}})
	if !slices.Equal(r.Seeds, []int{10}) || math.Abs(r.Base.Mean-10) > r.Base.CI95 {
		t.Errorf("with fixed: seeds %v base %+v", r.Seeds, r.Base)
	}
	if _, err := IMM(context.Background(), g, IMMOptions{K: 0}); err == nil {
		t.Error("k=0 accepted")
	}
	bad := NewGraph(2)
	bad.AddArc(0, 1, 1.5)
	if _, err := IMM(context.Background(), bad, IMMOptions{K: 1}); err == nil {
		t.Error("p=1.5 accepted")
	}
}

func TestIMMDeterministic(t *testing.T) {
	g := loadEdgeList(t, localGraphs+"karate.txt", uniform(0.1))
	a, _ := IMM(context.Background(), g, IMMOptions{K: 3, Seed: 9, Workers: 1})
	b, _ := IMM(context.Background(), g, IMMOptions{K: 3, Seed: 9, Workers: 2})
	if !slices.Equal(a.Seeds, b.Seeds) || a.Reach != b.Reach || a.RRSets != b.RRSets {
		t.Errorf("worker count changed the result: %+v vs %+v", a, b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := IMM(ctx, g, IMMOptions{K: 3}); err == nil {
		t.Error("cancelled context ignored")
	}
}

// TestSpreadEstimatorsAgree: the RR-sample estimate and Monte-Carlo
// simulation estimate the same σ(S) (within their combined intervals).
func TestSpreadEstimatorsAgree(t *testing.T) {
	g := loadEdgeList(t, localGraphs+"karate.txt", uniform(0.15))
	seeds := []int{0, 33}
	mc, _ := EstimateSpread(context.Background(), g, seeds, 20000, 1)
	rr, _, _ := EstimateSpreadRR(context.Background(), g, nil, seeds, 50000, 2)
	if d := math.Abs(mc.Mean - rr.Mean); d > 2*(mc.CI95+rr.CI95) {
		t.Errorf("MC %+v vs RR %+v", mc, rr)
	}
}

// TestIMMAgainstBaselines: IMM's seeds reach at least as much as greedy
// Monte-Carlo (within ε) on small graphs and more than the degree and
// random baselines on real networks, with current supporters fixed.
func TestIMMAgainstBaselines(t *testing.T) {
	type tc struct {
		name  string
		g     func(t *testing.T) *Graph
		fixed []int
		k     int
		celf  bool
		// clear: IMM must add ≥ 5 % more than the degree baseline. On
		// karate degree is already near-optimal (IMM and greedy agree with
		// it up to one seed), so there IMM need only match it.
		clear bool
	}
	cases := []tc{
		{"karate", func(t *testing.T) *Graph {
			return loadEdgeList(t, localGraphs+"karate.txt", uniform(0.1))
		}, []int{0, 33}, 3, true, false},
		{"lesmis", func(t *testing.T) *Graph {
			return loadEdgeList(t, localGraphs+"lesmis.txt", func(w float64) float64 { return tieProbability(w, 40) })
		}, []int{11}, 4, true, true},
		{"enron", func(t *testing.T) *Graph { return loadEnron(t) }, []int{0, 1}, 5, false, true},
	}
	ctx := context.Background()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := c.g(t)
			const eps = 0.1
			r, err := IMM(ctx, g, IMMOptions{K: c.k, Epsilon: eps, Seed: 3, Fixed: c.fixed})
			if err != nil {
				t.Fatal(err)
			}
			spread := func(seeds []int) SpreadEstimate {
				s, err := EstimateSpread(ctx, g, append(slices.Clone(c.fixed), seeds...), 20000, 11)
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			imm := spread(r.Seeds)
			if d := math.Abs(imm.Mean - r.Reach.Mean); d > 2*(imm.CI95+r.Reach.CI95) {
				t.Errorf("IMM's own reach %+v disagrees with Monte-Carlo %+v", r.Reach, imm)
			}
			deg := spread(DegreeSeeds(g, c.k, c.fixed, nil))
			var rnd float64
			for s := range uint64(5) {
				rnd += spread(RandomSeeds(g.N, c.k, c.fixed, nil, s)).Mean / 5
			}
			// Compare what each choice adds to the fixed supporters' reach.
			base := spread(nil).Mean
			t.Logf("%s: base %.2f; IMM %v → %.2f±%.2f (θ=%.0f, LB=%.1f), degree %.2f, random %.2f", c.name, base, r.Seeds, imm.Mean, imm.CI95, r.Theta, r.LB, deg.Mean, rnd)
			if c.clear && imm.Mean-base < 1.05*(deg.Mean-base) || imm.Mean < deg.Mean-imm.CI95-deg.CI95 {
				t.Errorf("IMM adds %.2f, not clearly more than the degree baseline's %.2f", imm.Mean-base, deg.Mean-base)
			}
			if imm.Mean-base < 1.2*(rnd-base) {
				t.Errorf("IMM adds %.2f, not clearly more than random's %.2f", imm.Mean-base, rnd-base)
			}
			if c.celf {
				cs, _, err := GreedyCELF(ctx, g, CELFOptions{K: c.k, Fixed: c.fixed, Worlds: 2000, Seed: 5})
				if err != nil {
					t.Fatal(err)
				}
				greedy := spread(cs)
				t.Logf("%s: greedy %v → %.2f", c.name, cs, greedy.Mean)
				if imm.Mean < (1-eps)*greedy.Mean {
					t.Errorf("IMM %.2f below (1−ε)·greedy %.2f", imm.Mean, greedy.Mean)
				}
			}
		})
	}
}

// BenchmarkIMM100k is the performance anchor: IMM with k = 50 on the
// 100,000-node Barabási–Albert graph (m = 5) under the weighted-cascade
// model, ε = 0.1, ℓ = 1.
func BenchmarkIMM100k(b *testing.B) {
	g := WeightedCascade(loadEdgeList(b, sharedData+"graphs/ba_100k_m5.txt.gz", uniform(1)))
	b.ResetTimer()
	for b.Loop() {
		r, err := IMM(context.Background(), g, IMMOptions{K: 50, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(r.RRSets), "rrsets")
		b.ReportMetric(r.Reach.Mean, "reach")
	}
}

// A budget that stops the sampling still returns k seeds, says so, and
// reports the ε the sets drawn guarantee: ε·√(Theta/RRSets). A graph where
// nobody wins anybody over (no arcs, as a workspace of people without ties)
// needs θ ∝ n/k sets, each of one node: they are counted, not stored, so
// they fit MaxEntries; pairs are stored and hit it; MaxSteps caps the work
// where every set meets a supporter and nothing is stored. Without a cap
// Achieved is ε.
func TestIMMBudget(t *testing.T) {
	star := NewGraph(2000) // everyone listens to 0, the one supporter
	for v := 1; v < star.N; v++ {
		star.AddArc(0, v, 1)
	}
	pairs := NewGraph(20000) // each RR set is a pair: stored, not counted
	for v := 0; v+1 < pairs.N; v += 2 {
		pairs.AddEdge(v, v+1, 1)
	}
	tests := []struct {
		name       string
		g          *Graph
		opt        IMMOptions
		wantCapped bool
	}{
		{"pairs, entries cap", pairs, IMMOptions{K: 2, Epsilon: 0.2, MaxEntries: 50_000}, true},
		{"bare, within the budget", NewGraph(20000), IMMOptions{K: 2, Epsilon: 0.2, MaxEntries: 50_000}, false},
		{"bare, steps cap", NewGraph(20000), IMMOptions{K: 2, Epsilon: 0.2, MaxSteps: 100_000}, true},
		{"covered sets, steps cap", star, IMMOptions{K: 2, Epsilon: 0.2, Fixed: []int{0}, MaxSteps: 200_000}, true},
		{"tiny, no cap", NewGraph(3), IMMOptions{K: 1, Epsilon: 0.2}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.Seed = 1
			r, err := IMM(context.Background(), tt.g, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Seeds) != tt.opt.K {
				t.Errorf("%d seeds, want %d", len(r.Seeds), tt.opt.K)
			}
			if r.Capped != tt.wantCapped {
				t.Fatalf("capped = %v, want %v (%d of θ = %.0f sets)", r.Capped, tt.wantCapped, r.RRSets, r.Theta)
			}
			if !tt.wantCapped {
				if r.Achieved != r.Epsilon || float64(r.RRSets) < r.Theta {
					t.Errorf("uncapped: ε %g achieved %g, %d of θ = %.0f sets", r.Epsilon, r.Achieved, r.RRSets, r.Theta)
				}
				return
			}
			want := r.Epsilon * math.Sqrt(r.Theta/float64(r.RRSets))
			if float64(r.RRSets) >= r.Theta || math.Abs(r.Achieved-want) > 1e-12*want || r.Achieved <= r.Epsilon {
				t.Errorf("capped: %d of θ = %.0f sets, achieved ε %g, want %g", r.RRSets, r.Theta, r.Achieved, want)
			}
			// The budget is checked between rounds of blocks: it overshoots
			// by at most one round (workers × 8 blocks of 2048 sets).
			if round := runtime.GOMAXPROCS(0) * 8 * rrBlock; tt.opt.MaxEntries > 0 && r.RRSets > tt.opt.MaxEntries+round {
				t.Errorf("%d sets stored for a cap of %d entries", r.RRSets, tt.opt.MaxEntries)
			}
		})
	}
}
