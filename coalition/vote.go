package coalition

import (
	"fmt"
	"math"
	"slices"

	"github.com/allyhq/ally"
)

// Effort is the default cost of winning one person over:
//
//	effort = distance(stance) × (1 + 3·(1 − tie))
//
// where distance is [StanceDistance] and tie ∈ [0,1] is the strength of
// Me's tie with them: a stranger costs four times as much as a close
// colleague at the same stance. Yes-voters cost 0.
func Effort(s Stance, tie float64) float64 {
	tie = math.Max(0, math.Min(1, tie))
	return StanceDistance(s) * (1 + 3*(1-tie))
}

// VoteAnalysis evaluates a decision given today's stances. Player indices
// are indices into the game (map them to members with the slice
// RuleGame returns).
type VoteAnalysis struct {
	Quota     int64
	YesWeight int64 // weight of champions and supporters
	Passes    bool  // YesWeight ≥ Quota and no blocking veto
	Deficit   int64 // Quota − YesWeight when positive
	// Critical are yes-voters whose defection alone would lose the vote.
	Critical []int
	// Swing are voters not yet yes whose joining alone would win it.
	Swing []int
	// Minimal are minimal sets of not-yet-yes voters that, added to today's
	// yes-voters, win: every member of each set is needed. Sorted by
	// effort. Truncated says the enumeration stopped at the limit.
	Minimal   []Reach
	Truncated bool
	// LeastEffort is the set of not-yet-yes voters of least total effort
	// that wins, found exactly (see AnalyzeVote). Nil when the vote passes
	// or cannot be won.
	LeastEffort *Reach
	Reasons     []string
}

// Reach is a set of voters to win over and what it costs.
type Reach struct {
	Players []int
	Weight  int64
	Effort  float64
}

// VoteOptions tunes AnalyzeVote. Zero values pick the defaults.
type VoteOptions struct {
	// Effort per player; nil means Effort(stance, 0) for everyone.
	Effort []float64
	// Blocking, per player, marks voters whose opposition vetoes the
	// decision whatever the weights (consensus). Nil means none.
	Blocking []bool
	// MaxMinimal caps the enumeration of minimal winning sets (default 50).
	MaxMinimal int
	// ExcludeBlockers leaves blockers out of the sets to win (default:
	// they are included at their high effort).
	ExcludeBlockers bool
}

// AnalyzeVote finds who is pivotal today, the minimal winning coalitions
// reachable from today's yes-voters, and the least-effort one.
//
// With Y the yes-voters and D = q − w(Y) the deficit:
//   - critical: i ∈ Y with w(Y) − wᵢ < q (only when the vote passes);
//   - swing: i ∉ Y with w(Y) + wᵢ ≥ q;
//   - minimal: sets T of candidates with w(T) ≥ D and w(T) − wₜ < D for all
//     t ∈ T, enumerated depth-first in decreasing weight (each leaf is then
//     minimal by construction); exponential in the worst case, hence the cap;
//   - least effort: min Σ eₜ subject to w(T) ≥ D, a covering knapsack solved
//     exactly by dynamic programming over the capped deficit, O(m·D) time
//     and O(m·D) bits, or, when m·D exceeds 2²⁶, exact branch and bound for
//     up to 40 candidates (EINVALID beyond both); redundant members are then
//     dropped, so the answer is also a minimal winning set.
func AnalyzeVote(g Game, stances []Stance, opt VoteOptions) (VoteAnalysis, error) {
	if err := g.Validate(); err != nil {
		return VoteAnalysis{}, err
	}
	n := len(g.Weights)
	if len(stances) != n || (opt.Effort != nil && len(opt.Effort) != n) || (opt.Blocking != nil && len(opt.Blocking) != n) {
		return VoteAnalysis{}, ally.Errorf(ally.EINVALID, "stances, efforts and blocking must have one entry per voter (%d)", n)
	}
	if opt.MaxMinimal <= 0 {
		opt.MaxMinimal = 50
	}
	effort := func(i int) float64 {
		if opt.Effort != nil {
			return opt.Effort[i]
		}
		return Effort(stances[i], 0)
	}
	a := VoteAnalysis{Quota: g.Quota}
	var cand []int
	for i, s := range stances {
		if s.Supports() {
			a.YesWeight += g.Weights[i]
		} else if g.Weights[i] > 0 && !(opt.ExcludeBlockers && s == Blocker) {
			cand = append(cand, i)
		}
		if e := effort(i); e < 0 || math.IsNaN(e) {
			return VoteAnalysis{}, ally.Errorf(ally.EINVALID, "effort of %s is %v: it must be a non-negative number", g.name(i), e)
		}
	}
	vetoed := false
	for i, b := range opt.Blocking {
		if b && stances[i] == Blocker {
			vetoed = true
			a.Reasons = append(a.Reasons, fmt.Sprintf("%s blocks and holds a veto", g.name(i)))
		}
	}
	if a.YesWeight >= g.Quota {
		for i, s := range stances {
			if s.Supports() && a.YesWeight-g.Weights[i] < g.Quota {
				a.Critical = append(a.Critical, i)
			}
		}
		a.Passes = !vetoed
		a.Reasons = append(a.Reasons, fmt.Sprintf("yes-voters hold %d of the %d needed; %d of them are critical: losing any one loses the vote", a.YesWeight, g.Quota, len(a.Critical)))
		return a, nil
	}
	a.Deficit = g.Quota - a.YesWeight
	for _, i := range cand {
		if g.Weights[i] >= a.Deficit {
			a.Swing = append(a.Swing, i)
		}
	}
	a.Reasons = append(a.Reasons, fmt.Sprintf("yes-voters hold %d of the %d needed: %d short", a.YesWeight, g.Quota, a.Deficit))

	// Minimal winning sets, depth-first over candidates by decreasing weight.
	order := slices.Clone(cand)
	slices.SortStableFunc(order, func(x, y int) int {
		if g.Weights[x] != g.Weights[y] {
			if g.Weights[x] > g.Weights[y] {
				return -1
			}
			return 1
		}
		return 0
	})
	suffix := make([]int64, len(order)+1)
	for j := len(order) - 1; j >= 0; j-- {
		suffix[j] = suffix[j+1] + g.Weights[order[j]]
	}
	if suffix[0] < a.Deficit {
		a.Reasons = append(a.Reasons, "even winning over every remaining voter would not reach the quota")
		return a, nil
	}
	var cur []int
	var dfs func(j int, w int64)
	dfs = func(j int, w int64) {
		if a.Truncated {
			return
		}
		if w >= a.Deficit {
			if len(a.Minimal) == opt.MaxMinimal {
				a.Truncated = true
				return
			}
			r := Reach{Players: slices.Clone(cur), Weight: w}
			for _, i := range cur {
				r.Effort += effort(i)
			}
			slices.Sort(r.Players)
			a.Minimal = append(a.Minimal, r)
			return
		}
		for k := j; k < len(order); k++ {
			if w+suffix[k] < a.Deficit {
				return
			}
			cur = append(cur, order[k])
			dfs(k+1, w+g.Weights[order[k]])
			cur = cur[:len(cur)-1]
		}
	}
	dfs(0, 0)
	slices.SortStableFunc(a.Minimal, func(x, y Reach) int {
		switch {
		case x.Effort < y.Effort:
			return -1
		case x.Effort > y.Effort:
			return 1
		}
		return len(x.Players) - len(y.Players)
	})

	best, err := leastEffort(g.Weights, cand, effort, a.Deficit)
	if err != nil {
		return a, err
	}
	a.LeastEffort = best
	if vetoed {
		a.Reasons = append(a.Reasons, "a veto holder blocks: the weights alone will not carry it")
	}
	return a, nil
}

// leastEffort solves min Σ e subject to Σ w ≥ D over cand exactly.
func leastEffort(weights []int64, cand []int, effort func(int) float64, D int64) (*Reach, error) {
	m := len(cand)
	var chosen []int
	if float64(m)*float64(D+1) <= 1<<26 {
		// best[d] = least effort reaching weight ≥ d using items so far;
		// take[j][d] records whether item j was used to get best[d].
		d := int(D)
		best := make([]float64, d+1)
		for i := 1; i <= d; i++ {
			best[i] = math.Inf(1)
		}
		take := make([][]bool, m)
		for j, i := range cand {
			w := int(min(weights[i], D))
			e := effort(i)
			take[j] = make([]bool, d+1)
			for x := d; x >= 1; x-- {
				if c := best[max(0, x-w)] + e; c < best[x] {
					best[x] = c
					take[j][x] = true
				}
			}
		}
		if math.IsInf(best[d], 1) {
			return nil, nil
		}
		x := d
		for j := m - 1; j >= 0 && x > 0; j-- {
			if take[j][x] {
				chosen = append(chosen, cand[j])
				x = max(0, x-int(min(weights[cand[j]], D)))
			}
		}
	} else if m <= 40 {
		chosen = branchAndBound(weights, cand, effort, D)
		if chosen == nil {
			return nil, nil
		}
	} else {
		return nil, ally.Errorf(ally.EINVALID, "least-effort coalition: %d candidates with a deficit of %d is beyond the exact methods; use a smaller committee or integer weights with a smaller scale", m, D)
	}
	// Drop redundant members (possible only with zero efforts), heaviest
	// effort first, so the answer is also a minimal winning set.
	slices.SortFunc(chosen, func(x, y int) int {
		if ex, ey := effort(x), effort(y); ex != ey {
			if ex > ey {
				return -1
			}
			return 1
		}
		return x - y
	})
	r := &Reach{}
	for _, i := range chosen {
		r.Weight += weights[i]
	}
	kept := chosen[:0]
	for _, i := range chosen {
		if r.Weight-weights[i] >= D {
			r.Weight -= weights[i]
			continue
		}
		kept = append(kept, i)
	}
	for _, i := range kept {
		r.Effort += effort(i)
	}
	r.Players = slices.Clone(kept)
	slices.Sort(r.Players)
	return r, nil
}

// branchAndBound is the exact fallback for large deficits: items by
// decreasing weight/effort ratio, bound by the fractional relaxation.
func branchAndBound(weights []int64, cand []int, effort func(int) float64, D int64) []int {
	items := slices.Clone(cand)
	ratio := func(i int) float64 {
		e := effort(i)
		if e == 0 {
			return math.Inf(1)
		}
		return float64(weights[i]) / e
	}
	slices.SortFunc(items, func(x, y int) int {
		rx, ry := ratio(x), ratio(y)
		switch {
		case rx > ry:
			return -1
		case rx < ry:
			return 1
		}
		return 0
	})
	bestCost := math.Inf(1)
	var best, cur []int
	var rec func(j int, w int64, c float64)
	rec = func(j int, w int64, c float64) {
		if w >= D {
			if c < bestCost {
				bestCost, best = c, slices.Clone(cur)
			}
			return
		}
		// Fractional lower bound on the cost still needed.
		need, lb := float64(D-w), c
		for k := j; k < len(items) && need > 0; k++ {
			wi := float64(weights[items[k]])
			if wi >= need {
				lb += effort(items[k]) * need / wi
				need = 0
			} else {
				lb += effort(items[k])
				need -= wi
			}
		}
		if need > 0 || lb >= bestCost {
			return
		}
		cur = append(cur, items[j])
		rec(j+1, w+weights[items[j]], c+effort(items[j]))
		cur = cur[:len(cur)-1]
		rec(j+1, w, c)
	}
	rec(0, 0, 0)
	return best
}
