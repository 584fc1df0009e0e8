package app

import (
	"context"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// Workspace settings of the relationship engine. Durations are written
// like "90d", "12h" or "2w".
const (
	SettingHalfLife    = "tie.half_life"
	settingCadence     = "tie.cadence." // + tier
	settingFingerprint = "tie.fingerprint"
	settingNormQ       = "tie.norm.q"  // the raw-strength quantile at tie.norm.at
	settingNormAt      = "tie.norm.at" // RFC 3339
)

// derivedSetting reports whether a workspace setting is state derived from
// the interactions (the aggregates' fingerprint and normaliser), which an
// export leaves out and an import rebuilds.
func derivedSetting(key string) bool {
	return key == settingFingerprint || key == settingNormQ || key == settingNormAt
}

// SettingKeys lists the engine settings `ally config` accepts.
func SettingKeys() []string {
	keys := []string{SettingHalfLife}
	for _, t := range []ally.Tier{ally.TierKeyAlly, ally.TierAlly, ally.TierNetwork, ally.TierProspect} {
		keys = append(keys, settingCadence+string(t))
	}
	return keys
}

// ParseDuration reads "90d", "2w", "36h" or "1.5d"; field names the input.
func ParseDuration(field, s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	unit := time.Duration(0)
	switch {
	case strings.HasSuffix(s, "d"):
		unit = tie.Day
	case strings.HasSuffix(s, "w"):
		unit = 7 * tie.Day
	case strings.HasSuffix(s, "h"):
		unit = time.Hour
	}
	if unit == 0 {
		return 0, ally.Errorf(ally.EINVALID, "%s %q needs a unit: d (days), w (weeks) or h (hours), e.g. 90d", field, s)
	}
	f, err := strconv.ParseFloat(s[:len(s)-1], 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e6 {
		return 0, ally.Errorf(ally.EINVALID, "%s %q is not a duration, e.g. 90d", field, s)
	}
	return time.Duration(f * float64(unit)), nil
}

func formatDuration(d time.Duration) string {
	if d%tie.Day == 0 {
		return strconv.FormatInt(int64(d/tie.Day), 10) + "d"
	}
	return strconv.FormatFloat(d.Hours(), 'g', -1, 64) + "h"
}

// params reads the engine parameters: the defaults with the workspace's
// settings applied, validated.
func params(ctx context.Context, tx *store.Tx) (tie.Params, error) {
	p := tie.DefaultParams()
	set, err := tx.Settings(ctx)
	if err != nil {
		return p, err
	}
	if err := applySettings(&p, set); err != nil {
		return p, err
	}
	return p, p.Validate()
}

func applySettings(p *tie.Params, set map[string]string) error {
	if v := set[SettingHalfLife]; v != "" {
		d, err := ParseDuration("half-life", v)
		if err != nil {
			return err
		}
		p.HalfLife = d
	}
	cad := map[ally.Tier]time.Duration{}
	for k, v := range p.Cadence {
		cad[k] = v
	}
	for k, v := range set {
		t, ok := strings.CutPrefix(k, settingCadence)
		if !ok {
			continue
		}
		if v == "none" {
			delete(cad, ally.Tier(t))
			continue
		}
		d, err := ParseDuration("cadence of "+t, v)
		if err != nil {
			return err
		}
		cad[ally.Tier(t)] = d
	}
	p.Cadence = cad
	return nil
}

// Config returns the engine settings in force: each key with its value.
func (a *App) Config(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := a.view(ctx, func(tx *store.Tx) error {
		p, err := params(ctx, tx)
		if err != nil {
			return err
		}
		out[SettingHalfLife] = formatDuration(p.HalfLife)
		for _, t := range []ally.Tier{ally.TierKeyAlly, ally.TierAlly, ally.TierNetwork, ally.TierProspect} {
			if d, ok := p.Cadence[t]; ok {
				out[settingCadence+string(t)] = formatDuration(d)
			} else {
				out[settingCadence+string(t)] = "none"
			}
		}
		return nil
	})
	return out, err
}

// SetConfig changes one engine setting ("" restores the default). A new
// half-life rebuilds the tie aggregates in the same transaction; an invalid
// value is refused and nothing is written.
func (a *App) SetConfig(ctx context.Context, key, value string) error {
	known := false
	for _, k := range SettingKeys() {
		known = known || k == key
	}
	if !known {
		return ally.Errorf(ally.EINVALID, "setting %q is not one of %s", key, strings.Join(SettingKeys(), ", "))
	}
	return a.update(ctx, func(tx *store.Tx) error {
		set, err := tx.Settings(ctx)
		if err != nil {
			return err
		}
		set[key] = value
		p := tie.DefaultParams()
		if err := applySettings(&p, set); err != nil {
			return err
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if err := tx.SetSetting(ctx, key, value); err != nil {
			return err
		}
		return rebuildTies(ctx, tx, p)
	})
}

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

// all returns every aggregate of the workspace.
func (v *tieView) all(ctx context.Context) ([]tie.PairAgg, error) {
	if v.mem != nil {
		return v.mem, nil
	}
	return v.tx.FindTies(ctx, 0)
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
func (a *App) Health(ctx context.Context, ref string) (*HealthView, error) {
	if err := a.requireMe(); err != nil {
		return nil, err
	}
	var hv *HealthView
	err := a.view(ctx, func(tx *store.Tx) error {
		p, err := resolve(ctx, tx, a.WS.MeID, ref)
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

// AgendaItem is an item of today's agenda with the people named.
type AgendaItem struct {
	tie.AgendaItem
	Names []string `json:"names"`
}

// Agenda is today's ranked agenda.
type Agenda struct {
	Now   time.Time     `json:"now"`
	Items []*AgendaItem `json:"items"`
	Total int           `json:"total"` // items before the limit
}

// contacts builds the engine's view of everyone but Me, and an index of
// them that also holds Me.
func (a *App) contacts(ctx context.Context, tx *store.Tx) ([]tie.Contact, map[int64]*tie.Contact, error) {
	ps, err := tx.FindPeople(ctx, ally.PersonFilter{})
	if err != nil {
		return nil, nil, err
	}
	rels, err := tx.FindRelationships(ctx)
	if err != nil {
		return nil, nil, err
	}
	cs := tie.Contacts(ps, derefs(rels), a.WS.MeID)
	by := make(map[int64]*tie.Contact, len(cs)+1)
	for i := range cs {
		by[cs[i].ID] = &cs[i]
	}
	// Contacts leaves Me out; Map needs Me's own department and level.
	for _, p := range ps {
		if p.ID == a.WS.MeID {
			by[p.ID] = &tie.Contact{ID: p.ID, Name: p.Name, Department: p.Department, Location: p.Location, Level: p.Level}
		}
	}
	return cs, by, nil
}

// Today returns the ranked agenda at App.Now; all lifts the length limit.
func (a *App) Today(ctx context.Context, all bool) (*Agenda, error) {
	if err := a.requireMe(); err != nil {
		return nil, err
	}
	ag := &Agenda{Now: a.Now, Items: []*AgendaItem{}}
	err := a.view(ctx, func(tx *store.Tx) error {
		v, err := a.ties(ctx, tx)
		if err != nil {
			return err
		}
		contacts, byID, err := a.contacts(ctx, tx)
		if err != nil {
			return err
		}
		in := tie.AgendaInput{MeID: a.WS.MeID, Contacts: contacts, All: true}
		cs, err := tx.FindCommitments(ctx, a.WS.MeID, true)
		if err != nil {
			return err
		}
		in.Commitments = derefs(cs)
		mh, err := a.loadMeHealth(ctx, tx, v)
		if err != nil {
			return err
		}
		in.Balances = tie.Ledgers(a.WS.MeID, derefs(mh.exs), a.Now, v.p)
		// Health of the relationships Me keeps up with (a tier with a
		// cadence), from data already loaded: no query per person.
		rels, err := tx.FindRelationships(ctx)
		if err != nil {
			return err
		}
		var allies []int64
		for _, r := range rels {
			if r.Status == ally.StatusEnded {
				continue
			}
			if _, ok := v.p.CadenceOf(r.Tier); !ok && r.Status != ally.StatusStrained {
				continue
			}
			in.Health = append(in.Health, mh.of(*r))
			if c := byID[r.PersonID]; c != nil && c.IsAlly() {
				allies = append(allies, r.PersonID)
			}
		}
		gs, err := tx.FindInitiatives(ctx)
		if err != nil {
			return err
		}
		gBy := map[int64]*ally.Initiative{}
		for _, g := range gs {
			gBy[g.ID] = g
		}
		ss, err := tx.FindStakes(ctx, 0)
		if err != nil {
			return err
		}
		for _, s := range ss {
			if g := gBy[s.InitiativeID]; g != nil && g.Outcome == ally.OutcomeOpen {
				in.Stakes = append(in.Stakes, tie.StakeRef{Initiative: *g, Stake: *s})
			}
		}
		rs, err := tx.FindRepairPlans(ctx, 0)
		if err != nil {
			return err
		}
		in.Repairs = derefs(rs)
		// Grow the base: people tied to Me's allies.
		for _, al := range allies {
			aggs, err := v.ofOver(ctx, al, 0.05)
			if err != nil {
				return err
			}
			for _, e := range tie.Edges(aggs, a.Now, v.p, v.norm, 0.05) {
				o := e.A
				if o == al {
					o = e.B
				}
				if o != a.WS.MeID {
					in.Adjacent = append(in.Adjacent, tie.Adjacency{AllyID: al, PersonID: o, Strength: e.Strength})
				}
			}
		}
		items := tie.Today(in, a.Now, v.p)
		ag.Total = len(items)
		if !all {
			in.All = false
			items = tie.Today(in, a.Now, v.p)
		}
		for _, it := range items {
			x := &AgendaItem{AgendaItem: it}
			for _, id := range it.PersonIDs {
				if c := byID[id]; c != nil {
					x.Names = append(x.Names, c.Name)
				}
			}
			ag.Items = append(ag.Items, x)
		}
		return nil
	})
	return ag, err
}

// Map returns the coverage of Me's network by direction, department, level
// and location, with what is overlooked.
func (a *App) Map(ctx context.Context) (*tie.CoverageResult, error) {
	if err := a.requireMe(); err != nil {
		return nil, err
	}
	var out tie.CoverageResult
	err := a.view(ctx, func(tx *store.Tx) error {
		contacts, byID, err := a.contacts(ctx, tx)
		if err != nil {
			return err
		}
		me := byID[a.WS.MeID]
		if me == nil {
			return ally.Errorf(ally.ENOTFOUND, "Me (person %d) is not in the workspace", a.WS.MeID)
		}
		out = tie.Coverage(tie.CoverageInput{Me: *me, Contacts: contacts})
		return nil
	})
	return &out, err
}

// OpenRepair opens a repair plan for a strained relationship: the cause and
// dated check-ins (default: in 3 days, 2 weeks and 6 weeks), and marks the
// relationship strained.
func (a *App) OpenRepair(ctx context.Context, ref, cause string, steps []ally.RepairStep) (*ally.RepairPlan, *ally.Person, error) {
	r := &ally.RepairPlan{Cause: cause, Opened: a.Now, Steps: steps}
	day := time.Date(a.Now.Year(), a.Now.Month(), a.Now.Day(), 0, 0, 0, 0, time.UTC)
	if len(r.Steps) == 0 {
		r.Steps = []ally.RepairStep{
			{Due: day.AddDate(0, 0, 3), What: "one-on-one: listen first, acknowledge the cause"},
			{Due: day.AddDate(0, 0, 14), What: "check in: deliver one concrete thing they value"},
			{Due: day.AddDate(0, 0, 42), What: "review: is the relationship steady again?"},
		}
	}
	var p *ally.Person
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if p, err = resolve(ctx, tx, a.WS.MeID, ref); err != nil {
			return err
		}
		if p.ID == a.WS.MeID {
			return ally.Errorf(ally.EINVALID, "a repair plan is for a relationship between Me and someone else")
		}
		r.PersonID = p.ID
		if err := tx.CreateRepairPlan(ctx, r); err != nil {
			return err
		}
		rel, err := tx.FindRelationship(ctx, p.ID)
		if ally.ErrorCode(err) == ally.ENOTFOUND {
			rel, err = &ally.Relationship{PersonID: p.ID}, nil
		}
		if err != nil {
			return err
		}
		if rel.Status == ally.StatusEnded {
			return ally.Errorf(ally.ECONFLICT, "the relationship with %s has ended; set its status first (ally rel %d --status engaged)", p.Name, p.ID)
		}
		rel.Status, rel.Updated = ally.StatusStrained, a.Now
		return tx.PutRelationship(ctx, rel)
	})
	return r, p, err
}

// RepairCheck marks the next open step of a repair plan done, or closes the
// plan with an outcome ("repaired", "ended", …). A repaired plan sets the
// relationship back to engaged.
func (a *App) RepairCheck(ctx context.Context, id int64, outcome string) (*ally.RepairPlan, error) {
	var r *ally.RepairPlan
	err := a.update(ctx, func(tx *store.Tx) error {
		rs, err := tx.FindRepairPlans(ctx, 0)
		if err != nil {
			return err
		}
		for _, x := range rs {
			if x.ID == id {
				r = x
			}
		}
		if r == nil {
			return ally.Errorf(ally.ENOTFOUND, "repair plan %d not found", id)
		}
		if !r.Closed.IsZero() {
			return ally.Errorf(ally.ECONFLICT, "repair plan %d is already closed (%s)", id, r.Outcome)
		}
		if outcome != "" {
			r.Outcome, r.Closed = outcome, a.Now
			if outcome == "repaired" {
				rel, err := tx.FindRelationship(ctx, r.PersonID)
				if err == nil && rel.Status == ally.StatusStrained {
					rel.Status, rel.Updated = ally.StatusEngaged, a.Now
					if err := tx.PutRelationship(ctx, rel); err != nil {
						return err
					}
				}
			}
		} else {
			done := false
			for i := range r.Steps {
				if r.Steps[i].Done.IsZero() {
					r.Steps[i].Done, done = a.Now, true
					break
				}
			}
			if !done {
				return ally.Errorf(ally.ECONFLICT, "every step of repair plan %d is done: close it with --outcome repaired (or ended)", id)
			}
		}
		return tx.UpdateRepairPlan(ctx, r)
	})
	return r, err
}

// End ends an alliance gracefully: the relationship is marked ended with a
// note, open repair plans close, history stays, and the agenda stops
// nudging. Open commitments are left for the user to keep or release.
func (a *App) End(ctx context.Context, ref, note string) (*ally.Relationship, *ally.Person, int, error) {
	var rel *ally.Relationship
	var p *ally.Person
	open := 0
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if p, err = resolve(ctx, tx, a.WS.MeID, ref); err != nil {
			return err
		}
		if p.ID == a.WS.MeID {
			return ally.Errorf(ally.EINVALID, "a relationship is between Me and someone else")
		}
		rel, err = tx.FindRelationship(ctx, p.ID)
		if ally.ErrorCode(err) == ally.ENOTFOUND {
			rel, err = &ally.Relationship{PersonID: p.ID}, nil
		}
		if err != nil {
			return err
		}
		rel.Status, rel.Note, rel.Updated = ally.StatusEnded, note, a.Now
		if err := tx.PutRelationship(ctx, rel); err != nil {
			return err
		}
		rs, err := tx.FindRepairPlans(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.Closed.IsZero() {
				r.Outcome, r.Closed = "ended", a.Now
				if err := tx.UpdateRepairPlan(ctx, r); err != nil {
					return err
				}
			}
		}
		cs, err := tx.FindCommitments(ctx, p.ID, true)
		open = len(cs)
		return err
	})
	return rel, p, open, err
}

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
			return ally.Errorf(ally.ENOTFOUND, "no snapshots yet: run `ally snapshot` (monthly, say) to start the trend")
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
