package app

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// fuzzWorkspace is a workspace on a real SQLite database in a temporary
// directory with people whose names and emails make references ambiguous,
// numeric, non-ASCII or alike but for case.
func fuzzWorkspace(tb testing.TB) (*App, []*ally.Person) {
	tb.Helper()
	db := mustDB(tb)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me", Emails: []string{"mia@acme.org"}}))(tb)
	a := ok(Open(bg, db, "team", exportNow))(tb)
	people := []*ally.Person{ok(a.Me(bg))(tb)}
	for _, p := range []struct{ name, email string }{
		{"Ana", "ana@acme.org"}, {"Anabel Ross", "a.ross@acme.org"}, {"Hanako Sato", ""}, {"Bo Chen", "BO@Acme.org"},
		{"Sam Lee", ""}, {"sam lee", "sam.lee@beta.org"}, {"Agent 47", ""}, {"Zoë Ærø", "zoe@acme.org"}, {"李小龍", ""},
		{"Mary Hain", "mary.hain@enron.com"}, {"O'Neil_100%", ""},
	} {
		in := PersonInput{Name: ptr(p.name), AllowDuplicate: true} // the second Sam Lee
		if p.email != "" {
			in.Emails = &[]string{p.email}
		}
		people = append(people, ok(a.AddPerson(bg, in))(tb))
	}
	return a, people
}

// kindOf fails unless err is an *ally.Error with one of the codes.
func kindOf(t *testing.T, input string, err error, codes ...string) {
	t.Helper()
	var e *ally.Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %T %v is not an *ally.Error", input, err, err)
	}
	for _, c := range codes {
		if e.Code == c {
			return
		}
	}
	t.Fatalf("%q: error code %s (%v), want one of %v", input, e.Code, err, codes)
}

// errRollback ends a fuzz transaction without keeping what it wrote.
var errRollback = errors.New("rollback")

// FuzzResolve checks person references against a real database: an error
// is EINVALID (empty, ambiguous) or ENOTFOUND, never internal; a person
// found is the one the reference names (an id, Me, an email, or a name
// or email holding the fragment); and a person added with any valid name
// is found again by that name unless someone else has it too.
func FuzzResolve(f *testing.F) {
	a, people := fuzzWorkspace(f)
	for _, s := range []string{"me", "ME", "2", " 3 ", "0", "-1", "99999999999999999999", "bo@acme.org", "Ana@ACME.org",
		"chen", "ana", "an", "sam lee", "zed", "Zoë", "ærø", "李", "%", "_", "\\", "'", "100%", "a%b", "", "  ", "@",
		"mia@acme.org", "ghost@acme.org", "Mary Hain\u200b", "\x00", "\xff", "Ödön Kovács", "ΑΛΦΑ"} {
		f.Add(s, s)
	}
	byID := map[int64]*ally.Person{}
	for _, p := range people {
		byID[p.ID] = p
	}
	f.Fuzz(func(t *testing.T, ref, name string) {
		p, err := a.Resolve(bg, ref)
		if err != nil {
			kindOf(t, ref, err, ally.EINVALID, ally.ENOTFOUND)
		} else {
			checkResolved(t, ref, p, byID, a.WS.MeID)
		}

		// A new person with a name that passes validation is found by it.
		q := &ally.Person{Name: name}
		if q.Validate() != nil || !plainRef(q.Name) {
			return
		}
		for _, o := range people {
			if strings.EqualFold(o.Name, q.Name) {
				return // two of that name: ambiguous, as it should be
			}
		}
		// Failures are reported after the transaction has rolled back:
		// t.Fatalf inside it would leave the write lock held.
		var got *ally.Person
		var resolveErr error
		err = a.DB.Update(bg, store.In(a.WS.ID), func(tx *store.Tx) error {
			if err := tx.CreatePerson(bg, q); err != nil {
				return err
			}
			got, resolveErr = resolve(bg, tx, a.WS.MeID, q.Name)
			return errRollback
		})
		switch {
		case err != nil && !errors.Is(err, errRollback):
			kindOf(t, name, err, ally.EINVALID, ally.ECONFLICT)
		case resolveErr != nil:
			t.Fatalf("%q: added as %d, then: %v", q.Name, q.ID, resolveErr)
		case got.ID != q.ID:
			t.Fatalf("%q: added as %d, resolved to %s (%d)", q.Name, q.ID, got.Name, got.ID)
		}
	})
}

// plainRef reports whether a name resolves as a name, not as Me, an id or
// an email address.
//
// Names with upper-case letters outside ASCII used to be left out: the
// store found them only by fragment, comparing SQLite's lower(name), which
// folds only ASCII, with the Go-lowered query ("Ödön Kovács" became "Ödön
// kovács" on one side and "ödön kovács" on the other). An exact name is now
// matched with Go's case folding (store.FindPeopleNamed), so they are in.
func plainRef(name string) bool {
	if strings.EqualFold(name, "me") || strings.Contains(name, "@") {
		return false
	}
	_, err := strconv.ParseInt(name, 10, 64)
	return err != nil
}

// checkResolved fails unless p is the person ref names.
func checkResolved(t *testing.T, ref string, p *ally.Person, byID map[int64]*ally.Person, meID int64) {
	t.Helper()
	want := byID[p.ID]
	if want == nil || want.Name != p.Name {
		t.Fatalf("%q: resolved to %s (%d), who is not in the workspace", ref, p.Name, p.ID)
	}
	r := strings.TrimSpace(ref)
	switch id, err := strconv.ParseInt(r, 10, 64); {
	case strings.EqualFold(r, "me"):
		if p.ID != meID {
			t.Fatalf("%q: resolved to %s, not Me", ref, p.Name)
		}
	case err == nil:
		if p.ID != id {
			t.Fatalf("%q: resolved to %s (%d)", ref, p.Name, p.ID)
		}
	default:
		lr := strings.ToLower(r)
		found := strings.Contains(strings.ToLower(p.Name), lr)
		for _, e := range p.Emails {
			found = found || strings.Contains(e, lr)
		}
		if !found {
			t.Fatalf("%q: resolved to %s %v, whose name and emails do not hold it", ref, p.Name, p.Emails)
		}
	}
}
