package coalition

import (
	"math"
	"testing"

	"github.com/allyhq/ally"
)

// WeightedCascade by hand: v has in-arcs of weight 0.2 (from a) and 0.6
// (from b), so a wins v over with 0.25 and b with 0.75; with equal weights
// it is 1/indeg, the unweighted model.
func TestWeightedCascade(t *testing.T) {
	const a, b, v = 0, 1, 2
	g := NewGraph(3)
	g.AddArc(a, v, 0.2)
	g.AddArc(b, v, 0.6)
	g.AddArc(v, a, 0.9)
	h := WeightedCascade(g)
	want := map[[2]int]float64{{a, v}: 0.25, {b, v}: 0.75, {v, a}: 1}
	for u, arcs := range h.Adj {
		for _, x := range arcs {
			if w, ok := want[[2]int{u, int(x.To)}]; !ok || math.Abs(x.P-w) > 1e-15 {
				t.Errorf("p(%d→%d) = %v, want %v", u, x.To, x.P, w)
			}
		}
	}
	if g.Adj[a][0].P != 0.2 {
		t.Errorf("WeightedCascade changed its input: %v", g.Adj[a])
	}
	u := NewGraph(4)
	for i := 1; i < 4; i++ {
		u.AddArc(i, 0, 0.5)
	}
	for i, arcs := range WeightedCascade(u).Adj[1:] {
		if arcs[0].P != 1.0/3 {
			t.Errorf("equal weights: p(%d→0) = %v, want 1/3", i+1, arcs[0].P)
		}
	}
}

// The go-between classes and their penalties: a strained status outranks
// a trusted tier, trust 4 makes a colleague trusted, and the penalties rise
// from trusted to strained.
func TestStanding(t *testing.T) {
	rel := func(tier ally.Tier, st ally.RelStatus, trust int) *ally.Relationship {
		return &ally.Relationship{Tier: tier, Status: st, Trust: trust}
	}
	tests := []struct {
		r    *ally.Relationship
		want Standing
	}{
		{nil, StandingUnknown},
		{rel(ally.TierKeyAlly, ally.StatusEngaged, 0), StandingTrusted},
		{rel(ally.TierNetwork, ally.StatusAlly, 0), StandingTrusted},
		{rel(ally.TierNetwork, ally.StatusEngaged, 4), StandingTrusted},
		{rel(ally.TierNetwork, ally.StatusEngaged, 3), StandingNetwork},
		{rel(ally.TierProspect, ally.StatusDormant, 0), StandingDormant},
		{rel(ally.TierKeyAlly, ally.StatusStrained, 5), StandingStrained},
		{rel(ally.TierAlly, ally.StatusEnded, 0), StandingStrained},
	}
	for _, tt := range tests {
		if got := StandingOf(tt.r); got != tt.want {
			t.Errorf("StandingOf(%+v) = %d, want %d", tt.r, got, tt.want)
		}
	}
	prev := -1.0
	for s := StandingTrusted; s <= StandingStrained; s++ {
		if c := s.Cost(); !(c > prev) || c < CostHop {
			t.Errorf("standing %d costs %v after %v: penalties must rise from trusted to strained, from CostHop up", s, c, prev)
		} else {
			prev = c
		}
	}
	if StandingTrusted.Cost() != CostHop || StandingStrained.Cost() != CostHop+CostStrained {
		t.Errorf("trusted %v, strained %v", StandingTrusted.Cost(), StandingStrained.Cost())
	}
}
