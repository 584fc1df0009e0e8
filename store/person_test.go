package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

func findPerson(tb testing.TB, db *store.DB, ws, id int64) (*ally.Person, error) {
	tb.Helper()
	var p *ally.Person
	err := db.View(ctx, store.In(ws), func(tx *store.Tx) (err error) {
		p, err = tx.FindPersonByID(ctx, id)
		return err
	})
	return p, err
}

func TestPersonCreateFindUpdateDelete(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	boss := mustPerson(t, db, w.ID, &ally.Person{Name: "Bea Boss"})
	p := &ally.Person{
		Name: " Ana Lima ", Emails: []string{"Ana@Example.com", "ana.l@example.com", "ana@example.com"},
		Title: "Engineer", Department: "R&D", Team: "Core", Location: "Lisbon", ManagerID: boss.ID, Level: 4,
		DirOverride: ally.DirAcross, Notes: "likes ☕",
		Tags: []ally.Tag{{Kind: ally.TagSkill, Value: "Go"}, {Kind: ally.TagCurrency, Value: "recognition"}, {Kind: ally.TagSkill, Value: "go"}},
	}
	mustPerson(t, db, w.ID, p)
	if p.ID == 0 || p.Name != "Ana Lima" || !p.Created.Equal(t0) || !p.Updated.Equal(t0) {
		t.Fatalf("created %+v", p)
	}

	got, err := findPerson(t, db, w.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := &ally.Person{
		ID: p.ID, Name: "Ana Lima", Emails: []string{"ana@example.com", "ana.l@example.com"},
		Title: "Engineer", Department: "R&D", Team: "Core", Location: "Lisbon", ManagerID: boss.ID, Level: 4,
		DirOverride: ally.DirAcross, Notes: "likes ☕",
		// Tags come back deduplicated, by kind and value.
		Tags:    []ally.Tag{{Kind: ally.TagCurrency, Value: "recognition"}, {Kind: ally.TagSkill, Value: "go"}},
		Created: t0, Updated: t0,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("FindPersonByID:\ngot  %+v\nwant %+v", got, want)
	}

	// By email, in any case.
	err = db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		q, err := tx.FindPersonByEmail(ctx, " ANA.L@example.COM ")
		if err == nil && q.ID != p.ID {
			t.Errorf("FindPersonByEmail found %d, want %d", q.ID, p.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// Update replaces the emails and tags; the updated time moves.
	later := t0.Add(48 * time.Hour)
	db.Now = func() time.Time { return later }
	got.Emails = []string{"ana@new.org"}
	got.Tags = []ally.Tag{{Kind: ally.TagInterest, Value: "sailing"}}
	got.Title, got.ManagerID, got.DirOverride = "Staff Engineer", 0, ""
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdatePerson(ctx, got) }); err != nil {
		t.Fatal(err)
	}
	again, err := findPerson(t, db, w.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want.Emails, want.Tags, want.Title, want.ManagerID, want.DirOverride = []string{"ana@new.org"},
		[]ally.Tag{{Kind: ally.TagInterest, Value: "sailing"}}, "Staff Engineer", 0, ""
	want.Updated = later
	if !reflect.DeepEqual(again, want) {
		t.Fatalf("after update:\ngot  %+v\nwant %+v", again, want)
	}
	// The old email is free again.
	err = db.View(ctx, store.In(w.ID), func(tx *store.Tx) error { _, err := tx.FindPersonByEmail(ctx, "ana@example.com"); return err })
	wantCode(t, err, ally.ENOTFOUND, "ana@example.com")

	// Update of a person that does not exist.
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdatePerson(ctx, &ally.Person{ID: 9999, Name: "Ghost"}) })
	wantCode(t, err, ally.ENOTFOUND, "person 9999")

	// Delete removes the person with their emails and tags; deleting the
	// manager clears the link instead of removing the report.
	mustPerson(t, db, w.ID, &ally.Person{Name: "Cy", ManagerID: p.ID})
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.DeletePerson(ctx, p.ID) }); err != nil {
		t.Fatal(err)
	}
	_, err = findPerson(t, db, w.ID, p.ID)
	wantCode(t, err, ally.ENOTFOUND, "not found")
	if n, m := count(t, db, "person_emails"), count(t, db, "tags"); n != 0 || m != 0 {
		t.Errorf("%d emails and %d tags left after delete", n, m)
	}
	err = db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		ps, err := tx.FindPeople(ctx, ally.PersonFilter{Query: "cy"})
		if err == nil && (len(ps) != 1 || ps[0].ManagerID != 0) {
			t.Errorf("Cy after the manager's deletion: %+v", ps)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.DeletePerson(ctx, p.ID) })
	wantCode(t, err, ally.ENOTFOUND)
}

func TestCreatePersonValidates(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		return tx.CreatePerson(ctx, &ally.Person{Name: "Ana", Emails: []string{"not-an-email"}})
	})
	wantCode(t, err, ally.EINVALID, "not a valid address")
	if n := count(t, db, "people"); n != 0 {
		t.Errorf("%d people after a refused create", n)
	}
}

func TestDuplicateEmail(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ana := mustPerson(t, db, w.ID, &ally.Person{Name: "Ana", Emails: []string{"ana@x.org"}})
	bo := mustPerson(t, db, w.ID, &ally.Person{Name: "Bo", Emails: []string{"bo@x.org"}})
	before := counts(t, db)

	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		return tx.CreatePerson(ctx, &ally.Person{Name: "Impostor", Emails: []string{"cy@x.org", "ANA@x.org"}})
	})
	wantCode(t, err, ally.ECONFLICT, "ana@x.org", "Ana")
	if after := counts(t, db); !equalCounts(before, after) {
		t.Errorf("database changed by a refused create:\nbefore %v\nafter  %v", before, after)
	}

	// The same through an update.
	bo.Emails = []string{"bo@x.org", "ana@x.org"}
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdatePerson(ctx, bo) })
	wantCode(t, err, ally.ECONFLICT, "ana@x.org")
	got, err := findPerson(t, db, w.ID, bo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Emails, []string{"bo@x.org"}) {
		t.Errorf("Bo's emails after a refused update: %q", got.Emails)
	}
	// Ana can keep her own address through an update.
	ana.Title = "Lead"
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.UpdatePerson(ctx, ana) }); err != nil {
		t.Fatalf("update with own email: %v", err)
	}

	// Another workspace may use the same address.
	w2 := mustWorkspace(t, db, "w2")
	mustPerson(t, db, w2.ID, &ally.Person{Name: "Other Ana", Emails: []string{"ana@x.org"}})
}

func TestManagerChecks(t *testing.T) {
	db := mustOpen(t)
	a, b := mustWorkspace(t, db, "a"), mustWorkspace(t, db, "b")
	boss := mustPerson(t, db, a.ID, &ally.Person{Name: "Boss"})

	// A manager in another workspace is not found.
	err := db.Update(ctx, store.In(b.ID), func(tx *store.Tx) error {
		return tx.CreatePerson(ctx, &ally.Person{Name: "Bo", ManagerID: boss.ID})
	})
	wantCode(t, err, ally.ENOTFOUND, "manager", "not found")
	if n := count(t, db, "people"); n != 1 {
		t.Errorf("%d people, want 1", n)
	}

	// A chain 1 ← 2 ← 3; making 1 report to 3 closes a loop.
	ps := mustPeople(t, db, a.ID, "P1", "P2", "P3")
	if err := db.Update(ctx, store.In(a.ID), func(tx *store.Tx) error {
		if err := tx.SetManager(ctx, ps[1].ID, ps[0].ID); err != nil {
			return err
		}
		return tx.SetManager(ctx, ps[2].ID, ps[1].ID)
	}); err != nil {
		t.Fatal(err)
	}
	ps[0].ManagerID = ps[2].ID
	err = db.Update(ctx, store.In(a.ID), func(tx *store.Tx) error { return tx.UpdatePerson(ctx, ps[0]) })
	wantCode(t, err, ally.EINVALID, "own manager through the chain")
	err = db.Update(ctx, store.In(a.ID), func(tx *store.Tx) error { return tx.SetManager(ctx, ps[0].ID, ps[2].ID) })
	wantCode(t, err, ally.EINVALID, "own manager")
	err = db.Update(ctx, store.In(a.ID), func(tx *store.Tx) error { return tx.SetManager(ctx, ps[0].ID, ps[0].ID) })
	wantCode(t, err, ally.EINVALID, "own manager")
	got, err := findPerson(t, db, a.ID, ps[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ManagerID != 0 {
		t.Errorf("P1's manager = %d after refused changes, want none", got.ManagerID)
	}
	// A legal change: P1 reports to Boss.
	if err := db.Update(ctx, store.In(a.ID), func(tx *store.Tx) error { return tx.SetManager(ctx, ps[0].ID, boss.ID) }); err != nil {
		t.Fatal(err)
	}
	// SetManager does not touch the updated time.
	if got, _ := findPerson(t, db, a.ID, ps[0].ID); got.ManagerID != boss.ID || !got.Updated.Equal(t0) {
		t.Errorf("after SetManager: manager %d updated %v", got.ManagerID, got.Updated)
	}
}

func TestWorkspaceScoping(t *testing.T) {
	db := mustOpen(t)
	a, b := mustWorkspace(t, db, "a"), mustWorkspace(t, db, "b")
	ana := mustPerson(t, db, a.ID, &ally.Person{Name: "Ana", Emails: []string{"ana@x.org"}, Department: "Sales",
		Tags: []ally.Tag{{Kind: ally.TagSkill, Value: "go"}}})
	bo := mustPerson(t, db, b.ID, &ally.Person{Name: "Bo"})
	cy := mustPerson(t, db, b.ID, &ally.Person{Name: "Cy"})

	err := db.View(ctx, store.In(b.ID), func(tx *store.Tx) error {
		if _, err := tx.FindPersonByID(ctx, ana.ID); ally.ErrorCode(err) != ally.ENOTFOUND {
			t.Errorf("FindPersonByID of a's person through b: %v", err)
		}
		if _, err := tx.FindPersonByEmail(ctx, "ana@x.org"); ally.ErrorCode(err) != ally.ENOTFOUND {
			t.Errorf("FindPersonByEmail of a's person through b: %v", err)
		}
		for _, f := range []ally.PersonFilter{{}, {Query: "ana"}, {Department: "sales"}, {Tag: "go"}} {
			ps, err := tx.FindPeople(ctx, f)
			if err != nil {
				return err
			}
			for _, p := range ps {
				if p.ID == ana.ID {
					t.Errorf("FindPeople(%+v) in b lists a's Ana", f)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Writes through b cannot reach a's person.
	before := counts(t, db)
	for name, fn := range map[string]func(tx *store.Tx) error{
		"update": func(tx *store.Tx) error { return tx.UpdatePerson(ctx, &ally.Person{ID: ana.ID, Name: "Hijacked"}) },
		"delete": func(tx *store.Tx) error { return tx.DeletePerson(ctx, ana.ID) },
		"interaction": func(tx *store.Tx) error {
			return tx.CreateInteraction(ctx, &ally.Interaction{Kind: ally.ChanCall, At: t0,
				Participants: []ally.Participant{{PersonID: bo.ID, Role: ally.RoleInitiator}, {PersonID: ana.ID, Role: ally.RoleTo}}})
		},
		"interaction batch": func(tx *store.Tx) error {
			_, err := tx.CreateInteractions(ctx, []*ally.Interaction{
				{Kind: ally.ChanCall, At: t0, Participants: []ally.Participant{{PersonID: bo.ID, Role: ally.RoleInitiator}, {PersonID: cy.ID, Role: ally.RoleTo}}},
				{Kind: ally.ChanCall, At: t0, Participants: []ally.Participant{{PersonID: ana.ID, Role: ally.RoleInitiator}, {PersonID: cy.ID, Role: ally.RoleTo}}},
			})
			return err
		},
		"exchange": func(tx *store.Tx) error {
			return tx.CreateExchange(ctx, &ally.Exchange{At: t0, FromID: bo.ID, ToID: ana.ID, What: "x"})
		},
		"commitment": func(tx *store.Tx) error {
			return tx.CreateCommitment(ctx, &ally.Commitment{FromID: ana.ID, ToID: bo.ID, What: "x", Due: t0})
		},
		"relationship": func(tx *store.Tx) error { return tx.PutRelationship(ctx, &ally.Relationship{PersonID: ana.ID}) },
		"repair plan": func(tx *store.Tx) error {
			return tx.CreateRepairPlan(ctx, &ally.RepairPlan{PersonID: ana.ID, Cause: "x"})
		},
		"manager": func(tx *store.Tx) error { return tx.SetManager(ctx, bo.ID, ana.ID) },
	} {
		err := db.Update(ctx, store.In(b.ID), fn)
		if ally.ErrorCode(err) != ally.ENOTFOUND {
			t.Errorf("%s of a's person through b: got %v, want not found", name, err)
		}
	}
	if after := counts(t, db); !equalCounts(before, after) {
		t.Errorf("database changed by refused writes:\nbefore %v\nafter  %v", before, after)
	}
	if got, err := findPerson(t, db, a.ID, ana.ID); err != nil || got.Name != "Ana" {
		t.Errorf("Ana after b's attempts: %+v, %v", got, err)
	}
}

func TestFindPeopleFilters(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ana := mustPerson(t, db, w.ID, &ally.Person{Name: "Ana Lima", Department: "Sales", Emails: []string{"ana@acme.org"},
		Tags: []ally.Tag{{Kind: ally.TagSkill, Value: "negotiation"}, {Kind: ally.TagCurrency, Value: "visibility"}}})
	bo := mustPerson(t, db, w.ID, &ally.Person{Name: "Bo 100% Sure", Department: "sales",
		Tags: []ally.Tag{{Kind: ally.TagInterest, Value: "negotiation"}}})
	cy := mustPerson(t, db, w.ID, &ally.Person{Name: "Cy_Dev", Department: "R&D", Emails: []string{"cy@lima.io"}})
	mustPerson(t, db, w.ID, &ally.Person{Name: "Abe", Department: "R&D"})
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		return tx.PutRelationship(ctx, &ally.Relationship{PersonID: cy.ID, Tier: ally.TierKeyAlly})
	}); err != nil {
		t.Fatal(err)
	}
	names := func(f ally.PersonFilter) []string {
		t.Helper()
		var out []string
		err := db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
			ps, err := tx.FindPeople(ctx, f)
			for _, p := range ps {
				out = append(out, p.Name)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	tests := []struct {
		f    ally.PersonFilter
		want []string
	}{
		{ally.PersonFilter{}, []string{"Abe", "Ana Lima", "Bo 100% Sure", "Cy_Dev"}},
		{ally.PersonFilter{Department: "SALES"}, []string{"Ana Lima", "Bo 100% Sure"}},
		{ally.PersonFilter{Tag: "Negotiation"}, []string{"Ana Lima", "Bo 100% Sure"}},
		{ally.PersonFilter{Tag: "skill:negotiation"}, []string{"Ana Lima"}},
		{ally.PersonFilter{Tag: "currency:visibility"}, []string{"Ana Lima"}},
		{ally.PersonFilter{Tier: ally.TierKeyAlly}, []string{"Cy_Dev"}},
		{ally.PersonFilter{Query: "LIMA"}, []string{"Ana Lima", "Cy_Dev"}}, // name, and Cy's email
		{ally.PersonFilter{Query: "acme"}, []string{"Ana Lima"}},
		{ally.PersonFilter{Query: "0%"}, []string{"Bo 100% Sure"}},
		{ally.PersonFilter{Query: "%"}, []string{"Bo 100% Sure"}}, // a literal %, not a wildcard
		{ally.PersonFilter{Query: "_"}, []string{"Cy_Dev"}},
		{ally.PersonFilter{Query: "ab", Department: "r&d"}, []string{"Abe"}},
		{ally.PersonFilter{Query: "zzz"}, nil},
	}
	for _, tt := range tests {
		if got := names(tt.f); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FindPeople(%+v) = %q, want %q", tt.f, got, tt.want)
		}
	}
	// Emails and tags are attached to every person of a list.
	err := db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		ps, err := tx.FindPeople(ctx, ally.PersonFilter{})
		for _, p := range ps {
			switch p.ID {
			case ana.ID:
				if len(p.Emails) != 1 || len(p.Tags) != 2 {
					t.Errorf("Ana: %q %v", p.Emails, p.Tags)
				}
			case bo.ID:
				if len(p.Emails) != 0 || len(p.Tags) != 1 {
					t.Errorf("Bo: %q %v", p.Emails, p.Tags)
				}
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreatePersonKeepsPresetID(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	p := mustPerson(t, db, w.ID, &ally.Person{ID: 42, Name: "Ana", Created: t0.Add(-time.Hour)})
	if p.ID != 42 || !p.Created.Equal(t0.Add(-time.Hour)) || !p.Updated.Equal(p.Created) {
		t.Errorf("preset id/created not kept: %+v", p)
	}
	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.CreatePerson(ctx, &ally.Person{ID: 42, Name: "Bo"}) })
	wantCode(t, err, ally.ECONFLICT, "42")
}

// FindPeopleNamed matches whole names in any case, Unicode included (which
// SQLite's lower() does not fold), and only in the workspace; FindPeople's
// fragment matches the organisation too, FindPeopleByRef's does not; the
// organisation filter is exact in any case.
func TestFindPeopleByNameAndOrganisation(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	other := mustWorkspace(t, db, "other")
	for _, p := range []*ally.Person{
		{Name: "Ödön Kovács"}, {Name: "ödön kovács", Emails: []string{"odon@b.org"}}, {Name: "Ödön Kovácsné"},
		{Name: "Raj Patel", Organisation: "Acme"}, {Name: "Kim Lee", Organisation: "ACME Ltd"}, {Name: "Acme Fan"},
	} {
		mustPerson(t, db, w.ID, p)
	}
	mustPerson(t, db, other.ID, &ally.Person{Name: "ÖDÖN KOVÁCS"})
	names := func(ps []*ally.Person) []string {
		out := []string{}
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return out
	}
	err := db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		for _, tt := range []struct {
			name string
			find func() ([]*ally.Person, error)
			want []string
		}{
			{"named, any case", func() ([]*ally.Person, error) { return tx.FindPeopleNamed(ctx, " ÖDÖN KOVÁCS ") },
				[]string{"Ödön Kovács", "ödön kovács"}},
			{"named, nobody", func() ([]*ally.Person, error) { return tx.FindPeopleNamed(ctx, "Ödön") }, []string{}},
			{"fragment with organisations", func() ([]*ally.Person, error) { return tx.FindPeople(ctx, ally.PersonFilter{Query: "acme"}) },
				[]string{"Acme Fan", "Kim Lee", "Raj Patel"}},
			{"reference, names and emails only", func() ([]*ally.Person, error) { return tx.FindPeopleByRef(ctx, "acme") },
				[]string{"Acme Fan"}},
			{"reference by email", func() ([]*ally.Person, error) { return tx.FindPeopleByRef(ctx, "odon@") },
				[]string{"ödön kovács"}},
			{"organisation, exact", func() ([]*ally.Person, error) {
				return tx.FindPeople(ctx, ally.PersonFilter{Organisation: "acme"})
			}, []string{"Raj Patel"}},
			{"organisation and fragment", func() ([]*ally.Person, error) {
				return tx.FindPeople(ctx, ally.PersonFilter{Organisation: "ACME LTD", Query: "lee"})
			}, []string{"Kim Lee"}},
		} {
			ps, err := tt.find()
			if err != nil {
				return err
			}
			if got := names(ps); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
