package app

import (
	"context"
	"math"
	"testing"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
)

func TestPower(t *testing.T) {
	v, err := Power(PowerInput{Quota: 12, Weights: []float64{4, 4, 4, 2, 2, 1}})
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{10, 10, 10, 6, 6, 0}
	for i, p := range v.Voters {
		if p.Swings.Int64() != want[i] {
			t.Errorf("voter %d: %d swings, want %d", i+1, p.Swings.Int64(), want[i])
		}
	}
	if !v.Voters[5].Dummy || v.Voters[0].Dummy {
		t.Errorf("dummy flags: %+v", v.Voters)
	}
	// Decimal weights scale without changing power.
	d, err := Power(PowerInput{Quota: 1.2, Weights: []float64{0.4, 0.4, 0.4, 0.2, 0.2, 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range d.Voters {
		if d.Voters[i].Swings.Cmp(v.Voters[i].Swings) != 0 {
			t.Errorf("scaled game: voter %d swings %v, want %v", i+1, d.Voters[i].Swings, v.Voters[i].Swings)
		}
	}
	for _, in := range []PowerInput{
		{Quota: 9, Weights: []float64{4, 4}},
		{Quota: 0, Weights: []float64{4, 4}},
		{Quota: 3, Weights: []float64{4, -1}},
		{Quota: 3},
		{Quota: 3, Weights: []float64{1, 2, 3}, Names: []string{"a"}},
	} {
		if _, err := Power(in); ally.ErrorCode(err) != ally.EINVALID {
			t.Errorf("Power(%+v): %v, want EINVALID", in, err)
		}
	}
}

// tiny is a path a – b – c plus an isolated d, with Me = a.
func tiny() *Ties {
	t := &Ties{Index: map[int64]int{}, Rels: map[int64]*ally.Relationship{}, Me: 0}
	for i, n := range []string{"a", "b", "c", "d"} {
		t.People = append(t.People, &ally.Person{ID: int64(i + 1), Name: n})
		t.Index[int64(i+1)] = i
	}
	t.Edges = []TieEdge{{A: 0, B: 1, Strength: 0.5}, {A: 1, B: 2, Strength: 0.8}}
	t.Rels[2] = &ally.Relationship{PersonID: 2, Tier: ally.TierKeyAlly, Status: ally.StatusAlly}
	t.Rels[3] = &ally.Relationship{PersonID: 3, Tier: ally.TierNetwork, Status: ally.StatusStrained}
	return t
}

func TestTieIndex(t *testing.T) {
	x := newTieIndex(tiny())
	pr, err := x.pageRank(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, p := range pr {
		sum += p
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("PageRank sums to %v", sum)
	}
	if !(pr[1] > pr[0] && pr[1] > pr[2] && pr[0] > pr[3]) {
		t.Errorf("PageRank %v: want the middle of the path highest and the isolate lowest", pr)
	}
	if x.standing(1) != coalition.StandingTrusted || x.standing(2) != coalition.StandingStrained || x.standing(3) != coalition.StandingUnknown {
		t.Errorf("standings %v %v %v", x.standing(1), x.standing(2), x.standing(3))
	}
	if c := x.nodeCosts(); c[1] != coalition.CostHop || c[2] != coalition.CostHop+coalition.CostStrained {
		t.Errorf("node costs %v", c)
	}
	// Each person's incoming probabilities sum to at most one.
	g := coalition.WeightedCascade(x.graph())
	in := make([]float64, g.N)
	for _, arcs := range g.Adj {
		for _, a := range arcs {
			in[a.To] += a.P
		}
	}
	for v, s := range in {
		if s > 1+1e-9 {
			t.Errorf("node %d: incoming probability %v", v, s)
		}
	}
	ps, err := x.warmPaths(0, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || math.Abs(ps[0].Strength-0.4) > 1e-9 || len(ps[0].Via) != 1 || ps[0].Via[0] != "b" {
		t.Errorf("paths a→c: %+v", ps)
	}
	if ps, _ := x.warmPaths(0, 3, 3); len(ps) != 0 {
		t.Errorf("a path to the isolate: %+v", ps)
	}
}
