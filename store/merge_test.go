package store

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	allypkg "github.com/allyhq/ally"
)

// The merge tests are internal: they compare every row of every table
// (not only what the export shows) before a merge and after its unmerge.

var mergeT0 = time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)

// mergeFixture is a database with two workspaces; in the first, Kim
// (kept) and K. Lee (merged) share interactions and an initiative, and
// each has what a merge must move or combine. The second workspace holds
// a person with the same shape, which a merge must not touch.
type mergeFixture struct {
	db                *DB
	ws, other         int64
	me, kim, lee, bob int64
	goal, rule        int64
}

func newMergeFixture(t *testing.T) *mergeFixture {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "ally.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return mergeT0 }
	f := &mergeFixture{db: db}
	for i, name := range []string{"team", "elsewhere"} {
		w := &allypkg.Workspace{Name: name}
		if err := db.CreateWorkspace(ctx, w); err != nil {
			t.Fatal(err)
		}
		var ids [4]int64
		err := db.Update(ctx, In(w.ID), func(tx *Tx) error {
			for j, p := range []*allypkg.Person{
				{Name: "Me"},
				{Name: "Kim Lee", Emails: []string{"kim@" + name + ".org"}, Department: "Sales", Tags: []allypkg.Tag{{Kind: allypkg.TagSkill, Value: "go"}}},
				{Name: "K. Lee", Emails: []string{"k.lee@gmail.com", "kl@" + name + ".org"}, Title: "AE", Notes: "n1",
					Tags: []allypkg.Tag{{Kind: allypkg.TagSkill, Value: "go"}, {Kind: allypkg.TagSkill, Value: "sql"}}},
				{Name: "Bob"},
			} {
				if err := tx.CreatePerson(ctx, p); err != nil {
					return err
				}
				ids[j] = p.ID
			}
			me, kim, lee, bob := ids[0], ids[1], ids[2], ids[3]
			if err := tx.SetManager(ctx, bob, lee); err != nil {
				return err
			}
			if err := tx.SetManager(ctx, lee, me); err != nil {
				return err
			}
			for k, in := range []*allypkg.Interaction{
				{Participants: []allypkg.Participant{{PersonID: me, Role: allypkg.RoleInitiator}, {PersonID: lee, Role: allypkg.RoleTo}}},
				{Participants: []allypkg.Participant{{PersonID: lee, Role: allypkg.RoleInitiator}, {PersonID: kim, Role: allypkg.RoleCC}, {PersonID: bob, Role: allypkg.RoleTo}}},
				{Participants: []allypkg.Participant{{PersonID: kim, Role: allypkg.RoleInitiator}, {PersonID: lee, Role: allypkg.RoleCC}, {PersonID: me, Role: allypkg.RoleTo}}},
				{Participants: []allypkg.Participant{{PersonID: kim, Role: allypkg.RoleInitiator}, {PersonID: lee, Role: allypkg.RoleTo}}},
			} {
				in.Kind, in.Source, in.At = allypkg.ChanEmail, allypkg.SourceEmail, mergeT0.Add(-time.Duration(k+1)*time.Hour)
				if err := tx.CreateInteraction(ctx, in); err != nil {
					return err
				}
			}
			for _, e := range []*allypkg.Exchange{{FromID: lee, ToID: me}, {FromID: me, ToID: lee}, {FromID: lee, ToID: kim}} {
				e.At, e.What, e.Kind, e.Size = mergeT0.Add(-time.Hour), "help", allypkg.GaveKnowledge, allypkg.SizeSmall
				if err := tx.CreateExchange(ctx, e); err != nil {
					return err
				}
			}
			for _, c := range []*allypkg.Commitment{{FromID: lee, ToID: me}, {FromID: kim, ToID: lee}} {
				c.What, c.Due, c.Status = "deck", mergeT0.Add(48*time.Hour), allypkg.CommitOpen
				if err := tx.CreateCommitment(ctx, c); err != nil {
					return err
				}
			}
			if err := tx.PutRelationship(ctx, &allypkg.Relationship{PersonID: lee, Tier: allypkg.TierNetwork, Status: allypkg.StatusEngaged, Note: "lee's"}); err != nil {
				return err
			}
			g := &allypkg.Initiative{Name: "Deal", Outcome: allypkg.OutcomeOpen, Rule: allypkg.Rule{Kind: allypkg.RuleCommittee, Quota: 2,
				Weights: map[int64]float64{lee: 2, me: 1}, Vetoes: []int64{lee}}}
			if err := tx.CreateInitiative(ctx, g); err != nil {
				return err
			}
			g2 := &allypkg.Initiative{Name: "Other", Outcome: allypkg.OutcomeOpen, Rule: allypkg.Rule{Kind: allypkg.RuleCommittee, Quota: 1,
				Weights: map[int64]float64{lee: 2, kim: 1}}}
			if err := tx.CreateInitiative(ctx, g2); err != nil {
				return err
			}
			for _, s := range []*allypkg.Stake{
				{InitiativeID: g.ID, PersonID: kim, Stance: allypkg.StanceSupporter, Power: 3, Interest: 3},
				{InitiativeID: g.ID, PersonID: lee, Stance: allypkg.StanceSkeptic, Power: 4, Interest: 2, Ask: "terms"},
				{InitiativeID: g2.ID, PersonID: lee, Stance: allypkg.StanceNeutral, Power: 2, Interest: 2},
			} {
				if err := tx.PutStake(ctx, s); err != nil {
					return err
				}
			}
			if err := tx.CreateRepairPlan(ctx, &allypkg.RepairPlan{PersonID: lee, Cause: "late"}); err != nil {
				return err
			}
			if err := tx.AddIdentity(ctx, PersonIdentity{PersonID: lee, Kind: "phone", Value: "+15550100" + name, Source: "vcard"}); err != nil {
				return err
			}
			if err := tx.AddNotDuplicate(ctx, lee, bob); err != nil {
				return err
			}
			if i == 0 {
				f.ws, f.me, f.kim, f.lee, f.bob, f.goal, f.rule = w.ID, me, kim, lee, bob, g.ID, g2.ID
			} else {
				f.other = w.ID
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// allRows is every row of every table but the merge records and the tie
// aggregates (derived: the app recomputes them), as sorted JSON lines.
func allRows(t *testing.T, db *DB) string {
	t.Helper()
	ctx := context.Background()
	var out []string
	err := db.View(ctx, In(0), func(tx *Tx) error {
		tables, err := tx.query(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('merges', 'ties', 'migrations', 'meta') ORDER BY name")
		if err != nil {
			return err
		}
		var names []string
		for tables.Next() {
			var n string
			if err := tables.Scan(&n); err != nil {
				return err
			}
			names = append(names, n)
		}
		tables.Close()
		for _, n := range names {
			rows, err := tx.query(ctx, "SELECT * FROM "+n)
			if err != nil {
				return err
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return err
				}
				r := map[string]any{"_table": n}
				for i, c := range cols {
					r[c] = vals[i]
				}
				b, _ := json.Marshal(r)
				out = append(out, string(b))
			}
			rows.Close()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// merge merges K. Lee into Kim at the given time, Kim's fields as they
// are with K. Lee's title, the stronger role kept.
func (f *mergeFixture) merge(t *testing.T, at time.Time) *MergeRecord {
	t.Helper()
	ctx := context.Background()
	var rec *MergeRecord
	err := f.db.Update(ctx, Scope{Workspace: f.ws, Now: at}, func(tx *Tx) (err error) {
		k, err := tx.FindPersonByID(ctx, f.kim)
		if err != nil {
			return err
		}
		k.Title = "AE"
		rec, err = tx.MergePeople(ctx, MergePlan{Kept: k, Merged: f.lee, Role: stronger})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func stronger(k, m allypkg.Role) allypkg.Role {
	rank := map[allypkg.Role]int{allypkg.RoleInitiator: 3, allypkg.RoleTo: 2, allypkg.RoleCC: 1}
	if rank[m] > rank[k] {
		return m
	}
	return k
}

func (f *mergeFixture) unmerge(id int64, at time.Time) error {
	return f.db.Update(context.Background(), Scope{Workspace: f.ws, Now: at}, func(tx *Tx) error {
		_, err := tx.UnmergePeople(context.Background(), id)
		return err
	})
}

func TestMergeUnmergeEveryRow(t *testing.T) {
	f := newMergeFixture(t)
	before := allRows(t, f.db)
	rec := f.merge(t, mergeT0.Add(time.Hour))
	merged := allRows(t, f.db)
	if merged == before {
		t.Fatal("the merge changed nothing")
	}
	if strings.Contains(merged, `"person_id":`+itoa(f.lee)+`,`) || strings.Contains(merged, `"id":`+itoa(f.lee)+`,"level"`) {
		t.Errorf("a row still names the merged person %d:\n%s", f.lee, merged)
	}
	b := rec.Body
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"moved interactions", len(b.Moved.Interactions), 1},
		{"removed participants (2 shared + 2 of the interaction between them)", len(b.Removed["participants"]), 4},
		{"removed interactions", len(b.Removed["interactions"]), 1},
		{"raised roles", len(b.Moved.Roles), 1},
		{"exchanges from", len(b.Moved.ExchangesFrom), 1},
		{"exchanges to", len(b.Moved.ExchangesTo), 1},
		{"exchanges between", len(b.Removed["exchanges"]), 1},
		{"commitments from", len(b.Moved.CommitmentsFrom), 1},
		{"commitments between", len(b.Removed["commitments"]), 1},
		{"stakes moved", len(b.Moved.Stakes), 1},
		{"stakes dropped", len(b.Removed["stakes"]), 1},
		{"stance history dropped", len(b.Removed["stance_history"]), 1},
		{"stance history moved", len(b.Moved.StanceHistory), 1},
		{"repair plans", len(b.Moved.RepairPlans), 1},
		{"reports", len(b.Moved.Reports), 1},
		{"rules", len(b.Rules), 2},
		{"merged emails", len(b.Merged.Emails), 2},
		{"merged identities", len(b.Merged.Identities), 1},
		{"not-duplicate pairs", len(b.Merged.NotDuplicates), 1},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
		}
	}
	if !b.Moved.Relationship {
		t.Error("K. Lee's relationship (Kim had none) did not move")
	}
	// The rule: the veto and weight move to Kim; where Kim has a weight
	// of their own it stays.
	err := f.db.View(context.Background(), In(f.ws), func(tx *Tx) error {
		w1, _ := json.Marshal(map[int64]float64{f.kim: 2, f.me: 1})
		w2, _ := json.Marshal(map[int64]float64{f.kim: 1})
		for id, want := range map[int64]string{f.goal: `"weights":` + string(w1) + `,"vetoes":[` + itoa(f.kim) + `]`,
			f.rule: `"weights":` + string(w2)} {
			g, err := tx.FindInitiativeByID(context.Background(), id)
			if err != nil {
				return err
			}
			got, _ := json.Marshal(g.Rule)
			if !strings.Contains(string(got), want) {
				t.Errorf("rule of %d: %s, want %s", id, got, want)
			}
		}
		ins, err := tx.FindInteractions(context.Background(), InteractionFilter{PersonID: f.kim})
		if err != nil {
			return err
		}
		for _, in := range ins {
			if len(in.Participants) < 2 {
				t.Errorf("interaction %d left with %v", in.ID, in.Participants)
			}
			for _, p := range in.Participants {
				if p.PersonID == f.kim && len(in.Participants) == 2 && p.Role != allypkg.RoleInitiator && in.Participants[0].PersonID != f.me && in.Participants[1].PersonID != f.me {
					t.Errorf("interaction %d: Kim %s, want the initiator K. Lee was", in.ID, p.Role)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.unmerge(rec.ID, mergeT0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if after := allRows(t, f.db); after != before {
		t.Fatalf("after unmerge:\n%s", firstDiff(before, after))
	}
}

func itoa(i int64) string { b, _ := json.Marshal(i); return string(b) }

func firstDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(x) || i < len(y); i++ {
		var l, r string
		if i < len(x) {
			l = x[i]
		}
		if i < len(y) {
			r = y[i]
		}
		if l != r {
			return "before: " + l + "\n after: " + r
		}
	}
	return ""
}

// TestUnmergeRefuses: what a later change made impossible to restore
// exactly is refused, and the refusal changes nothing.
func TestUnmergeRefuses(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		change func(t *testing.T, f *mergeFixture, tx *Tx, rec *MergeRecord) error
		code   string
		msg    string
	}{
		{"moved interaction deleted", func(t *testing.T, f *mergeFixture, tx *Tx, rec *MergeRecord) error {
			return tx.DeleteInteraction(ctx, rec.Body.Moved.Interactions[0])
		}, allypkg.ECONFLICT, "was removed or moved since"},
		{"kept person edited", func(t *testing.T, f *mergeFixture, tx *Tx, rec *MergeRecord) error {
			p, err := tx.FindPersonByID(ctx, f.kim)
			if err != nil {
				return err
			}
			p.Location = "Oslo"
			return tx.UpdatePerson(ctx, p)
		}, allypkg.ECONFLICT, "record (fields, notes) changed"},
		{"kept person's email added", func(t *testing.T, f *mergeFixture, tx *Tx, rec *MergeRecord) error {
			p, err := tx.FindPersonByID(ctx, f.kim)
			if err != nil {
				return err
			}
			p.Emails = append(p.Emails, "new@x.org")
			if err := tx.UpdatePerson(ctx, p); err != nil {
				return err
			}
			return nil
		}, allypkg.ECONFLICT, "changed since the merge"},
		{"merged id given away", func(t *testing.T, f *mergeFixture, tx *Tx, rec *MergeRecord) error {
			return tx.CreatePerson(ctx, &allypkg.Person{ID: f.lee, Name: "Newcomer"})
		}, allypkg.ECONFLICT, "given to someone else"},
		{"rule edited", func(t *testing.T, f *mergeFixture, tx *Tx, rec *MergeRecord) error {
			g, err := tx.FindInitiativeByID(ctx, f.goal)
			if err != nil {
				return err
			}
			g.Rule.Quota = 3
			return tx.UpdateInitiative(ctx, g)
		}, allypkg.ECONFLICT, "decision rule"},
		{"shared interaction deleted", func(t *testing.T, f *mergeFixture, tx *Tx, rec *MergeRecord) error {
			return tx.DeleteInteraction(ctx, rec.Body.Moved.Roles[0].InteractionID)
		}, allypkg.ECONFLICT, "changed or removed since"},
		{"report reassigned", func(t *testing.T, f *mergeFixture, tx *Tx, rec *MergeRecord) error {
			return tx.SetManager(ctx, f.bob, f.me)
		}, allypkg.ECONFLICT, "report (person)"},
		{"later merge into the kept person", func(t *testing.T, f *mergeFixture, tx *Tx, rec *MergeRecord) error {
			k, err := tx.FindPersonByID(ctx, f.kim)
			if err != nil {
				return err
			}
			_, err = tx.MergePeople(ctx, MergePlan{Kept: k, Merged: f.bob, Role: stronger})
			return err
		}, allypkg.ECONFLICT, "first"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newMergeFixture(t)
			rec := f.merge(t, mergeT0.Add(time.Hour))
			if err := f.db.Update(ctx, In(f.ws), func(tx *Tx) error { return c.change(t, f, tx, rec) }); err != nil {
				t.Fatal(err)
			}
			was := allRows(t, f.db)
			err := f.unmerge(rec.ID, mergeT0.Add(2*time.Hour))
			if allyCode(err) != c.code || !strings.Contains(allypkg.ErrorMessage(err), c.msg) {
				t.Fatalf("unmerge: %v; want %s containing %q", err, c.code, c.msg)
			}
			if allRows(t, f.db) != was {
				t.Error("a refused unmerge changed the database")
			}
		})
	}
}

func TestUnmergeRecordChecks(t *testing.T) {
	f := newMergeFixture(t)
	rec := f.merge(t, mergeT0.Add(time.Hour))
	// Another workspace does not see the merge.
	err := f.db.Update(context.Background(), In(f.other), func(tx *Tx) error {
		_, err := tx.UnmergePeople(context.Background(), rec.ID)
		return err
	})
	if allyCode(err) != allypkg.ENOTFOUND {
		t.Errorf("unmerge from another workspace: %v, want ENOTFOUND", err)
	}
	if err := f.unmerge(rec.ID, mergeT0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	err = f.unmerge(rec.ID, mergeT0.Add(3*time.Hour))
	if allyCode(err) != allypkg.ECONFLICT || !strings.Contains(err.Error(), "undone") {
		t.Errorf("second unmerge: %v, want ECONFLICT, already undone", err)
	}
	var ms []*MergeRecord
	err = f.db.View(context.Background(), In(f.ws), func(tx *Tx) (err error) {
		ms, err = tx.FindMerges(context.Background())
		return err
	})
	if err != nil || len(ms) != 1 || !ms[0].Undone.Equal(mergeT0.Add(2*time.Hour)) || ms[0].Kept != f.kim || ms[0].Merged != f.lee {
		t.Errorf("merges %+v (%v)", ms, err)
	}
}

func TestMergePeopleRefuses(t *testing.T) {
	f := newMergeFixture(t)
	ctx := context.Background()
	var otherPerson int64
	_ = f.db.View(ctx, In(f.other), func(tx *Tx) error {
		ps, err := tx.FindPeopleNamed(ctx, "Kim Lee")
		if err == nil && len(ps) == 1 {
			otherPerson = ps[0].ID
		}
		return err
	})
	before := allRows(t, f.db)
	for _, c := range []struct {
		name   string
		kept   int64
		merged int64
		mgr    int64
		code   string
	}{
		{"same person", f.kim, f.kim, 0, allypkg.EINVALID},
		{"another workspace's person", f.kim, otherPerson, 0, allypkg.ENOTFOUND},
		{"kept keeps the merged as manager", f.kim, f.lee, f.lee, allypkg.EINVALID},
		{"manager loop through the reports", f.kim, f.lee, f.bob, allypkg.EINVALID},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := f.db.Update(ctx, In(f.ws), func(tx *Tx) error {
				k, err := tx.FindPersonByID(ctx, c.kept)
				if err != nil {
					return err
				}
				k.ManagerID = c.mgr
				_, err = tx.MergePeople(ctx, MergePlan{Kept: k, Merged: c.merged, Role: stronger})
				return err
			})
			if allyCode(err) != c.code {
				t.Errorf("merge: %v, want %s", err, c.code)
			}
		})
	}
	if allRows(t, f.db) != before {
		t.Error("a refused merge changed the database")
	}
}
