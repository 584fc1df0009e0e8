package app

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// Snapshot records the workspace's metrics at App.Now.
func (a *App) Snapshot(ctx context.Context) (*ally.Snapshot, error) {
	if err := a.requireMe(); err != nil {
		return nil, err
	}
	var s *ally.Snapshot
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		s, err = a.snapshot(ctx, tx)
		return err
	})
	return s, err
}

// snapshot computes and records the metrics as of a.Now inside tx.
func (a *App) snapshot(ctx context.Context, tx *store.Tx) (*ally.Snapshot, error) {
	m, err := a.snapshotMetrics(ctx, tx)
	if err != nil {
		return nil, err
	}
	s := &ally.Snapshot{At: a.Now, Metrics: m.Metrics, Initiatives: m.Initiatives}
	return s, tx.CreateSnapshot(ctx, s)
}

func (a *App) snapshotMetrics(ctx context.Context, tx *store.Tx) (*ally.Snapshot, error) {
	v, err := a.ties(ctx, tx)
	if err != nil {
		return nil, err
	}
	contacts, _, err := a.contacts(ctx, tx)
	if err != nil {
		return nil, err
	}
	mine, err := v.of(ctx, a.WS.MeID)
	if err != nil {
		return nil, err
	}
	exs, err := tx.FindExchanges(ctx, a.WS.MeID)
	if err != nil {
		return nil, err
	}
	cs, err := tx.FindCommitments(ctx, a.WS.MeID, false)
	if err != nil {
		return nil, err
	}
	// Only what existed at the snapshot's date counts, so that snapshots
	// taken for past dates (the demo's year) are honest.
	var exAt []ally.Exchange
	for _, e := range exs {
		if !e.At.After(a.Now) {
			exAt = append(exAt, *e)
		}
	}
	var cAt []ally.Commitment
	for _, c := range cs {
		if c.Created.After(a.Now) {
			continue
		}
		x := *c
		if !x.Closed.IsZero() && x.Closed.After(a.Now) {
			x.Status, x.Closed = ally.CommitOpen, time.Time{}
		}
		cAt = append(cAt, x)
	}
	sups, err := a.supportAt(ctx, tx, a.Now)
	if err != nil {
		return nil, err
	}
	m := tie.SnapshotMetrics(tie.SnapshotInput{MeID: a.WS.MeID, Contacts: contacts, MyPairs: mine, Norm: v.norm,
		Exchanges: exAt, Commitments: cAt, Initiatives: sups}, a.Now, v.p)
	return &ally.Snapshot{At: a.Now, Metrics: m, Initiatives: sups}, nil
}

// supportAt returns each initiative's power-weighted support at a date,
// from the stance history (the stance in force then). Initiatives created
// later are left out; an initiative counts as open until its target date
// when it was decided after the date.
func (a *App) supportAt(ctx context.Context, tx *store.Tx, at time.Time) ([]ally.InitiativeSupport, error) {
	gs, err := tx.FindInitiatives(ctx)
	if err != nil {
		return nil, err
	}
	ss, err := tx.FindStakes(ctx, 0)
	if err != nil {
		return nil, err
	}
	var out []ally.InitiativeSupport
	for _, g := range gs {
		if g.Created.After(at) {
			continue
		}
		outcome := g.Outcome
		if outcome != ally.OutcomeOpen && !g.Target.IsZero() && at.Before(g.Target) {
			outcome = ally.OutcomeOpen
		}
		var ms []coalition.Member
		for _, st := range ss {
			if st.InitiativeID != g.ID {
				continue
			}
			stance := ally.Stance("")
			for _, h := range st.History {
				if !h.At.After(at) {
					stance = h.To
				}
			}
			if stance == "" {
				if len(st.History) > 0 {
					continue // not yet a stakeholder then
				}
				stance = st.Stance
			}
			ms = append(ms, coalition.Member{Stance: stance, Power: st.Power})
		}
		sup := coalition.WeighSupport(ms)
		out = append(out, ally.InitiativeSupport{InitiativeID: g.ID, Outcome: outcome, Support: sup.Share, Supporters: sup.Supporters})
	}
	return out, nil
}

// ROI is the return-on-alliances view: every metric's trend.
type ROI struct {
	Snapshots int               `json:"snapshots"`
	Trends    []tie.TrendResult `json:"trends"`
}

// ROI returns the trend of each metric (or of the named ones) over the
// workspace's snapshots.
func (a *App) ROI(ctx context.Context, metrics []string) (*ROI, error) {
	out := &ROI{Trends: []tie.TrendResult{}}
	err := a.view(ctx, func(tx *store.Tx) error {
		ss, err := tx.FindSnapshots(ctx)
		if err != nil {
			return err
		}
		out.Snapshots = len(ss)
		if len(ss) == 0 {
			return ally.Errorf(ally.ENOTFOUND, "no snapshots yet").WithHint(ally.HintSnapshot)
		}
		vals := derefs(ss)
		names := metrics
		if len(names) == 0 {
			names = tie.MetricNames(vals)
		}
		known := map[string]bool{}
		for _, n := range tie.MetricNames(vals) {
			known[n] = true
		}
		for _, n := range names {
			if !known[n] {
				all := tie.MetricNames(vals)
				sort.Strings(all)
				return ally.Errorf(ally.EINVALID, "metric %q is not recorded (have: %s)", n, strings.Join(all, ", "))
			}
			out.Trends = append(out.Trends, tie.Trend(vals, n))
		}
		return nil
	})
	return out, err
}
