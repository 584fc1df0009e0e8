package app

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/allyhq/ally"
)

// A person's export holds every kind of record ally keeps about them, and
// of everyone else no more than a name: not their emails, notes,
// relationship notes or ids.
func TestExportPerson(t *testing.T) {
	db := mustDB(t)
	a := buildWorkspace(t, db)
	ana := pid(t, a, "Ana")
	// Private things about the others, which Ana's export must not carry.
	ok(a.EditPerson(bg, pid(t, a, "Bea"), PersonInput{Notes: ptr("SECRET about Bea")}))(t)
	ok(a.EditPerson(bg, a.WS.MeID, PersonInput{Notes: ptr("SECRET of mine")}))(t)
	if _, _, err := a.SetRelationship(bg, pid(t, a, "Bo Partner"), RelInput{Note: ptr("SECRET on Bo")}); err != nil {
		t.Fatal(err)
	}

	x := ok(a.ExportPerson(bg, ana))(t)
	for _, c := range []struct {
		what string
		n    int
		want int
	}{
		{"emails", len(x.Person.Emails), 2}, {"tags", len(x.Person.Tags), 2}, {"interactions", len(x.Interactions), 3},
		{"ledger entries", len(x.Ledger), 1}, {"commitments", len(x.Commitments), 1}, {"stakes", len(x.Stakes), 1},
		{"stance changes", len(x.Stakes[0].History), 2}, {"votes", len(x.Votes), 1}, {"repair plans", len(x.RepairPlans), 1},
	} {
		if c.n != c.want {
			t.Errorf("%d %s, want %d", c.n, c.what, c.want)
		}
	}
	if x.Format != PersonExportFormat || x.Version != PersonExportVersion || x.Workspace != "team" {
		t.Errorf("header %s %d %s", x.Format, x.Version, x.Workspace)
	}
	if x.Person.Notes != "prefers mornings" || x.Relationship == nil || x.Relationship.Note != "solid" || x.Manager != "Mia Me" {
		t.Errorf("record: notes %q, relationship %+v, manager %q", x.Person.Notes, x.Relationship, x.Manager)
	}
	if v := x.Votes[0]; v.Initiative != "Platform" || v.Weight != 1 {
		t.Errorf("vote %+v", v)
	}
	if s := x.Stakes[0]; s.Initiative != "Platform" || s.Stance != ally.StanceSupporter || s.Ask != "sponsor" {
		t.Errorf("stake %+v", s)
	}
	if e := x.Ledger[0]; e.From != "Mia Me" || e.To != "Ana Lima" || e.What != "code review" {
		t.Errorf("ledger %+v", e)
	}
	meeting := x.Interactions[len(x.Interactions)-1] // the oldest: the kick-off with Ana and Bo
	var names []string
	for _, p := range meeting.Participants {
		names = append(names, p.Name+":"+string(p.Role))
	}
	if meeting.Subject != "kick-off" || strings.Join(names, ",") != "Mia Me:initiator,Ana Lima:to,Bo Partner:to" {
		t.Errorf("the kick-off: %q with %v", meeting.Subject, names)
	}
	if x.Removal.Interactions != 3 || x.Removal.Dropped != 1 || x.Removal.Tags != 2 || !x.Removal.Notes || !x.Removal.Relationship {
		t.Errorf("counts %+v", x.Removal)
	}

	js, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"SECRET", "bea@acme.org", "mia@acme.org", "Partner Inc"} {
		if strings.Contains(string(js), secret) {
			t.Errorf("the export of Ana holds %q:\n%s", secret, js)
		}
	}
	// The only ids are Ana's and those of her own records.
	for _, m := range regexp.MustCompile(`"(\w*_id)":(\d+)`).FindAllStringSubmatch(string(js), -1) {
		if m[2] != itoa(int(ana)) {
			t.Errorf("%s %s in Ana's export is someone else's id", m[1], m[2])
		}
	}

	_, err = a.ExportPerson(bg, 999)
	wantErr(t, err, ally.ENOTFOUND, "no person with id 999")
	if me := ok(a.ExportPerson(bg, a.WS.MeID))(t); me.Person.Notes != "SECRET of mine" {
		t.Errorf("Me's own export lacks Me's notes")
	}
}

// What RemovalOf announces is what RemovePerson removes, and who cannot
// be removed is refused by both.
func TestRemovalSaysWhatGoes(t *testing.T) {
	db := mustDB(t)
	a := buildWorkspace(t, db)
	bo := pid(t, a, "Bo Partner")
	ok(a.Log(bg, LogInput{Kind: ally.ChanCall, With: []int64{bo}, At: exportNow.AddDate(0, 0, -1)}))(t)
	ok(a.Tag(bg, bo, []ally.Tag{{Kind: ally.TagInterest, Value: "pilots"}}))(t)
	if _, _, err := a.OpenRepair(bg, bo, "missed the pilot review", nil); err != nil {
		t.Fatal(err)
	}
	ok(a.SetStake(bg, StakeInput{Goal: gid(t, a, "Platform"), Person: bo, Stance: ptr(ally.StanceNeutral), Power: ptr(2)}))(t)

	want := RemovalCounts{Interactions: 2, Dropped: 1, LedgerEntries: 1, Commitments: 1, Stakes: 1, RepairPlans: 1, Tags: 1,
		Relationship: true} // the repair plan marks the relationship strained
	r := ok(a.RemovalOf(bg, bo))(t)
	if r.Counts != want || r.Person.Name != "Bo Partner" {
		t.Errorf("removal of Bo announces %+v, want %+v", r.Counts, want)
	}
	// Announcing changes nothing.
	if again := ok(a.RemovalOf(bg, bo))(t); again.Counts != want {
		t.Errorf("second look: %+v", again.Counts)
	}
	done := ok(a.RemovePerson(bg, bo))(t)
	if done.Counts != want {
		t.Errorf("removed %+v, announced %+v", done.Counts, want)
	}
	_, err := a.ExportPerson(bg, bo)
	wantErr(t, err, ally.ENOTFOUND)
	g := ok(a.ShowGoal(bg, gid(t, a, "Platform")))(t)
	for _, st := range g.Stakes {
		if st.PersonID == bo {
			t.Errorf("Bo's stake is still there")
		}
	}
	// The kick-off stays for Me and Ana, without Bo; the call with Bo alone went.
	_, tl := ok2(a.Timeline(bg, a.WS.MeID, Page{}))(t)
	if tl.Total != 3 {
		t.Errorf("Me has %d interactions left, want 3", tl.Total)
	}
	for _, in := range tl.Items {
		for _, p := range in.Participants {
			if p.PersonID == bo {
				t.Errorf("interaction %d still has Bo", in.ID)
			}
		}
	}

	for _, tt := range []struct {
		ref  string
		code string
		msg  string
	}{
		{"me", ally.EINVALID, "Me cannot be removed"},
		{"Ana", ally.ECONFLICT, "Ana Lima is named in the decision rule of initiative"},
	} {
		id := pid(t, a, tt.ref)
		_, err := a.RemovalOf(bg, id)
		wantErr(t, err, tt.code, tt.msg)
		_, err = a.RemovePerson(bg, id)
		wantErr(t, err, tt.code, tt.msg)
	}
}
