package app

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
)

// Growing the base.

// GrowInput configures Grow.
type GrowInput struct {
	K       int // people to pick; 0: up to 3
	Seed    uint64
	Epsilon float64 // IMM's ε, in (0, 1); 0: GrowEpsilon
	Samples int     // RR sets for the reach estimates; default 20,000
	// IMM's budget (coalition.IMMOptions): RR-set entries held at once and
	// sampling steps per phase; default GrowMaxEntries and GrowMaxSteps.
	MaxEntries, MaxSteps int
}

// GrowEpsilon is IMM's ε in Grow unless the caller asks for another: the
// choice is within a factor 1 − 1/e − 0.2 of the best with high
// probability, and takes seconds on 200,000 people (docs/benchmarks.md).
const GrowEpsilon = 0.2

// IMM's budget in Grow. The RR sets IMM needs grow as n/OPT: on a workspace
// of 200,000 people without ties (where nobody wins anybody over, so OPT is
// about k) the guarantee for ε = 0.2 asks for 5·10⁸ sets, which took 9.4 GB
// and one to five minutes. The budget bounds a run to a few hundred MB and
// a few seconds (docs/benchmarks.md); when it binds, the view says so and
// reports the ε that the sets drawn do guarantee.
const (
	GrowMaxEntries = 20_000_000  // RR-set entries held: about 250 MB, twice that while growing
	GrowMaxSteps   = 200_000_000 // nodes visited and arcs examined per phase: about 1–3 s
)

// GrowView is the answer to "whom should I enlist next so that support
// spreads furthest".
type GrowView struct {
	GoalID     int64       `json:"goal_id"`
	Goal       string      `json:"goal"`
	K          int         `json:"k"`
	Supporters []string    `json:"supporters"` // fixed seeds: Me and today's supporters
	Picks      []*GrowPick `json:"picks"`
	// Reach is the expected number of people the supporters and picks
	// activate together; Base what the supporters reach alone.
	Reach     *Estimate `json:"reach"`
	Base      *Estimate `json:"base"`
	Degree    *Baseline `json:"degree_baseline"`
	Random    *Baseline `json:"random_baseline"`
	People    int       `json:"people"`
	Model     string    `json:"model"`
	Guarantee string    `json:"guarantee"`
	// Epsilon is the ε the guarantee holds for: the one asked
	// (EpsilonAsked) unless IMM's budget stopped the sample, when
	// Approximate is set and Epsilon is larger.
	Epsilon      float64  `json:"epsilon"`
	EpsilonAsked float64  `json:"epsilon_asked"`
	Approximate  bool     `json:"approximate"`
	RRSets       int      `json:"rr_sets"`
	Notes        []string `json:"notes"`
}

// GrowPick is one person to enlist.
type GrowPick struct {
	ID         int64   `json:"id"`
	Name       string  `json:"name"`
	Title      string  `json:"title,omitempty"`
	Department string  `json:"department,omitempty"`
	Stance     string  `json:"stance,omitempty"` // their stake, if they have one
	Gain       float64 `json:"gain"`             // expected people added, given the earlier picks
	// Voter: a voter of the committee, picked first because the vote is
	// theirs (Votes of them, in the rule's units); otherwise picked for
	// how far support spreads from them.
	Voter bool    `json:"voter,omitempty"`
	Votes float64 `json:"votes,omitempty"`
	Why   string  `json:"why"`
}

// Estimate is an expected number of people with its 95 % interval.
type Estimate struct {
	Mean    float64 `json:"mean"`
	CI95    float64 `json:"ci95"`
	Samples int     `json:"samples"`
}

// Baseline is a simple seed choice and its expected reach.
type Baseline struct {
	People []string  `json:"people"`
	Reach  *Estimate `json:"reach"`
}

// Grow chooses k people to enlist so that support spreads furthest, by
// influence maximisation (IMM) under the independent cascade model, with Me
// and today's supporters as fixed seeds and blockers excluded. A decision
// rule is a vote (a committee's, or the stakeholders' under unanimity,
// consensus or adoption), so with one the voters come first: the
// smallest set of yes votes within reach (coalition.AnalyzeVote's exact
// one), nearest first, up to k of them; IMM picks the rest with those
// voters as seeds too, and the notes say why it picks outsiders (the vote
// already passes, no set of voters can reach the quota, or k is larger than
// the voters needed). It compares
// the choice with the degree and random baselines on one shared sample. Its
// work is bounded by IMM's budget (GrowMaxEntries, GrowMaxSteps): when the
// budget binds, the view is Approximate and its Epsilon is the ε achieved.
func (a *App) Grow(ctx context.Context, goal int64, in GrowInput) (*GrowView, error) {
	s, err := a.loadGoal(ctx, goal)
	if err != nil {
		return nil, err
	}
	if s.nStakes == 0 {
		return nil, noStakes(s.goal)
	}
	if in.K < 0 {
		return nil, ally.Errorf(ally.EINVALID, "%d people: ask for at least one", in.K)
	}
	if in.Epsilon == 0 {
		in.Epsilon = GrowEpsilon
	}
	if !(in.Epsilon > 0 && in.Epsilon < 1) {
		return nil, ally.Errorf(ally.EINVALID, "ε %g: IMM's approximation slack must be between 0 and 1", in.Epsilon)
	}
	if in.Samples == 0 {
		in.Samples = 20000
	}
	if in.MaxEntries == 0 {
		in.MaxEntries = GrowMaxEntries
	}
	if in.MaxSteps == 0 {
		in.MaxSteps = GrowMaxSteps
	}
	t := s.ties
	fixed := s.supporters()
	if t.Me >= 0 && !slices.Contains(fixed, t.Me) {
		fixed = append(fixed, t.Me)
	}
	var exclude []int
	for j := range s.nStakes {
		if s.members[j].Stance == ally.StanceBlocker {
			exclude = append(exclude, s.index[j])
		}
	}
	eligible := len(t.People) - len(fixed) - len(exclude)
	if in.K == 0 {
		in.K = min(3, eligible)
	}
	if in.K == 0 {
		return nil, ally.Errorf(ally.EINVALID, "nobody is left to enlist: everyone already supports or blocks")
	}
	if in.K > eligible {
		return nil, ally.Errorf(ally.EINVALID, "%d is more than the %d people who could be enlisted (everyone but you, the supporters and blockers)", in.K, eligible)
	}
	nv, err := s.nearestVoters(in.K, fixed, exclude)
	if err != nil {
		return nil, err
	}
	voters, votes, voterNote := nv.picks, nv.votes, nv.note
	rest := in.K - len(voters)
	// The independent cascade on the tie graph: an active u wins v over
	// with their tie's share of all of v's tie strength (WeightedCascade).
	g := coalition.WeightedCascade(s.ti.graph())
	res := coalition.IMMResult{Achieved: in.Epsilon}
	if rest > 0 {
		if res, err = coalition.IMM(ctx, g, coalition.IMMOptions{K: rest, Epsilon: in.Epsilon, Seed: in.Seed,
			Fixed: append(slices.Clone(fixed), voters...), Exclude: exclude, EvalSamples: in.Samples, MaxEntries: in.MaxEntries, MaxSteps: in.MaxSteps}); err != nil {
			return nil, err
		}
	}
	evalSeed := in.Seed ^ 0x5eed
	est := func(seeds []int) (reach, base *Estimate, err error) {
		r, b, err := coalition.EstimateSpreadRR(ctx, g, fixed, seeds, in.Samples, evalSeed)
		if err != nil {
			return nil, nil, err
		}
		return &Estimate{Mean: r.Mean, CI95: r.CI95, Samples: r.Samples},
			&Estimate{Mean: b.Mean, CI95: b.CI95, Samples: b.Samples}, nil
	}
	v := &GrowView{GoalID: s.goal.ID, Goal: s.goal.Name, K: in.K, Supporters: []string{}, Picks: []*GrowPick{},
		People: len(t.People), Epsilon: res.Achieved, EpsilonAsked: in.Epsilon, Approximate: res.Capped,
		RRSets: res.RRSets, Notes: []string{},
		Model: "independent cascade: an active person wins over each contact once, with probability equal to their share of that contact's total tie strength",
		Guarantee: fmt.Sprintf("IMM (Tang, Shi & Xiao 2015): the picks reach at least %.0f%% of what the best %d would, with probability at least 1 − 1/%d",
			100*(1-1/math.E-res.Achieved), rest, len(t.People))}
	switch {
	case rest == 0:
		v.Guarantee = "none needed: every pick is a voter, chosen because the decision is theirs, not for how far support spreads"
	case res.Achieved >= 1-1/math.E:
		v.Guarantee = fmt.Sprintf("none for this run: IMM (Tang, Shi & Xiao 2015) guarantees 1 − 1/e − ε of what the best %d would reach, which is not positive at the ε its budget allowed", rest)
	case len(voters) > 0:
		picks, they := ally.Count(rest, "pick", "picks"), "they reach"
		if rest == 1 {
			they = "it reaches"
		}
		v.Guarantee = fmt.Sprintf("IMM (Tang, Shi & Xiao 2015), for the %s after the voters: %s at least %.0f%% of what the best %d would, with probability at least 1 − 1/%d",
			picks, they, 100*(1-1/math.E-res.Achieved), rest, len(t.People))
	}
	for _, i := range fixed {
		v.Supporters = append(v.Supporters, t.People[i].Name)
	}
	seeds := append(slices.Clone(voters), res.Seeds...)
	if v.Reach, v.Base, err = est(seeds); err != nil {
		return nil, err
	}
	// The voters' gains: the reach added by each, given the earlier ones.
	gains := make([]float64, 0, len(seeds))
	prev := v.Base.Mean
	for j := range voters {
		r, _, err := est(voters[:j+1])
		if err != nil {
			return nil, err
		}
		gains, prev = append(gains, r.Mean-prev), r.Mean
	}
	gains = append(gains, res.Gains...)
	decides := nv.rule // the decision is a vote: say who is a voter
	for j, i := range seeds {
		p := t.People[i]
		pk := &GrowPick{ID: p.ID, Name: p.Name, Title: p.Title, Department: p.Department, Gain: gains[j]}
		if m := s.member(i); m >= 0 && m < s.nStakes {
			pk.Stance = string(s.members[m].Stance)
		}
		if j < len(voters) {
			pk.Voter, pk.Votes = true, votes[j]
			pk.Why = fmt.Sprintf("a voter with %s of the %s votes (%s needed): one of the smallest set of yes votes within reach", num2(votes[j]), num2(nv.total), num2(nv.quota))
			if gains[j] >= 0.05 {
				pk.Why += fmt.Sprintf("; adds about %.1f people", gains[j])
			}
		} else {
			pk.Why = fmt.Sprintf("adds about %.1f people beyond those already reached", gains[j])
			if d := degreeOf(g, i); d > 0 {
				pk.Why += fmt.Sprintf("; ties to %d people", d)
			}
			if decides {
				if w, ok := nv.weight[i]; ok {
					pk.Voter, pk.Votes = true, w
					pk.Why += fmt.Sprintf("; a voter with %s of the %s votes", num2(w), num2(nv.total))
				} else {
					pk.Why += "; not a voter: picked for how far support spreads from them"
				}
			}
		}
		if pk.Stance != "" && !ally.Stance(pk.Stance).Supports() {
			pk.Why += fmt.Sprintf("; %s on this initiative today: win them over first", pk.Stance)
		}
		v.Picks = append(v.Picks, pk)
	}
	if voterNote != "" {
		v.Notes = append(v.Notes, voterNote)
	}
	for _, b := range []struct {
		dst   **Baseline
		seeds []int
	}{
		{&v.Degree, coalition.DegreeSeeds(g, in.K, fixed, exclude)},
		{&v.Random, coalition.RandomSeeds(g.N, in.K, fixed, exclude, in.Seed)},
	} {
		r, _, err := est(b.seeds)
		if err != nil {
			return nil, err
		}
		bl := &Baseline{People: []string{}, Reach: r}
		for _, i := range b.seeds {
			bl.People = append(bl.People, t.People[i].Name)
		}
		*b.dst = bl
	}
	if res.Capped {
		weak := ""
		if res.Achieved >= 1-1/math.E {
			weak = ", which guarantees nothing"
		}
		v.Notes = append(v.Notes, fmt.Sprintf("approximate: %d people need %.3g reverse-reachable sets for ε = %.2f, and IMM's budget stopped at %d; "+
			"the guarantee holds for ε = %.2f instead%s (the reach estimates are measured on a fresh sample and hold as stated)",
			len(t.People), res.Theta, in.Epsilon, res.RRSets, res.Achieved, weak))
	}
	if v.Reach.Mean+v.Reach.CI95 < v.Degree.Reach.Mean-v.Degree.Reach.CI95 {
		v.Notes = append(v.Notes, "the degree baseline did better on this sample: consider its people too")
	}
	return v, nil
}

func degreeOf(g *coalition.Graph, i int) int { return len(g.Adj[i]) }

// num2 words a weight for the grow's reasons: at most two decimals.
func num2(x float64) string { return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64) }

// voterPicks is what nearestVoters found: the voters to pick first, their
// votes, every voter's weight (by ties index) and the quota and total, all
// in the rule's units; rule says the initiative is decided by a vote.
type voterPicks struct {
	rule         bool
	picks        []int
	votes        []float64
	weight       map[int]float64
	quota, total float64
	note         string
}

// nearestVoters, for an initiative decided by a vote (a committee, or the
// stakeholders under unanimity, consensus or adoption), is up to k voters
// of the smallest set of yes votes within reach (AnalyzeVote's
// least-effort set), nearest first (least effort, then most votes), as ties
// indices, leaving out the fixed seeds and the excluded (blockers); and a
// note saying why Grow picks people outside the vote when it does. No rule
// gives nothing.
func (s *goalState) nearestVoters(k int, fixed, exclude []int) (voterPicks, error) {
	var out voterPicks
	vs, vv, err := s.evaluateRule()
	if err != nil || vs == nil || vv == nil {
		return out, err
	}
	scale := 1.0
	if vv.Quota > 0 {
		scale = float64(vs.game.Quota) / vv.Quota
	}
	out.rule, out.quota, out.total, out.weight = true, vv.Quota, vv.Total, map[int]float64{}
	for pl, m := range vs.players {
		if w := vs.game.Weights[pl]; w > 0 {
			out.weight[s.index[m]] = float64(w) / scale
		}
	}
	switch {
	case vs.vote.Passes:
		out.note = "the vote passes with today's supporters: the picks spread support beyond the voters, to hold it"
		return out, nil
	case vs.vote.LeastEffort == nil:
		out.note = "no set of the remaining voters reaches the quota: the picks spread support beyond the vote instead"
		return out, nil
	}
	type voter struct {
		i      int
		effort float64
		votes  float64
	}
	var vs2 []voter
	blocked := 0
	for _, pl := range vs.vote.LeastEffort.Players {
		m := vs.players[pl]
		i := s.index[m]
		if slices.Contains(exclude, i) || slices.Contains(fixed, i) {
			if slices.Contains(exclude, i) {
				blocked++
			}
			continue
		}
		mem := s.members[m]
		vs2 = append(vs2, voter{i: i, effort: coalition.Effort(mem.Stance, mem.Tie), votes: out.weight[i]})
	}
	slices.SortStableFunc(vs2, func(a, b voter) int {
		switch {
		case a.effort != b.effort:
			return cmpFloat(a.effort, b.effort)
		case a.votes != b.votes:
			return cmpFloat(b.votes, a.votes)
		}
		return a.i - b.i
	})
	for _, x := range vs2[:min(k, len(vs2))] {
		out.picks, out.votes = append(out.picks, x.i), append(out.votes, x.votes)
	}
	switch {
	case blocked > 0:
		out.note = fmt.Sprintf("the smallest set of yes votes within reach includes %s, not enlisted: win them over in the plan", ally.Count(blocked, "blocker", "blockers"))
	case k > len(out.picks):
		out.note = fmt.Sprintf("the vote needs %s, picked first; the remaining %s support beyond the voters", ally.Count(len(out.picks), "more voter", "more voters"), ally.Count(k-len(out.picks), "pick spreads", "picks spread"))
	case len(vs2) > k:
		these := fmt.Sprintf("these are the %d nearest to yes", k)
		if k == 1 {
			these = "this is the one nearest to yes"
		}
		out.note = fmt.Sprintf("winning the vote needs %d voters; %s", len(vs2), these)
	}
	return out, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func noStakes(g *ally.Initiative) error {
	return ally.Errorf(ally.EINVALID, "initiative #%d %q has no stakeholders yet", g.ID, g.Name).
		WithHint(ally.HintAddStake, "id", strconv.FormatInt(g.ID, 10))
}
