package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/allyhq/ally/store"
)

// TestDatabasePath covers how --db is read: a path is a path, the empty
// string is refused, an empty file is taken over only by init.
func TestDatabasePath(t *testing.T) {
	dir := t.TempDir()
	if _, errs, code := run(t, "", "person", "list"); code != 2 || !strings.Contains(errs, "--db is empty") {
		t.Errorf(`--db "": exit %d, %q`, code, errs)
	}

	odd := filepath.Join(dir, "h#x 50%20?.db")
	out := mustRun(t, odd, "init", "--me", "Ana Ruiz")
	if !strings.Contains(out, odd) {
		t.Errorf("init says %q, want the path %q", out, odd)
	}
	if _, err := os.Stat(odd); err != nil {
		t.Errorf("init did not write the file it named: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "h")); err == nil {
		t.Error(`init wrote "h" (the path cut at '#')`)
	}

	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	for _, args := range [][]string{{"person", "list"}, {"demo"}} {
		if _, errs, code := run(t, empty, args...); code != 4 || !strings.Contains(errs, "empty file") {
			t.Errorf("%s on an empty file: exit %d, %q", args, code, errs)
		}
	}
	if st, _ := os.Stat(empty); st.Size() != 0 {
		t.Error("a refused empty file was changed")
	}
	mustRun(t, empty, "init", "--me", "Ana Ruiz")
	mustRun(t, empty, "person", "list")
}

// TestFailedCreateLeavesNothing: a command that creates the database and
// then fails removes what it created.
func TestFailedCreateLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ally.db")
	if _, errs, code := run(t, path, "init", "--me", "Ana Ruiz", "--email", "not-an-address"); code != 4 {
		t.Fatalf("init with a bad email: exit %d, %s", code, errs)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("a failed init left %q", names)
	}
	// A database that existed before the failure stays.
	mustRun(t, path, "init", "--me", "Ana Ruiz")
	if _, _, code := run(t, path, "init", "--me", "Bo Lee"); code == 0 {
		t.Fatal("a second init of the same workspace succeeded")
	}
	mustRun(t, path, "person", "show", "me")
}

// TestFirstRunAfterInterruptedDemo: an interrupted first demo leaves an
// ally database without a workspace; the next `ally` at the default
// location builds the demo instead of saying there is no workspace.
func TestFirstRunAfterInterruptedDemo(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("ALLY_DB", "")
	t.Setenv("ALLY_WORKSPACE", "")
	path := filepath.Join(data, "ally", "ally.db")
	db, err := store.Open(t.Context(), path, true)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out, errb strings.Builder
	if code := Run(nil, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "workspace demo") || !strings.Contains(errb.String(), "demo workspace") {
		t.Errorf("first run on an empty database:\n%s\n%s", out.String(), errb.String())
	}
}

// TestFullDisk runs ally on a file system with no space left: reads still
// answer, a write says the disk is full (exit 75, not an internal error),
// and a demo that cannot be written leaves nothing behind. It mounts a
// small tmpfs, which needs root: CI runs as root; elsewhere run
// `sudo go test ./cli -run FullDisk`.
func TestFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root (CI runs as root): sudo go test ./cli -run FullDisk")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s)", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })

	db := filepath.Join(mnt, "ally.db")
	mustRun(t, db, "init", "--me", "Ana Ruiz")
	mustRun(t, db, "person", "add", "Bo Lee", "--department", "Finance")
	fill(t, filepath.Join(mnt, "filler"))

	if out, errs, code := run(t, db, "person", "list"); code != 0 || !strings.Contains(out, "Bo Lee") {
		t.Errorf("read on a full disk: exit %d, %q %q", code, out, errs)
	}
	if _, errs, code := run(t, db, "log", "one-on-one", "--with", "Bo Lee"); code != 75 || !strings.Contains(errs, "full") {
		t.Errorf("write on a full disk: exit %d, %q; want 75 saying the disk is full", code, errs)
	}

	demo := filepath.Join(mnt, "demo.db")
	if _, errs, code := run(t, demo, "demo"); code != 75 || !strings.Contains(errs, "full") {
		t.Errorf("demo on a full disk: exit %d, %q; want 75 saying the disk is full", code, errs)
	}
	ents, _ := os.ReadDir(mnt)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "demo.db") || strings.HasPrefix(e.Name(), ".demo.db") {
			t.Errorf("the failed demo left %s", e.Name())
		}
	}

	// With room again, everything works and nothing was lost.
	os.Remove(filepath.Join(mnt, "filler"))
	mustRun(t, db, "log", "one-on-one", "--with", "Bo Lee")
	if out := mustRun(t, db, "person", "list"); !strings.Contains(out, "Bo Lee") {
		t.Errorf("after freeing space: %q", out)
	}
}

// fill writes a file until the file system is full.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			break
		}
	}
	// Single bytes, for the last partial block.
	for {
		if _, err := f.Write(buf[:1]); err != nil {
			return
		}
	}
}

// TestErrorsAndHints: the core's errors name no flag or command; the CLI
// words their hints, and cobra's own errors are usage errors because of
// where they arise.
func TestErrorsAndHints(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	_, errs, code := run(t, missing, "person", "list")
	if code != 3 || !strings.Contains(errs, "does not exist\n") || !strings.Contains(errs, "ally init --me NAME") {
		t.Errorf("missing database: exit %d, %q", code, errs)
	}
	empty := filepath.Join(dir, "my notes.db")
	os.WriteFile(empty, nil, 0o600)
	if _, errs, _ := run(t, empty, "person", "list"); !strings.Contains(errs, "`ally --db '"+empty+"' init --me NAME`") {
		t.Errorf("empty file: %q, want the init command with the quoted path", errs)
	}
	for _, args := range [][]string{{"frobnicate"}, {"person", "frobnicate"}, {"person", "list", "--frob"}, {"person", "show"}, {"log", "one-on-one", "--with"}} {
		if _, errs, code := run(t, missing, args...); code != 2 {
			t.Errorf("%q: exit %d, %q; want 2", args, code, errs)
		}
	}
}
