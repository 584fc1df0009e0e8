package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver, for raw checks

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// t0 is the clock of every test database: whole seconds, since the store
// keeps Unix seconds.
var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

var ctx = context.Background()

// mustOpen opens a new database file in a temporary directory, with the
// clock at t0, and closes it when the test ends.
func mustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(ctx, filepath.Join(tb.TempDir(), "ally.db"), true)
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	db.Now = func() time.Time { return t0 }
	tb.Cleanup(func() { db.Close() })
	return db
}

// mustWorkspace creates a workspace.
func mustWorkspace(tb testing.TB, db *store.DB, name string) *ally.Workspace {
	tb.Helper()
	w := &ally.Workspace{Name: name}
	if err := db.CreateWorkspace(ctx, w); err != nil {
		tb.Fatalf("create workspace %s: %v", name, err)
	}
	return w
}

// mustPerson creates a person in workspace ws.
func mustPerson(tb testing.TB, db *store.DB, ws int64, p *ally.Person) *ally.Person {
	tb.Helper()
	if err := db.Update(ctx, store.In(ws), func(tx *store.Tx) error { return tx.CreatePerson(ctx, p) }); err != nil {
		tb.Fatalf("create person %s: %v", p.Name, err)
	}
	return p
}

// mustPeople creates people named by names in workspace ws.
func mustPeople(tb testing.TB, db *store.DB, ws int64, names ...string) []*ally.Person {
	tb.Helper()
	var out []*ally.Person
	for _, n := range names {
		out = append(out, mustPerson(tb, db, ws, &ally.Person{Name: n}))
	}
	return out
}

// count returns the number of rows in a table, read through a separate
// connection so that it sees only what was committed.
func count(tb testing.TB, db *store.DB, table string) int {
	tb.Helper()
	raw, err := sql.Open("sqlite", "file:"+db.Path()+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		tb.Fatalf("count %s: %v", table, err)
	}
	return n
}

// counts returns the row counts of every data table.
func counts(tb testing.TB, db *store.DB) map[string]int {
	tb.Helper()
	m := map[string]int{}
	for _, t := range []string{"workspaces", "people", "person_emails", "tags", "interactions", "participants",
		"exchanges", "commitments", "relationships", "initiatives", "stakes", "stance_history",
		"repair_plans", "snapshots", "settings", "meta"} {
		m[t] = count(tb, db, t)
	}
	return m
}

// wantCode fails unless err is an *ally.Error with the code and a message
// containing each of msgs.
func wantCode(tb testing.TB, err error, code string, msgs ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("want a %s error, got nil", code)
	}
	var e *ally.Error
	if !errors.As(err, &e) {
		tb.Fatalf("want a %s *ally.Error, got %T: %v", code, err, err)
	}
	if e.Code != code {
		tb.Fatalf("code = %q, want %q (%v)", e.Code, code, err)
	}
	for _, m := range msgs {
		if !strings.Contains(err.Error(), m) {
			tb.Fatalf("error %q does not contain %q", err, m)
		}
	}
}

func TestOpen(t *testing.T) {
	t.Run("missing file without create", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "none.db")
		_, err := store.Open(ctx, path, false)
		wantCode(t, err, ally.ENOTFOUND, "does not exist")
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Open without create left a file behind: %v", err)
		}
	})
	t.Run("missing directories are created", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "a", "b", "ally.db")
		db, err := store.Open(ctx, path, true)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		if _, err := os.Stat(path); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("empty path", func(t *testing.T) {
		_, err := store.Open(ctx, "", true)
		wantCode(t, err, ally.EINVALID, "empty")
	})
	t.Run("directory", func(t *testing.T) {
		_, err := store.Open(ctx, t.TempDir(), true)
		wantCode(t, err, ally.EINVALID, "is a directory")
	})
	t.Run("not a SQLite file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.db")
		junk := []byte(strings.Repeat("this is not a database, just some notes\n", 200))
		if err := os.WriteFile(path, junk, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := store.Open(ctx, path, true)
		wantCode(t, err, ally.EINVALID, "not a SQLite database")
		if got, _ := os.ReadFile(path); string(got) != string(junk) {
			t.Error("Open changed the file it refused")
		}
	})
	t.Run("SQLite file of another application", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.db")
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.ExecContext(ctx, "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)"); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		_, err = store.Open(ctx, path, true)
		wantCode(t, err, ally.EINVALID, "not an ally database")
		// Nothing of ally's was added to it.
		raw, err = sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var tables int
		var appID int64
		if err := raw.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'").Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if err := raw.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
			t.Fatal(err)
		}
		if tables != 1 || appID != 0 {
			t.Errorf("after the refusal: %d tables, application id %#x; want 1 and 0", tables, appID)
		}
		var mode string
		if err := raw.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if mode != "delete" {
			t.Errorf("after the refusal the journal mode is %q: Open changed the other application's file", mode)
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		db := mustOpen(t)
		path := db.Path()
		db.Close()
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.ExecContext(ctx, "INSERT INTO migrations (version, name, applied) VALUES (999, '0999_future.sql', 0)"); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		_, err = store.Open(ctx, path, false)
		wantCode(t, err, ally.EINVALID, "newer", "999")
	})
	t.Run("empty file is refused unless init takes it over", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "empty.db")
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, create := range []bool{false, true} {
			_, err := store.Open(ctx, path, create)
			wantCode(t, err, ally.EINVALID, "empty file")
			if h := ally.ErrorHint(err); h == nil || h.Action != ally.HintInitHere || h.Args["path"] != path {
				t.Errorf("hint %+v, want init-here with the path", h)
			}
			if st, err := os.Stat(path); err != nil || st.Size() != 0 {
				t.Fatalf("Open(create=%v) changed the empty file it refused: %v", create, err)
			}
		}
		db, err := store.OpenWith(ctx, path, store.Options{TakeOverEmpty: true})
		if err != nil {
			t.Fatalf("take over an empty file: %v", err)
		}
		defer db.Close()
		mustWorkspace(t, db, "w")
	})
	t.Run("empty SQLite database of another application", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.db")
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.ExecContext(ctx, "PRAGMA user_version = 7"); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		before, _ := os.ReadFile(path)
		_, err = store.Open(ctx, path, true)
		wantCode(t, err, ally.EINVALID, "not ally's")
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Error("Open changed the database it refused")
		}
		db, err := store.OpenWith(ctx, path, store.Options{TakeOverEmpty: true})
		if err != nil {
			t.Fatalf("init takes over an empty database: %v", err)
		}
		db.Close()
	})
}

func TestReopenAppliesNoMigrationTwice(t *testing.T) {
	db := mustOpen(t)
	path := db.Path()
	w := mustWorkspace(t, db, "team")
	mustPerson(t, db, w.ID, &ally.Person{Name: "Ana", Emails: []string{"ana@x.org"}})
	if n := count(t, db, "migrations"); n != store.SchemaVersion() || n < 1 {
		t.Fatalf("migrations recorded after create = %d, want %d", n, store.SchemaVersion())
	}
	db.Close()
	for i := 0; i < 2; i++ {
		db2, err := store.Open(ctx, path, false)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if n := count(t, db2, "migrations"); n != store.SchemaVersion() {
			t.Errorf("reopen %d: %d migrations recorded, want %d", i, n, store.SchemaVersion())
		}
		ws, err := db2.FindWorkspaceByName(ctx, "team")
		if err != nil {
			t.Fatal(err)
		}
		err = db2.View(ctx, store.In(ws.ID), func(tx *store.Tx) error {
			p, err := tx.FindPersonByEmail(ctx, "ana@x.org")
			if err == nil && p.Name != "Ana" {
				t.Errorf("found %q", p.Name)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		db2.Close()
	}
}

func TestWorkspaces(t *testing.T) {
	db := mustOpen(t)
	if _, err := db.FindWorkspaceByName(ctx, "team"); err == nil {
		t.Fatal("found a workspace in an empty database")
	} else {
		wantCode(t, err, ally.ENOTFOUND, "no workspace")
	}
	b := mustWorkspace(t, db, "b-team")
	a := mustWorkspace(t, db, "a-team")
	if !a.Created.Equal(t0) || a.ID == 0 || a.ID == b.ID {
		t.Errorf("workspace = %+v", a)
	}
	err := db.CreateWorkspace(ctx, &ally.Workspace{Name: "a-team"})
	wantCode(t, err, ally.ECONFLICT, `"a-team" already exists`)
	wantCode(t, db.CreateWorkspace(ctx, &ally.Workspace{Name: " "}), ally.EINVALID, "workspace name")

	ws, err := db.FindWorkspaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2 || ws[0].Name != "a-team" || ws[1].Name != "b-team" {
		t.Fatalf("FindWorkspaces = %v, want a-team, b-team", ws)
	}
	_, err = db.FindWorkspaceByName(ctx, "c-team")
	wantCode(t, err, ally.ENOTFOUND, "a-team, b-team")

	p := mustPerson(t, db, a.ID, &ally.Person{Name: "Ana"})
	err = db.Update(ctx, store.In(a.ID), func(tx *store.Tx) error { return tx.SetMe(ctx, p.ID) })
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, store.In(a.ID), func(tx *store.Tx) error {
		w, err := tx.FindWorkspace(ctx)
		if err == nil && w.MeID != p.ID {
			t.Errorf("me = %d, want %d", w.MeID, p.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// Deleting a workspace removes everything in it, and nothing else.
	mustPerson(t, db, b.ID, &ally.Person{Name: "Bo"})
	if err := db.DeleteWorkspace(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "people"); n != 1 {
		t.Errorf("%d people left, want Bo alone", n)
	}
	err = db.View(ctx, store.In(a.ID), func(tx *store.Tx) error { _, err := tx.FindWorkspace(ctx); return err })
	wantCode(t, err, ally.ENOTFOUND)
}

func TestSettingsAndMeta(t *testing.T) {
	db := mustOpen(t)
	a, b := mustWorkspace(t, db, "a"), mustWorkspace(t, db, "b")

	if v, err := db.Meta(ctx, "current_workspace"); err != nil || v != "" {
		t.Fatalf("unset meta = %q, %v", v, err)
	}
	for _, v := range []string{"a", "b"} {
		if err := db.SetMeta(ctx, "current_workspace", v); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Meta(ctx, "current_workspace"); err != nil || got != v {
			t.Fatalf("meta = %q, %v; want %q", got, err, v)
		}
	}

	err := db.Update(ctx, store.In(a.ID), func(tx *store.Tx) error {
		if err := tx.SetSetting(ctx, "clock", "2001-05-01T00:00:00Z"); err != nil {
			return err
		}
		if err := tx.SetSetting(ctx, "cadence", "14"); err != nil {
			return err
		}
		return tx.SetSetting(ctx, "cadence", "21")
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, store.In(a.ID), func(tx *store.Tx) error {
		m, err := tx.Settings(ctx)
		if err != nil {
			return err
		}
		if len(m) != 2 || m["clock"] != "2001-05-01T00:00:00Z" || m["cadence"] != "21" {
			t.Errorf("settings = %v", m)
		}
		v, err := tx.Setting(ctx, "missing")
		if v != "" {
			t.Errorf("missing setting = %q", v)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Settings belong to their workspace.
	err = db.View(ctx, store.In(b.ID), func(tx *store.Tx) error {
		m, err := tx.Settings(ctx)
		if len(m) != 0 {
			t.Errorf("workspace b sees settings %v", m)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// An empty value removes the setting.
	err = db.Update(ctx, store.In(a.ID), func(tx *store.Tx) error { return tx.SetSetting(ctx, "cadence", "") })
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "settings"); n != 1 {
		t.Errorf("%d settings left, want 1", n)
	}
}

func TestUpdateRollsBackOnError(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	ps := mustPeople(t, db, w.ID, "Ana", "Bo")
	before := counts(t, db)
	boom := errors.New("boom")
	err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
		c := &ally.Person{Name: "Cy", Emails: []string{"cy@x.org"}, Tags: []ally.Tag{{Kind: ally.TagSkill, Value: "go"}}}
		if err := tx.CreatePerson(ctx, c); err != nil {
			return err
		}
		in := &ally.Interaction{Kind: ally.ChanCall, At: t0, Participants: []ally.Participant{
			{PersonID: ps[0].ID, Role: ally.RoleInitiator}, {PersonID: c.ID, Role: ally.RoleTo}}}
		if err := tx.CreateInteraction(ctx, in); err != nil {
			return err
		}
		if err := tx.PutRelationship(ctx, &ally.Relationship{PersonID: c.ID}); err != nil {
			return err
		}
		if err := tx.SetSetting(ctx, "k", "v"); err != nil {
			return err
		}
		if err := tx.DeletePerson(ctx, ps[1].ID); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update returned %v, want boom", err)
	}
	if after := counts(t, db); !equalCounts(before, after) {
		t.Errorf("rows changed by a failed Update:\nbefore %v\nafter  %v", before, after)
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A write inside View is refused (query_only), nothing is kept, and the
// connection is writable again afterwards.
func TestViewRefusesWrites(t *testing.T) {
	db := mustOpen(t)
	w := mustWorkspace(t, db, "w")
	err := db.View(ctx, store.In(w.ID), func(tx *store.Tx) error { return tx.CreatePerson(ctx, &ally.Person{Name: "Ana"}) })
	if err == nil {
		t.Error("a write inside View succeeded")
	}
	if n := count(t, db, "people"); n != 0 {
		t.Errorf("%d people after a write in View, want 0", n)
	}
	for i := 0; i < 3; i++ { // whichever pooled connection comes next
		if err := db.Update(ctx, store.In(w.ID), func(tx *store.Tx) error {
			return tx.CreatePerson(ctx, &ally.Person{Name: fmt.Sprintf("Bo %d", i)})
		}); err != nil {
			t.Fatalf("write after a View: %v", err)
		}
	}
}
