package coalition

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

func TestWarmPaths(t *testing.T) {
	// Me=0 → 3: direct weak tie 0.1; via 1 (0.9·0.9 = 0.81); via 2
	// (0.8·0.8 = 0.64); 2 is a stranger with penalty 1.
	g := NewGraph(4)
	g.AddEdge(0, 3, 0.1)
	g.AddEdge(0, 1, 0.9)
	g.AddEdge(1, 3, 0.9)
	g.AddEdge(0, 2, 0.8)
	g.AddEdge(2, 3, 0.8)
	ps, err := WarmPaths(g, 0, 3, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]int
	for _, p := range ps {
		got = append(got, p.Nodes)
	}
	want := [][]int{{0, 1, 3}, {0, 2, 3}, {0, 3}}
	if len(got) < 3 || !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) || !slices.Equal(got[2], want[2]) {
		t.Errorf("paths %v, want %v first", got, want)
	}
	if math.Abs(ps[0].Strength-0.81) > 1e-12 || ps[0].Hops[1].Strength != 0.9 {
		t.Errorf("strength %v hops %v", ps[0].Strength, ps[0].Hops)
	}
	// A penalty of 2 on the stranger pushes the path through 2 below the
	// direct tie: e^−2·0.64 ≈ 0.087 < 0.1.
	ps, _ = WarmPaths(g, 0, 3, 3, []float64{0, 0, 2, 0})
	if !slices.Equal(ps[1].Nodes, []int{0, 3}) {
		t.Errorf("with penalty: second path %v", ps[1].Nodes)
	}
	if _, err := WarmPaths(g, 0, 9, 1, nil); err == nil {
		t.Error("bad endpoint accepted")
	}
	if _, err := WarmPaths(g, 0, 3, 1, []float64{0, -1, 0, 0}); err == nil {
		t.Error("negative penalty accepted")
	}
}

// TestWarmPathsBruteForce compares Yen's k best costs with enumeration of
// every simple path on random small graphs.
func TestWarmPathsBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 200 {
		n := 2 + rng.IntN(7)
		g := NewGraph(n)
		for u := range n {
			for v := range n {
				if u != v && rng.Float64() < 0.4 {
					g.AddArc(u, v, 0.05+0.95*rng.Float64())
				}
			}
		}
		pen := make([]float64, n)
		for i := range pen {
			pen[i] = rng.Float64()
		}
		y := yen{g: g, nodeCost: pen}
		var all []float64
		var walk func(p []int)
		walk = func(p []int) {
			u := p[len(p)-1]
			if u == n-1 {
				all = append(all, y.cost(p))
				return
			}
			seen := map[int]bool{}
			for _, a := range g.Adj[u] {
				v := int(a.To)
				if !slices.Contains(p, v) && !seen[v] {
					seen[v] = true
					walk(append(slices.Clone(p), v))
				}
			}
		}
		walk([]int{0})
		sort.Float64s(all)
		k := 1 + rng.IntN(6)
		ps, err := WarmPaths(g, 0, n-1, k, pen)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != min(k, len(all)) {
			t.Fatalf("trial %d: %d paths, want %d", trial, len(ps), min(k, len(all)))
		}
		for i, p := range ps {
			if math.Abs(p.Cost-all[i]) > 1e-9 {
				t.Fatalf("trial %d: path %d cost %v, want %v", trial, i, p.Cost, all[i])
			}
		}
	}
}

// benchGraph is a random graph of n nodes and about n·deg/2 ties with
// strengths in (0,1], and a penalty per node, for the path benchmarks.
func benchGraph(n, deg int) (*Graph, []float64) {
	r := rand.New(rand.NewPCG(1, 2))
	g := NewGraph(n)
	for u := range n {
		for range deg / 2 {
			if v := r.IntN(n); v != u {
				g.AddEdge(u, v, 0.05+0.95*r.Float64())
			}
		}
	}
	pen := make([]float64, n)
	for i := range pen {
		pen[i] = Standing(r.IntN(5)).Cost()
	}
	return g, pen
}

// BenchmarkBestWarmPaths is the ally finder's one search from Me to
// everyone, on 100,000 people with 10 ties each.
func BenchmarkBestWarmPaths(b *testing.B) {
	g, pen := benchGraph(100_000, 10)
	b.ResetTimer()
	for b.Loop() {
		if _, err := BestWarmPaths(g, 0, pen); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWarmPaths is `ally path -k 10` on 10,000 people with 10 ties
// each: Yen's k searches, one per hop of each path found.
func BenchmarkWarmPaths(b *testing.B) {
	g, pen := benchGraph(10_000, 10)
	b.ResetTimer()
	for b.Loop() {
		if _, err := WarmPaths(g, 0, 9_999, 10, pen); err != nil {
			b.Fatal(err)
		}
	}
}
