package app

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// mergeWorkspace is buildWorkspace plus a second record of Ana Lima, "A.
// Lima" (another address, a phone, a note, a tag, their own relationship),
// who carries everything a merge must move: interactions (one with Bo
// alone, one with Ana and Me, one with Ana alone), a ledger entry and a
// commitment with Me, a stake in the initiative Ana has one in and in one
// of their own, a repair plan, a report (Bo's manager) and a committee
// weight and veto. It returns the app and the two ids (Ana, A. Lima).
func mergeWorkspace(t *testing.T) (*App, int64, int64) {
	t.Helper()
	db := mustDB(t)
	a := buildWorkspace(t, db)
	ana := pid(t, a, "Ana Lima")
	dup := ok(a.AddPerson(bg, PersonInput{Name: ptr("A. Lima"), Emails: &[]string{"ana.lima@gmail.com"},
		Title: ptr("Staff engineer"), Department: ptr("Platform"), Location: ptr("Lisbon"), Notes: ptr("met at GopherCon")}))(t).ID
	bo := pid(t, a, "Bo Partner")
	me := a.WS.MeID
	ok(a.Tag(bg, dup, []ally.Tag{{Kind: ally.TagSkill, Value: "Go"}, {Kind: ally.TagSkill, Value: "sql"}}))(t)
	ok(a.EditPerson(bg, bo, PersonInput{Manager: ptr(dup)}))(t)
	_, _, err := a.SetRelationship(bg, dup, RelInput{Tier: ptr(ally.TierNetwork), Status: ptr(ally.StatusEngaged), Note: ptr("second record")})
	if err != nil {
		t.Fatal(err)
	}
	ok(a.Log(bg, LogInput{Kind: ally.ChanEmail, With: []int64{dup}, CC: []int64{ana}, At: exportNow.AddDate(0, 0, -5), Subject: "both, Me sends"}))(t)
	if _, _, err := a.Give(bg, ExchangeInput{Person: dup, Way: ToMe, What: "a referral", Kind: ally.GaveIntroduction, Size: ally.SizeSmall, At: exportNow.AddDate(0, 0, -4)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Promise(bg, PromiseInput{Person: dup, Way: FromMe, What: "review the RFC", Due: exportNow.AddDate(0, 0, 3)}); err != nil {
		t.Fatal(err)
	}
	var platform int64
	err = a.DB.Update(bg, a.scope(), func(tx *store.Tx) error {
		ins, err := tx.FindInitiatives(bg)
		if err != nil {
			return err
		}
		platform = ins[0].ID
		g := ins[0]
		g.Rule.Weights[dup] = 3
		g.Rule.Vetoes = []int64{dup}
		if err := tx.UpdateInitiative(bg, g); err != nil {
			return err
		}
		for _, in := range []*ally.Interaction{
			// A. Lima sent Bo a mail (no Me, no Ana).
			{Kind: ally.ChanEmail, At: exportNow.AddDate(0, 0, -6), Source: ally.SourceEmail, ExternalID: "m1",
				Participants: []ally.Participant{{PersonID: dup, Role: ally.RoleInitiator}, {PersonID: bo, Role: ally.RoleTo}}},
			// Ana's two addresses mailing each other: between the two alone.
			{Kind: ally.ChanEmail, At: exportNow.AddDate(0, 0, -7), Source: ally.SourceEmail, ExternalID: "m2", Subject: "fwd to self",
				Participants: []ally.Participant{{PersonID: dup, Role: ally.RoleInitiator}, {PersonID: ana, Role: ally.RoleTo}}},
			// A. Lima initiated, Ana cc'd, Me to: Ana's role must rise to initiator.
			{Kind: ally.ChanEmail, At: exportNow.AddDate(0, 0, -8), Source: ally.SourceEmail, ExternalID: "m3",
				Participants: []ally.Participant{{PersonID: dup, Role: ally.RoleInitiator}, {PersonID: ana, Role: ally.RoleCC}, {PersonID: me, Role: ally.RoleTo}}},
		} {
			if err := tx.CreateInteraction(bg, in); err != nil {
				return err
			}
		}
		if err := tx.CreateExchange(bg, &ally.Exchange{At: exportNow.AddDate(0, 0, -9), FromID: dup, ToID: ana, What: "self favour",
			Kind: ally.GaveKnowledge, Size: ally.SizeSmall}); err != nil {
			return err
		}
		if err := tx.CreateRepairPlan(bg, &ally.RepairPlan{PersonID: dup, Cause: "late reply"}); err != nil {
			return err
		}
		return tx.AddIdentity(bg, store.PersonIdentity{PersonID: dup, Kind: "phone", Value: "+351912345678", Source: "vcard:contacts.vcf"})
	})
	if err != nil {
		t.Fatal(err)
	}
	ok(a.SetStake(bg, StakeInput{Goal: platform, Person: dup, Stance: ptr(ally.StanceChampion), Power: ptr(4), Interest: ptr(5), Ask: ptr("demo day")}))(t)
	second := ok(a.NewGoal(bg, GoalInput{Name: ptr("Lisbon office"), Rule: &ally.Rule{}}))(t)
	ok(a.SetStake(bg, StakeInput{Goal: second.ID, Person: dup, Stance: ptr(ally.StanceNeutral), Power: ptr(2), Interest: ptr(3)}))(t)
	a.Now = exportNow.Add(48 * time.Hour)
	ok(a.SetStake(bg, StakeInput{Goal: second.ID, Person: dup, Stance: ptr(ally.StanceSupporter)}))(t)
	a.Now = exportNow
	// The tie aggregates are rebuilt by a merge; rebuild them here too, so
	// that the comparison is of the same computation.
	if err := a.RebuildTies(bg); err != nil {
		t.Fatal(err)
	}
	return a, ana, dup
}

// snapshot is what must be equal before a merge and after its unmerge:
// the workspace's JSON export, and what it leaves out (identities, tie
// aggregates, derived settings).
func snapshot(t *testing.T, a *App) string {
	t.Helper()
	d := ok(a.Export(bg))(t)
	var buf bytes.Buffer
	if err := d.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	err := a.view(bg, func(tx *store.Tx) error {
		ids, err := tx.FindIdentities(bg, 0)
		if err != nil {
			return err
		}
		var people []int64
		for _, p := range d.People {
			people = append(people, p.ID)
		}
		ties, err := tx.FindTiesAmong(bg, people)
		if err != nil {
			return err
		}
		set, err := tx.Settings(bg)
		if err != nil {
			return err
		}
		return json.NewEncoder(&buf).Encode(map[string]any{"identities": ids, "ties": ties, "settings": set})
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestMergeUnmergeRestoresExactly(t *testing.T) {
	a, ana, dup := mergeWorkspace(t)
	before := snapshot(t, a)
	d0 := ok(a.Export(bg))(t)
	a.Now = exportNow.Add(72 * time.Hour) // the merge and unmerge happen later: their own times must not show

	preview := ok(a.MergeOf(bg, ana, dup))(t)
	if got := snapshot(t, a); got != before {
		t.Fatalf("a merge preview changed the workspace:\n%s", lineDiff([]byte(before), []byte(got)))
	}
	v := ok(a.Merge(bg, ana, dup))(t)
	if v.MergeID == 0 || preview.MergeID != 0 {
		t.Errorf("merge id %d (preview %d): want a recorded id and none for the preview", v.MergeID, preview.MergeID)
	}
	pj, _ := json.Marshal(preview.Counts)
	vj, _ := json.Marshal(v.Counts)
	if string(pj) != string(vj) {
		t.Errorf("preview said %s, merge did %s", pj, vj)
	}
	want := MergeCounts{Interactions: 1, Shared: 2, Between: 1, LedgerEntries: 1, Commitments: 1, LedgerBetween: 1,
		Stakes: 1, StakesBoth: 1, RepairPlans: 1, Reports: 1, Emails: 1, Tags: 2, Identities: 1, Rules: 1, Relationship: "kept"}
	if v.Counts != want {
		t.Errorf("counts\n got %+v\nwant %+v", v.Counts, want)
	}

	// Everything is on Ana, nothing is lost.
	d1 := ok(a.Export(bg))(t)
	if len(d1.People) != len(d0.People)-1 {
		t.Errorf("%d people after the merge, want %d", len(d1.People), len(d0.People)-1)
	}
	for _, p := range d1.People {
		if p.ID == dup {
			t.Fatalf("the merged person %d is still there", dup)
		}
	}
	k := v.Kept
	if !slices.Equal(k.Emails, []string{"ana@acme.org", "ana.lima@acme.org", "ana.lima@gmail.com"}) {
		t.Errorf("emails %v", k.Emails)
	}
	if k.Department != "R&D" || k.Title != "Staff engineer" || k.Location != "Lisbon" {
		t.Errorf("fields: department %q (kept's wins), title %q and location %q (filled)", k.Department, k.Title, k.Location)
	}
	if !strings.HasPrefix(k.Notes, "prefers mornings\n\n--- merged from A. Lima") || !strings.HasSuffix(k.Notes, "met at GopherCon") {
		t.Errorf("notes %q", k.Notes)
	}
	if len(k.Tags) != 3 {
		t.Errorf("tags %v, want Ana's two and sql", k.Tags)
	}
	for _, in := range d1.Interactions {
		for _, pa := range in.Participants {
			if pa.PersonID == dup {
				t.Errorf("interaction %d still names the merged person", in.ID)
			}
		}
		if in.ExternalID == "m3" {
			if len(in.Participants) != 2 || !slices.Contains(in.Participants, ally.Participant{PersonID: ana, Role: ally.RoleInitiator}) {
				t.Errorf("m3 participants %v: want Ana once, as initiator, and Me", in.Participants)
			}
		}
		if in.ExternalID == "m2" {
			t.Errorf("the mail between Ana's two records is still an interaction: %v", in.Participants)
		}
	}
	if len(d1.Interactions) != len(d0.Interactions)-1 {
		t.Errorf("%d interactions, want %d (one between the two alone goes to the record)", len(d1.Interactions), len(d0.Interactions)-1)
	}
	if len(d1.Exchanges) != len(d0.Exchanges)-1 || len(d1.Commitments) != len(d0.Commitments) || len(d1.RepairPlans) != len(d0.RepairPlans) {
		t.Errorf("ledger %d→%d, commitments %d→%d, repair plans %d→%d", len(d0.Exchanges), len(d1.Exchanges),
			len(d0.Commitments), len(d1.Commitments), len(d0.RepairPlans), len(d1.RepairPlans))
	}
	for _, e := range d1.Exchanges {
		if e.FromID == dup || e.ToID == dup {
			t.Errorf("exchange %d names the merged person", e.ID)
		}
	}
	for _, c := range d1.Commitments {
		if c.FromID == dup || c.ToID == dup {
			t.Errorf("commitment %d names the merged person", c.ID)
		}
	}
	stakes := 0
	for _, s := range d1.Stakes {
		if s.PersonID == dup {
			t.Errorf("stake in %d names the merged person", s.InitiativeID)
		}
		if s.PersonID == ana {
			stakes++
			if s.InitiativeID == d1.Initiatives[0].ID && s.Stance != ally.StanceSupporter {
				t.Errorf("Platform stake %s: want Ana's own (supporter)", s.Stance)
			}
			if s.InitiativeID != d1.Initiatives[0].ID && len(s.History) != 2 {
				t.Errorf("moved stake's history %v: want both changes", s.History)
			}
		}
	}
	if stakes != 2 {
		t.Errorf("Ana has %d stakes, want 2", stakes)
	}
	rule := d1.Initiatives[0].Rule
	if _, has := rule.Weights[dup]; has || rule.Weights[ana] != 1 || !slices.Equal(rule.Vetoes, []int64{ana}) {
		t.Errorf("rule after merge %+v: want Ana's own weight 1 and the veto on Ana", rule)
	}
	for _, p := range d1.People {
		if p.Name == "Bo Partner" && p.ManagerID != ana {
			t.Errorf("Bo's manager %d, want Ana %d", p.ManagerID, ana)
		}
	}
	for _, r := range d1.Relationships {
		if r.PersonID == ana && r.Note != "solid" {
			t.Errorf("Ana's relationship %+v: want hers", r)
		}
	}
	err := a.view(bg, func(tx *store.Tx) error {
		ids, err := tx.FindIdentities(bg, ana)
		if len(ids) != 1 || ids[0].Value != "+351912345678" {
			t.Errorf("Ana's identities %v", ids)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// Listed, undoable; undone, the workspace is as before.
	ms := ok(a.Merges(bg))(t)
	if len(ms) != 1 || !ms[0].Undoable || ms[0].Merged != "A. Lima" || ms[0].Kept != "Ana Lima" {
		t.Fatalf("merges %+v", ms)
	}
	u := ok(a.Unmerge(bg, v.MergeID))(t)
	if u.Merged.ID != dup || u.Merged.Name != "A. Lima" {
		t.Errorf("unmerged %+v", u.Merged)
	}
	if got := snapshot(t, a); got != before {
		t.Fatalf("after unmerge the workspace differs:\n%s", lineDiff([]byte(before), []byte(got)))
	}
	_, err = a.Unmerge(bg, v.MergeID)
	wantErr(t, err, ally.ECONFLICT, "undone")
}

func TestUnmergeErrorValue(t *testing.T) {
	a, ana, dup := mergeWorkspace(t)
	v := ok(a.Merge(bg, ana, dup))(t)
	_, err := a.Unmerge(bg, v.MergeID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Unmerge(bg, v.MergeID)
	wantErr(t, err, ally.ECONFLICT, "undone")
}
