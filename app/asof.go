package app

import (
	"context"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// The clock is one clock: a read with a past --now (or a workspace whose
// clock is fixed, as the demo's) sees initiatives and stakes as they stood
// then: the stance in force at the clock, the history up to it, no stake
// recorded later, no initiative created later, and an outcome decided
// later still open. Only the views do this; a write reads the stored rows
// as they are (asOf would lose the later history it writes back).

// stakesAt returns the stakes of initiative goal (0: all) as of a.Now.
func (a *App) stakesAt(ctx context.Context, tx *store.Tx, goal int64) ([]*ally.Stake, error) {
	ss, err := tx.FindStakes(ctx, goal)
	if err != nil {
		return nil, err
	}
	out := ss[:0]
	for _, s := range ss {
		if s = stakeAt(s, a); s != nil {
			out = append(out, s)
		}
	}
	return out, nil
}

// stakeAt is s as of a.Now, or nil when it was recorded later. A stake
// without history (an import from before ally kept one) is taken as it is.
func stakeAt(s *ally.Stake, a *App) *ally.Stake {
	if len(s.History) == 0 || !s.History[len(s.History)-1].At.After(a.Now) {
		return s
	}
	n := 0
	for n < len(s.History) && !s.History[n].At.After(a.Now) {
		n++
	}
	if n == 0 {
		return nil
	}
	x := *s
	x.History = s.History[:n:n]
	x.Stance, x.Updated = x.History[n-1].To, x.History[n-1].At
	return &x
}

// initiativesAt returns the initiatives created by a.Now, each as of then.
func (a *App) initiativesAt(ctx context.Context, tx *store.Tx) ([]*ally.Initiative, error) {
	gs, err := tx.FindInitiatives(ctx)
	if err != nil {
		return nil, err
	}
	out := gs[:0]
	for _, g := range gs {
		if !g.Created.After(a.Now) {
			out = append(out, initiativeAt(g, a))
		}
	}
	return out, nil
}

// initiativeAt is g as of a.Now: open if it was decided later (by its
// decision date, or its target date where no decision date is recorded,
// as the return-on-alliances view reads it).
func initiativeAt(g *ally.Initiative, a *App) *ally.Initiative {
	if d := decisionDate(g); d.IsZero() || !d.After(a.Now) {
		return g
	}
	x := *g
	x.Outcome, x.Decided = ally.OutcomeOpen, time.Time{}
	return &x
}
