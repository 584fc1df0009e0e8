package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

func findInteractions(tb testing.TB, db *store.DB, ws int64, f store.InteractionFilter) []*ally.Interaction {
	tb.Helper()
	var out []*ally.Interaction
	err := db.View(ctx, store.In(ws), func(tx *store.Tx) (err error) {
		out, err = tx.FindInteractions(ctx, f)
		return err
	})
	if err != nil {
		tb.Fatalf("FindInteractions(%+v): %v", f, err)
	}
	return out
}

func ids(ins []*ally.Interaction) []int64 {
	out := []int64{}
	for _, in := range ins {
		out = append(out, in.ID)
	}
	return out
}

func TestInteractions(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "Me", "Ana", "Bo", "Cy")
	me, ana, bo, cy := ps[0].ID, ps[1].ID, ps[2].ID, ps[3].ID

	// Ten interactions, one a day from March 1st: even days Me→Ana (cc Bo),
	// odd days Bo→Cy.
	var ins []*ally.Interaction
	for i := 0; i < 10; i++ {
		in := &ally.Interaction{Kind: ally.ChanEmail, At: t0.AddDate(0, 0, i), Subject: "s", Medium: "mail", Note: "n"}
		if i%2 == 0 {
			in.Participants = []ally.Participant{{PersonID: me, Role: ally.RoleInitiator}, {PersonID: ana, Role: ally.RoleTo}, {PersonID: bo, Role: ally.RoleCC}}
		} else {
			in.Participants = []ally.Participant{{PersonID: bo, Role: ally.RoleInitiator}, {PersonID: cy, Role: ally.RoleTo}}
		}
		ins = append(ins, in)
	}
	// Insert out of date order to check that reads sort.
	ins[3], ins[7] = ins[7], ins[3]
	var n int
	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) (err error) {
		n, err = tx.CreateInteractions(ctx, ins)
		return err
	})
	if err != nil || n != 10 {
		t.Fatalf("CreateInteractions = %d, %v", n, err)
	}
	ins[3], ins[7] = ins[7], ins[3]
	for _, in := range ins {
		if in.ID == 0 || in.Source != ally.SourceManual {
			t.Fatalf("interaction not stamped: %+v", in)
		}
	}

	// All, newest first, with participants.
	all := findInteractions(t, db, w.ID, store.InteractionFilter{})
	if len(all) != 10 {
		t.Fatalf("got %d interactions, want 10", len(all))
	}
	for i, in := range all {
		want := ins[9-i]
		if in.ID != want.ID || !in.At.Equal(want.At) || in.Kind != ally.ChanEmail || in.Subject != "s" || in.Medium != "mail" || in.Note != "n" || in.Source != ally.SourceManual {
			t.Errorf("all[%d] = %+v, want %+v", i, in, want)
		}
		if len(in.Participants) != len(want.Participants) || in.Initiator() != want.Initiator() {
			t.Errorf("all[%d] participants = %v, want %v", i, in.Participants, want.Participants)
		}
	}
	// Participants in a stable order: by role, then person.
	if got := all[1].Participants; !reflect.DeepEqual(got, []ally.Participant{{PersonID: bo, Role: ally.RoleCC}, {PersonID: me, Role: ally.RoleInitiator}, {PersonID: ana, Role: ally.RoleTo}}) {
		t.Errorf("participants of an even-day interaction: %v", got)
	}

	// A person's timeline: newest first, limited.
	if got, want := ids(findInteractions(t, db, w.ID, store.InteractionFilter{PersonID: ana, Limit: 3})), []int64{ins[8].ID, ins[6].ID, ins[4].ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("Ana's newest 3 = %v, want %v", got, want)
	}
	if got := findInteractions(t, db, w.ID, store.InteractionFilter{PersonID: bo}); len(got) != 10 {
		t.Errorf("Bo took part in %d, want 10", len(got))
	} else if len(got[0].Participants) != 2 || len(got[1].Participants) != 3 {
		// The timeline carries every participant, not only the person's row.
		t.Errorf("Bo's timeline participants: %v / %v", got[0].Participants, got[1].Participants)
	}
	if got := findInteractions(t, db, w.ID, store.InteractionFilter{PersonID: cy, Limit: 100}); len(got) != 5 {
		t.Errorf("Cy took part in %d, want 5", len(got))
	}
	if got := findInteractions(t, db, w.ID, store.InteractionFilter{PersonID: 9999}); len(got) != 0 {
		t.Errorf("unknown person: %d interactions", len(got))
	}

	// Since is inclusive, Until exclusive, with or without a person.
	since, until := t0.AddDate(0, 0, 2), t0.AddDate(0, 0, 6)
	if got, want := ids(findInteractions(t, db, w.ID, store.InteractionFilter{Since: since, Until: until})), []int64{ins[5].ID, ins[4].ID, ins[3].ID, ins[2].ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("since/until = %v, want %v", got, want)
	}
	if got, want := ids(findInteractions(t, db, w.ID, store.InteractionFilter{PersonID: ana, Since: since, Until: until})), []int64{ins[4].ID, ins[2].ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("Ana since/until = %v, want %v", got, want)
	}
	if got, want := ids(findInteractions(t, db, w.ID, store.InteractionFilter{PersonID: ana, Since: since, Limit: 1})), []int64{ins[8].ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("Ana since, limit 1 = %v, want %v", got, want)
	}
	if got, want := ids(findInteractions(t, db, w.ID, store.InteractionFilter{Until: t0.AddDate(0, 0, 1)})), []int64{ins[0].ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("until day 1 = %v, want %v", got, want)
	}

	// Contact stats from Me's point of view.
	err = db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		st, err := tx.ContactStats(ctx, me)
		if err != nil {
			return err
		}
		want := map[int64]store.ContactStat{
			ana: {PersonID: ana, Count: 5, Last: ins[8].At},
			bo:  {PersonID: bo, Count: 5, Last: ins[8].At},
		}
		if !reflect.DeepEqual(st, want) {
			t.Errorf("ContactStats = %v, want %v", st, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Delete one.
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.DeleteInteraction(ctx, ins[0].ID) }); err != nil {
		t.Fatal(err)
	}
	if got := findInteractions(t, db, w.ID, store.InteractionFilter{}); len(got) != 9 {
		t.Errorf("%d after delete, want 9", len(got))
	}
	if n := count(t, db, "participants"); n != 5*3+5*2-3 {
		t.Errorf("%d participant rows after delete, want %d", n, 5*3+5*2-3)
	}
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.DeleteInteraction(ctx, ins[0].ID) })
	wantCode(t, err, ally.ENOTFOUND)
}

func TestTimelineTiesAreOrderedByID(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "A", "B")
	var ins []*ally.Interaction
	for i := 0; i < 5; i++ {
		ins = append(ins, &ally.Interaction{Kind: ally.ChanChat, At: t0, Participants: []ally.Participant{
			{PersonID: ps[0].ID, Role: ally.RoleInitiator}, {PersonID: ps[1].ID, Role: ally.RoleTo}}})
	}
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { _, err := tx.CreateInteractions(ctx, ins); return err }); err != nil {
		t.Fatal(err)
	}
	got := ids(findInteractions(t, db, w.ID, store.InteractionFilter{PersonID: ps[1].ID, Limit: 2}))
	if want := []int64{ins[4].ID, ins[3].ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("same-time page = %v, want the highest ids %v", got, want)
	}
}

func TestCreateInteractionsErrors(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "A", "B")
	good := func() *ally.Interaction {
		return &ally.Interaction{Kind: ally.ChanCall, At: t0, Participants: []ally.Participant{
			{PersonID: ps[0].ID, Role: ally.RoleInitiator}, {PersonID: ps[1].ID, Role: ally.RoleTo}}}
	}
	bad := good()
	bad.Kind = "fax"

	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.CreateInteraction(ctx, bad) })
	wantCode(t, err, ally.EINVALID, `kind "fax"`)
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		_, err := tx.CreateInteractions(ctx, []*ally.Interaction{good(), good(), bad})
		return err
	})
	wantCode(t, err, ally.EINVALID, "interaction 3:", `kind "fax"`)

	ghost := good()
	ghost.Participants[1].PersonID = 9999
	err = db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.CreateInteraction(ctx, ghost) })
	wantCode(t, err, ally.ENOTFOUND, "person 9999 not found")

	if n, m := count(t, db, "interactions"), count(t, db, "participants"); n != 0 || m != 0 {
		t.Errorf("%d interactions, %d participants after refused writes", n, m)
	}
}

func TestReimportIsSkipped(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "A", "B", "C")
	batch := func() []*ally.Interaction {
		var out []*ally.Interaction
		for i, ext := range []string{"msg-1", "msg-2", "msg-3"} {
			out = append(out, &ally.Interaction{Kind: ally.ChanEmail, At: t0.Add(time.Duration(i) * time.Hour), Source: ally.SourceEmail, ExternalID: ext,
				Participants: []ally.Participant{{PersonID: ps[0].ID, Role: ally.RoleInitiator}, {PersonID: ps[1].ID, Role: ally.RoleTo}}})
		}
		return out
	}
	create := func(ins []*ally.Interaction) int {
		t.Helper()
		var n int
		if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) (err error) { n, err = tx.CreateInteractions(ctx, ins); return err }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	first := batch()
	if n := create(first); n != 3 {
		t.Fatalf("first import inserted %d, want 3", n)
	}
	// The same file again, plus one new message; and a message with the same
	// external id from another source, which is a different message.
	again := batch()
	again[1].Participants = append(again[1].Participants, ally.Participant{PersonID: ps[2].ID, Role: ally.RoleCC})
	extra := &ally.Interaction{Kind: ally.ChanEmail, At: t0, Source: ally.SourceEmail, ExternalID: "msg-4",
		Participants: []ally.Participant{{PersonID: ps[1].ID, Role: ally.RoleInitiator}, {PersonID: ps[2].ID, Role: ally.RoleTo}}}
	other := &ally.Interaction{Kind: ally.ChanMeeting, At: t0, Source: ally.SourceCalendar, ExternalID: "msg-1",
		Participants: []ally.Participant{{PersonID: ps[1].ID, Role: ally.RoleInitiator}, {PersonID: ps[2].ID, Role: ally.RoleTo}}}
	if n := create(append(again, extra, other)); n != 2 {
		t.Fatalf("re-import inserted %d, want 2 (msg-4 and the calendar msg-1)", n)
	}
	for i := range first {
		if again[i].ID != first[i].ID {
			t.Errorf("skipped interaction %d got id %d, want the stored %d", i, again[i].ID, first[i].ID)
		}
	}
	if n, m := count(t, db, "interactions"), count(t, db, "participants"); n != 5 || m != 10 {
		t.Errorf("%d interactions and %d participants, want 5 and 10 (the skipped one keeps its participants)", n, m)
	}
	// Manual interactions have no external id and are never skipped.
	manual := func() *ally.Interaction {
		return &ally.Interaction{Kind: ally.ChanCall, At: t0, Participants: []ally.Participant{
			{PersonID: ps[0].ID, Role: ally.RoleInitiator}, {PersonID: ps[1].ID, Role: ally.RoleTo}}}
	}
	if n := create([]*ally.Interaction{manual(), manual()}); n != 2 {
		t.Errorf("two identical manual interactions inserted %d, want 2", n)
	}
	// Another workspace may import the same file.
	w2 := mustWorkspace(t, db, "w2")
	qs := mustPeople(t, db, w2.ID, "A", "B")
	var n int
	err := db.Update(ctx, store.In(w2.ID), func(tx *store.Tx) (err error) {
		n, err = tx.CreateInteractions(ctx, []*ally.Interaction{{Kind: ally.ChanEmail, At: t0, Source: ally.SourceEmail, ExternalID: "msg-1",
			Participants: []ally.Participant{{PersonID: qs[0].ID, Role: ally.RoleInitiator}, {PersonID: qs[1].ID, Role: ally.RoleTo}}}})
		return err
	})
	if err != nil || n != 1 {
		t.Errorf("import into w2 = %d, %v; want 1", n, err)
	}
}

func TestDeletePersonRemovesOrphanedInteractions(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "Me", "Ana", "Bo")
	me, ana, bo := ps[0].ID, ps[1].ID, ps[2].ID
	pair := &ally.Interaction{Kind: ally.ChanCall, At: t0, Participants: []ally.Participant{{PersonID: me, Role: ally.RoleInitiator}, {PersonID: ana, Role: ally.RoleTo}}}
	trio := &ally.Interaction{Kind: ally.ChanMeeting, At: t0, Participants: []ally.Participant{{PersonID: me, Role: ally.RoleInitiator}, {PersonID: ana, Role: ally.RoleTo}, {PersonID: bo, Role: ally.RoleTo}}}
	other := &ally.Interaction{Kind: ally.ChanChat, At: t0, Participants: []ally.Participant{{PersonID: me, Role: ally.RoleInitiator}, {PersonID: bo, Role: ally.RoleTo}}}
	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		if _, err := tx.CreateInteractions(ctx, []*ally.Interaction{pair, trio, other}); err != nil {
			return err
		}
		if err := tx.CreateExchange(ctx, &ally.Exchange{At: t0, FromID: me, ToID: ana, What: "help"}); err != nil {
			return err
		}
		if err := tx.CreateCommitment(ctx, &ally.Commitment{FromID: ana, ToID: me, What: "deck", Due: t0}); err != nil {
			return err
		}
		return tx.PutRelationship(ctx, &ally.Relationship{PersonID: ana})
	})
	if err != nil {
		t.Fatal(err)
	}
	// A second workspace's lone interactions are not touched.
	w2 := mustWorkspace(t, db, "w2")
	qs := mustPeople(t, db, w2.ID, "X", "Y")
	if err := db.Update(ctx, store.In(w2.ID), func(tx *store.Tx) error {
		return tx.CreateInteraction(ctx, &ally.Interaction{Kind: ally.ChanCall, At: t0, Participants: []ally.Participant{
			{PersonID: qs[0].ID, Role: ally.RoleInitiator}, {PersonID: qs[1].ID, Role: ally.RoleTo}}})
	}); err != nil {
		t.Fatal(err)
	}

	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.DeletePerson(ctx, ana) }); err != nil {
		t.Fatal(err)
	}
	got := findInteractions(t, db, w.ID, store.InteractionFilter{})
	gotIDs := map[int64]int{}
	for _, in := range got {
		gotIDs[in.ID] = len(in.Participants)
	}
	if want := map[int64]int{trio.ID: 2, other.ID: 2}; !reflect.DeepEqual(gotIDs, want) {
		t.Errorf("interactions left (id → participants) = %v, want %v", gotIDs, want)
	}
	for _, table := range []string{"exchanges", "commitments", "relationships"} {
		if n := count(t, db, table); n != 0 {
			t.Errorf("%d %s left after deleting Ana", n, table)
		}
	}
	if n := len(findInteractions(t, db, w2.ID, store.InteractionFilter{})); n != 1 {
		t.Errorf("w2 has %d interactions, want 1", n)
	}
}

// A preset id already in use is a conflict, not a re-import: the
// interaction must not be silently dropped or mapped to another one.
func TestCreateInteractionsPresetIDConflict(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "A", "B")
	mk := func(id int64, ext string) *ally.Interaction {
		return &ally.Interaction{ID: id, Kind: ally.ChanCall, At: t0, ExternalID: ext, Source: ally.SourceCSV,
			Participants: []ally.Participant{{PersonID: ps[0].ID, Role: ally.RoleInitiator}, {PersonID: ps[1].ID, Role: ally.RoleTo}}}
	}
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.CreateInteraction(ctx, mk(7, "")) }); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{"", "row-2"} {
		err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.CreateInteraction(ctx, mk(7, ext)) })
		wantCode(t, err, ally.ECONFLICT, "interaction id 7 already exists")
	}
	if n := count(t, db, "interactions"); n != 1 {
		t.Errorf("%d interactions, want 1", n)
	}
}

// TestInteractionPages: pages with an offset tile the whole list in order,
// with or without a limit, for one person and for the workspace, and the
// count is the whole list's length whatever the page.
func TestInteractionPages(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "A", "B", "C")
	var ins []*ally.Interaction
	for i := 0; i < 13; i++ {
		other := ps[1+i%2].ID
		ins = append(ins, &ally.Interaction{Kind: ally.ChanChat, At: t0.Add(time.Duration(i%5) * time.Hour), Participants: []ally.Participant{
			{PersonID: ps[0].ID, Role: ally.RoleInitiator}, {PersonID: other, Role: ally.RoleTo}}})
	}
	if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error { _, err := tx.CreateInteractions(ctx, ins); return err }); err != nil {
		t.Fatal(err)
	}
	for _, f := range []store.InteractionFilter{{}, {PersonID: ps[0].ID}, {PersonID: ps[1].ID}, {PersonID: ps[2].ID, Since: t0.Add(time.Hour)}} {
		whole := ids(findInteractions(t, db, w.ID, f))
		var n int
		if err := db.View(ctx, store.In(w.ID), func(tx *store.Tx) (err error) { n, err = tx.CountInteractions(ctx, f); return err }); err != nil {
			t.Fatal(err)
		}
		if n != len(whole) || n == 0 {
			t.Errorf("%+v: count %d, the list has %d", f, n, len(whole))
		}
		for _, limit := range []int{0, 1, 4} {
			var tiled []int64
			for off := 0; off < len(whole)+2; off += max(limit, 1) {
				pf := f
				pf.Limit, pf.Offset = limit, off
				page := ids(findInteractions(t, db, w.ID, pf))
				if limit > 0 && len(page) > limit {
					t.Fatalf("%+v: %d items, over the limit", pf, len(page))
				}
				if limit == 0 {
					if want := whole[min(off, len(whole)):]; !reflect.DeepEqual(page, want) {
						t.Errorf("%+v = %v, want %v", pf, page, want)
					}
					continue
				}
				tiled = append(tiled, page...)
			}
			if limit > 0 && !reflect.DeepEqual(tiled, whole) {
				t.Errorf("%+v pages of %d tile as %v, want %v", f, limit, tiled, whole)
			}
		}
	}
}
