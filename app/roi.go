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

// MonthlySnapshot takes the month's snapshot when the workspace has none
// for the calendar month of a.Now (UTC) or later, so that the
// return-on-alliances trend fills itself: a face calls it once per command
// or session, on the workspace's own clock. It takes nothing (and returns
// nil) when the workspace has no Me, when the database is read-only (a
// backup being read stays as it is), or when a snapshot of this month or a
// later one exists (a clock set back never writes history before what is
// recorded). The check and the insert are one write transaction, so two
// commands starting the month at once take one snapshot.
func (a *App) MonthlySnapshot(ctx context.Context) (*ally.Snapshot, error) {
	if a.WS.MeID == 0 || a.DB.ReadOnly() {
		return nil, nil
	}
	month := time.Date(a.Now.Year(), a.Now.Month(), 1, 0, 0, 0, 0, time.UTC)
	due := func(tx *store.Tx) (bool, error) {
		last, err := tx.LatestSnapshotAt(ctx)
		return last.IsZero() || last.Before(month), err
	}
	// A read first: most commands of a month find it taken and must not
	// wait for the write lock.
	var need bool
	if err := a.view(ctx, func(tx *store.Tx) (err error) {
		need, err = due(tx)
		return err
	}); err != nil || !need {
		return nil, err
	}
	var s *ally.Snapshot
	err := a.update(ctx, func(tx *store.Tx) error {
		if need, err := due(tx); err != nil || !need {
			return err
		}
		var err error
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
// later are left out; a decided initiative counts as open before its
// decision date.
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
		if decided := decisionDate(g); outcome != ally.OutcomeOpen && !decided.IsZero() && at.Before(decided) {
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

// decisionDate is when g was decided: the recorded date, else (outcomes
// recorded before ally kept the date) the target date; zero while open or
// when neither is known.
func decisionDate(g *ally.Initiative) time.Time {
	if g.Outcome == ally.OutcomeOpen {
		return time.Time{}
	}
	if !g.Decided.IsZero() {
		return g.Decided
	}
	return g.Target
}

// ROI is the return-on-alliances view: every metric's trend, and the
// initiatives' outcomes against the support they had.
type ROI struct {
	Snapshots int               `json:"snapshots"`
	Trends    []tie.TrendResult `json:"trends"`
	Outcomes  Outcomes          `json:"outcomes"`
}

// Outcomes compares what initiatives came to with the coalition they had:
// each decided initiative's power-weighted support on the day it was
// decided, beside each open one's support now, and the mean support of the
// won and of the lost ones. It answers "do I win where I built the base?".
type Outcomes struct {
	Initiatives []InitiativeOutcome `json:"initiatives"`
	Won         int                 `json:"won"`
	Lost        int                 `json:"lost"`
	Open        int                 `json:"open"`
	// WonSupport and LostSupport are the mean support (0–1) of the won and
	// the lost initiatives when decided; absent when there are none.
	WonSupport  *float64 `json:"won_support,omitempty"`
	LostSupport *float64 `json:"lost_support,omitempty"`
}

// InitiativeOutcome is one initiative's outcome and the support it had at
// At: the decision date for a decided one (zero when ally does not know
// it, and the support is then today's), the clock for an open one.
type InitiativeOutcome struct {
	ID         int64        `json:"id"`
	Name       string       `json:"name"`
	Outcome    ally.Outcome `json:"outcome"`
	At         time.Time    `json:"at,omitzero"`
	Support    float64      `json:"support"`
	Supporters int          `json:"supporters"`
}

// outcomes measures each initiative's support on the day it was decided
// (open ones: at a.Now), from the stance history.
func (a *App) outcomes(ctx context.Context, tx *store.Tx) (Outcomes, error) {
	out := Outcomes{Initiatives: []InitiativeOutcome{}}
	gs, err := tx.FindInitiatives(ctx)
	if err != nil {
		return out, err
	}
	byDate := map[time.Time][]ally.InitiativeSupport{}
	var won, lost []float64
	for _, g := range gs {
		if g.Created.After(a.Now) {
			continue
		}
		at := decisionDate(g)
		known := !at.IsZero() && !at.After(a.Now)
		if !known {
			at = a.Now
		}
		sups, ok := byDate[at]
		if !ok {
			if sups, err = a.supportAt(ctx, tx, at); err != nil {
				return out, err
			}
			byDate[at] = sups
		}
		o := InitiativeOutcome{ID: g.ID, Name: g.Name, Outcome: g.Outcome}
		if known || g.Outcome == ally.OutcomeOpen {
			o.At = at
		}
		for _, sp := range sups {
			if sp.InitiativeID == g.ID {
				o.Support, o.Supporters = sp.Support, sp.Supporters
			}
		}
		switch g.Outcome {
		case ally.OutcomeWon:
			out.Won++
			won = append(won, o.Support)
		case ally.OutcomeLost:
			out.Lost++
			lost = append(lost, o.Support)
		case ally.OutcomeOpen:
			out.Open++
		}
		out.Initiatives = append(out.Initiatives, o)
	}
	out.WonSupport, out.LostSupport = mean(won), mean(lost)
	return out, nil
}

// mean is the mean of xs, nil when there are none.
func mean(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	m := s / float64(len(xs))
	return &m
}

// ROI returns the trend of each metric (or of the named ones) over the
// workspace's snapshots up to a.Now, and the outcomes against support.
func (a *App) ROI(ctx context.Context, metrics []string) (*ROI, error) {
	out := &ROI{Trends: []tie.TrendResult{}}
	err := a.view(ctx, func(tx *store.Tx) error {
		all, err := tx.FindSnapshots(ctx)
		if err != nil {
			return err
		}
		// The clock is one clock: a look back (--now) sees the snapshots
		// taken by then, not those of later months.
		var ss []*ally.Snapshot
		for _, s := range all {
			if !s.At.After(a.Now) {
				ss = append(ss, s)
			}
		}
		out.Snapshots = len(ss)
		if out.Outcomes, err = a.outcomes(ctx, tx); err != nil {
			return err
		}
		if len(ss) == 0 {
			return nil // no trends yet; the outcomes stand alone
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
