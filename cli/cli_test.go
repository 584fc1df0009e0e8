package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/cobra"
)

// run executes ally in-process with a database and returns stdout, stderr
// and the exit code.
func run(t *testing.T, db string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(append([]string{"--db", db}, args...), strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// mustRun runs ally and fails the test on a non-zero exit.
func mustRun(t *testing.T, db string, args ...string) string {
	t.Helper()
	out, errs, code := run(t, db, args...)
	if code != 0 {
		t.Fatalf("ally %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

var (
	demoOnce sync.Once
	demoPath string
	demoErr  string
)

// demoDB returns a fresh copy of a database holding the demo workspace,
// built once per test binary.
func demoDB(t *testing.T) string {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ally-demo-")
		if err != nil {
			demoErr = err.Error()
			return
		}
		demoPath = filepath.Join(dir, "demo.db")
		var out, errb bytes.Buffer
		if Run([]string{"--db", demoPath, "demo"}, nil, &out, &errb) != 0 {
			demoErr = errb.String()
		}
		// Fold the WAL into the main file so that copying one file is enough.
		if Run([]string{"--db", demoPath, "workspace", "list"}, nil, &out, &errb) != 0 {
			demoErr = errb.String()
		}
	})
	if demoErr != "" {
		t.Fatalf("build demo: %s", demoErr)
	}
	dst := filepath.Join(t.TempDir(), "ally.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(demoPath + suffix)
		if err != nil {
			if suffix != "" {
				continue
			}
			t.Fatal(err)
		}
		if err := os.WriteFile(dst+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestDemoCommands runs the commands the README's tour shows on the demo
// and checks both their text and their JSON.
func TestDemoCommands(t *testing.T) {
	db := demoDB(t)
	cases := []struct {
		args []string
		want []string // substrings of the text output
	}{
		{[]string{"person", "list", "--dir", "across"}, []string{"Barry Tycholiz", "across"}},
		{[]string{"person", "list", "--dir", "up"}, []string{"James D. Steffes", "Kenneth Lay", "4 people"}},
		{[]string{"person", "list", "--dir", "outside"}, []string{"Jordan Lee (example)"}},
		{[]string{"person", "list", "--department", "ENA Legal"}, []string{"Richard B. Sanders"}},
		{[]string{"person", "list", "--tier", "key-ally"}, []string{"Mary Hain", "Richard Shapiro"}},
		{[]string{"person", "list", "--tag", "currency:information"}, []string{"Robert Badeer"}},
		{[]string{"person", "show", "Steffes"}, []string{"VP of Government Affairs", "Richard Shapiro", "key-ally", "timeline"}},
		{[]string{"ledger"}, []string{"Richard B. Sanders", "I owe them", "they owe me"}},
		{[]string{"ledger", "Sanders"}, []string{"reviewed my refund-case testimony"}},
		{[]string{"commitments", "--late"}, []string{"sign-off on the refund position", "California refund talking points", "2 commitments"}},
		{[]string{"commitments"}, []string{"FERC refund order analysis", "in 1d"}},
		{[]string{"goal", "list"}, []string{"California refund case", "committee", "won"}},
		{[]string{"goal", "show", "1"}, []string{"quota 7 of 12", "manage closely", "neutral → skeptic"}},
		{[]string{"goal", "show", "West desks"}, []string{"blocker", "skeptic → blocker"}},
		{[]string{"timeline", "Kean", "-n", "3"}, []string{"Steven J. Kean: 3 of ", " interactions shown"}},
		{[]string{"workspace", "list"}, []string{"* demo"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) { checkOutput(t, db, c.args, c.want) })
	}
}

// checkOutput runs a read command, checks that its text holds every wanted
// substring, and that with --json it prints valid JSON.
func checkOutput(t *testing.T, db string, args, want []string) {
	t.Helper()
	out := mustRun(t, db, args...)
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	js := mustRun(t, db, append([]string{"--json"}, args...)...)
	if !json.Valid([]byte(js)) {
		t.Errorf("--json output is not valid JSON:\n%s", js)
	}
}

// TestDemoJSONShapes checks fields of the JSON that scripts rely on.
func TestDemoJSONShapes(t *testing.T) {
	db := demoDB(t)
	var people []struct {
		Name      string `json:"name"`
		Direction string `json:"direction"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, db, "--json", "person", "list", "--dir", "across")), &people); err != nil {
		t.Fatal(err)
	}
	if len(people) < 100 {
		t.Errorf("across: %d people, want most of the 156 employees", len(people))
	}
	for _, p := range people {
		if p.Direction != "across" {
			t.Errorf("%s: direction %q in an across listing", p.Name, p.Direction)
		}
	}
	var late []struct {
		State string `json:"state"`
		Mine  bool   `json:"mine"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, db, "--json", "commitments", "--late")), &late); err != nil {
		t.Fatal(err)
	}
	if len(late) != 2 {
		t.Fatalf("late commitments at the demo's clock: %d, want 2", len(late))
	}
	for _, c := range late {
		if c.State != "late" {
			t.Errorf("state %q in --late listing", c.State)
		}
	}
	// With --now before their due dates, nothing is late.
	if err := json.Unmarshal([]byte(mustRun(t, db, "--json", "--now", "2001-10-01", "commitments", "--late")), &late); err != nil {
		t.Fatal(err)
	}
	if len(late) != 0 {
		t.Errorf("late commitments on 2001-10-01: %d, want 0", len(late))
	}
}

// TestExportImportRoundTrip checks that export → import into an empty
// database → export gives identical bytes.
func TestExportImportRoundTrip(t *testing.T) {
	db := demoDB(t)
	// Add something made through the CLI, so that more than the demo's
	// own rows are round-tripped.
	mustRun(t, db, "--now", "2001-11-01", "log", "one-on-one", "--with", "Steffes", "--note", "refund plan", "--channel", "video")
	mustRun(t, db, "--now", "2001-11-01", "goal", "stake", "1", "Haedicke", "--stance", "supporter")
	dir := t.TempDir()
	first := filepath.Join(dir, "first.json")
	mustRun(t, db, "export", "json", "-o", first)
	restored := filepath.Join(dir, "restored.db")
	mustRun(t, restored, "import", "json", first)
	second := mustRun(t, restored, "export", "json")
	b, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != second {
		t.Fatalf("export after import differs from the original export (%d vs %d bytes)", len(b), len(second))
	}
	// What is derived from the data (tie strengths, health, the agenda) is
	// rebuilt on import, not lost. After the data's last day, commands read
	// the stored tie aggregates rather than recomputing them.
	for _, args := range [][]string{{"--json", "health", "Kean"}, {"--json", "today", "--all"}, {"--json", "path", "Lavorato"}} {
		args = append([]string{"--now", "2002-07-01"}, args...)
		if got, want := mustRun(t, restored, args...), mustRun(t, db, args...); got != want {
			t.Errorf("ally %s differs after export and import", strings.Join(args, " "))
		}
	}
	// A second import of the same file is refused and changes nothing.
	_, errs, code := run(t, restored, "import", "json", first)
	if code != 5 || !strings.Contains(errs, "already exists") {
		t.Errorf("second import: exit %d, %q; want conflict (5)", code, errs)
	}
	if again := mustRun(t, restored, "export", "json"); again != second {
		t.Error("a refused import changed the database")
	}
}

// TestEverydayMoves walks a new user's first session on an empty database.
func TestEverydayMoves(t *testing.T) {
	db := filepath.Join(t.TempDir(), "me.db")
	now := "--now=2026-03-02"
	mustRun(t, db, now, "init", "--me", "Ana Ruiz", "--email", "Ana@Example.com", "--department", "Platform", "--manager", "Lou Grant")
	mustRun(t, db, now, "person", "add", "Bo Chen", "--email", "bo@example.com", "--manager", "Ana", "--department", "Platform")
	mustRun(t, db, now, "person", "add", "Cy Diaz", "--department", "Finance", "--title", "Controller")
	mustRun(t, db, now, "person", "add", "Di Ek", "--org", "Acme", "--title", "Partner")
	for dir, name := range map[string]string{"up": "Lou Grant", "down": "Bo Chen", "across": "Cy Diaz", "outside": "Di Ek"} {
		out := mustRun(t, db, "person", "list", "--dir", dir)
		if !strings.Contains(out, name) || !strings.Contains(out, "1 person shown") {
			t.Errorf("--dir %s: want only %s:\n%s", dir, name, out)
		}
	}
	mustRun(t, db, now, "tag", "Cy", "interest:forecasting", "currency:recognition")
	mustRun(t, db, now, "tag", "me", "goal:cost transparency")
	mustRun(t, db, now, "log", "one-on-one", "--with", "Cy", "--note", "budget walk-through")
	mustRun(t, db, now, "give", "Cy", "intro to the data team", "--kind", "introduction", "--size", "medium")
	mustRun(t, db, now, "got", "Bo", "covered my on-call", "--size", "large")
	mustRun(t, db, now, "promise", "Cy", "send the cost model", "--due", "+3d")
	mustRun(t, db, now, "expect", "Bo", "review my doc", "--due", "2026-03-01")
	mustRun(t, db, now, "rel", "Cy", "--tier", "ally", "--trust", "4", "--role", "partner")
	mustRun(t, db, now, "goal", "new", "Cost dashboard", "--rule", "quota=3", "--weights", "Cy=2,Bo=1,Lou=1")
	mustRun(t, db, now, "goal", "stake", "Cost", "Cy", "--stance", "neutral", "--power", "4", "--interest", "5")
	mustRun(t, db, "--now=2026-03-05", "goal", "stake", "Cost", "Cy", "--stance", "supporter")

	show := mustRun(t, db, "--now=2026-03-05", "person", "show", "Cy")
	for _, w := range []string{"forecasting", "recognition", "ally, engaged, trust 4/5, partner", "balance +2: they owe me (1 entry, size-weighted",
		"send the cost model", "Cost dashboard: supporter", "one-on-one with me"} {
		if !strings.Contains(show, w) {
			t.Errorf("person show lacks %q:\n%s", w, show)
		}
	}
	// On 2 March Cy was still neutral: a past clock shows the stance then.
	if show := mustRun(t, db, now, "person", "show", "Cy"); !strings.Contains(show, "Cost dashboard: neutral") {
		t.Errorf("person show on 2 March shows the later stance:\n%s", show)
	}
	late := mustRun(t, db, now, "commitments", "--late")
	if !strings.Contains(late, "review my doc") || strings.Contains(late, "send the cost model") {
		t.Errorf("late commitments:\n%s", late)
	}
	if out := mustRun(t, db, now, "done", "1"); !strings.Contains(out, "kept") {
		t.Errorf("done: %s", out)
	}
	goal := mustRun(t, db, "--now=2026-03-05", "goal", "show", "Cost")
	if !strings.Contains(goal, "neutral → supporter") || !strings.Contains(goal, "quota 3 of 4") {
		t.Errorf("goal show:\n%s", goal)
	}
	ledger := mustRun(t, db, "ledger")
	if !strings.Contains(ledger, "Bo Chen") || !strings.Contains(ledger, "-4") {
		t.Errorf("ledger:\n%s", ledger)
	}
	mustRun(t, db, "person", "rm", "Di Ek", "--yes")
	if out := mustRun(t, db, "person", "list", "--dir", "outside"); !strings.Contains(out, "0 people") {
		t.Errorf("after rm:\n%s", out)
	}
}

// TestBadInput checks that each kind of bad input gets a one-line error,
// its documented exit code, and leaves the database as it was.
func TestBadInput(t *testing.T) {
	db := demoDB(t)
	before := mustRun(t, db, "export", "json")
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	otherVersion := write("v9.json", `{"format":"ally-workspace","version":9}`)
	dangling := write("dangling.json", `{"format":"ally-workspace","version":1,"workspace":{"name":"x","me_id":1},
"people":[{"id":1,"name":"A"}],"commitments":[{"id":1,"from_id":1,"to_id":7,"what":"w","due":"2001-01-01T00:00:00Z","created":"2001-01-01T00:00:00Z","status":"open"}]}`)
	broken := write("broken.json", "{\n\"format\": \"ally-workspace\",\n\"version\": 1,\n\"people\": [\n{\"id\": 1,, }\n]}")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown person", []string{"person", "show", "Nobody Atall"}, 3, `no person matches "Nobody Atall"`},
		{"ambiguous reference", []string{"log", "call", "--with", "Jeff"}, 4, "ambiguous"},
		{"invalid date", []string{"promise", "Steffes", "x", "--due", "31/12/2001"}, 4, "--due"},
		{"invalid enumeration", []string{"log", "lunch", "--with", "Steffes"}, 4, `kind "lunch" is not one of`},
		{"invalid stance", []string{"goal", "stake", "1", "Steffes", "--stance", "enthusiast"}, 4, "stance"},
		{"rating out of range", []string{"goal", "stake", "1", "Steffes", "--power", "9"}, 4, "power 9 is out of range"},
		{"trust out of range", []string{"rel", "Steffes", "--trust", "0"}, 4, "trust"},
		{"duplicate email", []string{"person", "add", "Copy", "--email", "JEFF.DASOVICH@enron.com"}, 5, "already belongs to Jeff Dasovich"},
		{"bad email", []string{"person", "add", "Copy", "--email", "not-an-email"}, 4, "email"},
		{"quota above total", []string{"goal", "new", "X", "--rule", "quota=50", "--weights", "Kean=1,Lay=2"}, 4, "quota 50"},
		{"unknown commitment", []string{"done", "9999"}, 3, "commitment 9999 not found"},
		{"kept twice", []string{"done", "1"}, 5, "already kept"},
		{"unknown flag", []string{"person", "list", "--colour"}, 2, "unknown flag"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"missing argument", []string{"person", "show"}, 2, "takes 1 argument"},
		{"import other version", []string{"import", "json", otherVersion}, 4, "version 9 is not supported"},
		{"import dangling reference", []string{"import", "json", dangling}, 4, "commitments[0].to_id: person 7 is not in the file"},
		{"import syntax error", []string{"import", "json", broken}, 4, "broken.json:5"},
		{"import missing file", []string{"import", "json", filepath.Join(dir, "nope.json")}, 3, "nope.json"},
		{"bad --now", []string{"--now", "31/12/2001", "ledger"}, 4, "--now"},
		{"remove a voter", []string{"person", "rm", "Delainey"}, 5, "named in the decision rule"},
		{"remove me", []string{"person", "rm", "me"}, 4, "Me cannot be removed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := run(t, db, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d (%s)", code, c.code, errs)
			}
			if !strings.Contains(errs, c.want) {
				t.Errorf("stderr %q lacks %q", errs, c.want)
			}
			// One line of message, and at most one of hint below it.
			lines := strings.Split(strings.TrimSpace(errs), "\n")
			if len(lines) > 2 || len(lines) == 2 && !strings.HasPrefix(lines[1], "      ") {
				t.Errorf("error is %d lines, want a message and at most one hint: %q", len(lines), errs)
			}
		})
	}
	if after := mustRun(t, db, "export", "json"); after != before {
		t.Error("bad input changed the database")
	}
}

// TestBadDatabase covers missing, corrupt, foreign and too-new files.
func TestBadDatabase(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	if _, errs, code := run(t, missing, "person", "list"); code != 3 || !strings.Contains(errs, "does not exist") {
		t.Errorf("missing database: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a read command created the database")
	}
	corrupt := filepath.Join(dir, "corrupt.db")
	os.WriteFile(corrupt, bytes.Repeat([]byte("not sqlite "), 1000), 0o600)
	if _, errs, code := run(t, corrupt, "person", "list"); code != 4 || !strings.Contains(errs, "corrupt") {
		t.Errorf("corrupt database: exit %d, %q", code, errs)
	}
	if _, errs, code := run(t, dir, "person", "list"); code != 4 || !strings.Contains(errs, "directory") {
		t.Errorf("directory as database: exit %d, %q", code, errs)
	}
	empty := filepath.Join(dir, "empty.db")
	mustRun(t, empty, "init", "--me", "Ana")
	if _, errs, code := run(t, empty, "--workspace", "other", "person", "list"); code != 3 || !strings.Contains(errs, `workspace "other" not found`) {
		t.Errorf("unknown workspace: exit %d, %q", code, errs)
	}
}

// TestHelpHasExamples checks that every runnable command's help shows an
// example.
func TestHelpHasExamples(t *testing.T) {
	root := (&CLI{}).rootCmd()
	var missing []string
	var visit func(cmd *cobra.Command)
	visit = func(cmd *cobra.Command) {
		if cmd.Runnable() && cmd.Example == "" && cmd.Name() != "help" {
			missing = append(missing, cmd.CommandPath())
		}
		for _, sub := range cmd.Commands() {
			visit(sub)
		}
	}
	visit(root)
	if len(missing) > 0 {
		t.Errorf("commands without an example in --help: %s", strings.Join(missing, ", "))
	}
}
