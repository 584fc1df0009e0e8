package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	allypkg "github.com/allyhq/ally"
)

func allyCode(err error) string { return allypkg.ErrorCode(err) }

// copyFiles copies a database with its WAL, as a kill would leave them:
// whatever the WAL holds has not been checkpointed into the main file.
func copyFiles(t *testing.T, from, to string) {
	t.Helper()
	for _, s := range []string{"", "-wal"} {
		b, err := os.ReadFile(from + s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+s, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSchemaStillInWALIsAlly reproduces what a kill during the first
// write of an earlier ally left: the main file's header has no
// application id yet (it was set in a transaction still in the WAL), and
// the schema and the first rows are in the WAL. Reading the header's raw
// bytes called such a database "not an ally database" and locked the
// committed rows away; SQLite, which reads the WAL, sees ally's id.
func TestSchemaStillInWALIsAlly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	raw, err := sql.Open("sqlite", "file:"+live+"?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	ms, err := loadMigrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{"CREATE TABLE IF NOT EXISTS warmup (x)", // puts the WAL flag in the main file's header
		fmt.Sprintf("PRAGMA application_id = %d", applicationID), migrationsTable}
	for _, m := range ms {
		stmts = append(stmts, m.sql, fmt.Sprintf("INSERT INTO migrations (version, name, applied) VALUES (%d, '%s', 0)", m.version, m.name))
	}
	stmts = append(stmts, "DROP TABLE warmup", "INSERT INTO workspaces (name, created) VALUES ('mine', 0)")
	for i, s := range stmts {
		if _, err := raw.ExecContext(ctx, s); err != nil {
			t.Fatalf("statement %d: %v", i, err)
		}
		if i == 0 {
			if _, err := raw.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
				t.Fatal(err)
			}
		}
	}
	killed := filepath.Join(dir, "killed.db")
	copyFiles(t, live, killed)
	head, _ := os.ReadFile(killed)
	if len(head) < 100 || string(head[68:72]) != "\x00\x00\x00\x00" {
		t.Fatalf("set-up: the main file should still lack the application id (size %d)", len(head))
	}

	db, err := Open(ctx, killed, false)
	if err != nil {
		t.Fatalf("a database whose schema is still in the WAL: %v", err)
	}
	defer db.Close()
	w, err := db.FindWorkspaceByName(ctx, "mine")
	if err != nil {
		t.Fatalf("the committed workspace: %v", err)
	}
	if w.Name != "mine" {
		t.Errorf("workspace %q", w.Name)
	}
}

func TestEscapePath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/a/b.db", "/a/b.db"},
		{"/a/h#x.db", "/a/h%23x.db"},
		{"/a/q?.db", "/a/q%3f.db"},
		{"/a/50%20off.db", "/a/50%2520off.db"},
	} {
		if got := escapePath(c.in); got != c.want {
			t.Errorf("escapePath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzOpen feeds Open arbitrary files: it must never panic, must answer
// with an error of a kind a face can show (never an internal error), and
// must leave a file it refused as it was whenever that file did not carry
// ally's application id (a refused foreign file is never touched).
func FuzzOpen(f *testing.F) {
	ctx := context.Background()
	small := filepath.Join(f.TempDir(), "seed.db")
	raw, err := sql.Open("sqlite", small)
	if err != nil {
		f.Fatal(err)
	}
	// Small pages keep the seeds small.
	if _, err := raw.ExecContext(ctx, "PRAGMA page_size = 512; VACUUM"); err != nil {
		f.Fatal(err)
	}
	raw.Close()
	if err := initialise(ctx, small); err != nil {
		f.Fatal(err)
	}
	ally, err := os.ReadFile(small)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ally)
	f.Add(ally[:len(ally)/2])
	f.Add(ally[:100])
	f.Add([]byte{})
	f.Add([]byte("SQLite format 3\x00"))
	f.Add([]byte("not a database at all, just text\n"))
	foreign := append([]byte(nil), ally...)
	copy(foreign[68:72], "\x00\x00\x00\x07")
	f.Add(foreign)
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}

		db, err := Open(ctx, path, false)
		if err == nil {
			// Whatever opened must answer a read without panicking.
			db.FindWorkspaces(ctx)
			db.Close()
			return
		}
		if code := allyCode(err); code == "internal" {
			t.Fatalf("internal error for a bad file: %v", err)
		}
		ours := len(data) >= 72 && string(data[68:72]) == "\x61\x6c\x6c\x79"
		if after, _ := os.ReadFile(path); !ours && string(after) != string(data) {
			t.Fatalf("Open changed a file it refused (%v)", err)
		}
	})
}

// TestFailedCommitEndsTheTransaction: a COMMIT that SQLite refuses (a
// deferred foreign key still violated) leaves SQLite's transaction open;
// the store must roll it back, or the connection goes back to the pool
// holding the write lock.
func TestFailedCommitEndsTheTransaction(t *testing.T) {
	ctx := context.Background()
	db, err := OpenWith(ctx, filepath.Join(t.TempDir(), "ally.db"), Options{Create: true, BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.db.SetMaxOpenConns(1) // the next write must reuse the connection
	w := &allypkg.Workspace{Name: "w"}
	if err := db.CreateWorkspace(ctx, w); err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, In(w.ID), func(tx *Tx) error {
		if _, err := tx.exec(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO people (workspace_id, name, manager_id, created, updated) VALUES (?, 'Ana', 9999, 0, 0)", w.ID)
		return err
	})
	if err == nil {
		t.Fatal("a commit with a dangling foreign key succeeded")
	}
	if !strings.Contains(err.Error(), "commit") {
		t.Fatalf("set-up: the violation should be found at commit, got %v", err)
	}
	done := make(chan error, 1)
	go func() {
		done <- db.Update(ctx, In(w.ID), func(tx *Tx) error { return tx.CreatePerson(ctx, &allypkg.Person{Name: "Bo Lee"}) })
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the write after a failed commit: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the write after a failed commit hangs")
	}
}
