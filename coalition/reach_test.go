package coalition

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// BestWarmPaths gives, for every target, exactly the path WarmPaths finds
// first (nodes, hops, strength and cost), with and without node penalties,
// on random graphs with parallel arcs and unreachable nodes.
func TestBestWarmPathsIsWarmPathsFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 300 {
		n := 1 + rng.IntN(12)
		g := NewGraph(n)
		for u := range n {
			for v := range n {
				if u != v && rng.Float64() < 0.25 {
					g.AddArc(u, v, 0.05+0.95*rng.Float64())
					if rng.Float64() < 0.1 {
						g.AddArc(u, v, 0.05+0.95*rng.Float64()) // a parallel arc
					}
				}
			}
		}
		var costs []float64
		if trial%2 == 1 {
			costs = make([]float64, n)
			for i := range costs {
				costs[i] = []float64{0, 0.15, 0.45, 2.65}[rng.IntN(4)]
			}
		}
		from := rng.IntN(n)
		tree, err := BestWarmPaths(g, from, costs)
		if err != nil {
			t.Fatal(err)
		}
		for to := range n {
			want, err := WarmPaths(g, from, to, 1, costs)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := tree.Path(to)
			if len(want) == 0 {
				if ok {
					t.Fatalf("trial %d: %d → %d: tree has %v, WarmPaths none", trial, from, to, got.Nodes)
				}
				continue
			}
			if !ok || !reflect.DeepEqual(got, want[0]) {
				t.Fatalf("trial %d: %d → %d:\ntree      %+v\nWarmPaths %+v", trial, from, to, got, want[0])
			}
		}
	}
}

func TestBestWarmPathsErrors(t *testing.T) {
	g := NewGraph(3)
	g.AddEdge(0, 1, 0.5)
	for _, tt := range []struct {
		name  string
		from  int
		costs []float64
	}{
		{"root outside", 3, nil},
		{"negative root", -1, nil},
		{"penalties of another graph", 0, []float64{0, 0}},
		{"negative penalty", 0, []float64{0, -1, 0}},
	} {
		if _, err := BestWarmPaths(g, tt.from, tt.costs); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	tree, err := BestWarmPaths(g, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tree.Path(2); ok {
		t.Error("isolated node 2 reached")
	}
	if _, ok := tree.Path(7); ok {
		t.Error("node 7 outside the graph reached")
	}
}
