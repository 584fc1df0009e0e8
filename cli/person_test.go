package cli

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ownWorkspace makes a small workspace of one's own, as issue 10 tried it:
// Me (Ana Ruiz) with a manager, a peer in Finance and an outside contact,
// on a clock of 2024-03-01.
func ownWorkspace(t *testing.T) (db string, now string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "me.db")
	now = "--now=2024-03-01"
	mustRun(t, db, now, "init", "--me", "Ana Ruiz", "--email", "ana@example.com", "--department", "Platform", "--manager", "Lou Grant")
	mustRun(t, db, now, "person", "add", "Cy Diaz", "--email", "cy@example.com", "--department", "Finance", "--title", "Controller")
	mustRun(t, db, now, "person", "add", "Raj Patel", "--org", "Acme", "--title", "Partner")
	return db, now
}

// wantRun runs ally and checks the exit code and that stdout+stderr hold
// every string of want.
func wantRun(t *testing.T, db string, code int, want []string, args ...string) string {
	t.Helper()
	out, errs, got := run(t, db, args...)
	if got != code {
		t.Fatalf("ally %s: exit %d, want %d: %s%s", strings.Join(args, " "), got, code, out, errs)
	}
	for _, w := range want {
		if !strings.Contains(out+errs, w) {
			t.Errorf("ally %s: output lacks %q:\n%s%s", strings.Join(args, " "), w, out, errs)
		}
	}
	return out + errs
}

// Every date flag reads the same forms, relative ones from the clock, and
// says which forms it reads when it cannot read one.
func TestDateFlagsReadTheSameForms(t *testing.T) {
	db, now := ownWorkspace(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"log", "call", "--with", "Cy", "--at", "yesterday"}, "on 2024-02-29 00:00"},
		{[]string{"log", "call", "--with", "Cy", "--at", "-2d"}, "on 2024-02-28 00:00"},
		{[]string{"log", "call", "--with", "Cy", "--at", "3d ago"}, "on 2024-02-27 00:00"},
		{[]string{"log", "call", "--with", "Cy", "--at", "1 week ago"}, "on 2024-02-23 00:00"},
		{[]string{"log", "call", "--with", "Cy", "--at", "2024-02-01T09:30:00+01:00"}, "on 2024-02-01 08:30"},
		{[]string{"log", "call", "--with", "Cy", "--at", "today"}, "on 2024-03-01 00:00"},
		{[]string{"give", "Cy", "an intro", "--at", "-1w"}, "gave Cy Diaz: an intro"},
		{[]string{"promise", "Cy", "the model", "--due", "+3d"}, "due 2024-03-04"},
		{[]string{"promise", "Cy", "the deck", "--due", "tomorrow"}, "due 2024-03-02"},
		{[]string{"expect", "Cy", "the data", "--due", "-1w"}, "due 2024-02-23"},
		{[]string{"expect", "Cy", "the review", "--due", "+2w"}, "due 2024-03-15"},
		{[]string{"repair", "Cy", "--cause", "missed the review", "--step", "+3d=coffee, listen", "--step", "tomorrow=call"}, "due 2024-03-04"},
		{[]string{"--now", "yesterday", "person", "list"}, "3 people shown"},
		{[]string{"--now", "-2w", "person", "list"}, "3 people shown"},
	} {
		args := append([]string{now}, tt.args...)
		if tt.args[0] == "--now" {
			args = tt.args
		}
		wantRun(t, db, 0, []string{tt.want}, args...)
	}
	forms := []string{"YYYY-MM-DD", "RFC 3339", "today", "yesterday", "tomorrow", "+3d", "-2d", "+2w", "3d ago"}
	for _, args := range [][]string{
		{now, "log", "call", "--with", "Cy", "--at", "31/12/2001"},
		{now, "promise", "Cy", "x", "--due", "next friday"},
		{now, "repair", "Cy", "--cause", "x", "--step", "soon=coffee"},
		{"--now", "Tuesday", "person", "list"},
	} {
		wantRun(t, db, 4, forms, args...)
	}
	// What has not happened yet is refused, naming the date and the clock.
	wantRun(t, db, 4, []string{"the interaction's date, 2024-03-02, is after the workspace clock (2024-03-01 12:00 UTC)"},
		now, "log", "call", "--with", "Cy", "--at", "tomorrow")
	wantRun(t, db, 4, []string{"2030-01-01", "after the workspace clock"}, now, "log", "one-on-one", "--with", "Cy", "--at", "2030-01-01")
	wantRun(t, db, 4, []string{"the ledger entry's date, 2024-03-04"}, now, "got", "Cy", "help", "--at", "+3d")
	// A due date long past is a slip unless forced.
	wantRun(t, db, 4, []string{"due date 2020-01-01 is 1521 days before the workspace clock, 2024-03-01", "add --force"},
		now, "promise", "Cy", "x", "--due", "2020-01-01")
	wantRun(t, db, 0, []string{"due 2020-01-01"}, now, "promise", "Cy", "the old favour", "--due", "2020-01-01", "--force")
	wantRun(t, db, 0, []string{"due 2024-01-31"}, now, "expect", "Cy", "a month late", "--due", "-30d") // 30 calendar days
	wantRun(t, db, 4, []string{"due date 2024-01-30 is 31 days before"}, now, "expect", "Cy", "too late", "--due", "-31d")
	if out := mustRun(t, db, now, "timeline", "Cy"); !strings.Contains(out, "6 interactions shown, up to 2024-03-01; 6 with me") {
		t.Errorf("timeline:\n%s", out)
	}
}

func TestDuplicateNamesCLI(t *testing.T) {
	db, now := ownWorkspace(t)
	wantRun(t, db, 5, []string{`a person named "cy diaz" already exists: Cy Diaz (id 3, cy@example.com)`,
		"if this is another person named cy diaz, add --allow-duplicate with an --email that tells them apart"}, now, "person", "add", "cy diaz")
	wantRun(t, db, 4, []string{"needs an email address"}, now, "person", "add", "Cy Diaz", "--allow-duplicate")
	wantRun(t, db, 0, []string{"added Cy Diaz (id 5)"}, now, "person", "add", "Cy Diaz", "--allow-duplicate", "--email", "cy@beta.org")
	wantRun(t, db, 4, []string{`"Cy Diaz" is ambiguous: 2 people have that name: Cy Diaz (id 3, cy@example.com), Cy Diaz (id 5, cy@beta.org); refer to one by email or id`},
		now, "person", "show", "Cy Diaz")
	wantRun(t, db, 0, []string{"Cy Diaz (id 5)", "cy@beta.org"}, now, "person", "show", "cy@beta.org")
	wantRun(t, db, 0, []string{"Raj Patel (id 4)"}, now, "person", "show", "Raj Patel") // an exact name that is unique still wins
	wantRun(t, db, 5, []string{`a person named "Raj Patel" already exists`}, now, "person", "edit", "5", "--name", "Raj Patel")
}

func TestManagerChainCLI(t *testing.T) {
	db, now := ownWorkspace(t)
	wantRun(t, db, 3, []string{`manager: no person matches "Mia Chen"`, "add --create-manager to create Mia Chen"},
		now, "person", "edit", "Lou", "--manager", "Mia Chen")
	wantRun(t, db, 0, []string{"updated Lou Grant"}, now, "person", "edit", "Lou", "--manager", "Mia Chen", "--create-manager")
	wantRun(t, db, 2, []string{"--create-manager needs --manager NAME"}, now, "person", "edit", "Lou", "--create-manager")
	out := wantRun(t, db, 0, nil, now, "person", "list", "--dir", "up", "--me")
	var rows []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		rows = append(rows, strings.Join(strings.Fields(l), " "))
	}
	want := []string{
		"STEP ID NAME DIR TITLE MANAGER TIER STATUS",
		"me 2 Ana Ruiz me - Lou Grant - -",
		"1 1 Lou Grant up - Mia Chen - -",
		"2 5 Mia Chen up - - - -",
		"2 people shown, with me at the head of the chain",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("person list --dir up:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
}

func TestOrganisationsCLI(t *testing.T) {
	db, now := ownWorkspace(t)
	mustRun(t, db, now, "person", "add", "Kim Lee", "--org", "ACME")
	mustRun(t, db, now, "person", "add", "Zoe Ng", "--org", "Beta Corp")
	for _, args := range [][]string{{"--org", "acme"}, {"-q", "acm"}} {
		out := wantRun(t, db, 0, []string{"ORGANISATION", "Raj Patel", "Kim Lee", "2 people shown"}, append([]string{now, "person", "list"}, args...)...)
		if strings.Contains(out, "Zoe Ng") {
			t.Errorf("person list %v:\n%s", args, out)
		}
	}
	show := wantRun(t, db, 0, []string{"Raj Patel (id 4)  outside, Acme"}, now, "person", "show", "Raj")
	if !hasRow(show, "organisation Acme") {
		t.Errorf("person show lacks the organisation:\n%s", show)
	}
	out := wantRun(t, db, 0, []string{"OUTSIDE, BY ORGANISATION"}, now, "map")
	for _, row := range []string{"Acme 2 0 0 0", "Beta Corp 1 0 0 0"} {
		if !hasRow(out, row) {
			t.Errorf("map lacks the row %q:\n%s", row, out)
		}
	}
	// Inside Me's organisation, no column for it.
	if out := mustRun(t, db, now, "person", "list", "--dir", "across"); strings.Contains(out, "ORGANISATION") {
		t.Errorf("an organisation column for the people inside:\n%s", out)
	}
}

// hasRow reports whether out has a line of these words, however spaced.
func hasRow(out, row string) bool {
	for _, l := range strings.Split(out, "\n") {
		if strings.Join(strings.Fields(l), " ") == row {
			return true
		}
	}
	return false
}

// One wording and one unit for the ledger balance: person show and health
// say the same size-weighted sums; health adds the decayed figure it
// weighs, labelled so.
func TestLedgerWordingCLI(t *testing.T) {
	db, now := ownWorkspace(t)
	mustRun(t, db, now, "give", "Cy", "intro to the data team", "--size", "medium")
	mustRun(t, db, now, "got", "Cy", "covered my review", "--size", "large", "--at", "-30d")
	mustRun(t, db, now, "log", "one-on-one", "--with", "Cy")
	line := "given 2, received 4, balance -2: I owe them (2 entries, size-weighted)"
	wantRun(t, db, 0, []string{"ledger", line}, now, "person", "show", "Cy")
	wantRun(t, db, 0, []string{line + "; decayed for the reciprocity part: -1.6"}, now, "health", "Cy")
	wantRun(t, db, 0, []string{"Cy Diaz", "2", "4", "-2", "I owe them"}, now, "ledger")
}

// fakeTerminal is standard input that says it is a terminal, with the
// user's answer to read.
type fakeTerminal struct{ *strings.Reader }

func (fakeTerminal) Stat() (os.FileInfo, error) { return ttyInfo{}, nil }

type ttyInfo struct{}

func (ttyInfo) Name() string       { return "tty" }
func (ttyInfo) Size() int64        { return 0 }
func (ttyInfo) Mode() fs.FileMode  { return fs.ModeDevice | fs.ModeCharDevice | 0o620 }
func (ttyInfo) ModTime() time.Time { return time.Time{} }
func (ttyInfo) IsDir() bool        { return false }
func (ttyInfo) Sys() any           { return nil }

func TestPersonRmAsks(t *testing.T) {
	db, now := ownWorkspace(t)
	mustRun(t, db, now, "log", "meeting", "--with", "Cy,Raj")
	mustRun(t, db, now, "log", "call", "--with", "Cy")
	mustRun(t, db, now, "give", "Cy", "an intro")
	mustRun(t, db, now, "promise", "Cy", "the model", "--due", "+3d")
	mustRun(t, db, now, "rel", "Cy", "--tier", "ally")
	mustRun(t, db, now, "tag", "Cy", "interest:forecasting")
	what := "Cy Diaz (id 3) with 2 interactions (1 go; 1 stay for the others in them, without them), 1 ledger entry, 1 commitment, 1 tag and my relationship with them"
	before := mustRun(t, db, "export", "json")

	// No terminal, no --yes: refused, saying what would go and how; the
	// null device, a character device, is no terminal either.
	wantRun(t, db, 2, []string{"person rm would remove " + what, "add --yes"}, now, "person", "rm", "Cy")
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	var nout, nerr bytes.Buffer
	if code := Run([]string{"--db", db, now, "person", "rm", "Cy"}, null, &nout, &nerr); code != 2 || !strings.Contains(nerr.String(), "add --yes") {
		t.Errorf("stdin </dev/null: exit %d: %s%s", code, nout.String(), nerr.String())
	}
	// On a terminal: asked, and no is no.
	for _, answer := range []string{"n\n", "\n", "nope\n", ""} {
		var out, errb bytes.Buffer
		code := Run([]string{"--db", db, now, "person", "rm", "Cy"}, fakeTerminal{strings.NewReader(answer)}, &out, &errb)
		if code != 0 || !strings.Contains(errb.String(), "Remove "+what+"? This cannot be undone. [y/N]") ||
			!strings.Contains(errb.String(), "nothing removed") {
			t.Errorf("answer %q: exit %d: %s%s", answer, code, out.String(), errb.String())
		}
	}
	if after := mustRun(t, db, "export", "json"); after != before {
		t.Fatal("a removal that was not confirmed changed the database")
	}
	var out, errb bytes.Buffer
	if code := Run([]string{"--db", db, now, "person", "rm", "Cy"}, fakeTerminal{strings.NewReader("Yes\n")}, &out, &errb); code != 0 ||
		!strings.Contains(out.String(), "removed "+what) {
		t.Errorf("yes: exit %d: %s%s", code, out.String(), errb.String())
	}
	wantRun(t, db, 3, []string{`no person matches "Cy"`}, now, "person", "show", "Cy")
	// --yes for scripts; the refusals come before any question.
	wantRun(t, db, 0, []string{"removed Raj Patel (id 4) with 1 interaction (which go with them)"}, // the meeting lost Cy
		now, "person", "rm", "Raj", "--yes")
	wantRun(t, db, 4, []string{"Me cannot be removed"}, now, "person", "rm", "me")
}

func TestPersonExportCLI(t *testing.T) {
	db, now := ownWorkspace(t)
	mustRun(t, db, now, "log", "meeting", "--with", "Cy,Raj", "--subject", "kick-off")
	mustRun(t, db, now, "give", "Cy", "an intro")
	mustRun(t, db, now, "person", "edit", "Raj", "--notes", "SECRET about Raj")
	path := filepath.Join(t.TempDir(), "cy.json")
	wantRun(t, db, 0, []string{"exported Cy Diaz: 1 interaction, 1 ledger entry, 0 commitments, 0 stakes, 0 repair plans to " + path},
		now, "person", "export", "Cy", "-o", path)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("the export is mode %v, want 0600", st.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var x struct {
		Format string `json:"format"`
		Person struct {
			Name   string   `json:"name"`
			Emails []string `json:"emails"`
		} `json:"person"`
		Interactions []struct {
			Subject      string `json:"subject"`
			Participants []struct {
				Name string `json:"name"`
			} `json:"participants"`
		} `json:"interactions"`
		Ledger []struct {
			What string `json:"what"`
		} `json:"ledger"`
	}
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	if x.Format != "ally-person" || x.Person.Name != "Cy Diaz" || len(x.Person.Emails) != 1 || len(x.Interactions) != 1 ||
		len(x.Interactions[0].Participants) != 3 || x.Interactions[0].Subject != "kick-off" || len(x.Ledger) != 1 {
		t.Errorf("export:\n%s", b)
	}
	if strings.Contains(string(b), "SECRET") {
		t.Errorf("Cy's export holds Raj's notes:\n%s", b)
	}
	if stdout := mustRun(t, db, now, "person", "export", "cy@example.com"); stdout != string(b) {
		t.Errorf("the export on standard output differs from the file:\n%s", stdout)
	}
}

// On the demo, whose emails run on past its clock: person show, health and
// timeline give Steffes the same number of interactions with me, none of
// them after the clock, and person show's rows fit 100 columns.
func TestPersonShowOnDemo(t *testing.T) {
	db := demoDB(t)
	show := mustRun(t, db, "person", "show", "Steffes", "-n", "40")
	health := mustRun(t, db, "health", "Steffes")
	timeline := mustRun(t, db, "timeline", "Steffes", "-n", "2")
	for _, c := range []struct{ out, want string }{
		{show, "1690 interactions with me up to 2001-11-01"},
		{health, "(1690 interactions on 1 channel)"},
		{timeline, "up to 2001-11-01; 1690 with me"},
		{timeline, "2001-11-01 06:24  email with Richard Shapiro: RE: Project Tracking Conversion"},
		{mustRun(t, db, "timeline", "Steffes", "--with-me", "-n", "1"), "James D. Steffes with me: 1 of 1690 interactions shown"},
		{show, "email with me, Richard Shapiro and 2 others"},
	} {
		if !strings.Contains(c.out, c.want) {
			t.Errorf("output lacks %q:\n%s", c.want, c.out)
		}
	}
	rows := 0
	for _, l := range strings.Split(show, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "200") {
			continue // not a row of the timeline
		}
		rows++
		if n := len([]rune(l)); n > 100 {
			t.Errorf("a row of %d columns: %s", n, l)
		}
		if strings.HasPrefix(strings.TrimSpace(l), "2002-") {
			t.Errorf("a row after the clock: %s", l)
		}
	}
	if rows != 40 {
		t.Errorf("%d rows of the timeline, want 40:\n%s", rows, show)
	}
}
