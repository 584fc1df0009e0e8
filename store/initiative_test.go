package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

func TestInitiatives(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "Ana", "Bo", "Cy")
	g := &ally.Initiative{Name: "Platform", Purpose: "one platform", WinWin: "less toil", Target: t0.AddDate(0, 6, 0),
		Rule: ally.Rule{Kind: ally.RuleCommittee, Quota: 2.5, Weights: map[int64]float64{ps[0].ID: 1, ps[1].ID: 1.5, ps[2].ID: 0.75}}}
	h := &ally.Initiative{Name: "Hiring", Rule: ally.Rule{Kind: ally.RuleConsensus, Vetoes: []int64{ps[2].ID, ps[0].ID}}, Example: true}
	a := &ally.Initiative{Name: "Adoption", Rule: ally.Rule{Kind: ally.RuleAdoption, Share: 0.6}, Created: t0.Add(-time.Hour)}
	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		for _, x := range []*ally.Initiative{g, h, a} {
			if err := tx.CreateInitiative(ctx, x); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if g.Outcome != ally.OutcomeOpen || !g.Created.Equal(t0) {
		t.Errorf("defaults: %+v", g)
	}
	err = db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		got, err := tx.FindInitiativeByID(ctx, g.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, g) {
			t.Errorf("committee rule round trip:\ngot  %+v\nwant %+v", got, g)
		}
		all, err := tx.FindInitiatives(ctx)
		if err != nil {
			return err
		}
		// By creation time, then id.
		if want := []*ally.Initiative{a, g, h}; !reflect.DeepEqual(all, want) {
			t.Errorf("FindInitiatives:\ngot  %+v\nwant %+v", all, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Unique names within a workspace.
	before := count(t, db, "initiatives")
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.CreateInitiative(ctx, &ally.Initiative{Name: "Platform"}) })
	wantCode(t, err, ally.ECONFLICT, `"Platform" already exists`)
	h.Name = "Platform"
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdateInitiative(ctx, h) })
	wantCode(t, err, ally.ECONFLICT, `"Platform"`)
	if n := count(t, db, "initiatives"); n != before {
		t.Errorf("%d initiatives after refused writes, want %d", n, before)
	}
	w2 := mustWorkspace(t, db, "w2")
	if err := db.Update(ctx, store.In(w2.ID), func(tx *store.Tx) error { return tx.CreateInitiative(ctx, &ally.Initiative{Name: "Platform"}) }); err != nil {
		t.Errorf("same name in another workspace: %v", err)
	}

	// Rule people must be in the workspace.
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		return tx.CreateInitiative(ctx, &ally.Initiative{Name: "Ghosts", Rule: ally.Rule{Kind: ally.RuleConsensus, Vetoes: []int64{9999}}})
	})
	wantCode(t, err, ally.ENOTFOUND, "person 9999")
	err = db.Update(ctx, store.In(w2.ID), func(tx *store.Tx) error {
		return tx.CreateInitiative(ctx, &ally.Initiative{Name: "Foreign", Rule: ally.Rule{Kind: ally.RuleCommittee, Quota: 1, Weights: map[int64]float64{ps[0].ID: 1}}})
	})
	wantCode(t, err, ally.ENOTFOUND)
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		return tx.CreateInitiative(ctx, &ally.Initiative{Name: "Bad quota", Rule: ally.Rule{Kind: ally.RuleCommittee, Quota: 10, Weights: map[int64]float64{ps[0].ID: 1}}})
	})
	wantCode(t, err, ally.EINVALID, "quota 10")

	// Update.
	a.Outcome, a.Rule = ally.OutcomeWon, ally.Rule{Kind: ally.RuleUnanimity}
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdateInitiative(ctx, a) }); err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		got, err := tx.FindInitiativeByID(ctx, a.ID)
		if err == nil && !reflect.DeepEqual(got, a) {
			t.Errorf("after update:\ngot  %+v\nwant %+v", got, a)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ghost := *a
	ghost.ID, ghost.Name = 9999, "Ghost"
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdateInitiative(ctx, &ghost) })
	wantCode(t, err, ally.ENOTFOUND, "initiative 9999")
	err = db.View(ctx, store.In(w2.ID), func(tx *store.Tx) error { _, err := tx.FindInitiativeByID(ctx, g.ID); return err })
	wantCode(t, err, ally.ENOTFOUND)
}

func TestStakesAndStanceHistory(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "Ana", "Bo")
	g := &ally.Initiative{Name: "Platform"}
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.CreateInitiative(ctx, g) }); err != nil {
		t.Fatal(err)
	}
	put := func(at time.Time, s ally.Stake) error {
		db.Now = func() time.Time { return at }
		return db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.PutStake(ctx, &s) })
	}
	t1, t2, t3, t4 := t0, t0.Add(24*time.Hour), t0.Add(48*time.Hour), t0.Add(72*time.Hour)
	steps := []struct {
		at time.Time
		s  ally.Stake
	}{
		{t1, ally.Stake{InitiativeID: g.ID, PersonID: ps[0].ID, Power: 3, Interest: 3}},                                              // first: unknown
		{t2, ally.Stake{InitiativeID: g.ID, PersonID: ps[0].ID, Power: 5, Interest: 3, Ask: "sponsor"}},                              // unknown again: no history
		{t3, ally.Stake{InitiativeID: g.ID, PersonID: ps[0].ID, Stance: ally.StanceSkeptic, Power: 5, Interest: 4}},                  // changed
		{t4, ally.Stake{InitiativeID: g.ID, PersonID: ps[0].ID, Stance: ally.StanceSupporter, Power: 5, Interest: 4}},                // changed
		{t4, ally.Stake{InitiativeID: g.ID, PersonID: ps[1].ID, Stance: ally.StanceChampion, Power: 2, Interest: 5}},                 // Bo's first
		{t4.Add(time.Hour), ally.Stake{InitiativeID: g.ID, PersonID: ps[0].ID, Stance: ally.StanceSupporter, Power: 4, Interest: 4}}, // same stance
	}
	for i, st := range steps {
		if err := put(st.at, st.s); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	var stakes []*ally.Stake
	err := db.View(ctx, store.In(w.ID), func(tx *store.Tx) (err error) { stakes, err = tx.FindStakes(ctx, g.ID); return err })
	if err != nil {
		t.Fatal(err)
	}
	want := []*ally.Stake{
		{InitiativeID: g.ID, PersonID: ps[0].ID, Stance: ally.StanceSupporter, Power: 4, Interest: 4, Updated: t4.Add(time.Hour),
			History: []ally.StanceChange{
				{At: t1, From: "", To: ally.StanceUnknown},
				{At: t3, From: ally.StanceUnknown, To: ally.StanceSkeptic},
				{At: t4, From: ally.StanceSkeptic, To: ally.StanceSupporter},
			}},
		{InitiativeID: g.ID, PersonID: ps[1].ID, Stance: ally.StanceChampion, Power: 2, Interest: 5, Updated: t4,
			History: []ally.StanceChange{{At: t4, To: ally.StanceChampion}}},
	}
	if !reflect.DeepEqual(stakes, want) {
		t.Errorf("FindStakes:\ngot  %+v\nwant %+v", stakes, want)
	}
	if n := count(t, db, "stakes"); n != 2 {
		t.Errorf("%d stake rows, want 2", n)
	}

	// Errors.
	wantCode(t, put(t0, ally.Stake{InitiativeID: 9999, PersonID: ps[0].ID, Power: 3, Interest: 3}), ally.ENOTFOUND, "initiative 9999")
	wantCode(t, put(t0, ally.Stake{InitiativeID: g.ID, PersonID: 9999, Power: 3, Interest: 3}), ally.ENOTFOUND, "person 9999")
	wantCode(t, put(t0, ally.Stake{InitiativeID: g.ID, PersonID: ps[0].ID, Power: 6, Interest: 3}), ally.EINVALID, "power 6")

	// Delete removes the stake with its history.
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.DeleteStake(ctx, g.ID, ps[0].ID) }); err != nil {
		t.Fatal(err)
	}
	if n, h := count(t, db, "stakes"), count(t, db, "stance_history"); n != 1 || h != 1 {
		t.Errorf("after delete: %d stakes, %d history rows; want 1 and 1", n, h)
	}
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.DeleteStake(ctx, g.ID, ps[0].ID) })
	wantCode(t, err, ally.ENOTFOUND, "no stake")
}

func TestRestoreStake(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "Ana")
	g := &ally.Initiative{Name: "Platform"}
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.CreateInitiative(ctx, g) }); err != nil {
		t.Fatal(err)
	}
	s := &ally.Stake{InitiativeID: g.ID, PersonID: ps[0].ID, Stance: ally.StanceBlocker, Power: 5, Interest: 5, Updated: t0,
		History: []ally.StanceChange{{At: t0.Add(-time.Hour), To: ally.StanceNeutral}, {At: t0, From: ally.StanceNeutral, To: ally.StanceBlocker}}}
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.RestoreStake(ctx, s) }); err != nil {
		t.Fatal(err)
	}
	err := db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		got, err := tx.FindStakes(ctx, 0)
		if err == nil && !reflect.DeepEqual(got, []*ally.Stake{s}) {
			t.Errorf("restored:\ngot  %+v\nwant %+v", got, s)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	bad := *s
	bad.InitiativeID, bad.History = 9999, nil
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.RestoreStake(ctx, &bad) })
	wantCode(t, err, ally.ENOTFOUND, "initiative 9999")
}
