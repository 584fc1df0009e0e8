package app

import (
	"context"
	"slices"
	"sort"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
	"github.com/allyhq/ally/store"
)

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
func (a *App) loadGoal(ctx context.Context, id int64) (*goalState, error) {
	s := &goalState{}
	err := a.view(ctx, func(tx *store.Tx) error {
		g, err := initiative(ctx, tx, id)
		if err != nil {
			return err
		}
		s.goal = initiativeAt(g, a)
		if s.stakes, err = a.stakesAt(ctx, tx, g.ID); err != nil {
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

// initiative reads the initiative with the given id: the use cases take
// initiatives by id, as they take people (see person).
func initiative(ctx context.Context, tx *store.Tx, id int64) (*ally.Initiative, error) {
	if id <= 0 {
		return nil, ally.Errorf(ally.EINVALID, "say which initiative: no id given")
	}
	return tx.FindInitiativeByID(ctx, id)
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
