package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// The plan.

// PlanView is the next best moves for an initiative.
type PlanView struct {
	GoalID  int64         `json:"goal_id"`
	Goal    string        `json:"goal"`
	Outcome ally.Outcome  `json:"outcome"`
	Summary []string      `json:"summary"`
	Cooling []*CoolingTie `json:"cooling"`
	// Flags are why the base is shallow (the reasons of the deepen moves
	// name them by Code).
	Flags []*BaseFlag `json:"base_flags"`
	// Moves are empty once the initiative is decided (won, lost or
	// abandoned): FollowUps say what is left to do.
	Moves     []*MoveView `json:"moves"`
	FollowUps []*FollowUp `json:"follow_ups"`
}

// FollowUpKind names a follow-up of an initiative.
type FollowUpKind string

// Follow-ups.
const (
	FollowThank   FollowUpKind = "thank"   // a supporter: thank them, specifically
	FollowDebrief FollowUpKind = "debrief" // lost: ask an opponent what would have changed their mind, and listen
	FollowRecord  FollowUpKind = "record"  // record the outcome (when the target passed) or what it returned
)

// FollowUp is one thing to do once an initiative is decided (or when its
// target date passed): whom, and what Me still owes them (tie.Debts:
// promises are kept whatever the outcome).
type FollowUp struct {
	Kind   FollowUpKind `json:"kind"`
	ID     int64        `json:"id,omitempty"`
	Name   string       `json:"name,omitempty"`
	Stance string       `json:"stance,omitempty"`
	First  []tie.Debt   `json:"first"`
}

// CoolingTie is a supporter whose relationship with Me is cooling, by the
// definition today's agenda uses too (tie.HealthResult.Cooling).
type CoolingTie struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Label       tie.Label `json:"label"`                 // cooling or dormant
	Health      int       `json:"health"`                // 0–100
	LastContact time.Time `json:"last_contact,omitzero"` // never zero: a tie never in contact is new, not cooling
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
	Why []string `json:"why"`
	// First is what Me owes them before asking anything (tie.Debts, the
	// rule today's agenda uses): repair a strained tie, deliver a late
	// promise, give back a ledger debt. The ask waits behind it, and a
	// strained tie gets no ask at all (HoldAsk).
	First []tie.Debt `json:"first"`
	// HoldAsk: the relationship is strained, so Ask is held back until it
	// is repaired.
	HoldAsk bool `json:"hold_ask,omitempty"`
	// New: Me has had no contact with them yet (tie.LabelNew), so the move
	// starts by introducing oneself, and the ask waits behind it.
	New bool `json:"new,omitempty"`
	// Offer is the win-win, from what they value: the stake's "what's in
	// it for them", their currency tags (the agenda's table,
	// tie.CurrencyOffer) and the ledger's history with them.
	Offer string    `json:"offer"`
	Ask   string    `json:"ask"`
	Next  string    `json:"next,omitempty"` // the next step noted on the stake
	Path  *PathView `json:"warm_path,omitempty"`
	// Line is their place on Me's own line of the org chart (manager or
	// direct report): reached directly, never through someone else.
	Line OrgLine `json:"line,omitempty"`
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
//
// A move keeps the rank of what the person means for the decision; within
// it, what Me owes them comes first (MoveView.First) and the ask waits
// behind it; a strained person gets the repair step and no ask. Me's own
// manager and reports are reached directly (MoveView.Line), as is a
// strained person. An initiative already decided gets no moves, only its
// follow-ups (thank the supporters, debrief a loss, record what it
// returned); one whose target date passed gets a follow-up to record the
// outcome beside its moves.
func (a *App) Plan(ctx context.Context, goal int64) (*PlanView, error) {
	s, err := a.loadGoal(ctx, goal)
	if err != nil {
		return nil, err
	}
	if s.nStakes == 0 {
		return nil, noStakes(s.goal)
	}
	coolingIdx, cooling := s.coolingSupporters()
	if o := s.goal.Outcome; o != "" && o != ally.OutcomeOpen {
		return s.decided(cooling), nil
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
	in.Cooling = coolingIdx
	for j := range s.nStakes {
		m := s.members[j]
		i := s.index[j]
		if t.Me < 0 || i == t.Me {
			continue
		}
		if m.Stance == ally.StanceBlocker || m.Stance == ally.StanceSkeptic {
			var best *PathView
			if orgLine(t, t.Me, i) != "" || s.strained(j) {
				// Me's manager or report, or a strained tie: directly.
				best = s.ti.directPath(t.Me, i)
			} else {
				pvs, err := s.ti.warmPaths(t.Me, i, 3)
				if err != nil {
					return nil, err
				}
				if len(pvs) == 0 {
					continue
				}
				best = pvs[0]
				// Prefer a chain through someone trusted when the best one
				// is direct: a blocker hears a go-between more readily.
				for _, p := range pvs[1:] {
					if len(best.Via) == 0 && s.ti.throughTrusted(p) {
						best = p
						break
					}
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
	v := &PlanView{GoalID: s.goal.ID, Goal: s.goal.Name, Outcome: ally.OutcomeOpen, Summary: []string{}, Cooling: cooling,
		Flags: cv.Base.Flags, Moves: []*MoveView{}, FollowUps: []*FollowUp{}}
	if tg := s.goal.Target; !tg.IsZero() && a.Now.After(tg.AddDate(0, 0, 1)) {
		v.FollowUps = append(v.FollowUps, &FollowUp{Kind: FollowRecord, First: []tie.Debt{}})
	}
	if cv.Vote != nil {
		v.Summary = append(v.Summary, cv.Vote.Reasons...)
	}
	for _, f := range cv.Base.Flags {
		v.Summary = append(v.Summary, "shallow base: "+f.Reason)
	}
	if !cv.Base.Shallow && cv.Base.Supporters > 0 {
		v.Summary = append(v.Summary, fmt.Sprintf("base: %s across %s, HHI %.2f", ally.Count(cv.Base.Supporters, "supporter", "supporters"), ally.Count(len(cv.Base.Departments), "department", "departments"), cv.Base.HHI))
	}
	if len(cooling) > 0 {
		var names []string
		for _, c := range cooling {
			names = append(names, fmt.Sprintf("%s (last contact %s)", c.Name, c.LastContact.Format("2006-01-02")))
		}
		v.Summary = append(v.Summary, "cooling ties with supporters: "+strings.Join(names, ", "))
	}
	for _, mv := range moves {
		if mv.Person >= s.nStakes && !isVoter(s, mv.Person) {
			continue
		}
		m := s.members[mv.Person]
		x := &MoveView{Rank: len(v.Moves) + 1, ID: m.ID, Name: m.Name, Stance: string(m.Stance), Power: m.Power,
			Kind: string(mv.Kind), Reasons: []*MoveReason{}, First: s.debts(mv.Person), Offer: s.offer(mv.Person),
			Ask: mv.Ask, Path: paths[mv.Person], Line: orgLine(t, t.Me, s.index[mv.Person])}
		if len(x.First) > 0 && x.First[0].Kind == tie.DebtRepair {
			x.HoldAsk = true
			if mv.Kind == coalition.Reconnect || mv.Kind == coalition.ShoreUp {
				x.Ask = "" // the check-in is the repair itself
			}
		}
		if h, ok := s.healthOf(mv.Person); ok && h.Label == tie.LabelNew {
			x.New = true
		}
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

// coolingSupporters are the supporters whose tie with Me is cooling
// (tie.HealthResult.Cooling), as member indices and as views.
func (s *goalState) coolingSupporters() ([]int, []*CoolingTie) {
	var idx []int
	out := []*CoolingTie{}
	t := s.ties
	for j := range s.nStakes {
		m := s.members[j]
		if t.Me < 0 || s.index[j] == t.Me || !m.Stance.Supports() {
			continue
		}
		if h, ok := s.healthOf(j); ok && h.Cooling() {
			idx = append(idx, j)
			out = append(out, &CoolingTie{ID: m.ID, Name: m.Name, Label: h.Label, Health: h.Total, LastContact: h.LastContact})
		}
	}
	return idx, out
}

// decided is the plan of an initiative already won, lost or abandoned: no
// moves, the follow-ups (and the supporters whose tie is cooling: a thank
// you is a reason to reconnect). Every supporter is thanked (champions first) and,
// after a loss, every skeptic and blocker is asked what would have changed
// their mind; each with what Me still owes them.
func (s *goalState) decided(cooling []*CoolingTie) *PlanView {
	g := s.goal
	v := &PlanView{GoalID: g.ID, Goal: g.Name, Outcome: g.Outcome, Summary: []string{}, Cooling: cooling,
		Flags: []*BaseFlag{}, Moves: []*MoveView{}, FollowUps: []*FollowUp{}}
	var thank, debrief []*FollowUp
	for j := range s.nStakes {
		m := s.members[j]
		if s.index[j] == s.ties.Me {
			continue
		}
		f := &FollowUp{ID: m.ID, Name: m.Name, Stance: string(m.Stance), First: s.debts(j)}
		switch {
		case m.Stance.Supports():
			f.Kind = FollowThank
			thank = append(thank, f)
		case g.Outcome == ally.OutcomeLost && (m.Stance == ally.StanceBlocker || m.Stance == ally.StanceSkeptic):
			f.Kind = FollowDebrief
			debrief = append(debrief, f)
		}
	}
	slices.SortStableFunc(thank, func(a, b *FollowUp) int {
		return cmpBool(a.Stance == string(ally.StanceChampion), b.Stance == string(ally.StanceChampion))
	})
	v.FollowUps = append(append(append(v.FollowUps, thank...), debrief...), &FollowUp{Kind: FollowRecord, First: []tie.Debt{}})
	return v
}

// cmpBool orders true before false.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// health is the health of Me's relationship with member j, and false when
// the workspace has no Me.
func (s *goalState) healthOf(j int) (tie.HealthResult, bool) {
	if s.health == nil {
		return tie.HealthResult{}, false
	}
	id := s.members[j].ID
	rel := ally.Relationship{PersonID: id}
	if r := s.ties.Rels[id]; r != nil {
		rel = *r
	}
	return s.health.of(rel), true
}

// strained reports whether Me's relationship with member j is strained
// (tie.HealthResult.Strained: by the user's status or by its health).
func (s *goalState) strained(j int) bool {
	h, ok := s.healthOf(j)
	return ok && h.Strained()
}

// debts is what Me owes member j before asking anything (tie.Debts).
func (s *goalState) debts(j int) []tie.Debt {
	h, ok := s.healthOf(j)
	if !ok || s.index[j] == s.ties.Me {
		return []tie.Debt{}
	}
	id := s.members[j].ID
	return nonNil(tie.Debts(s.health.me, id, h.Strained(), s.health.cBy[id], h.Balance, s.health.now, s.health.p))
}

// offer composes the win-win for member j from what they value: what the
// stake says is in it for them, their currencies with the agenda's offers
// (tie.CurrencyOffer, one table), and the ledger's history with them (the
// currencies Me has paid them in, what they last gave Me when Me owes).
func (s *goalState) offer(j int) string {
	m := s.members[j]
	var parts []string
	if m.WhatsInIt != "" {
		parts = append(parts, "what's in it for them: "+m.WhatsInIt)
	}
	seen := map[string]bool{}
	value := func(c, prefix string) {
		c = strings.TrimSpace(c)
		if c == "" || seen[strings.ToLower(c)] {
			return
		}
		seen[strings.ToLower(c)] = true
		if o, ok := tie.CurrencyOffer(c); ok {
			parts = append(parts, prefix+c+": "+o)
		} else {
			parts = append(parts, prefix+c)
		}
	}
	for _, c := range m.Currencies {
		value(c, "they value ")
	}
	h, ok := s.healthOf(j)
	if ok {
		if len(m.Currencies) == 0 {
			for _, c := range h.Balance.Currencies {
				value(c, "you have given them ")
			}
		}
		if h.Balance.Net < 0 {
			var last *ally.Exchange
			for _, e := range s.health.exBy[m.ID] {
				if e.FromID == m.ID && !e.At.After(s.health.now) && (last == nil || e.At.After(last.At)) {
					last = &e
				}
			}
			if last != nil {
				parts = append(parts, fmt.Sprintf("return in kind: they gave you “%s” (%s, %s)", last.What, last.Kind, last.At.Format("2006-01-02")))
			}
		}
	}
	if len(parts) == 0 {
		return "ask what would help them most: we do not know what they value yet"
	}
	return strings.Join(parts, "; ")
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
