package network

import (
	"context"
	"math"
	"testing"
)

// referenceGraphs are the shared graphs small enough for exact all-pairs
// checks in the default test run.
var referenceGraphs = []string{"karate", "florentine", "lesmis", "davis", "ba_10k_m5", "sbm_org_10k"}

func within(t *testing.T, name, metric string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s %s: %d values, reference has %d", name, metric, len(got), len(want))
	}
	worst, at := 0.0, -1
	for i := range got {
		d := math.Abs(got[i] - want[i])
		if math.IsNaN(got[i]) != math.IsNaN(want[i]) || d > worst {
			worst, at = d, i
			if math.IsNaN(got[i]) != math.IsNaN(want[i]) {
				worst = math.Inf(1)
			}
		}
	}
	if worst > tol {
		t.Errorf("%s %s: node %d = %.12g, reference %.12g (|diff| %.3g > %g)", name, metric, at, got[at], want[at], worst, tol)
	}
}

func ints(x []int) []float64 {
	f := make([]float64, len(x))
	for i, v := range x {
		f[i] = float64(v)
	}
	return f
}

// checkCentralities compares PageRank (plain and weighted), eigenvector,
// betweenness, closeness, harmonic and constraint with igraph's values in
// ref, to the reference tolerance 1e-6, and returns the eigenvector and the
// brokerage for a caller's own further checks.
func checkCentralities(t *testing.T, ctx context.Context, name string, g *Graph, ref *reference) ([]float64, Brokerage) {
	t.Helper()
	pr, err := PageRank(ctx, g, PageRankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	within(t, name, "pagerank", pr, ref.cols["pagerank"], 1e-6)
	prw, err := PageRank(ctx, g, PageRankOptions{Weighted: true})
	if err != nil {
		t.Fatal(err)
	}
	within(t, name, "pagerank_weighted", prw, ref.cols["pagerank_weighted"], 1e-6)
	ev, err := Eigenvector(ctx, g, EigenvectorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	within(t, name, "eigenvector", ev, ref.cols["eigenvector"], 1e-6)
	bt, err := Betweenness(ctx, g, PathOptions{})
	if err != nil {
		t.Fatal(err)
	}
	within(t, name, "betweenness", bt, ref.cols["betweenness"], 1e-6)
	ch, err := ClosenessHarmonic(ctx, g, PathOptions{})
	if err != nil {
		t.Fatal(err)
	}
	within(t, name, "closeness", ch.Closeness, ref.cols["closeness"], 1e-6)
	within(t, name, "harmonic", ch.Harmonic, ref.cols["harmonic"], 1e-6)
	br, err := Constraint(ctx, g, false)
	if err != nil {
		t.Fatal(err)
	}
	within(t, name, "constraint", br.Constraint, ref.cols["constraint"], 1e-6)
	return ev, br
}

func TestReferenceMetrics(t *testing.T) {
	ctx := context.Background()
	for _, name := range referenceGraphs {
		t.Run(name, func(t *testing.T) {
			g, ref := loadShared(t, name)
			if ref == nil {
				// The graph is there but its igraph values are not: broken
				// test data, which must not pass as a skip.
				t.Fatalf("%s is in the shared data but reference/%s.tsv is missing", name, name)
			}
			within(t, name, "degree", ints(Degree(g)), ref.cols["degree"], 0)
			within(t, name, "strength", Strength(g), ref.cols["strength"], 1e-9)
			within(t, name, "coreness", ints(CoreNumbers(g)), ref.cols["coreness"], 0)
			comp, _ := Components(g)
			cf := make([]float64, len(comp))
			for i, c := range comp {
				cf[i] = float64(c)
			}
			within(t, name, "component", cf, ref.cols["component"], 0)
			checkCentralities(t, ctx, name, g, ref)
		})
	}
}
