package network

import (
	"context"
	"math"
	"testing"
)

// TestSampledWithinEpsilon checks the stated guarantee against exact
// Brandes on graphs with known betweenness.
func TestSampledWithinEpsilon(t *testing.T) {
	for _, tc := range []struct {
		name string
		eps  float64
	}{{"karate", 0.02}, {"lesmis", 0.02}, {"ba_10k_m5", 0.01}} {
		t.Run(tc.name, func(t *testing.T) {
			g, ref := loadShared(t, tc.name)
			exact := ref.cols["betweenness"]
			s, err := SampledBetweenness(context.Background(), g, SampleOptions{Epsilon: tc.eps, Delta: 0.1, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			worst := 0.0
			for v := range exact {
				worst = max(worst, math.Abs(s.Values[v]-exact[v]))
			}
			t.Logf("%s: %s; largest error %.4g", tc.name, s.Guarantee(), worst)
			if worst > s.Epsilon {
				t.Errorf("largest error %.4g > ε = %.4g", worst, s.Epsilon)
			}
		})
	}
}

// TestSampledDeterministic checks that the result depends on the seed only.
func TestSampledDeterministic(t *testing.T) {
	g, _ := loadShared(t, "karate")
	a, _ := SampledBetweenness(context.Background(), g, SampleOptions{Samples: 5000, Seed: 9})
	b, _ := SampledBetweenness(context.Background(), g, SampleOptions{Samples: 5000, Seed: 9})
	for v := range a.Values {
		if a.Values[v] != b.Values[v] {
			t.Fatalf("node %d: %v then %v", v, a.Values[v], b.Values[v])
		}
	}
}
