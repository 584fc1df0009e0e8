package app

import (
	"slices"
	"testing"

	"github.com/allyhq/ally"
)

// TestWorkspaces: the list is by name and never nil, the current one is
// the one chosen, and choosing one that does not exist changes nothing.
func TestWorkspaces(t *testing.T) {
	db := mustDB(t)
	ws, cur, err := Workspaces(bg, db)
	if err != nil || ws == nil || len(ws) != 0 || cur != "" {
		t.Fatalf("empty database: %v %q %v", ws, cur, err)
	}
	_, err = UseWorkspace(bg, db, "team")
	wantErr(t, err, ally.ENOTFOUND, `workspace "team" not found`)

	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me"}))(t)
	ok(Init(bg, db, "alpha", &ally.Person{Name: "Al Me"}))(t) // init makes it current
	names := func() ([]string, string) {
		t.Helper()
		ws, cur := ok2(Workspaces(bg, db))(t)
		var out []string
		for _, w := range ws {
			out = append(out, w.Name)
		}
		return out, cur
	}
	if got, cur := names(); !slices.Equal(got, []string{"alpha", "team"}) || cur != "alpha" {
		t.Errorf("after two inits: %q, current %q", got, cur)
	}
	w := ok(UseWorkspace(bg, db, "team"))(t)
	if w.Name != "team" || w.ID == 0 {
		t.Errorf("UseWorkspace returned %+v", w)
	}
	if _, cur := names(); cur != "team" {
		t.Errorf("current %q after using team", cur)
	}
	_, err = UseWorkspace(bg, db, "nosuch")
	wantErr(t, err, ally.ENOTFOUND, `workspace "nosuch" not found (have: alpha, team)`)
	if _, cur := names(); cur != "team" {
		t.Errorf("current %q after a failed use", cur)
	}
	// Open without a name opens the current one.
	if a := ok(Open(bg, db, "", exportNow))(t); a.WS.Name != "team" {
		t.Errorf("Open opened %q", a.WS.Name)
	}
}

// ok2 is ok for two results.
func ok2[T, U any](v T, u U, err error) func(testing.TB) (T, U) {
	return func(tb testing.TB) (T, U) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v, u
	}
}
