package app

import (
	"context"
	"strconv"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// OpenRepair opens a repair plan for a strained relationship: the cause and
// dated check-ins (default: in 3 days, 2 weeks and 6 weeks: listen first
// and ask for nothing, deliver something they value and refrain from gossip,
// review), and marks the relationship strained.
func (a *App) OpenRepair(ctx context.Context, id int64, cause string, steps []ally.RepairStep) (*ally.RepairPlan, *ally.Person, error) {
	r := &ally.RepairPlan{Cause: cause, Opened: a.Now, Steps: steps}
	day := time.Date(a.Now.Year(), a.Now.Month(), a.Now.Day(), 0, 0, 0, 0, time.UTC)
	if len(r.Steps) == 0 {
		r.Steps = []ally.RepairStep{
			{Due: day.AddDate(0, 0, 3), What: "one-on-one: listen first, acknowledge the cause, ask for nothing"},
			{Due: day.AddDate(0, 0, 14), What: "check in: deliver one concrete thing they value; keep it between the two of you, no gossip"},
			{Due: day.AddDate(0, 0, 42), What: "review: is the relationship steady again?"},
		}
	}
	var p *ally.Person
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if p, err = person(ctx, tx, id); err != nil {
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
			return ally.Errorf(ally.ECONFLICT, "the relationship with %s has ended", p.Name).
				WithHint(ally.HintSetStatus, "id", strconv.FormatInt(p.ID, 10), "status", string(ally.StatusEngaged))
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
				return ally.Errorf(ally.ECONFLICT, "every step of repair plan %d is done", id).
					WithHint(ally.HintCloseRepair, "id", strconv.FormatInt(id, 10))
			}
		}
		return tx.UpdateRepairPlan(ctx, r)
	})
	return r, err
}

// End ends an alliance gracefully: the relationship is marked ended with a
// note, open repair plans close, history stays, and the agenda stops
// nudging. Open commitments are left for the user to keep or release.
func (a *App) End(ctx context.Context, id int64, note string) (*ally.Relationship, *ally.Person, int, error) {
	var rel *ally.Relationship
	var p *ally.Person
	open := 0
	err := a.update(ctx, func(tx *store.Tx) (err error) {
		if p, err = person(ctx, tx, id); err != nil {
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
