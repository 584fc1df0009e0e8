package app

// Coalition use cases: the state of an initiative's coalition (base depth and
// the decision rule evaluated), voting power of any weighted game, the ally
// finder, warm paths, growing the base and the next best moves. They load
// the workspace (stakes and the Ties graph) and call package coalition,
// which holds the algorithms.

import (
	"context"
	"fmt"
	"github.com/allyhq/ally/network"
	"math"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// ---------------------------------------------------------------------------
// The tie graph as the coalition planner sees it.

// tieIndex answers pairwise questions about a Ties value.
type tieIndex struct {
	t     *Ties
	edges map[[2]int]*TieEdge
}

func newTieIndex(t *Ties) *tieIndex {
	x := &tieIndex{t: t, edges: make(map[[2]int]*TieEdge, len(t.Edges))}
	for i := range t.Edges {
		e := &t.Edges[i]
		a, b := min(e.A, e.B), max(e.A, e.B)
		x.edges[[2]int{a, b}] = e
	}
	return x
}

// edge returns the tie between people a and b (indices), or nil.
func (x *tieIndex) edge(a, b int) *TieEdge {
	if a < 0 || b < 0 {
		return nil
	}
	return x.edges[[2]int{min(a, b), max(a, b)}]
}

// strength is the tie strength between a and b, 0 without a tie.
func (x *tieIndex) strength(a, b int) float64 {
	if e := x.edge(a, b); e != nil {
		return clampStrength(e.Strength)
	}
	return 0
}

func clampStrength(s float64) float64 {
	if math.IsNaN(s) || s <= 0 {
		return 0
	}
	return math.Min(1, s)
}

// graph returns the undirected tie graph with strengths as arc weights;
// ties whose strength is not in (0,1] are left out.
func (x *tieIndex) graph() *coalition.Graph {
	g := coalition.NewGraph(len(x.t.People))
	for _, e := range x.t.Edges {
		s := clampStrength(e.Strength)
		if s > 0 && e.A != e.B && e.A >= 0 && e.B >= 0 && e.A < g.N && e.B < g.N {
			g.AddEdge(e.A, e.B, s)
		}
	}
	return g
}

// standing is Me's standing with person i as a go-between on warm paths.
func (x *tieIndex) standing(i int) coalition.Standing {
	return coalition.StandingOf(x.t.Rels[x.t.People[i].ID])
}

// nodeCosts are the warm-path penalties of entering each person, by Me's
// standing with them (coalition.Standing.Cost).
func (x *tieIndex) nodeCosts() []float64 {
	c := make([]float64, len(x.t.People))
	for i := range c {
		c[i] = x.standing(i).Cost()
	}
	return c
}

// relLabel describes Me's relationship with person i in a few words, "" when
// nothing is recorded.
func (x *tieIndex) relLabel(i int) string {
	r := x.t.Rels[x.t.People[i].ID]
	if r == nil {
		return ""
	}
	s := string(r.Tier)
	if r.Status != ally.StatusEngaged && r.Status != ally.StatusAlly && r.Status != "" {
		s += ", " + string(r.Status)
	}
	if r.Trust > 0 {
		s += fmt.Sprintf(", trust %d/5", r.Trust)
	}
	return s
}

// pageRank is weighted PageRank (network.PageRank, damping 0.85) on the
// undirected tie graph, strengths as weights: the finder's measure of
// influence.
func (x *tieIndex) pageRank(ctx context.Context) ([]float64, error) {
	b := network.NewBuilder(false)
	for _, p := range x.t.People {
		b.AddNode(strconv.FormatInt(p.ID, 10), nil)
	}
	for _, e := range x.t.Edges {
		if s := clampStrength(e.Strength); s > 0 {
			b.AddEdge(e.A, e.B, s)
		}
	}
	g, err := b.Build()
	if err != nil {
		return nil, err
	}
	return network.PageRank(ctx, g, network.PageRankOptions{Weighted: true})
}

// ---------------------------------------------------------------------------
// An initiative as the algorithms see it.

// goalState is an initiative, its stakeholders as coalition members and
// the workspace's ties. members[:nStakes] are the stakeholders (parallel to
// stakes); after them come committee voters and veto holders without a
// stake (stance unknown).
type goalState struct {
	goal    *ally.Initiative
	stakes  []*ally.Stake
	nStakes int
	members []coalition.Member
	index   []int // member → index in ties.People
	ties    *Ties
	ti      *tieIndex
	// health scores Me's relationships (the plan's cooling supporters);
	// nil when the workspace has no Me.
	health *meHealth
}

// loadGoal reads an initiative, its stakes and the ties in one transaction.
func (a *App) loadGoal(ctx context.Context, ref string) (*goalState, error) {
	s := &goalState{}
	err := a.view(ctx, func(tx *store.Tx) error {
		g, err := resolveGoal(ctx, tx, ref)
		if err != nil {
			return err
		}
		s.goal = g
		if s.stakes, err = tx.FindStakes(ctx, g.ID); err != nil {
			return err
		}
		return a.loadGoalTies(ctx, tx, s)
	})
	if err != nil {
		return nil, err
	}
	s.fill()
	return s, nil
}

// loadGoalTies reads the workspace's ties and what Me's health needs into s.
func (a *App) loadGoalTies(ctx context.Context, tx *store.Tx, s *goalState) error {
	v, err := a.ties(ctx, tx)
	if err != nil {
		return err
	}
	if s.ties, err = a.tiesIn(ctx, tx, v); err != nil {
		return err
	}
	if a.WS.MeID != 0 {
		s.health, err = a.loadMeHealth(ctx, tx, v)
	}
	return err
}

// fill turns the loaded stakes, rule and ties into coalition members.
func (s *goalState) fill() {
	t := s.ties
	s.ti = newTieIndex(t)
	sort.SliceStable(s.stakes, func(i, j int) bool { return s.stakes[i].PersonID < s.stakes[j].PersonID })
	s.nStakes = len(s.stakes)
	seen := map[int64]bool{}
	add := func(id int64, st *ally.Stake) {
		i, ok := t.Index[id]
		if !ok || seen[id] {
			return
		}
		seen[id] = true
		p := t.People[i]
		m := coalition.Member{ID: id, Name: p.Name, Department: p.Department, Level: p.Level,
			Stance: ally.StanceUnknown, Tie: s.ti.strength(t.Me, i)}
		for _, tg := range p.Tags {
			if tg.Kind == ally.TagCurrency {
				m.Currencies = append(m.Currencies, tg.Value)
			}
		}
		if st != nil {
			m.Stance, m.Power, m.Interest, m.WhatsInIt, m.Ask = st.Stance, st.Power, st.Interest, st.WIIFM, st.Ask
		}
		s.members = append(s.members, m)
		s.index = append(s.index, i)
	}
	kept := s.stakes[:0]
	for _, st := range s.stakes {
		if _, ok := t.Index[st.PersonID]; ok {
			kept = append(kept, st)
			add(st.PersonID, st)
		}
	}
	s.stakes, s.nStakes = kept, len(kept)
	var extra []int64
	for id := range s.goal.Rule.Weights {
		extra = append(extra, id)
	}
	extra = append(extra, s.goal.Rule.Vetoes...)
	slices.Sort(extra)
	for _, id := range extra {
		add(id, nil)
	}
}

// member returns the member index of the person at ties index i, or -1.
func (s *goalState) member(i int) int {
	return slices.Index(s.index, i)
}

// supporters returns the ties indices of the stakeholders who support.
func (s *goalState) supporters() []int {
	var out []int
	for j := range s.nStakes {
		if s.members[j].Stance.Supports() {
			out = append(out, s.index[j])
		}
	}
	return out
}

// ---------------------------------------------------------------------------
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
func (a *App) Coalition(ctx context.Context, goalRef string) (*CoalitionView, error) {
	s, err := a.loadGoal(ctx, goalRef)
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
	var cr coalition.Rule
	scale := 1.0
	switch r.Kind {
	case ally.RuleCommittee:
		cr = coalition.Rule{Kind: coalition.Committee, Quota: r.Quota}
		ids := make([]int64, 0, len(r.Weights))
		for id := range r.Weights {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			cr.Voters = append(cr.Voters, coalition.Voter{Name: "#" + strconv.FormatInt(id, 10), Weight: r.Weights[id]})
		}
	case ally.RuleUnanimity:
		cr = coalition.Rule{Kind: coalition.Unanimity}
	case ally.RuleConsensus:
		cr = coalition.Rule{Kind: coalition.Consensus}
		for _, id := range r.Vetoes {
			cr.Vetoes = append(cr.Vetoes, "#"+strconv.FormatInt(id, 10))
		}
	case ally.RuleAdoption:
		cr = coalition.Rule{Kind: coalition.Adoption, Target: r.Share}
	default:
		return nil, nil, nil
	}
	members := s.members
	if r.Kind == ally.RuleUnanimity || r.Kind == ally.RuleAdoption {
		members = s.members[:s.nStakes]
	}
	vv := &VoteView{Kind: string(r.Kind), Voters: []*VoterView{}, Critical: []string{}, Swing: []string{},
		Minimal: []*ReachView{}, Reasons: []string{}}
	if len(members) == 0 {
		vv.Reasons = append(vv.Reasons, "no stakeholders yet: add them with `ally goal stake`")
		return nil, vv, nil
	}
	game, players, err := cr.Game(members)
	if err != nil {
		if ally.ErrorCode(err) == ally.EINVALID {
			vv.Reasons = append(vv.Reasons, "the rule cannot be evaluated: "+ally.ErrorMessage(err))
			return nil, vv, nil
		}
		return nil, nil, err
	}
	if r.Kind == ally.RuleCommittee && r.Quota > 0 {
		scale = float64(game.Quota) / r.Quota
	}
	game.Names = make([]string, len(players))
	stances := make([]coalition.Stance, len(players))
	effort := make([]float64, len(players))
	var blocking []bool
	if r.Kind == ally.RuleConsensus {
		blocking = make([]bool, len(players))
	}
	for j, m := range players {
		mem := s.members[m]
		game.Names[j] = mem.Name
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
			Tie: round3(mem.Tie), Effort: round3(effort[j])}
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
		rv := &ReachView{People: []string{}, IDs: []int64{}, Weight: unscale(r.Weight), Effort: round3(r.Effort)}
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

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// ---------------------------------------------------------------------------
// Voting power of any weighted game.

// PowerInput is a weighted voting game [quota; weights] to analyse.
type PowerInput struct {
	Quota   float64
	Weights []float64
	Names   []string // optional, one per weight
	// Sample > 0 estimates the indices from that many samples instead of
	// counting exactly (for games beyond the exact method).
	Sample int
	Seed   uint64
}

// PowerView is the a priori voting power of every voter of a game.
type PowerView struct {
	Quota   float64        `json:"quota"`
	Total   float64        `json:"total"`
	Method  string         `json:"method"` // "exact" or "sampled"
	Samples int            `json:"samples,omitempty"`
	Swings  *big.Int       `json:"total_swings,omitempty"`
	Voters  []*PlayerPower `json:"voters"`
	Notes   []string       `json:"notes"`
}

// PlayerPower is one voter's power. Swings is Banzhaf's count of coalitions
// that the voter turns from losing to winning; BanzhafAbs = swings/2ⁿ⁻¹,
// Banzhaf = swings/Σ swings, ShapleyShubik the share of orderings in which
// the voter is pivotal. The CI fields are 95 % half-widths of sampled
// estimates.
type PlayerPower struct {
	Name            string   `json:"name"`
	Weight          float64  `json:"weight"`
	Swings          *big.Int `json:"swings,omitempty"`
	BanzhafAbs      float64  `json:"banzhaf_abs"`
	BanzhafAbsCI    float64  `json:"banzhaf_abs_ci95,omitempty"`
	Banzhaf         float64  `json:"banzhaf"`
	ShapleyShubik   float64  `json:"shapley_shubik"`
	ShapleyShubikCI float64  `json:"shapley_shubik_ci95,omitempty"`
	Dummy           bool     `json:"dummy,omitempty"` // never decisive
	Veto            bool     `json:"veto,omitempty"`  // no coalition wins without them
}

// Power computes the Banzhaf and Shapley–Shubik power of every voter of the
// weighted voting game [quota; weights], exactly by counting coalitions, or
// by sampling when in.Sample > 0. EINVALID for a non-positive quota, a quota
// above the total weight, negative weights, or a game beyond the exact
// method's limits (the message offers --sample).
func Power(in PowerInput) (*PowerView, error) {
	n := len(in.Weights)
	if n == 0 {
		return nil, ally.Errorf(ally.EINVALID, "give the voters' weights: ally power --quota Q W1 W2 …")
	}
	if in.Names != nil && len(in.Names) != n {
		return nil, ally.Errorf(ally.EINVALID, "%d names for %d weights: give one name per weight", len(in.Names), n)
	}
	names := make([]string, n)
	for i := range names {
		if in.Names != nil && strings.TrimSpace(in.Names[i]) != "" {
			names[i] = strings.TrimSpace(in.Names[i])
		} else {
			names[i] = "voter " + strconv.Itoa(i+1)
		}
	}
	total := 0.0
	for i, w := range in.Weights {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, ally.Errorf(ally.EINVALID, "weight of %s is not a finite number", names[i])
		}
		if w < 0 {
			return nil, ally.Errorf(ally.EINVALID, "weight of %s is %g: weights must not be negative", names[i], w)
		}
		total += w
	}
	if math.IsNaN(in.Quota) || !(in.Quota > 0) {
		return nil, ally.Errorf(ally.EINVALID, "quota %g must be positive: it is the weight a coalition needs to win", in.Quota)
	}
	if in.Quota > total {
		return nil, ally.Errorf(ally.EINVALID, "quota %g is above the total weight %g: no coalition could ever win", in.Quota, total)
	}
	if in.Sample < 0 {
		return nil, ally.Errorf(ally.EINVALID, "--sample %d must be positive", in.Sample)
	}
	g, err := coalition.NewGameFloat(in.Quota, in.Weights)
	if err != nil {
		return nil, err
	}
	g.Names = names
	v := &PowerView{Quota: in.Quota, Total: total, Voters: make([]*PlayerPower, n), Notes: []string{}}
	for i := range n {
		v.Voters[i] = &PlayerPower{Name: names[i], Weight: in.Weights[i]}
	}
	if in.Sample > 0 {
		e, err := coalition.EstimatePowerIndices(g, in.Sample, in.Seed)
		if err != nil {
			return nil, err
		}
		v.Method, v.Samples = "sampled", e.Samples
		for i, p := range v.Voters {
			p.BanzhafAbs, p.BanzhafAbsCI, p.Banzhaf = e.BanzhafAbs[i], e.BanzhafAbsCI[i], e.Banzhaf[i]
			p.ShapleyShubik, p.ShapleyShubikCI = e.ShapleyShubik[i], e.ShapleyShubikCI[i]
		}
		v.Notes = append(v.Notes, fmt.Sprintf("sampled estimate from %d random coalitions and orderings: ± is the 95%% interval", e.Samples))
	} else {
		p, err := coalition.PowerIndices(g)
		if err != nil {
			// The game is valid, so the only refusal left is its size.
			return nil, ally.Errorf(ally.EINVALID, "%d voters with quota %g is more than the exact method supports (up to %d voters and a counting table of %d words): rerun with --sample 100000 for a sampled estimate with 95%% intervals",
				n, in.Quota, coalition.MaxExactPlayers, coalition.MaxExactWords)
		}
		v.Method, v.Swings = "exact", p.TotalSwings
		for i, pp := range v.Voters {
			pp.Swings, pp.BanzhafAbs, pp.Banzhaf, pp.ShapleyShubik = p.Swings[i], p.BanzhafAbs[i], p.Banzhaf[i], p.ShapleyShubik[i]
			pp.Dummy = p.Swings[i].Sign() == 0
		}
		v.Notes = append(v.Notes, fmt.Sprintf("exact: counted over all %s coalitions", new(big.Int).Lsh(big.NewInt(1), uint(n)).String()))
	}
	var dummies, vetoes []string
	for i, pp := range v.Voters {
		// A veto player: the others together fall short of the quota.
		if float64(g.Total()-g.Weights[i]) < float64(g.Quota) {
			pp.Veto = true
			vetoes = append(vetoes, pp.Name)
		}
		if pp.Dummy {
			dummies = append(dummies, pp.Name)
		}
	}
	if len(vetoes) > 0 {
		v.Notes = append(v.Notes, "veto: no coalition wins without "+strings.Join(vetoes, ", "))
	}
	if len(dummies) > 0 {
		v.Notes = append(v.Notes, "no power: "+strings.Join(dummies, ", ")+" never turn a losing coalition into a winning one, whatever their weight")
	}
	return v, nil
}

// ---------------------------------------------------------------------------
// Ally finder.

// AllyFinding is the ally finder's answer.
type AllyFinding struct {
	Query      string           `json:"query"`
	GoalID     int64            `json:"goal_id,omitempty"`
	Goal       string           `json:"goal,omitempty"`
	Candidates int              `json:"candidates"`
	Allies     []*AllyCandidate `json:"allies"`
	Notes      []string         `json:"notes"`
}

// AllyCandidate is one ranked candidate with the parts of its score, each
// 0–1: Score = 0.35·text + 0.20·reach + 0.20·influence + 0.15·diversity +
// 0.10·reliability.
type AllyCandidate struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Title       string   `json:"title,omitempty"`
	Department  string   `json:"department,omitempty"`
	Score       float64  `json:"score"`
	Text        float64  `json:"text"`
	BM25        float64  `json:"bm25"`
	Reach       float64  `json:"reach"`
	Influence   float64  `json:"influence"`
	Diversity   float64  `json:"diversity"`
	Reliability float64  `json:"reliability"`
	Matched     []string `json:"matched"`
	Via         []string `json:"via"` // intermediaries on the best warm path
	Reasons     []string `json:"reasons"`
}

// FindAllies ranks the people who could help with a goal or a piece of
// text. ref is an initiative (its id or exact name: its purpose and
// win-win are the query, its supporters are the coalition and are not
// ranked) or free text (the coalition is Me). k ≥ 1 candidates are
// returned (0: up to 10); EINVALID when k is larger than the candidates.
func (a *App) FindAllies(ctx context.Context, ref string, k int) (*AllyFinding, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, ally.Errorf(ally.EINVALID, "say what you need allies for: an initiative or a few words")
	}
	if k < 0 {
		return nil, ally.Errorf(ally.EINVALID, "-k %d: ask for at least one candidate", k)
	}
	f := &AllyFinding{Query: ref, Allies: []*AllyCandidate{}, Notes: []string{}}
	var goal *ally.Initiative
	var stakes []*ally.Stake
	kept := map[int64][2]int{} // person → commitments kept on time, closed or late
	err := a.view(ctx, func(tx *store.Tx) error {
		g, err := goalByIDOrName(ctx, tx, ref)
		if err != nil {
			return err
		}
		if g != nil {
			goal = g
			if stakes, err = tx.FindStakes(ctx, g.ID); err != nil {
				return err
			}
		}
		cs, err := tx.FindCommitments(ctx, 0, false)
		if err != nil {
			return err
		}
		for _, c := range cs {
			x := kept[c.FromID]
			switch c.State(a.Now) {
			case ally.CommitKept:
				if c.OnTime() {
					x[0]++
				}
				x[1]++
			case ally.CommitBroken, ally.CommitLate:
				x[1]++
			}
			kept[c.FromID] = x
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	t, err := a.Ties(ctx)
	if err != nil {
		return nil, err
	}
	ti := newTieIndex(t)
	query := ref
	inCoalition := map[int64]bool{a.WS.MeID: true}
	if goal != nil {
		f.GoalID, f.Goal = goal.ID, goal.Name
		query = strings.Join([]string{goal.Name, goal.Purpose, goal.WinWin}, " ")
		for _, s := range stakes {
			if s.Stance.Supports() {
				inCoalition[s.PersonID] = true
			}
		}
	}
	var depts []string
	var levels []int
	for id := range inCoalition {
		if i, ok := t.Index[id]; ok {
			p := t.People[i]
			if p.Department != "" && !slices.Contains(depts, p.Department) {
				depts = append(depts, p.Department)
			}
			if p.Level != 0 && !slices.Contains(levels, p.Level) {
				levels = append(levels, p.Level)
			}
		}
	}
	pr, err := ti.pageRank(ctx)
	if err != nil {
		return nil, err
	}
	// The best warm path from Me to everyone in one search: a search per
	// candidate cost O(n) each, and 150 s on 200,000 people.
	var tree *coalition.WarmTree
	if t.Me >= 0 {
		if tree, err = coalition.BestWarmPaths(ti.graph(), t.Me, ti.nodeCosts()); err != nil {
			return nil, err
		}
	}
	cands := make([]coalition.Candidate, len(t.People))
	via := make([][]int, len(t.People))
	n := 0
	for i, p := range t.People {
		c := &cands[i]
		var tags, goals []string
		for _, tg := range p.Tags {
			if tg.Kind == ally.TagGoal {
				goals = append(goals, tg.Value)
			} else {
				tags = append(tags, tg.Value)
			}
		}
		c.Tags, c.Goals, c.Notes = strings.Join(tags, " "), strings.Join(goals, " "), p.Notes
		c.Department, c.Level = p.Department, p.Level
		c.InCoalition = inCoalition[p.ID]
		if pr != nil {
			c.Influence = pr[i]
		}
		x := kept[p.ID]
		c.Reliability = float64(x[0]+1) / float64(x[1]+2)
		if c.InCoalition {
			continue
		}
		n++
		if tree != nil {
			if p, ok := tree.Path(i); ok {
				c.Reach = p.Strength
				via[i] = p.Nodes[1 : len(p.Nodes)-1]
			}
		}
	}
	f.Candidates = n
	if k == 0 {
		k = min(10, n)
	}
	if k > n {
		return nil, ally.Errorf(ally.EINVALID, "-k %d is more than the %d candidates (everyone not already in the coalition)", k, n)
	}
	scores := coalition.FindAllies(query, cands, depts, levels)
	// People who share the goal come first: an ally who wants the same
	// thing needs no persuading, whatever the other parts say.
	slices.SortStableFunc(scores, func(a, b coalition.AllyScore) int {
		switch am, bm := a.BM25 > 0, b.BM25 > 0; {
		case am && !bm:
			return -1
		case bm && !am:
			return 1
		}
		return 0
	})
	if len(scores) > 0 && scores[0].BM25 == 0 {
		f.Notes = append(f.Notes, "nobody's tags, goals or notes match the words; ranked by reach, influence, diversity and reliability only (add tags with `ally tag`)")
	} else {
		f.Notes = append(f.Notes, "people whose tags, goals or notes match come first, then by score")
	}
	for _, s := range scores[:min(k, len(scores))] {
		p := t.People[s.Candidate]
		c := &AllyCandidate{ID: p.ID, Name: p.Name, Title: p.Title, Department: p.Department,
			Score: round3(s.Score), Text: round3(s.Text), BM25: round3(s.BM25), Reach: round3(s.Reach), Influence: round3(s.Influence),
			Diversity: s.Diversity, Reliability: round3(s.Reliability), Matched: nonNil(s.Matched), Via: []string{}}
		var reasons []string
		if len(s.Matched) > 0 {
			reasons = append(reasons, "shares "+quoteTerms(s.Matched, p))
		}
		switch {
		case s.Reach == 0:
			reasons = append(reasons, "no chain of ties from you yet")
		case len(via[s.Candidate]) == 0:
			reasons = append(reasons, fmt.Sprintf("direct tie with you (strength %.2f)", s.Reach))
		default:
			for _, j := range via[s.Candidate] {
				c.Via = append(c.Via, t.People[j].Name)
			}
			reasons = append(reasons, fmt.Sprintf("reachable via %s (chain strength %.2f)", strings.Join(c.Via, " → "), s.Reach))
		}
		if s.Influence >= 0.5 {
			reasons = append(reasons, fmt.Sprintf("influential: network centrality %.0f%% of the most central person's", 100*s.Influence))
		}
		reasons = append(reasons, s.Reasons...)
		if x := kept[p.ID]; x[1] > 0 {
			reasons = append(reasons, fmt.Sprintf("kept %d of %d commitments due so far on time", x[0], x[1]))
		}
		c.Reasons = reasons
		f.Allies = append(f.Allies, c)
	}
	return f, nil
}

// quoteTerms names the tags in which the matched (stemmed) terms occur.
func quoteTerms(terms []string, p *ally.Person) string {
	var hits []string
	for _, tg := range p.Tags {
		toks := coalition.Tokens(tg.Value)
		for _, t := range terms {
			if slices.Contains(toks, t) {
				hits = append(hits, string(tg.Kind)+" \""+tg.Value+"\"")
				break
			}
		}
	}
	if len(hits) == 0 {
		return "the words " + strings.Join(terms, ", ") + " (in their notes)"
	}
	return strings.Join(hits, ", ")
}

// goalByIDOrName returns the initiative whose id or exact name is ref, or
// nil when there is none (ref is then free text).
func goalByIDOrName(ctx context.Context, tx *store.Tx, ref string) (*ally.Initiative, error) {
	s := strings.TrimPrefix(ref, "#")
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		g, err := tx.FindInitiativeByID(ctx, id)
		if ally.ErrorCode(err) == ally.ENOTFOUND {
			return nil, nil
		}
		return g, err
	}
	gs, err := tx.FindInitiatives(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		if strings.EqualFold(g.Name, ref) {
			return g, nil
		}
	}
	return nil, nil
}

// ---------------------------------------------------------------------------
// Warm paths.

// PathsView is the warm paths from Me to one person.
type PathsView struct {
	ID    int64       `json:"id"`
	Name  string      `json:"name"`
	Paths []*PathView `json:"paths"`
	Notes []string    `json:"notes"`
}

// PathView is one chain of ties: Strength is the product of the hops'
// strengths; Cost = Σ −ln strength + penalties for going through people
// who are not allies or trusted (the ranking).
type PathView struct {
	Strength float64    `json:"strength"`
	Cost     float64    `json:"cost"`
	Hops     []*HopView `json:"hops"`
	Via      []string   `json:"via"`
	Why      []string   `json:"why"`
}

// HopView is one tie of a path.
type HopView struct {
	FromID   int64     `json:"from_id"`
	From     string    `json:"from"`
	ToID     int64     `json:"to_id"`
	To       string    `json:"to"`
	Strength float64   `json:"strength"`
	Count    int       `json:"interactions"`
	Last     time.Time `json:"last_contact,omitzero"`
	Rel      string    `json:"relationship,omitempty"` // Me's relationship with To
}

// MaxPaths is the most warm paths WarmPaths lists. Each path costs Yen's
// algorithm a shortest-path search per hop, so k bounds the work; beyond a
// hundred the chains are far weaker than the first few and nobody reads
// them (k = 3000 took 6 to 12 s on the demo, k = 1,000,000 ran without end).
const MaxPaths = 100

// WarmPaths returns up to k of the strongest chains of ties from Me to a
// person, preferring chains through allies and trusted people. ENOTFOUND
// when no chain exists; EINVALID for k < 1, k > MaxPaths or Me as the
// target.
func (a *App) WarmPaths(ctx context.Context, personRef string, k int) (*PathsView, error) {
	if k == 0 {
		k = 3
	}
	if k < 1 {
		return nil, ally.Errorf(ally.EINVALID, "-k %d: ask for at least one path", k)
	}
	if k > MaxPaths {
		return nil, ally.Errorf(ally.EINVALID, "-k %d: ally lists at most %d warm paths", k, MaxPaths)
	}
	if err := a.requireMe(); err != nil {
		return nil, err
	}
	p, err := a.Resolve(ctx, personRef)
	if err != nil {
		return nil, err
	}
	if p.ID == a.WS.MeID {
		return nil, ally.Errorf(ally.EINVALID, "%s is you: name someone else", p.Name)
	}
	t, err := a.Ties(ctx)
	if err != nil {
		return nil, err
	}
	if t.Me < 0 {
		return nil, ally.Errorf(ally.ENOTFOUND, "Me (person %d) is not in the workspace", a.WS.MeID)
	}
	ti := newTieIndex(t)
	paths, err := ti.warmPaths(t.Me, t.Index[p.ID], k)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, ally.Errorf(ally.ENOTFOUND, "no chain of ties from you to %s: nobody you have interacted with has interacted with them (log an interaction or ask for an introduction)", p.Name)
	}
	v := &PathsView{ID: p.ID, Name: p.Name, Paths: paths, Notes: []string{}}
	if len(paths) < k {
		v.Notes = append(v.Notes, fmt.Sprintf("only %d distinct chain(s) of ties lead to %s", len(paths), p.Name))
	}
	return v, nil
}

// throughTrusted reports whether a path goes through someone Me trusts (a
// go-between of coalition.StandingTrusted).
func (x *tieIndex) throughTrusted(p *PathView) bool {
	for _, h := range p.Hops[:max(0, len(p.Hops)-1)] {
		if i, ok := x.t.Index[h.ToID]; ok && x.standing(i) == coalition.StandingTrusted {
			return true
		}
	}
	return false
}

// warmPaths runs Yen's k strongest paths between two ties indices and
// explains each.
func (ti *tieIndex) warmPaths(from, to, k int) ([]*PathView, error) {
	t := ti.t
	ps, err := coalition.WarmPaths(ti.graph(), from, to, k, ti.nodeCosts())
	if err != nil {
		return nil, err
	}
	out := []*PathView{}
	for _, wp := range ps {
		pv := &PathView{Strength: round3(wp.Strength), Cost: round3(wp.Cost), Via: []string{}, Why: []string{}}
		for _, h := range wp.Hops {
			hv := &HopView{FromID: t.People[h.From].ID, From: t.People[h.From].Name, ToID: t.People[h.To].ID,
				To: t.People[h.To].Name, Strength: round3(h.Strength), Rel: ti.relLabel(h.To)}
			if e := ti.edge(h.From, h.To); e != nil {
				hv.Count, hv.Last = e.Count, e.Last
			}
			pv.Hops = append(pv.Hops, hv)
		}
		for _, j := range wp.Nodes[1 : len(wp.Nodes)-1] {
			name := t.People[j].Name
			pv.Via = append(pv.Via, name)
			switch ti.standing(j) {
			case coalition.StandingTrusted:
				who := "an ally"
				if r := t.Rels[t.People[j].ID]; r != nil && r.Trust >= 4 {
					who = "someone you trust"
				}
				pv.Why = append(pv.Why, fmt.Sprintf("through %s, %s (%s)", name, who, ti.relLabel(j)))
			case coalition.StandingStrained:
				pv.Why = append(pv.Why, fmt.Sprintf("through %s, but that relationship is %s", name, ti.relLabel(j)))
			}
		}
		if len(pv.Via) == 0 {
			pv.Why = append(pv.Why, "a direct tie: ask them yourself")
		}
		weakest := slices.MinFunc(pv.Hops, func(a, b *HopView) int { return cmpFloat(a.Strength, b.Strength) })
		if len(pv.Hops) > 1 {
			from := weakest.From
			if weakest == pv.Hops[0] {
				from = "you"
			}
			pv.Why = append(pv.Why, fmt.Sprintf("weakest link %s – %s (%.2f)", from, weakest.To, weakest.Strength))
		}
		out = append(out, pv)
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

// ---------------------------------------------------------------------------
// Growing the base.

// GrowInput configures Grow.
type GrowInput struct {
	K       int // people to pick; 0: up to 3
	Seed    uint64
	Epsilon float64 // IMM's ε; default 0.2
	Samples int     // RR sets for the reach estimates; default 20,000
	// IMM's budget (coalition.IMMOptions): RR-set entries held at once and
	// sampling steps per phase; default GrowMaxEntries and GrowMaxSteps.
	MaxEntries, MaxSteps int
}

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
	Why        string  `json:"why"`
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
// and today's supporters as fixed seeds and blockers excluded. It compares
// the choice with the degree and random baselines on one shared sample. Its
// work is bounded by IMM's budget (GrowMaxEntries, GrowMaxSteps): when the
// budget binds, the view is Approximate and its Epsilon is the ε achieved.
func (a *App) Grow(ctx context.Context, goalRef string, in GrowInput) (*GrowView, error) {
	s, err := a.loadGoal(ctx, goalRef)
	if err != nil {
		return nil, err
	}
	if s.nStakes == 0 {
		return nil, noStakes(s.goal)
	}
	if in.K < 0 {
		return nil, ally.Errorf(ally.EINVALID, "-k %d: ask for at least one person", in.K)
	}
	if in.Epsilon == 0 {
		in.Epsilon = 0.2
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
		return nil, ally.Errorf(ally.EINVALID, "-k %d is more than the %d people who could be enlisted (everyone but you, the supporters and blockers)", in.K, eligible)
	}
	// The independent cascade on the tie graph: an active u wins v over
	// with their tie's share of all of v's tie strength (WeightedCascade).
	g := coalition.WeightedCascade(s.ti.graph())
	res, err := coalition.IMM(ctx, g, coalition.IMMOptions{K: in.K, Epsilon: in.Epsilon, Seed: in.Seed,
		Fixed: fixed, Exclude: exclude, EvalSamples: in.Samples, MaxEntries: in.MaxEntries, MaxSteps: in.MaxSteps})
	if err != nil {
		return nil, err
	}
	evalSeed := in.Seed ^ 0x5eed
	est := func(seeds []int) (reach, base *Estimate, err error) {
		r, b, err := coalition.EstimateSpreadRR(ctx, g, fixed, seeds, in.Samples, evalSeed)
		if err != nil {
			return nil, nil, err
		}
		return &Estimate{Mean: round3(r.Mean), CI95: round3(r.CI95), Samples: r.Samples},
			&Estimate{Mean: round3(b.Mean), CI95: round3(b.CI95), Samples: b.Samples}, nil
	}
	v := &GrowView{GoalID: s.goal.ID, Goal: s.goal.Name, K: in.K, Supporters: []string{}, Picks: []*GrowPick{},
		People: len(t.People), Epsilon: round3(res.Achieved), EpsilonAsked: in.Epsilon, Approximate: res.Capped,
		RRSets: res.RRSets, Notes: []string{},
		Model: "independent cascade: an active person wins over each contact once, with probability equal to their share of that contact's total tie strength",
		Guarantee: fmt.Sprintf("IMM (Tang, Shi & Xiao 2015): the picks reach at least %.0f%% of what the best %d would, with probability at least 1 − 1/%d",
			100*(1-1/math.E-res.Achieved), in.K, len(t.People))}
	if res.Achieved >= 1-1/math.E {
		v.Guarantee = fmt.Sprintf("none for this run: IMM (Tang, Shi & Xiao 2015) guarantees 1 − 1/e − ε of what the best %d would reach, which is not positive at the ε its budget allowed", in.K)
	}
	for _, i := range fixed {
		v.Supporters = append(v.Supporters, t.People[i].Name)
	}
	if v.Reach, v.Base, err = est(res.Seeds); err != nil {
		return nil, err
	}
	for j, i := range res.Seeds {
		p := t.People[i]
		pk := &GrowPick{ID: p.ID, Name: p.Name, Title: p.Title, Department: p.Department, Gain: round3(res.Gains[j])}
		if m := s.member(i); m >= 0 && m < s.nStakes {
			pk.Stance = string(s.members[m].Stance)
		}
		pk.Why = fmt.Sprintf("adds about %.1f people beyond those already reached", res.Gains[j])
		if d := degreeOf(g, i); d > 0 {
			pk.Why += fmt.Sprintf("; ties to %d people", d)
		}
		if pk.Stance != "" && !ally.Stance(pk.Stance).Supports() {
			pk.Why += fmt.Sprintf("; %s on this initiative today: win them over first", pk.Stance)
		}
		v.Picks = append(v.Picks, pk)
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

func noStakes(g *ally.Initiative) error {
	return ally.Errorf(ally.EINVALID, "initiative #%d %q has no stakeholders yet: add them with `ally goal stake %d PERSON --stance …`", g.ID, g.Name, g.ID)
}

// ---------------------------------------------------------------------------
// The plan.

// PlanView is the next best moves for an initiative.
type PlanView struct {
	GoalID  int64         `json:"goal_id"`
	Goal    string        `json:"goal"`
	Summary []string      `json:"summary"`
	Cooling []*CoolingTie `json:"cooling"`
	// Flags are why the base is shallow (the reasons of the deepen moves
	// name them by Code).
	Flags []*BaseFlag `json:"base_flags"`
	Moves []*MoveView `json:"moves"`
}

// CoolingTie is a supporter whose relationship with Me is cooling, by the
// definition today's agenda uses too (tie.HealthResult.Cooling).
type CoolingTie struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Label       tie.Label `json:"label"`                 // cooling or dormant
	Health      int       `json:"health"`                // 0–100
	LastContact time.Time `json:"last_contact,omitzero"` // zero: never in contact
}

// MoveView is one move: whom to see, why, what to offer and what to ask.
type MoveView struct {
	Rank    int           `json:"rank"`
	ID      int64         `json:"id"`
	Name    string        `json:"name"`
	Stance  string        `json:"stance"`
	Power   int           `json:"power"`
	Kind    string        `json:"kind"`
	Reasons []*MoveReason `json:"reasons"`
	// Why is Reasons in words, one phrase each. Plan leaves it empty: each
	// face words the reasons its own way (the CLI fills it for its text and
	// its JSON).
	Why   []string  `json:"why"`
	Offer string    `json:"offer"`
	Ask   string    `json:"ask"`
	Next  string    `json:"next,omitempty"` // the next step noted on the stake
	Path  *PathView `json:"warm_path,omitempty"`
}

// MoveReason is one reason for a move: a kind (coalition.ReasonKind) and
// the parameters that kind uses, with people named and weights in the
// decision rule's own units. Faces decide on Kind and word the rest.
type MoveReason struct {
	Kind     coalition.ReasonKind `json:"kind"`
	Deficit  float64              `json:"deficit,omitempty"`  // swing: the weight the yes-voters lack
	People   int                  `json:"people,omitempty"`   // least-effort: people in the coalition
	Effort   float64              `json:"effort,omitempty"`   // least-effort: its total effort
	Strength float64              `json:"strength,omitempty"` // warm-path: the chain's strength
	Via      []string             `json:"via,omitempty"`      // warm-path: the go-betweens
	Flag     string               `json:"flag,omitempty"`     // shallow-base: the Code of one of PlanView.Flags
}

// Plan returns the next best moves for an initiative: pivotal voters,
// blockers and skeptics with a warm path, what would deepen a shallow base,
// supporters whose tie with Me is cooling; each with the win-win to offer
// (from what they value) and the ask. A supporter's tie is cooling when the
// health of Me's relationship with them says so (tie.HealthResult.Cooling:
// no contact within the cadence of their tier, `ally config
// tie.cadence.*`, or a health under tie.SteadyAt), the rule by which
// today's agenda asks Me to reconnect.
func (a *App) Plan(ctx context.Context, goalRef string) (*PlanView, error) {
	s, err := a.loadGoal(ctx, goalRef)
	if err != nil {
		return nil, err
	}
	if s.nStakes == 0 {
		return nil, noStakes(s.goal)
	}
	cv, vs, err := s.coalitionView()
	if err != nil {
		return nil, err
	}
	t := s.ties
	in := coalition.MovesInput{Ask: "back " + s.goal.Name, Base: coalition.Assess(s.members[:s.nStakes]),
		PathsToBlockers: map[int][]coalition.WarmPath{}}
	if vs != nil {
		in.Vote, in.Players = &vs.vote, vs.players
	}
	paths := map[int]*PathView{}
	cooling := []*CoolingTie{}
	for j := range s.nStakes {
		m := s.members[j]
		i := s.index[j]
		if t.Me < 0 || i == t.Me {
			continue
		}
		if m.Stance.Supports() && s.health != nil {
			rel := ally.Relationship{PersonID: m.ID}
			if r := t.Rels[m.ID]; r != nil {
				rel = *r
			}
			if h := s.health.of(rel); h.Cooling() {
				in.Cooling = append(in.Cooling, j)
				cooling = append(cooling, &CoolingTie{ID: m.ID, Name: m.Name, Label: h.Label, Health: h.Total, LastContact: h.LastContact})
			}
		}
		if m.Stance == ally.StanceBlocker || m.Stance == ally.StanceSkeptic {
			pvs, err := s.ti.warmPaths(t.Me, i, 3)
			if err != nil {
				return nil, err
			}
			if len(pvs) == 0 {
				continue
			}
			best := pvs[0]
			// Prefer a chain through someone trusted when the best one is
			// direct: a blocker hears a go-between more readily.
			for _, p := range pvs[1:] {
				if len(best.Via) == 0 && s.ti.throughTrusted(p) {
					best = p
					break
				}
			}
			paths[j] = best
			wp := coalition.WarmPath{Strength: best.Strength, Nodes: []int{len(s.members)}}
			for _, h := range best.Hops {
				ti := t.Index[h.ToID]
				mi := s.member(ti)
				if mi < 0 {
					s.members = append(s.members, coalition.Member{ID: h.ToID, Name: h.To, Stance: ally.StanceUnknown})
					s.index = append(s.index, ti)
					mi = len(s.members) - 1
				}
				wp.Nodes = append(wp.Nodes, mi)
			}
			wp.Nodes[0] = -1 // Me is not a member
			in.PathsToBlockers[j] = []coalition.WarmPath{wp}
		}
	}
	in.Members = s.members
	moves := coalition.NextMoves(in)
	v := &PlanView{GoalID: s.goal.ID, Goal: s.goal.Name, Summary: []string{}, Cooling: cooling, Flags: cv.Base.Flags, Moves: []*MoveView{}}
	if cv.Vote != nil {
		v.Summary = append(v.Summary, cv.Vote.Reasons...)
	}
	for _, f := range cv.Base.Flags {
		v.Summary = append(v.Summary, "shallow base: "+f.Reason)
	}
	if !cv.Base.Shallow && cv.Base.Supporters > 0 {
		v.Summary = append(v.Summary, fmt.Sprintf("base: %d supporters across %d department(s), HHI %.2f", cv.Base.Supporters, len(cv.Base.Departments), cv.Base.HHI))
	}
	if len(cooling) > 0 {
		var names []string
		for _, c := range cooling {
			if c.LastContact.IsZero() {
				names = append(names, c.Name+" (never in contact)")
			} else {
				names = append(names, fmt.Sprintf("%s (last contact %s)", c.Name, c.LastContact.Format("2006-01-02")))
			}
		}
		v.Summary = append(v.Summary, "cooling ties with supporters: "+strings.Join(names, ", "))
	}
	for _, mv := range moves {
		if mv.Person >= s.nStakes && !isVoter(s, mv.Person) {
			continue
		}
		m := s.members[mv.Person]
		x := &MoveView{Rank: len(v.Moves) + 1, ID: m.ID, Name: m.Name, Stance: string(m.Stance), Power: m.Power,
			Kind: string(mv.Kind), Reasons: []*MoveReason{}, Offer: mv.Offer, Ask: mv.Ask, Path: paths[mv.Person]}
		if mv.Person < s.nStakes {
			x.Next = s.stakes[mv.Person].Next
		}
		for _, r := range mv.Reasons {
			mr := &MoveReason{Kind: r.Kind, People: r.Size, Effort: r.Effort, Strength: r.Strength, Flag: r.Flag}
			if r.Kind == coalition.ReasonSwing && cv.Vote != nil {
				mr.Deficit = cv.Vote.Deficit // r.Deficit in the rule's units
			}
			for _, j := range r.Via {
				mr.Via = append(mr.Via, s.members[j].Name)
			}
			x.Reasons = append(x.Reasons, mr)
		}
		v.Moves = append(v.Moves, x)
	}
	return v, nil
}

func isVoter(s *goalState, m int) bool {
	_, ok := s.goal.Rule.Weights[s.members[m].ID]
	return ok || slices.Contains(s.goal.Rule.Vetoes, s.members[m].ID)
}

// goalCoalition computes the coalition state of an initiative already
// loaded into a GoalView (ShowGoal).
func (a *App) goalCoalition(ctx context.Context, v *GoalView) (*CoalitionView, error) {
	s := &goalState{goal: v.Initiative}
	for _, st := range v.Stakes {
		s.stakes = append(s.stakes, st.Stake)
	}
	if err := a.view(ctx, func(tx *store.Tx) error { return a.loadGoalTies(ctx, tx, s) }); err != nil {
		return nil, err
	}
	s.fill()
	cv, _, err := s.coalitionView()
	return cv, err
}
