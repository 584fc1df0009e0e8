package app

// Coalition use cases: the state of an initiative's coalition (base depth and
// the decision rule evaluated), voting power of any weighted game, the ally
// finder, warm paths, growing the base and the next best moves. They load
// the workspace (stakes and the Ties graph) and call package coalition,
// which holds the algorithms.

import (
	"context"
	"math/big"
	"slices"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
)

// Coalition state.

// CoalitionView is the state of an initiative's coalition beyond the stance
// mix: how deep its base runs and, when it has a decision rule, how the
// decision stands today.
type CoalitionView struct {
	Base *BaseView `json:"base"`
	Vote *VoteView `json:"vote,omitempty"`
}

// BaseView is the depth of an initiative's support.
type BaseView struct {
	Stakeholders int      `json:"stakeholders"`
	Supporters   int      `json:"supporters"` // champions included
	Champions    int      `json:"champions"`
	Departments  []string `json:"departments"`
	Levels       []int    `json:"levels"`
	SupportShare float64  `json:"support_share"` // power of supporters / power of all stakeholders
	NetSupport   float64  `json:"net_support"`   // −1 … 1
	// HHI is the Herfindahl index of the supporters' power shares: 1/k for
	// k equal supporters, 1 for a single one.
	HHI      float64     `json:"hhi"`
	TopShare float64     `json:"top_share"`
	Shallow  bool        `json:"shallow"`
	Flags    []*BaseFlag `json:"flags"`
}

// BaseFlag is one reason the base is shallow and what would deepen it.
type BaseFlag struct {
	Code       string   `json:"code"`
	Reason     string   `json:"reason"`
	Deepen     string   `json:"deepen"`
	Candidates []string `json:"candidates,omitempty"`
}

// VoteView evaluates an initiative's decision rule with today's stances.
// Weights are in the rule's own units.
type VoteView struct {
	Kind      string       `json:"kind"`
	Quota     float64      `json:"quota"`
	Total     float64      `json:"total"`
	YesWeight float64      `json:"yes_weight"`
	Deficit   float64      `json:"deficit"`
	Passes    bool         `json:"passes"`
	Voters    []*VoterView `json:"voters"`
	// Critical are yes-voters whose defection alone loses the vote; Swing
	// are voters not yet yes whose yes alone wins it.
	Critical    []string     `json:"critical"`
	Swing       []string     `json:"swing"`
	Minimal     []*ReachView `json:"minimal_winning"`
	Truncated   bool         `json:"minimal_truncated,omitempty"`
	LeastEffort *ReachView   `json:"least_effort,omitempty"`
	Reasons     []string     `json:"reasons"`
	// PowerNote says why power indices are missing, when they are.
	PowerNote string `json:"power_note,omitempty"`
}

// VoterView is one voter: weight, stance, the effort to win them and, for a
// committee, their a priori voting power.
type VoterView struct {
	ID            int64    `json:"id"`
	Name          string   `json:"name"`
	Weight        float64  `json:"weight"`
	Stance        string   `json:"stance"`
	Tie           float64  `json:"tie"`    // Me's tie strength with them, 0–1
	Effort        float64  `json:"effort"` // stance distance × (1 + 3·(1 − tie))
	Swings        *big.Int `json:"swings,omitempty"`
	BanzhafAbs    float64  `json:"banzhaf_abs,omitempty"`
	Banzhaf       float64  `json:"banzhaf,omitempty"`
	ShapleyShubik float64  `json:"shapley_shubik,omitempty"`
	Critical      bool     `json:"critical,omitempty"`
	Swing         bool     `json:"swing,omitempty"`
}

// ReachView is a set of voters to win over, their weight and total effort.
type ReachView struct {
	People []string `json:"people"`
	IDs    []int64  `json:"ids"`
	Weight float64  `json:"weight"`
	Effort float64  `json:"effort"`
}

// Coalition returns the state of an initiative's coalition.
func (a *App) Coalition(ctx context.Context, goal int64) (*CoalitionView, error) {
	s, err := a.loadGoal(ctx, goal)
	if err != nil {
		return nil, err
	}
	v, _, err := s.coalitionView()
	return v, err
}

// voteState is the decision rule as a game, kept for the planner.
type voteState struct {
	game    coalition.Game
	players []int // game player → member
	vote    coalition.VoteAnalysis
}

func (s *goalState) coalitionView() (*CoalitionView, *voteState, error) {
	stakeholders := s.members[:s.nStakes]
	b := coalition.Assess(stakeholders)
	names := func(ix []int) []string {
		out := []string{}
		for _, i := range ix {
			out = append(out, s.members[i].Name)
		}
		return out
	}
	bv := &BaseView{Stakeholders: s.nStakes, Supporters: b.Supporters, Champions: b.Champions,
		Departments: nonNil(b.Departments), Levels: nonNil(b.Levels), SupportShare: b.SupportShare,
		NetSupport: b.NetSupport, HHI: b.HHI, TopShare: b.TopShare, Shallow: b.Shallow, Flags: []*BaseFlag{}}
	for _, f := range b.Flags {
		bv.Flags = append(bv.Flags, &BaseFlag{Code: f.Code, Reason: f.Reason, Deepen: f.Deepen, Candidates: names(f.Candidates)})
	}
	v := &CoalitionView{Base: bv}
	vs, vv, err := s.evaluateRule()
	if err != nil {
		return nil, nil, err
	}
	v.Vote = vv
	return v, vs, nil
}

func nonNil[T any](x []T) []T {
	if x == nil {
		return []T{}
	}
	return x
}

// evaluateRule turns the initiative's rule into a weighted voting game over
// its members and analyses today's vote. No rule (or no stakeholders for a
// rule over them) gives nil. A rule the game cannot represent is reported in
// the view, not as an error.
func (s *goalState) evaluateRule() (*voteState, *VoteView, error) {
	r := s.goal.Rule
	if r.Kind == ally.RuleNone {
		return nil, nil, nil
	}
	members := s.members
	if r.Kind == ally.RuleUnanimity || r.Kind == ally.RuleAdoption {
		members = s.members[:s.nStakes]
	}
	vv := &VoteView{Kind: string(r.Kind), Voters: []*VoterView{}, Critical: []string{}, Swing: []string{},
		Minimal: []*ReachView{}, Reasons: []string{}}
	if len(members) == 0 {
		vv.Reasons = append(vv.Reasons, "no stakeholders yet")
		return nil, vv, nil
	}
	game, players, err := coalition.RuleGame(r, members)
	if err != nil {
		if ally.ErrorCode(err) == ally.EINVALID {
			vv.Reasons = append(vv.Reasons, "the rule cannot be evaluated: "+ally.ErrorMessage(err))
			return nil, vv, nil
		}
		return nil, nil, err
	}
	scale := 1.0
	if r.Kind == ally.RuleCommittee && r.Quota > 0 {
		scale = float64(game.Quota) / r.Quota
	}
	stances := make([]coalition.Stance, len(players))
	effort := make([]float64, len(players))
	var blocking []bool
	if r.Kind == ally.RuleConsensus {
		blocking = make([]bool, len(players))
	}
	for j, m := range players {
		mem := s.members[m]
		stances[j] = mem.Stance
		effort[j] = coalition.Effort(mem.Stance, mem.Tie)
		if blocking != nil {
			blocking[j] = game.Weights[j] > 0
		}
	}
	va, err := coalition.AnalyzeVote(game, stances, coalition.VoteOptions{Effort: effort, Blocking: blocking})
	if err != nil {
		if ally.ErrorCode(err) == ally.EINVALID {
			vv.Reasons = append(vv.Reasons, "the vote cannot be analysed: "+ally.ErrorMessage(err))
			return nil, vv, nil
		}
		return nil, nil, err
	}
	unscale := func(w int64) float64 { return float64(w) / scale }
	vv.Quota, vv.Total, vv.YesWeight, vv.Deficit = unscale(game.Quota), unscale(game.Total()), unscale(va.YesWeight), unscale(va.Deficit)
	vv.Passes, vv.Truncated, vv.Reasons = va.Passes, va.Truncated, append(vv.Reasons, va.Reasons...)
	var pi *coalition.PowerIndex
	if r.Kind == ally.RuleCommittee {
		if p, err := coalition.PowerIndices(game); err == nil {
			pi = &p
		} else {
			vv.PowerNote = "power indices not computed: " + ally.ErrorMessage(err)
		}
	}
	for j, m := range players {
		mem := s.members[m]
		x := &VoterView{ID: mem.ID, Name: mem.Name, Weight: unscale(game.Weights[j]), Stance: string(mem.Stance),
			Tie: mem.Tie, Effort: effort[j]}
		if pi != nil {
			x.Swings, x.BanzhafAbs, x.Banzhaf, x.ShapleyShubik = pi.Swings[j], pi.BanzhafAbs[j], pi.Banzhaf[j], pi.ShapleyShubik[j]
		}
		x.Critical = slices.Contains(va.Critical, j)
		x.Swing = slices.Contains(va.Swing, j)
		if x.Critical {
			vv.Critical = append(vv.Critical, mem.Name)
		}
		if x.Swing {
			vv.Swing = append(vv.Swing, mem.Name)
		}
		vv.Voters = append(vv.Voters, x)
	}
	reach := func(r coalition.Reach) *ReachView {
		rv := &ReachView{People: []string{}, IDs: []int64{}, Weight: unscale(r.Weight), Effort: r.Effort}
		for _, j := range r.Players {
			rv.People = append(rv.People, s.members[players[j]].Name)
			rv.IDs = append(rv.IDs, s.members[players[j]].ID)
		}
		return rv
	}
	for _, r := range va.Minimal {
		vv.Minimal = append(vv.Minimal, reach(r))
	}
	if va.LeastEffort != nil {
		vv.LeastEffort = reach(*va.LeastEffort)
	}
	return &voteState{game: game, players: players, vote: va}, vv, nil
}

// The views keep full precision (the JSON); each face rounds for people.
