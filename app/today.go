package app

import (
	"context"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

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

// TodayOptions shapes the agenda: All lifts the day's length limit (the
// few moves a person can make in a day, tie.Today) and lists every move.
type TodayOptions struct {
	All bool
}

// Today returns the ranked agenda at App.Now.
func (a *App) Today(ctx context.Context, opt TodayOptions) (*Agenda, error) {
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
		gs, err := a.initiativesAt(ctx, tx)
		if err != nil {
			return err
		}
		gBy := map[int64]*ally.Initiative{}
		for _, g := range gs {
			gBy[g.ID] = g
		}
		ss, err := a.stakesAt(ctx, tx, 0)
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
		// Me's own line of the org chart, reached directly; and the people
		// Me has had no contact with yet, to introduce oneself to.
		ps, err := tx.FindPeople(ctx, ally.PersonFilter{})
		if err != nil {
			return err
		}
		for _, p := range ps {
			switch {
			case p.ID == a.WS.MeID:
				in.ManagerID = p.ManagerID
				continue
			case p.ManagerID == a.WS.MeID:
				in.ReportIDs = append(in.ReportIDs, p.ID)
			}
			if mh.pairs[p.ID].Count == 0 {
				n := tie.Newcomer{PersonID: p.ID, Added: p.Created}
				for _, tg := range p.Tags {
					if tg.Kind == ally.TagGoal || tg.Kind == ally.TagInterest {
						n.Interests = append(n.Interests, tg.Value)
					}
				}
				in.Newcomers = append(in.Newcomers, n)
			}
		}
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
		if !opt.All {
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

// Map returns the coverage of Me's network by direction, department, level,
// location and, for the people outside, organisation, with what is
// overlooked.
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
		ps, err := tx.FindPeople(ctx, ally.PersonFilter{})
		if err != nil {
			return err
		}
		orgs := map[int64]string{}
		for _, p := range ps {
			if p.Organisation != "" {
				orgs[p.ID] = p.Organisation
			}
		}
		out = tie.Coverage(tie.CoverageInput{Me: *me, Contacts: contacts, Organisations: orgs})
		return nil
	})
	return &out, err
}
