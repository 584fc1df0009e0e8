package app

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// rebuildTies recomputes every pair aggregate from the interactions, and the
// workspace normaliser, when the parameters they depend on have changed (or
// were never recorded). It runs inside a write transaction.
func rebuildTies(ctx context.Context, tx *store.Tx, p tie.Params) error {
	fp, err := tx.Setting(ctx, settingFingerprint)
	if err != nil || fp == p.Fingerprint() {
		return err
	}
	return writeTies(ctx, tx, p)
}

// writeTies recomputes every pair aggregate and the normaliser from the
// interactions unconditionally (rebuildTies and App.RebuildTies).
func writeTies(ctx context.Context, tx *store.Tx, p tie.Params) error {
	ins, err := tx.FindInteractions(ctx, store.InteractionFilter{})
	if err != nil {
		return err
	}
	vals := make([]ally.Interaction, len(ins))
	for i, in := range ins {
		vals[i] = *in
	}
	aggs, err := tie.Aggregate(vals, p)
	if err != nil {
		return err
	}
	if err := tx.DeleteTies(ctx); err != nil {
		return err
	}
	if err := tx.PutTies(ctx, aggs); err != nil {
		return err
	}
	if err := tx.SetSetting(ctx, settingFingerprint, p.Fingerprint()); err != nil {
		return err
	}
	return saveNormaliser(ctx, tx, aggs, p)
}

// saveNormaliser stores the raw-strength quantile of all pairs at the
// latest interaction. Between writes every pair decays by the same factor,
// so the quantile at any later time is this one times 2^(−Δt/h) exactly;
// reads then need no scan of the workspace.
func saveNormaliser(ctx context.Context, tx *store.Tx, aggs []tie.PairAgg, p tie.Params) error {
	_, last, err := tx.InteractionSpan(ctx)
	if err != nil || last.IsZero() {
		return err
	}
	q := p
	q.MinNormaliser = math.SmallestNonzeroFloat64 // the raw quantile, without the floor
	n := tie.NewNormaliser(aggs, last, q)
	if err := tx.SetSetting(ctx, settingNormQ, strconv.FormatFloat(n.Ref, 'g', -1, 64)); err != nil {
		return err
	}
	return tx.SetSetting(ctx, settingNormAt, last.Format(time.RFC3339))
}

// addTies folds a new interaction into the stored pair aggregates.
func addTies(ctx context.Context, tx *store.Tx, in *ally.Interaction) error {
	p, err := params(ctx, tx)
	if err != nil {
		return err
	}
	if fp, err := tx.Setting(ctx, settingFingerprint); err != nil {
		return err
	} else if fp != p.Fingerprint() {
		return rebuildTies(ctx, tx, p) // includes the new interaction
	}
	cs, err := tie.Contributions(*in, p)
	if err != nil {
		return err
	}
	var ids []int64
	for _, pa := range in.Participants {
		ids = append(ids, pa.PersonID)
	}
	have, err := tx.FindTiesAmong(ctx, ids)
	if err != nil {
		return err
	}
	rows := map[[2]int64]*tie.PairAgg{}
	for i := range have {
		rows[[2]int64{have[i].A, have[i].B}] = &have[i]
	}
	var out []tie.PairAgg
	for _, c := range cs {
		r := rows[[2]int64{c.A, c.B}]
		if r == nil {
			r = &tie.PairAgg{}
		}
		if err := r.Add(c); err != nil {
			return err
		}
		out = append(out, *r)
	}
	return tx.PutTies(ctx, out)
}

// tieView is the workspace's ties as of App.Now.
type tieView struct {
	p    tie.Params
	norm tie.Normaliser
	now  time.Time
	// mem holds every aggregate when they were computed in memory (a
	// --now before the latest interaction); nil when the store's rows are
	// current.
	mem    []tie.PairAgg
	byPers map[int64][]tie.PairAgg
	tx     *store.Tx
}

// ties returns the tie view at a.Now. When a.Now is at or after the latest
// interaction, it reads the stored aggregates; otherwise it rebuilds them in
// memory from the interactions up to a.Now, so that --now shows the network
// as it stood then (slower, and only for looking back).
func (a *App) ties(ctx context.Context, tx *store.Tx) (*tieView, error) {
	p, err := params(ctx, tx)
	if err != nil {
		return nil, err
	}
	first, last, err := tx.InteractionSpan(ctx)
	if err != nil {
		return nil, err
	}
	if !first.IsZero() {
		if err := tie.CheckNow(a.Now, first); err != nil {
			return nil, err
		}
	}
	v := &tieView{p: p, now: a.Now, tx: tx}
	fp, err := tx.Setting(ctx, settingFingerprint)
	if err != nil {
		return nil, err
	}
	if !a.Now.Before(last) && fp == p.Fingerprint() {
		v.norm, err = storedNormaliser(ctx, tx, a.Now, p)
		return v, err
	}
	ins, err := tx.FindInteractions(ctx, store.InteractionFilter{Until: a.Now.Add(time.Second)})
	if err != nil {
		return nil, err
	}
	vals := make([]ally.Interaction, len(ins))
	for i, in := range ins {
		vals[i] = *in
	}
	if v.mem, err = tie.Aggregate(vals, p); err != nil {
		return nil, err
	}
	v.byPers = map[int64][]tie.PairAgg{}
	for _, ag := range v.mem {
		v.byPers[ag.A] = append(v.byPers[ag.A], ag)
		v.byPers[ag.B] = append(v.byPers[ag.B], ag)
	}
	v.norm = tie.NewNormaliser(v.mem, a.Now, p)
	return v, nil
}

func storedNormaliser(ctx context.Context, tx *store.Tx, now time.Time, p tie.Params) (tie.Normaliser, error) {
	n := tie.Normaliser{Ref: p.MinNormaliser, At: now}
	qs, err := tx.Setting(ctx, settingNormQ)
	if err != nil || qs == "" {
		return n, err
	}
	ats, err := tx.Setting(ctx, settingNormAt)
	if err != nil {
		return n, err
	}
	q, err1 := strconv.ParseFloat(qs, 64)
	at, err2 := time.Parse(time.RFC3339, ats)
	if err1 != nil || err2 != nil {
		return n, nil
	}
	n.Ref = math.Max(p.MinNormaliser, q*math.Exp2(-float64(now.Sub(at))/float64(p.HalfLife)))
	return n, nil
}

// of returns the aggregates of pairs that include person.
func (v *tieView) of(ctx context.Context, person int64) ([]tie.PairAgg, error) {
	if v.mem != nil {
		return v.byPers[person], nil
	}
	return v.tx.FindTies(ctx, person)
}

// ofOver returns the aggregates of pairs that include person and may have
// a normalised strength of at least minStrength (> 0) at v.now: a superset
// of those tie.Edges(…, minStrength) keeps, which the caller still applies.
// The stored rows are filtered by LogVolume in the store. Raw strength is
// Volume · Reciprocity · Multiplexity with Volume = 2^(LogVolume − u) (u =
// (now − Epoch)/h; at the pair's Last when that is later, which is only
// smaller) and each factor bounded by its bonus, so a pair can reach
// minStrength · Ref only if LogVolume ≥ u + log₂(minStrength · Ref / F),
// F the largest factor product — taken from tie.Strength itself (all
// channels, both sides initiating very often, volume 1) so that the bound
// follows the engine. Most of an ally's pairs are far below it, and
// skipping them in SQL nearly halved the cost of `ally today` on a workspace of
// 4M pairs (see docs/benchmarks-relationships.md).
func (v *tieView) ofOver(ctx context.Context, person int64, minStrength float64) ([]tie.PairAgg, error) {
	if v.mem != nil {
		return v.byPers[person], nil
	}
	u := float64(v.now.Sub(tie.Epoch)) / float64(v.p.HalfLife)
	maxF := tie.Strength(tie.PairAgg{A: 1, B: 2, LogVolume: u, Channels: math.MaxUint8, InitA: 1 << 40, InitB: 1 << 40,
		Count: 1, First: v.now, Last: v.now}, v.now, v.p).Raw
	ref := v.norm.Ref
	if !(ref > 0) {
		ref = 1
	}
	bound := u + math.Log2(minStrength*ref/maxF) - 1e-6 // margin for rounding
	if !(minStrength > 0) || !(maxF > 0) || math.IsNaN(bound) || math.IsInf(bound, 0) {
		return v.tx.FindTies(ctx, person) // no usable bound: no filter
	}
	return v.tx.FindTiesOver(ctx, person, bound)
}

// pair returns the aggregate of one pair (zero when they never interacted).
func (v *tieView) pair(ctx context.Context, a, b int64) (tie.PairAgg, error) {
	if v.mem != nil {
		return pairOf(v.byPers[a], a, b), nil
	}
	return v.tx.FindTie(ctx, a, b)
}

// each calls fn with every pair of the workspace, in no particular order.
// The aggregates fn sees carry what tie.Strength reads, Count and Last, but
// from the store InitA and InitB are both their minimum and First is zero
// (store.TieSummary): fn must not read those fields.
func (v *tieView) each(ctx context.Context, fn func(ag tie.PairAgg)) error {
	if v.mem != nil {
		for _, ag := range v.mem {
			fn(ag)
		}
		return nil
	}
	return v.tx.EachTieSummary(ctx, func(s *store.TieSummary) error {
		fn(s.Agg())
		return nil
	})
}

// pair returns the aggregate of one pair (zero when they never interacted).
func pairOf(aggs []tie.PairAgg, a, b int64) tie.PairAgg {
	if a > b {
		a, b = b, a
	}
	for _, ag := range aggs {
		if ag.A == a && ag.B == b {
			return ag
		}
	}
	return tie.PairAgg{}
}

// byCounterpart groups rows between Me and others by the other person.
func byCounterpart[T any](xs []*T, me int64, ends func(*T) (from, to int64)) map[int64][]T {
	out := map[int64][]T{}
	for _, x := range xs {
		from, to := ends(x)
		o := to
		if o == me {
			o = from
		}
		out[o] = append(out[o], *x)
	}
	return out
}

func derefs[T any](xs []*T) []T {
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = *x
	}
	return out
}
