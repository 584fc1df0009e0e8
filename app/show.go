package app

import (
	"context"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// PersonDetail is everything Me's workspace knows about one person.
type PersonDetail struct {
	PersonView
	Reports     []string           `json:"reports,omitempty"`
	Balance     *Balance           `json:"ledger_balance,omitempty"`
	Commitments []*CommitmentView  `json:"open_commitments"`
	Stakes      []*PersonStake     `json:"stakes"`
	Timeline    []*InteractionView `json:"timeline"`
	Interacted  int                `json:"interactions_with_me"`
	Repairs     []*ally.RepairPlan `json:"repair_plans,omitempty"`
	Health      *tie.HealthResult  `json:"health,omitempty"` // Me's relationship with them
}

// PersonStake is a person's stake in an initiative, named.
type PersonStake struct {
	*ally.Stake
	Initiative string `json:"initiative"`
}

// InteractionView is an interaction with the participants' names.
type InteractionView struct {
	*ally.Interaction
	Names []string `json:"names"`
}

// ShowPerson returns a person's detail with the latest timelineN interactions.
func (a *App) ShowPerson(ctx context.Context, id int64, timelineN int) (*PersonDetail, error) {
	d := &PersonDetail{Commitments: []*CommitmentView{}, Stakes: []*PersonStake{}, Timeline: []*InteractionView{}}
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
			d.Commitments = append(d.Commitments, &CommitmentView{Commitment: c, State: c.State(a.Now), Mine: c.FromID == a.WS.MeID,
				From: names[c.FromID], To: names[c.ToID], DaysDue: daysBetween(a.Now, c.Due)})
		}
		gs, err := tx.FindInitiatives(ctx)
		if err != nil {
			return err
		}
		gname := map[int64]string{}
		for _, g := range gs {
			gname[g.ID] = g.Name
		}
		ss, err := tx.FindStakes(ctx, 0)
		if err != nil {
			return err
		}
		for _, s := range ss {
			if s.PersonID == p.ID {
				d.Stakes = append(d.Stakes, &PersonStake{Stake: s, Initiative: gname[s.InitiativeID]})
			}
		}
		ins, err := tx.FindInteractions(ctx, store.InteractionFilter{PersonID: p.ID, Limit: timelineN})
		if err != nil {
			return err
		}
		for _, in := range ins {
			v := &InteractionView{Interaction: in}
			for _, pa := range in.Participants {
				if pa.PersonID != p.ID {
					v.Names = append(v.Names, names[pa.PersonID])
				}
			}
			d.Timeline = append(d.Timeline, v)
		}
		if a.WS.MeID != 0 && p.ID != a.WS.MeID {
			stats, err := tx.ContactStats(ctx, a.WS.MeID)
			if err != nil {
				return err
			}
			d.Interacted = stats[p.ID].Count
		}
		if d.Repairs, err = tx.FindRepairPlans(ctx, p.ID); err != nil {
			return err
		}
		if a.WS.MeID != 0 && p.ID != a.WS.MeID {
			h, err := a.health(ctx, tx, nil, p.ID)
			if err != nil {
				return err
			}
			d.Health = &h
		}
		return nil
	})
	return d, err
}
