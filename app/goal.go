package app

import (
	"context"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
	"github.com/allyhq/ally/store"
)

// GoalInput creates or edits an initiative. Nil fields are kept on edit.
type GoalInput struct {
	Name, Purpose, WinWin *string
	// Rule replaces the decision rule as a whole, people by id: a face that
	// lets the user change one part (the CLI's --weights alone keeps a
	// committee's quota) reads the current rule and gives it back changed.
	Rule    *ally.Rule
	Target  *time.Time
	Outcome *ally.Outcome
}

func (in *GoalInput) apply(g *ally.Initiative, now time.Time) error {
	if in.Name != nil {
		g.Name = strings.TrimSpace(*in.Name)
	}
	if in.Purpose != nil {
		g.Purpose = *in.Purpose
	}
	if in.WinWin != nil {
		g.WinWin = *in.WinWin
	}
	if in.Target != nil {
		g.Target = *in.Target
	}
	if in.Outcome != nil && *in.Outcome != g.Outcome {
		g.Outcome = *in.Outcome
		// The decision date is when the outcome was recorded, the clock
		// of this call; reopening clears it.
		g.Decided = time.Time{}
		if g.Outcome != ally.OutcomeOpen {
			g.Decided = now
		}
	}
	if in.Rule != nil {
		r := *in.Rule
		r.Weights, r.Vetoes = maps.Clone(r.Weights), slices.Clone(r.Vetoes) // not the caller's
		if err := r.Validate(); err != nil {
			return err
		}
		g.Rule = r
	}
	return nil
}

// NewGoal creates an initiative.
func (a *App) NewGoal(ctx context.Context, in GoalInput) (*ally.Initiative, error) {
	g := &ally.Initiative{Created: a.Now}
	err := a.update(ctx, func(tx *store.Tx) error {
		if err := in.apply(g, a.Now); err != nil {
			return err
		}
		return tx.CreateInitiative(ctx, g)
	})
	return g, err
}

// EditGoal changes an initiative.
func (a *App) EditGoal(ctx context.Context, id int64, in GoalInput) (*ally.Initiative, error) {
	var g *ally.Initiative
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if g, err = initiative(ctx, tx, id); err != nil {
			return err
		}
		if err := in.apply(g, a.Now); err != nil {
			return err
		}
		return tx.UpdateInitiative(ctx, g)
	})
	return g, err
}

// StakeInput sets a person's stake in an initiative. Nil fields are kept
// (power and interest default to 3 on a new stake).
type StakeInput struct {
	Goal, Person     int64 // ids
	Stance           *ally.Stance
	Power, Interest  *int
	WIIFM, Ask, Next *string
}

// SetStake creates or changes a stake; a changed stance is kept in history.
func (a *App) SetStake(ctx context.Context, in StakeInput) (*StakeView, error) {
	var v *StakeView
	err := a.update(ctx, func(tx *store.Tx) error {
		g, err := initiative(ctx, tx, in.Goal)
		if err != nil {
			return err
		}
		p, err := person(ctx, tx, in.Person)
		if err != nil {
			return err
		}
		s := &ally.Stake{InitiativeID: g.ID, PersonID: p.ID, Stance: ally.StanceUnknown, Power: 3, Interest: 3}
		ss, err := tx.FindStakes(ctx, g.ID)
		if err != nil {
			return err
		}
		for _, x := range ss {
			if x.PersonID == p.ID {
				s = x
			}
		}
		if in.Stance != nil {
			s.Stance = *in.Stance
		}
		if in.Power != nil {
			s.Power = *in.Power
		}
		if in.Interest != nil {
			s.Interest = *in.Interest
		}
		if in.WIIFM != nil {
			s.WIIFM = *in.WIIFM
		}
		if in.Ask != nil {
			s.Ask = *in.Ask
		}
		if in.Next != nil {
			s.Next = *in.Next
		}
		s.Updated = a.Now
		if err := tx.PutStake(ctx, s); err != nil {
			return err
		}
		v = &StakeView{Stake: s, Name: p.Name, Department: p.Department, Level: p.Level}
		return nil
	})
	return v, err
}

// StakeView is a stake with the person's name and place.
type StakeView struct {
	*ally.Stake
	Name       string `json:"name"`
	Department string `json:"department,omitempty"`
	Level      int    `json:"level,omitempty"`
	Quadrant   string `json:"quadrant"`
}

// Quadrant places a stake on Mendelow's power-interest grid, with the
// coalition package's threshold (power and interest of 4 or 5 are high).
func Quadrant(power, interest int) string {
	return string(coalition.QuadrantOf(coalition.Member{Power: power, Interest: interest}))
}

// GoalView is an initiative with its stakes and a summary of its support.
type GoalView struct {
	*ally.Initiative
	RuleText   string         `json:"rule_text,omitempty"`
	Stakes     []*StakeView   `json:"stakes"`
	StanceMix  map[string]int `json:"stance_mix"`
	Support    float64        `json:"support"`    // power-weighted share of stakeholders who support, 0–1
	Opposition float64        `json:"opposition"` // power-weighted share who are skeptics or blockers
	Supporters int            `json:"supporters"`
	// Coalition is the base depth and the decision rule evaluated; only
	// ShowGoal fills it.
	Coalition *CoalitionView `json:"coalition,omitempty"`
}

// ListGoals returns one page of the initiatives, in the order they were
// created, with their support summaries, and how many there are.
func (a *App) ListGoals(ctx context.Context, pg Page) (List[*GoalView], error) {
	out := List[*GoalView]{Items: []*GoalView{}, Offset: pg.Offset}
	if err := pg.Validate(); err != nil {
		return out, err
	}
	err := a.view(ctx, func(tx *store.Tx) error {
		gs, err := a.initiativesAt(ctx, tx)
		if err != nil {
			return err
		}
		page := pageOf(gs, pg) // summaries only for the page shown
		out.Total = page.Total
		for _, g := range page.Items {
			v, err := a.goalView(ctx, tx, g)
			if err != nil {
				return err
			}
			out.Items = append(out.Items, v)
		}
		return nil
	})
	return out, err
}

// ShowGoal returns one initiative with its stakes, most powerful first.
func (a *App) ShowGoal(ctx context.Context, id int64) (*GoalView, error) {
	var v *GoalView
	err := a.view(ctx, func(tx *store.Tx) error {
		g, err := initiative(ctx, tx, id)
		if err != nil {
			return err
		}
		v, err = a.goalView(ctx, tx, initiativeAt(g, a))
		return err
	})
	if err != nil {
		return nil, err
	}
	v.Coalition, err = a.goalCoalition(ctx, v)
	return v, err
}

func (a *App) goalView(ctx context.Context, tx *store.Tx, g *ally.Initiative) (*GoalView, error) {
	ss, err := a.stakesAt(ctx, tx, g.ID)
	if err != nil {
		return nil, err
	}
	v := &GoalView{Initiative: g, Stakes: []*StakeView{}, StanceMix: map[string]int{}}
	if g.Rule.Kind != ally.RuleNone {
		v.RuleText, err = ruleText(ctx, tx, g.Rule)
		if err != nil {
			return nil, err
		}
	}
	ms := make([]coalition.Member, 0, len(ss))
	for _, s := range ss {
		p, err := tx.FindPersonByID(ctx, s.PersonID)
		if err != nil {
			return nil, err
		}
		v.Stakes = append(v.Stakes, &StakeView{Stake: s, Name: p.Name, Department: p.Department, Level: p.Level,
			Quadrant: Quadrant(s.Power, s.Interest)})
		v.StanceMix[string(s.Stance)]++
		ms = append(ms, coalition.Member{Stance: s.Stance, Power: s.Power})
	}
	sup := coalition.WeighSupport(ms)
	v.Support, v.Opposition, v.Supporters = sup.Share, sup.Opposition, sup.Supporters
	sort.SliceStable(v.Stakes, func(i, j int) bool {
		a, b := v.Stakes[i], v.Stakes[j]
		if a.Power != b.Power {
			return a.Power > b.Power
		}
		if a.Stance.Score() != b.Stance.Score() {
			return a.Stance.Score() > b.Stance.Score()
		}
		return a.Name < b.Name
	})
	return v, nil
}

// ruleText renders a rule with people's names.
func ruleText(ctx context.Context, tx *store.Tx, r ally.Rule) (string, error) {
	name := func(id int64) (string, error) {
		p, err := tx.FindPersonByID(ctx, id)
		if err != nil {
			return "", err
		}
		return p.Name, nil
	}
	switch r.Kind {
	case ally.RuleCommittee:
		ids := make([]int64, 0, len(r.Weights))
		for id := range r.Weights {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		var parts []string
		total := 0.0
		for _, id := range ids {
			n, err := name(id)
			if err != nil {
				return "", err
			}
			parts = append(parts, n+"="+strconv.FormatFloat(r.Weights[id], 'g', -1, 64))
			total += r.Weights[id]
		}
		return "committee: quota " + strconv.FormatFloat(r.Quota, 'g', -1, 64) + " of " +
			strconv.FormatFloat(total, 'g', -1, 64) + " (" + strings.Join(parts, ", ") + ")", nil
	case ally.RuleConsensus:
		var parts []string
		for _, id := range r.Vetoes {
			n, err := name(id)
			if err != nil {
				return "", err
			}
			parts = append(parts, n)
		}
		return "consensus; veto: " + strings.Join(parts, ", "), nil
	case ally.RuleAdoption:
		return "adoption by " + strconv.FormatFloat(r.Share*100, 'g', -1, 64) + "% of the population", nil
	}
	return string(r.Kind), nil
}
