package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/allyhq/ally/importer"
	"github.com/allyhq/ally/importer/csvin"
	"github.com/allyhq/ally/importer/vcard"
)

// exportDB is a small workspace built through the CLI: a manager chain,
// a private note on a person and on an interaction, a name and a subject
// a spreadsheet would run as formulas, a ledger entry and a commitment.
func exportDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "ally.db")
	mustRun(t, db, "--now", "2024-03-01T12:00:00Z", "init", "--me", "Mia Me", "--email", "mia@acme.org")
	for _, a := range [][]string{
		{"person", "add", "Bea Boss", "--email", "bea@acme.org", "--title", "VP"},
		{"person", "edit", "me", "--manager", "Bea Boss"},
		{"person", "add", "Ana Lima", "--email", "ana@acme.org,ana.l@acme.org", "--department", "R&D", "--manager", "me", "--notes", "private about ana"},
		{"person", "add", "+cmd", "--email", "cmd@evil.example", "--title", "'quoted"}, // a quote in the data, left alone
		{"person", "add", "No Mail", "--team", "Ops"},
		{"tag", "Ana Lima", "skill:go"},
		{"log", "email", "--with", "cmd@evil.example,Ana Lima", "--cc", "No Mail", "--at", "2024-02-01T09:30:00Z",
			"--subject", `=HYPERLINK("http://evil.example","x")`, "--note", "private about the mail"},
		{"log", "meeting", "--with", "Bea Boss", "--at", "2024-02-02", "--channel", "video", "--subject", "plan"},
		{"give", "Ana Lima", "code review", "--kind", "knowledge", "--size", "medium", "--at", "2024-02-03"},
		{"promise", "Bea Boss", "send the deck", "--due", "2024-03-05"},
	} {
		mustRun(t, db, append([]string{"--now", "2024-03-01T12:00:00Z"}, a...)...)
	}
	return db
}

func readCSV(t *testing.T, data string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, data)
	}
	return recs
}

func TestExportCSVTables(t *testing.T) {
	db := exportDB(t)
	for _, tc := range []struct {
		table  string
		rows   int
		header string   // the first columns
		cells  []string // in the file as written
	}{
		{"people", 5, "id,name,email,phone,title", []string{"ana@acme.org;ana.l@acme.org", ",'+cmd,", ",'quoted,", "skill:go", "true"}},
		{"interactions", 2, "id,at,kind,from,to,cc,subject", []string{"2024-02-01T09:30:00Z", `'=HYPERLINK(`, "Mia Me <mia@acme.org>", ",Ana Lima <ana@acme.org>;+cmd <cmd@evil.example>,", "video"}},
		{"ledger", 1, "id,at,from_id,from_name,to_id,to_name", []string{"code review", "knowledge", "medium", "Ana Lima", "gave"}},
		{"commitments", 1, "id,kind,from_id,from_name", []string{"send the deck", "promise", "2024-03-05", "open", "Bea Boss"}},
	} {
		t.Run(tc.table, func(t *testing.T) {
			out := mustRun(t, db, "--now", "2024-03-01T12:00:00Z", "export", "csv", tc.table)
			recs := readCSV(t, out)
			if len(recs)-1 != tc.rows {
				t.Errorf("%d rows, want %d:\n%s", len(recs)-1, tc.rows, out)
			}
			if !strings.HasPrefix(out, tc.header+",") {
				t.Errorf("header %q, want it to start %q", recs[0], tc.header)
			}
			for _, c := range tc.cells {
				if !strings.Contains(out, c) {
					t.Errorf("no %q in\n%s", c, out)
				}
			}
			for _, n := range []string{"private about ana", "private about the mail"} {
				if strings.Contains(out, n) {
					t.Errorf("the private note %q is in the %s table", n, tc.table)
				}
			}
		})
	}
	// The notes are in the owner's backup, and only there.
	js := mustRun(t, db, "export", "json")
	if !strings.Contains(js, "private about ana") || !strings.Contains(js, "private about the mail") {
		t.Error("export json lost the notes")
	}
	vc := mustRun(t, db, "export", "vcard")
	if strings.Contains(vc, "private about") || strings.Contains(vc, "NOTE") {
		t.Errorf("a note in the vCard export:\n%s", vc)
	}
}

func TestExportCSVErrorsAndHelp(t *testing.T) {
	db := exportDB(t)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"export", "csv", "notes"}, 2, `no table "notes"; the tables are people, interactions, ledger, commitments`},
		{[]string{"export", "csv"}, 2, "argument"},
		{[]string{"export", "vcard", "extra"}, 2, "argument"},
		{[]string{"export", "csv", "people", "-o", filepath.Join(t.TempDir(), "no", "such", "dir", "p.csv")}, 0, ""},
	} {
		_, errs, code := run(t, db, tc.args...)
		if tc.code == 0 {
			if code == 0 {
				t.Errorf("%q: exit 0 for a file in a missing directory", tc.args)
			}
			continue
		}
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%q: exit %d, %q; want exit %d and %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
	help := mustRun(t, db, "export", "csv", "--help")
	for _, w := range []string{"Private notes", "left out", "ally import interactions", "Example"} {
		if !strings.Contains(help, w) {
			t.Errorf("export csv --help lacks %q", w)
		}
	}
	if h := mustRun(t, db, "export", "vcard", "--help"); !strings.Contains(h, "but Me") || !strings.Contains(h, "notes are left out") {
		t.Errorf("export vcard --help:\n%s", h)
	}
}

// TestExportToFile: -o writes the file (0600, through a temporary file
// renamed into place), "-" is standard output, and the summary goes to
// standard error, or to standard output as JSON with --json.
func TestExportToFile(t *testing.T) {
	db := exportDB(t)
	dir := t.TempDir()
	stdout := mustRun(t, db, "export", "csv", "people")
	for _, tc := range []struct {
		args    []string
		summary string
	}{
		{[]string{"export", "csv", "people", "-o", filepath.Join(dir, "people.csv")}, "exported 5 people to "},
		{[]string{"export", "vcard", "-o", filepath.Join(dir, "c.vcf")}, "exported 4 cards to "},
		{[]string{"export", "csv", "ledger", "-o", filepath.Join(dir, "l.csv")}, "exported 1 ledger entry to "},
	} {
		out, errs, code := run(t, db, tc.args...)
		if code != 0 || out != "" || !strings.HasPrefix(errs, tc.summary) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want the summary %q", tc.args, code, out, errs, tc.summary)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "people.csv"))
	if err != nil || string(data) != stdout {
		t.Errorf("the file differs from standard output (%v)", err)
	}
	if st, err := os.Stat(filepath.Join(dir, "people.csv")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v (%v), want 0600", st.Mode(), err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 3 {
		t.Errorf("the directory holds %d files, want 3 (no temporary file left)", len(ents))
	}
	if out := mustRun(t, db, "export", "csv", "people", "-o", "-"); out != stdout {
		t.Errorf("-o - is not standard output")
	}
	out := mustRun(t, db, "--json", "export", "csv", "interactions", "-o", filepath.Join(dir, "i.csv"))
	var s exportSummary
	if err := json.Unmarshal([]byte(out), &s); err != nil || s.Export != "interactions" || s.Rows != 2 || !strings.HasSuffix(s.File, "i.csv") {
		t.Errorf("--json summary %q (%v)", out, err)
	}
}

// TestExportRoundTripReaders: the exports read back through ally's own
// readers (csvin for the tables, importer/vcard for the cards) as the
// workspace's data. (`ally import interactions` and `ally import vcard` do
// not exist yet; once they do, the round trip into an empty workspace
// goes through them.)
func TestExportRoundTripReaders(t *testing.T) {
	db := exportDB(t)
	var dump struct {
		People []struct {
			ID     int64    `json:"id"`
			Name   string   `json:"name"`
			Emails []string `json:"emails"`
			Title  string   `json:"title"`
		} `json:"people"`
		Interactions []struct {
			Subject      string `json:"subject"`
			Kind         string `json:"kind"`
			Participants []struct {
				PersonID int64  `json:"person_id"`
				Role     string `json:"role"`
			} `json:"participants"`
		} `json:"interactions"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, db, "export", "json")), &dump); err != nil {
		t.Fatal(err)
	}

	// The people table reads back through csvin as the same people, the
	// neutralised +cmd and the quote in the data ('quoted) exactly.
	org, err := csvin.ReadOrg(strings.NewReader(mustRun(t, db, "export", "csv", "people")), "p.csv", csvin.OrgOptions{})
	if err != nil || len(org) != len(dump.People) {
		t.Fatalf("ReadOrg: %d people, %v", len(org), err)
	}
	for i, p := range dump.People {
		if o := org[i]; o.Name != p.Name || o.Title != p.Title || !slices.Equal(o.Emails, p.Emails) || o.ExternalID != "org:"+itoa(p.ID) {
			t.Errorf("people row %d reads back as %+v, want %+v", i+1, o, p)
		}
	}
	if org[3].Name != "+cmd" || org[3].Title != "'quoted" {
		t.Errorf("row 4 = %q, %q", org[3].Name, org[3].Title)
	}

	var cards []importer.Person
	err = vcard.Read(strings.NewReader(mustRun(t, db, "export", "vcard")), "c.vcf", vcard.Options{}, func(p importer.Person) error {
		cards = append(cards, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cards) != len(dump.People)-1 {
		t.Fatalf("%d cards for %d people and Me", len(cards), len(dump.People)-1)
	}
	for i, p := range dump.People[1:] {
		c := cards[i]
		if c.Name != p.Name || !slices.Equal(c.Emails, p.Emails) || c.Title != p.Title || !strings.HasPrefix(c.ExternalID, "vcard:urn:uuid:") {
			t.Errorf("card %d = %+v, want %+v", i, c, p)
		}
	}
	// The UIDs are the same at the next export.
	if a, b := mustRun(t, db, "export", "vcard"), mustRun(t, db, "export", "vcard"); a != b {
		t.Error("two vCard exports differ")
	}

	email := map[string]int64{}
	for _, p := range dump.People {
		for _, e := range p.Emails {
			email[e] = p.ID
		}
	}
	var got []importer.Interaction
	err = csvin.ReadInteractions(strings.NewReader(mustRun(t, db, "export", "csv", "interactions")), "i.csv", csvin.LogOptions{},
		func(in importer.Interaction) error {
			got = append(got, in)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(dump.Interactions) {
		t.Fatalf("%d interactions read, %d exported", len(got), len(dump.Interactions))
	}
	for _, w := range dump.Interactions {
		i := slices.IndexFunc(got, func(g importer.Interaction) bool { return g.Subject == w.Subject })
		if i < 0 {
			t.Errorf("subject %q not read back", w.Subject)
			continue
		}
		var roles, want []string
		for _, p := range got[i].Parties {
			id := email[p.Email]
			if p.Email == "" {
				id = -1 // by id: the people table's
				for _, q := range dump.People {
					if p.ID == itoa(q.ID) {
						id = q.ID
					}
				}
			}
			roles = append(roles, itoa(id)+":"+string(p.Role))
		}
		for _, p := range w.Participants {
			want = append(want, itoa(p.PersonID)+":"+p.Role)
		}
		slices.Sort(roles)
		slices.Sort(want)
		if !slices.Equal(roles, want) || string(got[i].Kind) != w.Kind {
			t.Errorf("%q: %s %v, want %s %v", w.Subject, got[i].Kind, roles, w.Kind, want)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
