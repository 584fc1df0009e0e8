package coalition

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/allyhq/ally"
)

func TestAnalyzeVoteNassau(t *testing.T) {
	g, _ := NewGame(58, []int64{31, 31, 28, 21, 2, 2})
	// Two big supervisors say yes: passes, both critical.
	a, err := AnalyzeVote(g, []Stance{Supporter, Champion, Neutral, Supporter, Unknown, Blocker}, VoteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Passes || !slices.Equal(a.Critical, []int{0, 1}) {
		t.Errorf("passes=%v critical=%v", a.Passes, a.Critical)
	}
	// One big yes, 21 yes: 52, six short; the 28 or the other 31 alone
	// win; the two 2s together do not (4 < 6).
	a, _ = AnalyzeVote(g, []Stance{Supporter, Neutral, Skeptic, Supporter, Unknown, Neutral}, VoteOptions{})
	if a.Passes || a.Deficit != 6 || !slices.Equal(a.Swing, []int{1, 2}) {
		t.Errorf("deficit=%d swing=%v", a.Deficit, a.Swing)
	}
	if len(a.Minimal) != 2 || a.LeastEffort == nil || !slices.Equal(a.LeastEffort.Players, []int{1}) {
		t.Errorf("minimal=%v least=%+v", a.Minimal, a.LeastEffort)
	}
}

// TestAnalyzeVoteBruteForce checks the minimal winning sets and the
// least-effort set against enumeration of all subsets of candidates.
func TestAnalyzeVoteBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 400 {
		n := 1 + rng.IntN(12)
		w := make([]int64, n)
		st := make([]Stance, n)
		eff := make([]float64, n)
		var tot int64
		for i := range n {
			w[i] = int64(rng.IntN(15))
			tot += w[i]
			st[i] = ally.Stances[rng.IntN(len(ally.Stances))]
			eff[i] = float64(rng.IntN(10)) // zero efforts included
		}
		if tot == 0 {
			continue
		}
		g, _ := NewGame(1+rng.Int64N(tot), w)
		a, err := AnalyzeVote(g, st, VoteOptions{Effort: eff, MaxMinimal: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		var yes int64
		var cand []int
		for i := range n {
			if st[i].Supports() {
				yes += w[i]
			} else if w[i] > 0 {
				cand = append(cand, i)
			}
		}
		if yes >= g.Quota {
			if !a.Passes {
				t.Fatalf("trial %d: should pass", trial)
			}
			continue
		}
		D := g.Quota - yes
		var minimal [][]int
		bestCost := math.Inf(1)
		for mask := 1; mask < 1<<len(cand); mask++ {
			var sw int64
			var c float64
			var set []int
			for j, i := range cand {
				if mask&(1<<j) != 0 {
					sw += w[i]
					c += eff[i]
					set = append(set, i)
				}
			}
			if sw < D {
				continue
			}
			bestCost = min(bestCost, c)
			isMin := true
			for _, i := range set {
				if sw-w[i] >= D {
					isMin = false
				}
			}
			if isMin {
				minimal = append(minimal, set)
			}
		}
		if len(minimal) != len(a.Minimal) {
			t.Fatalf("trial %d: %d minimal sets, want %d", trial, len(a.Minimal), len(minimal))
		}
		for _, r := range a.Minimal {
			if !slices.ContainsFunc(minimal, func(s []int) bool { return slices.Equal(s, r.Players) }) {
				t.Fatalf("trial %d: %v is not minimal", trial, r.Players)
			}
		}
		if math.IsInf(bestCost, 1) {
			if a.LeastEffort != nil {
				t.Fatalf("trial %d: least effort %v for an unwinnable vote", trial, a.LeastEffort)
			}
			continue
		}
		if a.LeastEffort == nil || math.Abs(a.LeastEffort.Effort-bestCost) > 1e-9 || a.LeastEffort.Weight < D {
			t.Fatalf("trial %d: least effort %+v, want cost %v (D=%d)", trial, a.LeastEffort, bestCost, D)
		}
		// Branch and bound agrees with the DP.
		bb := branchAndBound(w, cand, func(i int) float64 { return eff[i] }, D)
		var c float64
		for _, i := range bb {
			c += eff[i]
		}
		if math.Abs(c-bestCost) > 1e-9 {
			t.Fatalf("trial %d: branch and bound cost %v, want %v", trial, c, bestCost)
		}
	}
}

// TestLeastEffort30 is the size the exact method promises: 30 members, a
// large deficit that forces branch and bound, checked against the DP on
// the same instance scaled down by a common factor.
func TestLeastEffort30(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	cand := make([]int, 30)
	w := make([]int64, 30)
	wBig := make([]int64, 30)
	eff := make([]float64, 30)
	var tot int64
	for i := range cand {
		cand[i] = i
		w[i] = 1 + rng.Int64N(100)
		wBig[i] = w[i] * 1_000_000 // same instance, DP too large
		eff[i] = float64(1 + rng.IntN(20))
		tot += w[i]
	}
	e := func(i int) float64 { return eff[i] }
	dp, err := leastEffort(w, cand, e, tot/2)
	if err != nil {
		t.Fatal(err)
	}
	bb, err := leastEffort(wBig, cand, e, tot/2*1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if dp.Effort != bb.Effort {
		t.Errorf("DP %v, branch and bound %v", dp.Effort, bb.Effort)
	}
}
