package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// mergeCLIWorkspace: Me, Ana Lima and her second record A. Lima at the same
// domain (with a title and an interaction of its own), and Bob and Robert
// Stone, who look like one person.
func mergeCLIWorkspace(t *testing.T) (db, now string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "merge.db")
	now = "--now=2024-03-01"
	mustRun(t, db, now, "init", "--me", "Mia Me", "--email", "mia@acme.org")
	mustRun(t, db, now, "person", "add", "Ana Lima", "--email", "ana@acme.org", "--department", "R&D")
	mustRun(t, db, now, "person", "add", "A. Lima", "--email", "a.lima@acme.org", "--title", "Staff engineer")
	mustRun(t, db, now, "person", "add", "Bob Stone", "--email", "bob@stone.org")
	mustRun(t, db, now, "person", "add", "Robert Stone", "--email", "robert@stone.org")
	mustRun(t, db, now, "log", "call", "--with", "A. Lima", "--at", "yesterday")
	mustRun(t, db, now, "log", "meeting", "--with", "A. Lima,Ana Lima", "--at", "-2d")
	return db, now
}

func TestPersonMergeCLI(t *testing.T) {
	db, now := mergeCLIWorkspace(t)
	out := wantRun(t, db, 0, []string{"likely duplicates, best first", "Ana Lima (id 2, ana@acme.org) ~ A. Lima (id 3, a.lima@acme.org)",
		"merge: ally person merge 2 3", "Bob Stone", "Robert Stone"}, now, "person", "duplicates")
	if strings.Index(out, "Lima") > strings.Index(out, "Stone") && !strings.Contains(out, "Bob Stone (id 4") {
		t.Errorf("duplicates:\n%s", out)
	}
	// "Don't merge": the pair is not suggested again.
	wantRun(t, db, 0, []string{"are not one person"}, now, "person", "duplicates", "--not", "Bob Stone", "robert@stone.org")
	if out := mustRun(t, db, now, "person", "duplicates"); strings.Contains(out, "Stone") {
		t.Errorf("a pair recorded as not one person is still suggested:\n%s", out)
	}
	wantRun(t, db, 2, []string{"--not needs the two people"}, now, "person", "duplicates", "--not", "Bob Stone")
	wantRun(t, db, 2, []string{"no people, except with --not"}, now, "person", "duplicates", "Bob")

	// Without a terminal the merge says what it would do and asks for --yes.
	wantRun(t, db, 2, []string{"would move A. Lima (id 3) into Ana Lima (id 2): 2 interactions (1 both were in: Ana Lima stays in them once)",
		"1 email", "from A. Lima's record: title", "add --yes"}, now, "person", "merge", "Ana Lima", "A. Lima")
	wantRun(t, db, 4, []string{"Me can be kept, not merged"}, now, "person", "merge", "Ana Lima", "me", "--yes")
	wantRun(t, db, 4, []string{"two different people"}, now, "person", "merge", "Ana Lima", "ana@acme.org", "--yes")
	wantRun(t, db, 3, []string{"OTHER:"}, now, "person", "merge", "Ana Lima", "nobody@nowhere.org", "--yes")
	wantRun(t, db, 0, []string{"merged: moved A. Lima (id 3) into Ana Lima (id 2)", "undo with: ally person unmerge 1"},
		now, "person", "merge", "Ana Lima", "A. Lima", "--yes")
	wantRun(t, db, 0, []string{"Ana Lima (id 2)", "ana@acme.org, a.lima@acme.org", "Staff engineer"}, now, "person", "show", "Ana Lima")
	wantRun(t, db, 3, nil, now, "person", "show", "3")
	wantRun(t, db, 0, []string{"#1", "A. Lima (id 3) into Ana Lima (id 2)", "undo: ally person unmerge 1"}, now, "person", "unmerge")

	// --json: the merges list as JSON.
	var ms []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, db, now, "--json", "person", "unmerge")), &ms); err != nil || len(ms) != 1 || ms[0]["undoable"] != true {
		t.Fatalf("unmerge --json: %v %v", ms, err)
	}
	wantRun(t, db, 2, []string{"not a merge id"}, now, "person", "unmerge", "first")
	wantRun(t, db, 3, []string{"no merge with id 9"}, now, "person", "unmerge", "9")
	wantRun(t, db, 0, []string{"unmerged: A. Lima (id 3) is back, apart from Ana Lima (id 2)"}, now, "person", "unmerge", "#1")
	wantRun(t, db, 0, []string{"A. Lima (id 3)", "a.lima@acme.org"}, now, "person", "show", "3")
	wantRun(t, db, 0, []string{"undone 2024-03-01"}, now, "person", "unmerge")
	wantRun(t, db, 5, []string{"was undone"}, now, "person", "unmerge", "1")
	// An undone merge says they are two: not suggested again.
	wantRun(t, db, 0, []string{"no likely duplicates"}, now, "person", "duplicates")
}
