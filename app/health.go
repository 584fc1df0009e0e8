package app

import (
	"context"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// HealthView is the health of Me's relationship with one person, explained.
type HealthView struct {
	Person   *ally.Person     `json:"person"`
	Health   tie.HealthResult `json:"health"`
	Strength string           `json:"strength_explained"`
	Timeline []tie.Event      `json:"timeline"`
}

// Health returns the health of Me's relationship with a person: its parts,
// tie strength, ledger balance, reliability both ways and the recent
// timeline of everything between them.
func (a *App) Health(ctx context.Context, id int64) (*HealthView, error) {
	if err := a.requireMe(); err != nil {
		return nil, err
	}
	var hv *HealthView
	err := a.view(ctx, func(tx *store.Tx) error {
		p, err := person(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.ID == a.WS.MeID {
			return ally.Errorf(ally.EINVALID, "health is of a relationship between Me and someone else")
		}
		h, err := a.health(ctx, tx, nil, p.ID)
		if err != nil {
			return err
		}
		ins, err := tx.FindInteractions(ctx, store.InteractionFilter{PersonID: p.ID, Until: a.Now.Add(time.Second), Limit: 20})
		if err != nil {
			return err
		}
		exs, err := tx.FindExchanges(ctx, p.ID)
		if err != nil {
			return err
		}
		cs, err := tx.FindCommitments(ctx, p.ID, false)
		if err != nil {
			return err
		}
		rs, err := tx.FindRepairPlans(ctx, p.ID)
		if err != nil {
			return err
		}
		ev := tie.Timeline(tie.TimelineInput{MeID: a.WS.MeID, PersonID: p.ID, Interactions: derefs(ins),
			Exchanges: derefs(exs), Commitments: derefs(cs), Repairs: derefs(rs)}, a.Now, 15)
		if ev == nil {
			ev = []tie.Event{}
		}
		hv = &HealthView{Person: p, Health: h, Strength: h.Strength.Explain(), Timeline: ev}
		return nil
	})
	return hv, err
}

// health computes one relationship's health; v is loaded when nil.
func (a *App) health(ctx context.Context, tx *store.Tx, v *tieView, person int64) (tie.HealthResult, error) {
	var err error
	if v == nil {
		if v, err = a.ties(ctx, tx); err != nil {
			return tie.HealthResult{}, err
		}
	}
	// One primary-key lookup of the pair rather than all of Me's pairs
	// (thousands of rows on a large workspace) to pick one of them.
	pair, err := v.pair(ctx, a.WS.MeID, person)
	if err != nil {
		return tie.HealthResult{}, err
	}
	rel := ally.Relationship{PersonID: person}
	if r, err := tx.FindRelationship(ctx, person); err == nil {
		rel = *r
	} else if ally.ErrorCode(err) != ally.ENOTFOUND {
		return tie.HealthResult{}, err
	}
	exs, err := tx.FindExchanges(ctx, person)
	if err != nil {
		return tie.HealthResult{}, err
	}
	cs, err := tx.FindCommitments(ctx, person, false)
	if err != nil {
		return tie.HealthResult{}, err
	}
	return tie.Health(tie.HealthInput{MeID: a.WS.MeID, PersonID: person, Relationship: rel,
		Pair: pair, Norm: v.norm, Exchanges: derefs(exs), Commitments: derefs(cs)}, a.Now, v.p), nil
}

// meHealth holds what the health of any of Me's relationships needs (Me's
// pair aggregates, exchanges and commitments), loaded once, so that the
// health of many people costs no query per person. Today's agenda and goal
// plan judge cooling by it (tie.HealthResult.Cooling).
type meHealth struct {
	me    int64
	now   time.Time
	p     tie.Params
	norm  tie.Normaliser
	pairs map[int64]tie.PairAgg // by the other person
	exs   []*ally.Exchange
	exBy  map[int64][]ally.Exchange
	cBy   map[int64][]ally.Commitment
}

// loadMeHealth reads Me's pairs, exchanges and commitments in tx; the
// workspace must have a Me.
func (a *App) loadMeHealth(ctx context.Context, tx *store.Tx, v *tieView) (*meHealth, error) {
	if err := a.requireMe(); err != nil {
		return nil, err
	}
	me := a.WS.MeID
	mine, err := v.of(ctx, me)
	if err != nil {
		return nil, err
	}
	exs, err := tx.FindExchanges(ctx, me)
	if err != nil {
		return nil, err
	}
	cs, err := tx.FindCommitments(ctx, me, false)
	if err != nil {
		return nil, err
	}
	m := &meHealth{me: me, now: a.Now, p: v.p, norm: v.norm, pairs: make(map[int64]tie.PairAgg, len(mine)), exs: exs,
		exBy: byCounterpart(exs, me, func(e *ally.Exchange) (int64, int64) { return e.FromID, e.ToID }),
		cBy:  byCounterpart(cs, me, func(c *ally.Commitment) (int64, int64) { return c.FromID, c.ToID })}
	for _, ag := range mine {
		o := ag.A
		if o == me {
			o = ag.B
		}
		m.pairs[o] = ag
	}
	return m, nil
}

// of is the health of Me's relationship rel (a zero one but for PersonID
// when none is recorded).
func (m *meHealth) of(rel ally.Relationship) tie.HealthResult {
	id := rel.PersonID
	return tie.Health(tie.HealthInput{MeID: m.me, PersonID: id, Relationship: rel, Pair: m.pairs[id], Norm: m.norm,
		Exchanges: m.exBy[id], Commitments: m.cBy[id]}, m.now, m.p)
}
