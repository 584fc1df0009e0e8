package app

import (
	"testing"

	"github.com/allyhq/ally"
)

func TestResolve(t *testing.T) {
	db := mustDB(t)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me", Emails: []string{"mia@acme.org"}}))(t)
	a := ok(Open(bg, db, "team", exportNow))(t)
	add := func(name string, emails ...string) *ally.Person {
		t.Helper()
		return ok(a.AddPerson(bg, PersonInput{Name: ptr(name), Emails: &emails}))(t)
	}
	ana := add("Ana", "ana@acme.org")
	anabel := add("Anabel Ross", "a.ross@acme.org")
	add("Hanako Sato")
	bo := add("Bo Chen", "BO@Acme.org")
	twin1 := add("Sam Lee")
	twin2 := ok(a.AddPerson(bg, PersonInput{Name: ptr("sam lee"), Emails: &[]string{"sam.lee@beta.org"}, AllowDuplicate: true}))(t)
	num := add("Agent 47")
	for i := 0; i < 10; i++ {
		add("Zed " + itoa(i))
	}
	me := ok(a.Me(bg))(t)

	tests := []struct {
		ref  string
		want int64
	}{
		{"me", me.ID},
		{"ME", me.ID},
		{itoa(int(bo.ID)), bo.ID}, // an id
		{" " + itoa(int(anabel.ID)) + " ", anabel.ID}, // trimmed
		{"bo@acme.org", bo.ID},                        // an email, in any case
		{"Ana@ACME.org", ana.ID},
		{"a.ross@acme.org", anabel.ID},
		{"chen", bo.ID},     // a unique fragment
		{"ross", anabel.ID}, // of the name
		{"ana", ana.ID},     // the exact name wins over Anabel and Hanako
		{"ANA", ana.ID},
		{"Anabel Ross", anabel.ID},
		{"agent 4", num.ID},
	}
	for _, tt := range tests {
		p, err := a.Resolve(bg, tt.ref)
		if err != nil {
			t.Errorf("Resolve(%q): %v", tt.ref, err)
			continue
		}
		if p.ID != tt.want {
			t.Errorf("Resolve(%q) = %s (%d), want %d", tt.ref, p.Name, p.ID, tt.want)
		}
	}

	_, err := a.Resolve(bg, "an")
	wantErr(t, err, ally.EINVALID, `"an" is ambiguous: 3 people match`, "Ana ("+itoa(int(ana.ID))+")", "Anabel Ross", "Hanako Sato")
	_, err = a.Resolve(bg, "sam lee") // two exact matches: still ambiguous
	wantErr(t, err, ally.EINVALID, "ambiguous: 2 people have that name", "Sam Lee (id "+itoa(int(twin1.ID))+")",
		"sam lee (id "+itoa(int(twin2.ID))+", sam.lee@beta.org)", "by email or id")
	if p := ok(a.Resolve(bg, "sam.lee@beta.org"))(t); p.ID != twin2.ID { // the email tells them apart
		t.Errorf("the second Sam Lee's email resolved to %d, want %d", p.ID, twin2.ID)
	}
	_, err = a.Resolve(bg, "zed")
	wantErr(t, err, ally.EINVALID, "10 people match", "…")
	_, err = a.Resolve(bg, "nobody")
	wantErr(t, err, ally.ENOTFOUND, `no person matches "nobody"`)
	_, err = a.Resolve(bg, "ghost@acme.org")
	wantErr(t, err, ally.ENOTFOUND, "ghost@acme.org")
	_, err = a.Resolve(bg, "99999")
	wantErr(t, err, ally.ENOTFOUND, "no person with id 99999")
	_, err = a.Resolve(bg, "  ")
	wantErr(t, err, ally.EINVALID, "empty")

	// Resolution is scoped to the workspace.
	ok(Init(bg, db, "other", &ally.Person{Name: "Olga"}))(t)
	o := ok(Open(bg, db, "other", exportNow))(t)
	_, err = o.Resolve(bg, itoa(int(ana.ID)))
	wantErr(t, err, ally.ENOTFOUND)
	_, err = o.Resolve(bg, "ana@acme.org")
	wantErr(t, err, ally.ENOTFOUND)
	if p := ok(o.Resolve(bg, "me"))(t); p.Name != "Olga" {
		t.Errorf("me in other = %s", p.Name)
	}
}
