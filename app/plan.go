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
func (a *App) Plan(ctx context.Context, goal int64) (*PlanView, error) {
	s, err := a.loadGoal(ctx, goal)
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
