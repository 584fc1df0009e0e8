package app

// Tests that what is recorded is right (issue 10, §1 and §4): one person
// per name unless a duplicate is asked for, no interaction after the
// clock, no due date long past by mistake, a manager created on request,
// Me's chain in chain order, and organisations as values to list by.

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// recordWorkspace is a workspace with Me (Ana Ruiz, managed by Lou
// Grant) and Cy Diaz, at exportNow.
func recordWorkspace(t *testing.T) *App {
	t.Helper()
	db := mustDB(t)
	ok(InitWith(bg, db, InitInput{Name: "mine", Me: &ally.Person{Name: "Ana Ruiz", Emails: []string{"ana@example.com"}},
		Manager: &ally.Person{Name: "Lou Grant"}, Now: exportNow}))(t)
	a := ok(Open(bg, db, "mine", exportNow))(t)
	ok(a.AddPerson(bg, PersonInput{Name: ptr("Cy Diaz"), Emails: &[]string{"cy@example.com"}}))(t)
	return a
}

func TestDuplicateNames(t *testing.T) {
	a := recordWorkspace(t)
	cy := pid(t, a, "cy@example.com")
	tests := []struct {
		name string
		in   PersonInput
		code string // "" for success
		msgs []string
		hint string
	}{
		{"same name", PersonInput{Name: ptr("Cy Diaz")}, ally.ECONFLICT,
			[]string{`a person named "Cy Diaz" already exists`, "Cy Diaz (id " + itoa(int(cy)) + ", cy@example.com)"}, ally.HintAllowDuplicate},
		{"another case and spaces", PersonInput{Name: ptr("  cy DIAZ ")}, ally.ECONFLICT, []string{"already exists"}, ally.HintAllowDuplicate},
		{"Me's name", PersonInput{Name: ptr("ana ruiz"), Emails: &[]string{"other@example.com"}}, ally.ECONFLICT, []string{"Ana Ruiz (id"}, ally.HintAllowDuplicate},
		{"allowed but no email to tell them apart", PersonInput{Name: ptr("Cy Diaz"), AllowDuplicate: true}, ally.EINVALID,
			[]string{"email", "needs an email address to tell them apart"}, ""},
		{"allowed with the same email", PersonInput{Name: ptr("Cy Diaz"), Emails: &[]string{"CY@example.com"}, AllowDuplicate: true},
			ally.ECONFLICT, []string{"already belongs to Cy Diaz"}, ""},
		{"allowed with an email", PersonInput{Name: ptr("Cy Diaz"), Emails: &[]string{"cy.diaz@beta.org"}, AllowDuplicate: true}, "", nil, ""},
		{"a third, allowed", PersonInput{Name: ptr("cy diaz"), Emails: &[]string{"cy3@gamma.org"}, AllowDuplicate: true}, "", nil, ""},
		{"another name", PersonInput{Name: ptr("Cy Diaz-Lopez")}, "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.AddPerson(bg, tt.in)
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantErr(t, err, tt.code, tt.msgs...)
			if h := ally.ErrorHint(err); tt.hint != "" && (h == nil || h.Action != tt.hint || h.Args["name"] == "") {
				t.Errorf("hint %+v, want %s with the name", h, tt.hint)
			}
		})
	}

	// The exact name is now ambiguous, and the error lists each with the
	// email that refers to them.
	_, err := a.Resolve(bg, "Cy Diaz")
	wantErr(t, err, ally.EINVALID, `"Cy Diaz" is ambiguous: 3 people have that name`, "cy@example.com", "cy.diaz@beta.org",
		"cy3@gamma.org", "by email or id")
	for ref, want := range map[string]string{"cy.diaz@beta.org": "cy.diaz@beta.org", "cy@example.com": "cy@example.com",
		"Cy Diaz-Lopez": "", "lopez": ""} {
		p := ok(a.Resolve(bg, ref))(t)
		if want != "" && (len(p.Emails) == 0 || p.Emails[0] != want) {
			t.Errorf("Resolve(%q) = %s %v, want the one with %s", ref, p.Name, p.Emails, want)
		}
	}
	// A fragment matching the duplicates lists them with their emails.
	_, err = a.Resolve(bg, "diaz")
	wantErr(t, err, ally.EINVALID, "4 people match", "cy3@gamma.org", "Cy Diaz-Lopez (")

	// Renaming someone to a name in use is the same conflict; keeping
	// one's own name (in another case) is not.
	lopez := pid(t, a, "lopez")
	_, err = a.EditPerson(bg, lopez, PersonInput{Name: ptr("Lou grant")})
	wantErr(t, err, ally.ECONFLICT, `a person named "Lou grant" already exists: Lou Grant (id`)
	ok(a.EditPerson(bg, lopez, PersonInput{Name: ptr("cy diaz-lopez"), Title: ptr("Controller")}))(t)
	ok(a.EditPerson(bg, cy, PersonInput{Title: ptr("CFO")}))(t)
}

// Imports keep two people of one name: real data has them, and a backup
// taken before the rule must restore.
func TestImportKeepsDuplicateNames(t *testing.T) {
	db := mustDB(t)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me"}))(t)
	a := ok(Open(bg, db, "team", exportNow))(t)
	// Two of a name, as an older ally (or another tool) wrote them.
	err := db.Update(bg, store.In(a.WS.ID), func(tx *store.Tx) error {
		for _, e := range []string{"sam@a.org", "sam@b.org"} {
			if err := tx.CreatePerson(bg, &ally.Person{Name: "Sam Lee", Emails: []string{e}}); err != nil {
				return err
			}
		}
		return tx.CreatePerson(bg, &ally.Person{Name: "sam lee"}) // and one without an email
	})
	if err != nil {
		t.Fatal(err)
	}
	data := exportJSON(t, db, "team")
	d := ok(ReadDump("team.json", data))(t)
	to := mustDB(t)
	ok(Import(bg, to, d, ImportOptions{Now: exportNow}))(t)
	b := ok(Open(bg, to, "team", exportNow))(t)
	if n := ok(b.ListPeople(bg, ListFilter{PersonFilter: ally.PersonFilter{Query: "sam lee"}}))(t).Total; n != 3 {
		t.Errorf("%d people named Sam Lee after the import, want 3", n)
	}
	if p := ok(b.Resolve(bg, "sam@b.org"))(t); p.Name != "Sam Lee" {
		t.Errorf("sam@b.org is %s", p.Name)
	}
	if again := exportJSON(t, to, "team"); !bytes.Equal(again, data) {
		t.Errorf("the import does not export the same:\n%s", lineDiff(data, again))
	}
}

func TestRecordedDatesNotAfterTheClock(t *testing.T) {
	a := recordWorkspace(t)
	cy := pid(t, a, "cy")
	day := 24 * time.Hour
	tests := []struct {
		name string
		do   func() error
		msgs []string // none: accepted
		hint string
	}{
		{"interaction now", func() error { _, err := a.Log(bg, LogInput{Kind: ally.ChanOneOnOne, With: []int64{cy}}); return err }, nil, ""},
		{"interaction yesterday", func() error {
			_, err := a.Log(bg, LogInput{Kind: ally.ChanCall, With: []int64{cy}, At: exportNow.Add(-day)})
			return err
		}, nil, ""},
		{"interaction a second later", func() error {
			_, err := a.Log(bg, LogInput{Kind: ally.ChanCall, With: []int64{cy}, At: exportNow.Add(time.Second)})
			return err
		}, []string{"the interaction's date, 2024-03-01 12:00 UTC, is after the workspace clock (2024-03-01 12:00 UTC)"}, ""},
		{"interaction in 2030", func() error {
			_, err := a.Log(bg, LogInput{Kind: ally.ChanEmail, With: []int64{cy}, At: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
			return err
		}, []string{"2030-01-01", "after the workspace clock (2024-03-01 12:00 UTC)"}, ""},
		{"ledger entry tomorrow", func() error {
			_, _, err := a.Give(bg, ExchangeInput{Person: cy, Way: FromMe, What: "intro", Kind: ally.GaveIntroduction, Size: ally.SizeSmall, At: exportNow.Add(day)})
			return err
		}, []string{"the ledger entry's date, 2024-03-02 12:00 UTC, is after the workspace clock"}, ""},
		{"ledger entry last week", func() error {
			_, _, err := a.Give(bg, ExchangeInput{Person: cy, Way: ToMe, What: "review", Kind: ally.GaveHelp, Size: ally.SizeSmall, At: exportNow.Add(-7 * day)})
			return err
		}, nil, ""},
		{"due in 3 days", func() error {
			_, _, err := a.Promise(bg, PromiseInput{Person: cy, Way: FromMe, What: "cost model", Due: exportNow.Add(3 * day)})
			return err
		}, nil, ""},
		{"due 30 days ago", func() error {
			_, _, err := a.Promise(bg, PromiseInput{Person: cy, Way: FromMe, What: "late", Due: exportNow.Add(-30 * day)})
			return err
		}, nil, ""},
		{"due 31 days ago", func() error {
			_, _, err := a.Promise(bg, PromiseInput{Person: cy, Way: ToMe, What: "data", Due: exportNow.Add(-31 * day)})
			return err
		}, []string{"due date 2024-01-30 is 31 days before the workspace clock, 2024-03-01"}, ally.HintForce},
		{"due in 2020", func() error {
			_, _, err := a.Promise(bg, PromiseInput{Person: cy, Way: FromMe, What: "x", Due: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)})
			return err
		}, []string{"2020-01-01 is 1521 days before"}, ally.HintForce},
		{"due in 2020, forced", func() error {
			_, _, err := a.Promise(bg, PromiseInput{Person: cy, Way: FromMe, What: "x", Due: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Force: true})
			return err
		}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			if tt.msgs == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantErr(t, err, ally.EINVALID, tt.msgs...)
			if h := ally.ErrorHint(err); (h == nil) != (tt.hint == "") || h != nil && h.Action != tt.hint {
				t.Errorf("hint %+v, want %q", h, tt.hint)
			}
		})
	}
	// Nothing refused was recorded.
	_, tl := ok2(a.Timeline(bg, cy, Page{}))(t)
	if tl.Total != 2 {
		t.Errorf("%d interactions with Cy, want the 2 accepted", tl.Total)
	}
}

func TestCreateManager(t *testing.T) {
	a := recordWorkspace(t)
	lou := pid(t, a, "Lou Grant")
	// Lou's manager is new: created with the change, in one transaction.
	p := ok(a.EditPerson(bg, lou, PersonInput{NewManager: "Mia Chen"}))(t)
	mia := ok(a.Resolve(bg, "Mia Chen"))(t)
	if p.ManagerID != mia.ID {
		t.Errorf("Lou's manager is %d, want Mia (%d)", p.ManagerID, mia.ID)
	}
	// An outside contact's new manager is in their organisation.
	ext := ok(a.AddPerson(bg, PersonInput{Name: ptr("Raj Patel"), Organisation: ptr("Acme"), NewManager: "Kim Acme"}))(t)
	kim := ok(a.Resolve(bg, "Kim Acme"))(t)
	if ext.ManagerID != kim.ID || kim.Organisation != "Acme" {
		t.Errorf("Raj's manager %d, Kim %d of %q", ext.ManagerID, kim.ID, kim.Organisation)
	}
	// A new manager is a new person: a name in use is the usual conflict,
	// and nothing of the change is kept.
	_, err := a.EditPerson(bg, pid(t, a, "cy"), PersonInput{NewManager: "mia chen", Title: ptr("CFO")})
	wantErr(t, err, ally.ECONFLICT, `manager: a person named "mia chen" already exists`)
	if cy := ok(a.Resolve(bg, "cy"))(t); cy.Title != "" || cy.ManagerID != 0 {
		t.Errorf("a refused change was kept: %+v", cy)
	}
}

func TestChainOrder(t *testing.T) {
	a := recordWorkspace(t)
	lou := pid(t, a, "Lou Grant")
	ok(a.EditPerson(bg, lou, PersonInput{NewManager: "Mia Chen"}))(t)
	mia := pid(t, a, "Mia Chen")
	ok(a.EditPerson(bg, mia, PersonInput{NewManager: "Abe Zimmer"}))(t) // the top, named after the others
	ok(a.AddPerson(bg, PersonInput{Name: ptr("Aaron Advisor"), Direction: ptr("up")}))(t)
	ok(a.AddPerson(bg, PersonInput{Name: ptr("Bo Report"), Manager: ptr(a.WS.MeID)}))(t)

	for _, includeMe := range []bool{false, true} {
		l := ok(a.ListPeople(bg, ListFilter{PersonFilter: ally.PersonFilter{Direction: ally.DirUp}, IncludeMe: includeMe}))(t)
		var got []string
		for _, v := range l.Items {
			got = append(got, v.Name+"/"+itoa(v.ChainStep)+"/"+v.ManagerName)
		}
		want := "Ana Ruiz/0/Lou Grant, Lou Grant/1/Mia Chen, Mia Chen/2/Abe Zimmer, Abe Zimmer/3/, Aaron Advisor/0/"
		if strings.Join(got, ", ") != want || !l.Items[0].Me || l.Total != 5 {
			t.Errorf("include Me %v: up is %s (total %d), want %s with Me first and once", includeMe, strings.Join(got, ", "), l.Total, want)
		}
	}
	// A page of the chain is a page of that order.
	l := ok(a.ListPeople(bg, ListFilter{PersonFilter: ally.PersonFilter{Direction: ally.DirUp}, Page: Page{Limit: 2, Offset: 1}}))(t)
	if len(l.Items) != 2 || l.Items[0].Name != "Lou Grant" || l.Items[1].Name != "Mia Chen" {
		t.Errorf("page 2 of the chain: %v", l.Items)
	}
	// The chain starts at Me, whatever else filters it.
	l = ok(a.ListPeople(bg, ListFilter{PersonFilter: ally.PersonFilter{Direction: ally.DirUp, Query: "mia"}}))(t)
	if len(l.Items) != 2 || !l.Items[0].Me || l.Items[1].Name != "Mia Chen" || l.Total != 2 {
		t.Errorf("the chain's people matching mia: %v", l.Items)
	}
	// Other directions are by name, without Me.
	down := ok(a.ListPeople(bg, ListFilter{PersonFilter: ally.PersonFilter{Direction: ally.DirDown}}))(t)
	if len(down.Items) != 1 || down.Items[0].Name != "Bo Report" || down.Items[0].ChainStep != 0 {
		t.Errorf("down: %v", down.Items)
	}
}

func TestOrganisations(t *testing.T) {
	a := recordWorkspace(t)
	for _, p := range []struct{ name, org string }{{"Raj Patel", "Acme"}, {"Kim Lee", "acme"}, {"Zoe Ng", "Beta Corp"}, {"Acme Fan", ""}} {
		ok(a.AddPerson(bg, PersonInput{Name: ptr(p.name), Organisation: ptr(p.org)}))(t)
	}
	names := func(f ally.PersonFilter) string {
		var out []string
		for _, v := range ok(a.ListPeople(bg, ListFilter{PersonFilter: f}))(t).Items {
			out = append(out, v.Name)
		}
		return strings.Join(out, ", ")
	}
	for _, tt := range []struct {
		f    ally.PersonFilter
		want string
	}{
		{ally.PersonFilter{Organisation: "Acme"}, "Kim Lee, Raj Patel"},
		{ally.PersonFilter{Organisation: " ACME "}, "Kim Lee, Raj Patel"},
		{ally.PersonFilter{Organisation: "Acm"}, ""}, // exact
		{ally.PersonFilter{Query: "acme"}, "Acme Fan, Kim Lee, Raj Patel"},
		{ally.PersonFilter{Query: "beta"}, "Zoe Ng"},
		{ally.PersonFilter{Organisation: "beta corp", Direction: ally.DirOutside}, "Zoe Ng"},
		{ally.PersonFilter{Organisation: "acme", Query: "raj"}, "Raj Patel"},
	} {
		if got := names(tt.f); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.f, got, tt.want)
		}
	}
	// A reference to a person is not a reference to their organisation.
	if p := ok(a.Resolve(bg, "acme"))(t); p.Name != "Acme Fan" {
		t.Errorf("acme resolved to %s", p.Name)
	}
	_, err := a.Resolve(bg, "beta")
	wantErr(t, err, ally.ENOTFOUND)

	// The map groups the people outside by organisation.
	m := ok(a.Map(bg))(t)
	var got []string
	for _, b := range m.ByOrganisation {
		got = append(got, b.Name+"="+itoa(b.People))
	}
	// "Acme" and "acme" are one organisation, as --org finds them: named
	// as first written.
	if strings.Join(got, " ") != "Acme=2 Beta Corp=1" {
		t.Errorf("outside by organisation: %v", got)
	}
}

// Every read sees the workspace as it stood at its clock: what was
// recorded on a later day (by a caller whose clock read later) is not
// listed, counted or balanced by a read at an earlier one.
func TestReadsHonourTheClock(t *testing.T) {
	a := recordWorkspace(t)
	cy := pid(t, a, "cy")
	ok(a.Log(bg, LogInput{Kind: ally.ChanCall, With: []int64{cy}, At: exportNow.Add(-time.Hour)}))(t)
	if _, _, err := a.Give(bg, ExchangeInput{Person: cy, Way: FromMe, What: "old intro", Kind: ally.GaveIntroduction, Size: ally.SizeSmall}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Promise(bg, PromiseInput{Person: cy, Way: FromMe, What: "old promise", Due: exportNow.AddDate(0, 0, 3)}); err != nil {
		t.Fatal(err)
	}
	a.Now = exportNow.AddDate(0, 0, 10) // ten days later, more of everything
	ok(a.Log(bg, LogInput{Kind: ally.ChanEmail, With: []int64{cy}, Subject: "later"}))(t)
	if _, _, err := a.Give(bg, ExchangeInput{Person: cy, Way: ToMe, What: "later help", Kind: ally.GaveHelp, Size: ally.SizeLarge}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Promise(bg, PromiseInput{Person: cy, Way: ToMe, What: "later promise", Due: a.Now.AddDate(0, 0, 3)}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		now                                time.Time
		interactions, entries, commitments int
		received                           float64
	}{
		{exportNow, 1, 1, 1, 0},
		{exportNow.AddDate(0, 0, 10), 2, 2, 2, 4},
	} {
		a.Now = tt.now
		d := ok(a.ShowPerson(bg, cy, 10))(t)
		_, tl := ok2(a.Timeline(bg, cy, Page{}))(t)
		l := ok(a.Ledger(bg, cy))(t)
		cs := ok(a.Commitments(bg, CommitmentFilter{}))(t)
		day := tt.now.Format("2006-01-02")
		if len(d.Timeline) != tt.interactions || d.TimelineTotal != tt.interactions || d.Interacted != tt.interactions || tl.Total != tt.interactions {
			t.Errorf("%s: person show lists %d of %d interactions (%d with me), timeline %d; want %d", day, len(d.Timeline),
				d.TimelineTotal, d.Interacted, tl.Total, tt.interactions)
		}
		if len(l.Entries) != tt.entries || len(l.Balances) != 1 || l.Balances[0].Received != tt.received || d.Balance.Received != tt.received {
			t.Errorf("%s: ledger %d entries, balances %+v; want %d entries, received %v", day, len(l.Entries), l.Balances, tt.entries, tt.received)
		}
		if cs.Total != tt.commitments || len(d.Commitments) != tt.commitments {
			t.Errorf("%s: %d commitments, person show %d; want %d", day, cs.Total, len(d.Commitments), tt.commitments)
		}
	}
}

func TestTimelineWith(t *testing.T) {
	a := recordWorkspace(t)
	cy, lou := pid(t, a, "cy"), pid(t, a, "Lou Grant")
	ok(a.Log(bg, LogInput{Kind: ally.ChanMeeting, With: []int64{cy, lou}, At: exportNow.Add(-3 * time.Hour), Subject: "three"}))(t)
	ok(a.Log(bg, LogInput{Kind: ally.ChanCall, With: []int64{cy}, At: exportNow.Add(-2 * time.Hour), Subject: "two"}))(t)
	ok(a.Log(bg, LogInput{Kind: ally.ChanCall, With: []int64{lou}, At: exportNow.Add(-time.Hour), Subject: "lou"}))(t)
	subjects := func(l List[*InteractionView]) string {
		var out []string
		for _, in := range l.Items {
			out = append(out, in.Subject+"("+strings.Join(in.Names, "+")+")")
		}
		return strings.Join(out, ",") + "/" + itoa(l.Total)
	}
	for _, tt := range []struct {
		id, other int64
		pg        Page
		want      string
	}{
		{cy, a.WS.MeID, Page{}, "two(Ana Ruiz),three(Ana Ruiz+Lou Grant)/2"},
		{cy, lou, Page{}, "three(Ana Ruiz+Lou Grant)/1"},
		{lou, cy, Page{}, "three(Ana Ruiz+Cy Diaz)/1"},
		{a.WS.MeID, lou, Page{Limit: 1}, "lou(Lou Grant)/2"},
		{a.WS.MeID, lou, Page{Limit: 1, Offset: 1}, "three(Lou Grant+Cy Diaz)/2"},
		{lou, 0, Page{}, "lou(Ana Ruiz),three(Ana Ruiz+Cy Diaz)/2"}, // everyone's
		{lou, 0, Page{Limit: 1, Offset: 1}, "three(Ana Ruiz+Cy Diaz)/2"},
	} {
		_, l, err := a.TimelineWith(bg, tt.id, tt.other, tt.pg)
		if err != nil {
			t.Fatal(err)
		}
		if got := subjects(l); got != tt.want {
			t.Errorf("TimelineWith(%d, %d, %+v) = %s, want %s", tt.id, tt.other, tt.pg, got, tt.want)
		}
	}
	_, _, err := a.TimelineWith(bg, cy, cy, Page{})
	wantErr(t, err, ally.EINVALID, "with: a timeline with Cy Diaz is of someone else")
	_, _, err = a.TimelineWith(bg, cy, 999, Page{})
	wantErr(t, err, ally.ENOTFOUND, "with: no person with id 999")
}
