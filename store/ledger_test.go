package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

func TestExchanges(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "Me", "Ana", "Bo")
	me, ana, bo := ps[0].ID, ps[1].ID, ps[2].ID
	es := []*ally.Exchange{
		{At: t0.AddDate(0, 0, 2), FromID: me, ToID: ana, What: "review", Kind: ally.GaveKnowledge, Size: ally.SizeMedium, Currency: "information"},
		{At: t0, FromID: ana, ToID: me, What: "intro", Kind: ally.GaveIntroduction, Size: ally.SizeLarge, Example: true},
		{At: t0.AddDate(0, 0, 1), FromID: me, ToID: bo, What: "help"},
	}
	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		for _, e := range es {
			if err := tx.CreateExchange(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if es[2].Kind != ally.GaveHelp || es[2].Size != ally.SizeSmall {
		t.Errorf("defaults not applied: %+v", es[2])
	}
	var all, anas []*ally.Exchange
	err = db.View(ctx, store.In(w.ID), func(tx *store.Tx) (err error) {
		if all, err = tx.FindExchanges(ctx, 0); err != nil {
			return err
		}
		anas, err = tx.FindExchanges(ctx, ana)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []*ally.Exchange{es[1], es[2], es[0]}; !reflect.DeepEqual(all, want) {
		t.Errorf("FindExchanges(0):\ngot  %+v\nwant %+v (oldest first)", all, want)
	}
	if want := []*ally.Exchange{es[1], es[0]}; !reflect.DeepEqual(anas, want) {
		t.Errorf("FindExchanges(Ana) = %+v, want %+v", anas, want)
	}

	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		return tx.CreateExchange(ctx, &ally.Exchange{At: t0, FromID: me, ToID: 9999, What: "x"})
	})
	wantCode(t, err, ally.ENOTFOUND, "person 9999")
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		return tx.CreateExchange(ctx, &ally.Exchange{At: t0, FromID: me, ToID: ana, What: "x", Size: "huge"})
	})
	wantCode(t, err, ally.EINVALID, "size")
	if n := count(t, db, "exchanges"); n != 3 {
		t.Errorf("%d exchanges, want 3", n)
	}
}

func TestCommitments(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "Me", "Ana", "Bo")
	me, ana, bo := ps[0].ID, ps[1].ID, ps[2].ID
	mine := &ally.Commitment{FromID: me, ToID: ana, What: "send the deck", Due: t0.AddDate(0, 0, 7)}
	theirs := &ally.Commitment{FromID: bo, ToID: me, What: "intro to CFO", Due: t0.AddDate(0, 0, 3), Example: true}
	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		if err := tx.CreateCommitment(ctx, mine); err != nil {
			return err
		}
		return tx.CreateCommitment(ctx, theirs)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !mine.Created.Equal(t0) || mine.Status != ally.CommitOpen || mine.ID == 0 {
		t.Fatalf("created %+v", mine)
	}

	// Keep mine.
	kept := *mine
	kept.Status, kept.Closed = ally.CommitKept, t0.AddDate(0, 0, 5)
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdateCommitment(ctx, &kept) }); err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		got, err := tx.FindCommitmentByID(ctx, mine.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, &kept) {
			t.Errorf("FindCommitmentByID:\ngot  %+v\nwant %+v", got, &kept)
		}
		if !got.OnTime() {
			t.Error("kept before due is not on time")
		}
		open, err := tx.FindCommitments(ctx, 0, true)
		if err != nil {
			return err
		}
		if len(open) != 1 || open[0].ID != theirs.ID || !open[0].Example {
			t.Errorf("open commitments = %+v, want Bo's alone", open)
		}
		all, err := tx.FindCommitments(ctx, 0, false)
		if err != nil {
			return err
		}
		if len(all) != 2 || all[0].ID != theirs.ID || all[1].ID != mine.ID {
			t.Errorf("all commitments by due = %v", all)
		}
		anas, err := tx.FindCommitments(ctx, ana, false)
		if err != nil {
			return err
		}
		if len(anas) != 1 || anas[0].ID != mine.ID {
			t.Errorf("Ana's commitments = %v", anas)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Closing without a date is invalid; an unknown id is not found.
	bad := *theirs
	bad.Status = ally.CommitBroken
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdateCommitment(ctx, &bad) })
	wantCode(t, err, ally.EINVALID, "closed is required")
	ghost := *theirs
	ghost.ID = 9999
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdateCommitment(ctx, &ghost) })
	wantCode(t, err, ally.ENOTFOUND, "commitment 9999")
	err = db.View(ctx, store.In(w.ID), func(tx *store.Tx) error { _, err := tx.FindCommitmentByID(ctx, 9999); return err })
	wantCode(t, err, ally.ENOTFOUND)
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		return tx.CreateCommitment(ctx, &ally.Commitment{FromID: me, ToID: 9999, What: "x", Due: t0})
	})
	wantCode(t, err, ally.ENOTFOUND, "person 9999")

	// Another workspace cannot update it.
	w2 := mustWorkspace(t, db, "w2")
	kept.Status = ally.CommitReleased
	err = db.Update(ctx, store.In(w2.ID), func(tx *store.Tx) error { return tx.UpdateCommitment(ctx, &kept) })
	wantCode(t, err, ally.ENOTFOUND)
}

func TestRelationships(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "Ana", "Bo")
	put := func(r *ally.Relationship) error {
		return db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.PutRelationship(ctx, r) })
	}
	find := func(id int64) (*ally.Relationship, error) {
		var r *ally.Relationship
		err := db.View(ctx, store.In(w.ID), func(tx *store.Tx) (err error) { r, err = tx.FindRelationship(ctx, id); return err })
		return r, err
	}
	_, err := find(ps[0].ID)
	wantCode(t, err, ally.ENOTFOUND, "no relationship")

	if err := put(&ally.Relationship{PersonID: ps[0].ID}); err != nil {
		t.Fatal(err)
	}
	got, err := find(ps[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := (&ally.Relationship{PersonID: ps[0].ID, Tier: ally.TierNetwork, Status: ally.StatusEngaged, Updated: t0}); !reflect.DeepEqual(got, want) {
		t.Errorf("default relationship = %+v, want %+v", got, want)
	}

	// Upsert: the second put replaces every field.
	later := t0.Add(time.Hour)
	r := &ally.Relationship{PersonID: ps[0].ID, Tier: ally.TierKeyAlly, Status: ally.StatusStrained,
		Roles: []ally.RelRole{ally.RoleSponsor, ally.RoleMentor}, Trust: 4, Note: "missed the launch", Updated: later}
	if err := put(r); err != nil {
		t.Fatal(err)
	}
	got, err = find(ps[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Errorf("after upsert:\ngot  %+v\nwant %+v", got, r)
	}
	if n := count(t, db, "relationships"); n != 1 {
		t.Errorf("%d relationship rows, want 1", n)
	}
	if err := put(&ally.Relationship{PersonID: ps[1].ID, Tier: ally.TierProspect}); err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		rs, err := tx.FindRelationships(ctx)
		if err == nil && (len(rs) != 2 || rs[0].PersonID != ps[0].ID || rs[1].Tier != ally.TierProspect) {
			t.Errorf("FindRelationships = %+v", rs)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, put(&ally.Relationship{PersonID: 9999}), ally.ENOTFOUND, "person 9999")
	wantCode(t, put(&ally.Relationship{PersonID: ps[1].ID, Trust: 9}), ally.EINVALID, "trust 9")
}

func TestRepairPlans(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "Ana", "Bo")
	plan := &ally.RepairPlan{PersonID: ps[0].ID, Cause: "missed the launch",
		Steps: []ally.RepairStep{{Due: t0.AddDate(0, 0, 3), What: "apologise"}, {Due: t0.AddDate(0, 0, 10), What: "lunch"}}}
	other := &ally.RepairPlan{PersonID: ps[1].ID, Cause: "budget fight", Opened: t0.AddDate(0, 0, -10)}
	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		if err := tx.CreateRepairPlan(ctx, plan); err != nil {
			return err
		}
		return tx.CreateRepairPlan(ctx, other)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Opened.Equal(t0) {
		t.Errorf("opened = %v, want the transaction's time", plan.Opened)
	}
	plan.Steps[0].Done = t0.AddDate(0, 0, 2)
	plan.Outcome, plan.Closed = "repaired", t0.AddDate(0, 0, 11)
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdateRepairPlan(ctx, plan) }); err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		all, err := tx.FindRepairPlans(ctx, 0)
		if err != nil {
			return err
		}
		if want := []*ally.RepairPlan{other, plan}; !reflect.DeepEqual(all, want) {
			t.Errorf("FindRepairPlans(0):\ngot  %+v\nwant %+v", all, want)
		}
		anas, err := tx.FindRepairPlans(ctx, ps[0].ID)
		if err == nil && (len(anas) != 1 || anas[0].ID != plan.ID) {
			t.Errorf("Ana's plans = %+v", anas)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		return tx.CreateRepairPlan(ctx, &ally.RepairPlan{PersonID: 9999, Cause: "x"})
	})
	wantCode(t, err, ally.ENOTFOUND, "person 9999")
	ghost := *plan
	ghost.ID = 9999
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdateRepairPlan(ctx, &ghost) })
	wantCode(t, err, ally.ENOTFOUND, "repair plan 9999")
	ghost.Steps = []ally.RepairStep{{Due: t0}}
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdateRepairPlan(ctx, &ghost) })
	wantCode(t, err, ally.EINVALID, "step")
}

func TestSnapshots(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	s1 := &ally.Snapshot{At: t0.AddDate(0, 1, 0), Metrics: map[string]float64{"allies": 4, "reach": 0.25},
		Initiatives: []ally.InitiativeSupport{{InitiativeID: 3, Outcome: ally.OutcomeOpen, Support: 0.5, Supporters: 2}}}
	s0 := &ally.Snapshot{At: t0, Metrics: map[string]float64{"allies": 3}}
	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		if err := tx.CreateSnapshot(ctx, s1); err != nil {
			return err
		}
		return tx.CreateSnapshot(ctx, s0)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		got, err := tx.FindSnapshots(ctx)
		if err == nil && !reflect.DeepEqual(got, []*ally.Snapshot{s0, s1}) {
			t.Errorf("FindSnapshots:\ngot  %+v\nwant %+v", got, []*ally.Snapshot{s0, s1})
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.CreateSnapshot(ctx, &ally.Snapshot{}) })
	wantCode(t, err, ally.EINVALID, "snapshot date")
	w2 := mustWorkspace(t, db, "w2")
	err = db.View(ctx, store.In(w2.ID), func(tx *store.Tx) error {
		got, err := tx.FindSnapshots(ctx)
		if len(got) != 0 {
			t.Errorf("w2 sees %d snapshots", len(got))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
