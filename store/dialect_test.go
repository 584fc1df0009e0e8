package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// numbered is a dialect shaped like PostgreSQL's, to test the rewriting
// that the SQLite dialect does not exercise.
var numbered = &dialect{
	name:     "numbered",
	numbered: true,
	newID: func(table string) string {
		return "COALESCE(?, nextval(pg_get_serial_sequence('" + table + "', 'id')))"
	},
}

func TestRewrite(t *testing.T) {
	for _, c := range []struct {
		d       *dialect
		in, out string
	}{
		{numbered, "SELECT 1", "SELECT 1"},
		{numbered, "SELECT a FROM t WHERE x = ? AND y = ?", "SELECT a FROM t WHERE x = $1 AND y = $2"},
		{numbered, "SELECT '?' , ? FROM t WHERE s = 'a?b' AND z = ?", "SELECT '?' , $1 FROM t WHERE s = 'a?b' AND z = $2"},
		{numbered, "SELECT 'it''s?', ?", "SELECT 'it''s?', $1"},
		{numbered, "INSERT INTO people (id, name) VALUES ({id:people}, ?)",
			"INSERT INTO people (id, name) VALUES (COALESCE($1, nextval(pg_get_serial_sequence('people', 'id'))), $2)"},
		{numbered, "INSERT INTO a (id) VALUES ({id:a}); INSERT INTO b (id) VALUES ({id:b})",
			"INSERT INTO a (id) VALUES (COALESCE($1, nextval(pg_get_serial_sequence('a', 'id')))); INSERT INTO b (id) VALUES (COALESCE($2, nextval(pg_get_serial_sequence('b', 'id'))))"},
		{sqliteDialect, "INSERT INTO people (id, name) VALUES ({id:people}, ?)", "INSERT INTO people (id, name) VALUES (?, ?)"},
		{sqliteDialect, "SELECT ? WHERE x = '?'", "SELECT ? WHERE x = '?'"},
	} {
		if got := c.d.rewrite(c.in); got != c.out {
			t.Errorf("%s.rewrite(%q)\n got %q\nwant %q", c.d.name, c.in, got, c.out)
		}
	}
}

// TestSQLiteConstraint reads real SQLite constraint errors.
func TestSQLiteConstraint(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "ally.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(q string) error {
		_, err := db.db.ExecContext(ctx, q)
		return err
	}
	if err := exec("CREATE TABLE t (id INTEGER PRIMARY KEY, u TEXT UNIQUE, n TEXT NOT NULL, p INTEGER REFERENCES t(id))"); err != nil {
		t.Fatal(err)
	}
	exec("INSERT INTO t (id, u, n) VALUES (1, 'a', 'x')")
	for _, c := range []struct {
		q, kind, cols string
	}{
		{"INSERT INTO t (id, u, n) VALUES (2, 'a', 'x')", "UNIQUE", "t.u"},
		{"INSERT INTO t (id, u, n) VALUES (1, 'b', 'x')", "UNIQUE", "t.id"},
		{"INSERT INTO t (id, u) VALUES (3, 'c')", "NOT NULL", "t.n"},
		{"INSERT INTO t (id, u, n, p) VALUES (4, 'd', 'x', 99)", "FOREIGN KEY", ""},
	} {
		err := exec(c.q)
		kind, cols, text, ok := sqliteDialect.constraint(err)
		if !ok || kind != c.kind || cols != c.cols || text == "" {
			t.Errorf("%s: %v → (%q, %q, %q, %v), want (%q, %q)", c.q, err, kind, cols, text, ok, c.kind, c.cols)
		}
	}
	if _, _, _, ok := sqliteDialect.constraint(errors.New("UNIQUE constraint failed: x.y")); ok {
		t.Error("a plain error with constraint text read as a driver constraint")
	}
}
