package app

import (
	"context"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// PersonDetail is everything Me's workspace knows about one person.
type PersonDetail struct {
	PersonView
	Now         time.Time         `json:"now"` // the clock it is shown as of
	Reports     []string          `json:"reports,omitempty"`
	Balance     *Balance          `json:"ledger_balance,omitempty"`
	Commitments []*CommitmentView `json:"open_commitments"`
	Stakes      []*PersonStake    `json:"stakes"`
	// Timeline is the person's latest interactions up to the clock, with
	// Me or not; TimelineTotal counts them all.
	Timeline      []*InteractionView `json:"timeline"`
	TimelineTotal int                `json:"timeline_total"`
	// Interacted counts the interactions up to the clock that Me took part
	// in with the person: the count health's tie strength is made of
	// (tie.StrengthParts.Count), the one number every face shows for it.
	Interacted int                `json:"interactions_with_me"`
	Repairs    []*ally.RepairPlan `json:"repair_plans,omitempty"`
	Health     *tie.HealthResult  `json:"health,omitempty"` // Me's relationship with them
}

// PersonStake is a person's stake in an initiative, named.
type PersonStake struct {
	*ally.Stake
	Initiative string `json:"initiative"`
}

// InteractionView is an interaction with the names of the participants
// other than the person shown, Me first when Me took part (WithMe).
type InteractionView struct {
	*ally.Interaction
	Names  []string `json:"names"`
	WithMe bool     `json:"with_me"`
}

// ShowPerson returns a person's detail as of the clock (App.Now): nothing
// recorded after it (interactions, ledger entries, commitments, repair
// plans) is shown or counted, with the latest timelineN interactions.
func (a *App) ShowPerson(ctx context.Context, id int64, timelineN int) (*PersonDetail, error) {
	d := &PersonDetail{Now: a.Now, Commitments: []*CommitmentView{}, Stakes: []*PersonStake{}, Timeline: []*InteractionView{}}
	err := a.view(ctx, func(tx *store.Tx) error {
		p, err := person(ctx, tx, id)
		if err != nil {
			return err
		}
		all, err := tx.FindPeople(ctx, ally.PersonFilter{})
		if err != nil {
			return err
		}
		dirs := ally.DeriveDirections(all, a.WS.MeID)
		names := map[int64]string{}
		for _, q := range all {
			names[q.ID] = q.Name
			if q.ManagerID == p.ID {
				d.Reports = append(d.Reports, q.Name)
			}
		}
		d.PersonView = PersonView{Person: p, Direction: dirs[p.ID], Me: p.ID == a.WS.MeID, ManagerName: names[p.ManagerID]}
		if r, err := tx.FindRelationship(ctx, p.ID); err == nil {
			d.Relationship = r
		} else if ally.ErrorCode(err) != ally.ENOTFOUND {
			return err
		}
		es, err := tx.FindExchanges(ctx, p.ID)
		if err != nil {
			return err
		}
		if len(es) > 0 && p.ID != a.WS.MeID {
			pr, err := params(ctx, tx)
			if err != nil {
				return err
			}
			if b := tie.Ledger(a.WS.MeID, p.ID, derefs(es), a.Now, pr); b.Entries() > 0 {
				d.Balance = balanceOf(b, p.Name)
			}
		}
		cs, err := tx.FindCommitments(ctx, p.ID, true)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if c.Created.After(a.Now) {
				continue
			}
			d.Commitments = append(d.Commitments, &CommitmentView{Commitment: c, State: c.State(a.Now), Mine: c.FromID == a.WS.MeID,
				From: names[c.FromID], To: names[c.ToID], DaysDue: daysBetween(a.Now, c.Due)})
		}
		gs, err := a.initiativesAt(ctx, tx)
		if err != nil {
			return err
		}
		gname := map[int64]string{}
		for _, g := range gs {
			gname[g.ID] = g.Name
		}
		ss, err := a.stakesAt(ctx, tx, 0)
		if err != nil {
			return err
		}
		for _, s := range ss {
			if _, shown := gname[s.InitiativeID]; shown && s.PersonID == p.ID {
				d.Stakes = append(d.Stakes, &PersonStake{Stake: s, Initiative: gname[s.InitiativeID]})
			}
		}
		f := store.InteractionFilter{PersonID: p.ID, Until: a.upToNow(), Limit: timelineN}
		ins, err := tx.FindInteractions(ctx, f)
		if err != nil {
			return err
		}
		if d.TimelineTotal, err = tx.CountInteractions(ctx, f); err != nil {
			return err
		}
		for _, in := range ins {
			d.Timeline = append(d.Timeline, interactionView(in, p.ID, a.WS.MeID, names))
		}
		rs, err := tx.FindRepairPlans(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if !r.Opened.After(a.Now) {
				d.Repairs = append(d.Repairs, r)
			}
		}
		if a.WS.MeID != 0 && p.ID != a.WS.MeID {
			h, err := a.health(ctx, tx, nil, p.ID)
			if err != nil {
				return err
			}
			d.Health = &h
			d.Interacted = int(h.Strength.Count)
		}
		return nil
	})
	return d, err
}

// upToNow is the end of a read's window, exclusive: the clock's second
// included, so that something logged "now" is seen.
func (a *App) upToNow() time.Time { return a.Now.Add(time.Second) }

// interactionView names the participants of in other than the person
// shown, Me first.
func interactionView(in *ally.Interaction, shown, me int64, names map[int64]string) *InteractionView {
	v := &InteractionView{Interaction: in, Names: []string{}}
	for _, pa := range in.Participants {
		if pa.PersonID == me && me != shown {
			v.WithMe = true
		}
	}
	if v.WithMe {
		v.Names = append(v.Names, names[me])
	}
	for _, pa := range in.Participants {
		if pa.PersonID != shown && pa.PersonID != me {
			v.Names = append(v.Names, names[pa.PersonID])
		}
	}
	return v
}
