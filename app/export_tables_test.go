package app

import (
	"bytes"
	"encoding/csv"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/identity"
	"github.com/allyhq/ally/importer"
	"github.com/allyhq/ally/importer/csvin"
	"github.com/allyhq/ally/importer/vcard"
	"github.com/allyhq/ally/store"
)

// tableWorkspace is buildWorkspace plus what the open-format exports must
// survive: cells a spreadsheet would run as formulas (a subject
// =HYPERLINK(…), a name +cmd, a title with a leading quote), a name the
// interaction log cannot write beside an address (a comma), a person
// without an address, an interaction Me did not initiate, one imported
// from a CSV log, and phones and a vCard UID in the identities table.
func tableWorkspace(t *testing.T) *App {
	t.Helper()
	db := mustDB(t)
	a := buildWorkspace(t, db)
	ok(a.AddPerson(bg, PersonInput{Name: ptr("+cmd"), Emails: &[]string{"cmd@evil.example"}, Title: ptr("'=quoted"), Team: ptr("-ops")}))(t)
	ok(a.AddPerson(bg, PersonInput{Name: ptr("Lima, Jo"), Emails: &[]string{"jo@acme.org"}, Notes: ptr("secret about jo")}))(t)
	ok(a.AddPerson(bg, PersonInput{Name: ptr("No Mail"), Department: ptr("Ops")}))(t)
	ok(a.Log(bg, LogInput{Kind: ally.ChanEmail, With: pids(t, a, "cmd@evil.example", "jo@acme.org"), CC: pids(t, a, "No Mail"),
		At: exportNow.Add(-time.Hour), Subject: `=HYPERLINK("http://evil.example","click")`, Note: "note about the link"}))(t)
	ok(a.Log(bg, LogInput{Kind: ally.ChanCall, With: pids(t, a, "No Mail"), At: exportNow.Add(-2 * time.Hour), Subject: "'@x"}))(t)
	nomail, ana, jo := pid(t, a, "No Mail"), pid(t, a, "Ana"), pid(t, a, "jo@acme.org")
	err := db.Update(bg, store.In(a.WS.ID), func(tx *store.Tx) error {
		// Ana called Jo (Me not there), imported from a CSV log with id 42.
		if err := tx.CreateInteraction(bg, &ally.Interaction{Kind: ally.ChanCall, At: exportNow.AddDate(0, 0, -4), Subject: "sync",
			Source: ally.SourceCSV, ExternalID: "csv:42",
			Participants: []ally.Participant{{PersonID: ana, Role: ally.RoleInitiator}, {PersonID: jo, Role: ally.RoleTo}}}); err != nil {
			return err
		}
		for _, id := range []store.PersonIdentity{
			{PersonID: nomail, Kind: "phone", Value: "+442079460000", Source: "vcard"},
			{PersonID: jo, Kind: "vcard", Value: "6f1c0a52-6b0c-4c5e-9d0a-0c7a2c4f8e11", Source: "vcard"},
			{PersonID: ana, Kind: "vcard", Value: "ana-card-1", Source: "vcard"},
		} {
			if err := tx.AddIdentity(bg, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// exportTable runs ExportTable and checks its row count against the file.
func exportTable(t *testing.T, a *App, table string) ([]byte, [][]string) {
	t.Helper()
	var buf bytes.Buffer
	n := ok(a.ExportTable(bg, table, &buf))(t)
	recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatalf("%s: not CSV: %v\n%s", table, err, buf.Bytes())
	}
	if len(recs)-1 != n {
		t.Fatalf("%s: %d rows in the file, ExportTable says %d", table, len(recs)-1, n)
	}
	return buf.Bytes(), recs
}

// rowsBy returns the table's rows as maps keyed by column, by the value
// of column key, the cells as the file has them (neutralised).
func rowsBy(recs [][]string, key string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out[m[key]] = m
	}
	return out
}

func TestExportTableHeaders(t *testing.T) {
	a := tableWorkspace(t)
	for _, tc := range []struct {
		table string
		want  []string
		rows  int
	}{
		{TablePeople, peopleHeader, 7},
		{TableInteractions, interactionsHeader, 6},
		{TableLedger, ledgerHeader, 2},
		{TableCommitments, commitmentsHeader, 2},
	} {
		t.Run(tc.table, func(t *testing.T) {
			_, recs := exportTable(t, a, tc.table)
			if !slices.Equal(recs[0], tc.want) {
				t.Errorf("header = %q, want %q", recs[0], tc.want)
			}
			if len(recs)-1 != tc.rows {
				t.Errorf("%d rows, want %d", len(recs)-1, tc.rows)
			}
		})
	}
	_, err := a.ExportTable(bg, "notes", &bytes.Buffer{})
	wantErr(t, err, ally.EUSAGE, `no table "notes"`, "people, interactions, ledger, commitments")
}

func TestExportTablePeople(t *testing.T) {
	a := tableWorkspace(t)
	_, recs := exportTable(t, a, TablePeople)
	rows := rowsBy(recs, "name")
	me, bea, ana := rows["Mia Me"], rows["Bea Boss"], rows["Ana Lima"]
	for _, tc := range []struct {
		row         map[string]string
		col, want   string
		description string
	}{
		{me, "me", "true", "Me is marked"},
		{ana, "me", "false", "others are not"},
		{me, "manager_email", "bea@acme.org", "manager's first address"},
		{me, "manager_name", "Bea Boss", "manager's name"},
		{me, "manager_id", bea["id"], "manager's id is their row's id"},
		{ana, "email", "ana@acme.org;ana.lima@acme.org", "addresses ;-separated"},
		{ana, "department", "R&D", "department"},
		{ana, "tags", "currency:recognition;skill:go", "tags kind:value"},
		{bea, "level", "2", "level"},
		{bea, "title", "VP", "title"},
		{ana, "level", "", "unknown level is empty"},
		{rows["Bo Partner"], "organisation", "Partner Inc", "organisation"},
		{rows["Bo Partner"], "direction_override", "across", "direction override"},
		{rows["No Mail"], "phone", "'+442079460000", "phone from the identities table, neutralised"},
	} {
		if tc.row == nil {
			t.Fatalf("%s: row missing in %q", tc.description, recs)
		}
		if got := tc.row[tc.col]; got != tc.want {
			t.Errorf("%s: %s = %q, want %q", tc.description, tc.col, got, tc.want)
		}
	}

	// The people table is an org chart `ally import org` reads as it is:
	// the same people, managers resolved by the id column.
	raw, _ := exportTable(t, a, TablePeople)
	got, err := csvin.ReadOrg(bytes.NewReader(raw), "people.csv", csvin.OrgOptions{})
	if err != nil {
		t.Fatalf("ReadOrg of the export: %v", err)
	}
	d := ok(a.Export(bg))(t)
	if len(got) != len(d.People) {
		t.Fatalf("ReadOrg gives %d people, the workspace has %d", len(got), len(d.People))
	}
	for i, p := range d.People {
		g := got[i]
		want := importer.Person{ExternalID: "org:" + idCell(p.ID), Name: p.Name, Emails: p.Emails, Title: p.Title,
			Department: p.Department, Team: p.Team, Location: p.Location, Organisation: p.Organisation, ManagerID: idCell(p.ManagerID)}
		if p.ManagerID != 0 {
			for _, m := range d.People {
				if m.ID == p.ManagerID && len(m.Emails) > 0 {
					want.ManagerEmail = m.Emails[0]
				}
			}
		}
		g.Pos, g.Phones = importer.Pos{}, nil
		if len(g.Emails) == 0 {
			g.Emails = nil
		}
		if !sameImported(g, want) {
			t.Errorf("row %d reads back as\n%+v, want\n%+v", i+1, g, want)
		}
	}
}

func sameImported(a, b importer.Person) bool {
	return a.ExternalID == b.ExternalID && a.Name == b.Name && slices.Equal(a.Emails, b.Emails) && a.Title == b.Title &&
		a.Department == b.Department && a.Team == b.Team && a.Location == b.Location && a.Organisation == b.Organisation &&
		a.ManagerID == b.ManagerID && a.ManagerEmail == b.ManagerEmail && a.Notes == b.Notes
}

// TestExportTableInteractionsRoundTrip: csvin.ReadInteractions reads the
// interactions table back as the workspace's interactions: the same time,
// kind and subject (formulas included), the same people in the same roles
// (by address, else by the id the people table gives them), and ids that
// are the CSV log's own for a row imported from one.
func TestExportTableInteractionsRoundTrip(t *testing.T) {
	a := tableWorkspace(t)
	raw, recs := exportTable(t, a, TableInteractions)
	d := ok(a.Export(bg))(t)
	byEmail, byID := map[string]int64{}, map[string]int64{}
	for _, p := range d.People {
		byID[idCell(p.ID)] = p.ID
		for _, e := range p.Emails {
			byEmail[e] = p.ID
		}
	}
	var got []importer.Interaction
	err := csvin.ReadInteractions(bytes.NewReader(raw), "interactions.csv", csvin.LogOptions{}, func(in importer.Interaction) error {
		got = append(got, in)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(d.Interactions)
	sort.SliceStable(want, func(i, j int) bool { return want[i].At.Before(want[j].At) })
	if len(got) != len(want) {
		t.Fatalf("read %d interactions, the workspace has %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if !g.At.Equal(w.At) || g.Kind != w.Kind || g.Subject != w.Subject {
			t.Errorf("row %d = %v %s %q, want %v %s %q", i+1, g.At, g.Kind, g.Subject, w.At, w.Kind, w.Subject)
		}
		var parts []ally.Participant
		for _, p := range g.Parties {
			id := byEmail[p.Email]
			if p.Email == "" {
				id = byID[p.ID]
			}
			if id == 0 {
				t.Errorf("row %d: party %+v is nobody in the workspace", i+1, p)
			}
			if p.Email != "" && p.Name != "" && p.Name != nameOf(d, id) {
				t.Errorf("row %d: party %+v has the wrong name", i+1, p)
			}
			parts = append(parts, ally.Participant{PersonID: id, Role: p.Role})
		}
		wp := slices.Clone(w.Participants)
		for _, ps := range [][]ally.Participant{parts, wp} {
			sort.Slice(ps, func(i, j int) bool { return ps[i].PersonID < ps[j].PersonID })
		}
		if !slices.Equal(parts, wp) {
			t.Errorf("row %d: participants %v, want %v", i+1, parts, wp)
		}
		wantID := "csv:ally:" + idCell(w.ID)
		if w.ExternalID == "csv:42" {
			wantID = "csv:42"
		}
		if g.ExternalID != wantID {
			t.Errorf("row %d: external id %q, want %q", i+1, g.ExternalID, wantID)
		}
	}

	// The cells as the file has them: the formula neutralised, the
	// awkward name written as its address alone.
	rows := rowsBy(recs, "subject")
	link := rows[`'=HYPERLINK("http://evil.example","click")`]
	if link == nil {
		t.Fatalf("no HYPERLINK row in %q", recs)
	}
	if link["from"] != "Mia Me <mia@acme.org>" || link["to"] != "'+cmd <cmd@evil.example>;jo@acme.org" || link["cc"] != idCell(pid(t, a, "No Mail")) {
		t.Errorf("from/to/cc = %q / %q / %q", link["from"], link["to"], link["cc"])
	}
	if rows["sync"]["id"] != "42" || rows["sync"]["source"] != "csv" || rows["kick-off"]["medium"] != "video" {
		t.Errorf("id, source, medium: %v %v", rows["sync"], rows["kick-off"])
	}
}

func nameOf(d *Dump, id int64) string {
	for _, p := range d.People {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
}

func TestExportTableLedgerAndCommitments(t *testing.T) {
	a := tableWorkspace(t)
	ana, bo := idCell(pid(t, a, "Ana")), idCell(pid(t, a, "Bo Partner"))
	_, recs := exportTable(t, a, TableLedger)
	ledger := rowsBy(recs, "what")
	_, recs = exportTable(t, a, TableCommitments)
	commits := rowsBy(recs, "what")
	for _, tc := range []struct {
		row       map[string]string
		col, want string
	}{
		{ledger["code review"], "to_id", ana},
		{ledger["code review"], "to_name", "Ana Lima"},
		{ledger["code review"], "from_name", "Mia Me"},
		{ledger["code review"], "me", "gave"},
		{ledger["code review"], "size", "medium"},
		{ledger["code review"], "weight", "2"},
		{ledger["code review"], "currency", "recognition"},
		{ledger["code review"], "currency_family", "position"},
		{ledger["code review"], "example", "false"},
		{ledger["intro to their CTO"], "from_id", bo},
		{ledger["intro to their CTO"], "me", "received"},
		{ledger["intro to their CTO"], "weight", "4"},
		{ledger["intro to their CTO"], "at", "2024-02-29T12:00:00Z"},
		{commits["send the deck"], "kind", "promise"},
		{commits["send the deck"], "to_name", "Ana Lima"},
		{commits["send the deck"], "status", "kept"},
		{commits["send the deck"], "on_time", "true"},
		{commits["send the deck"], "due", "2024-03-06"},
		{commits["send the deck"], "closed", "2024-03-01T12:00:00Z"},
		{commits["pilot data"], "kind", "expect"},
		{commits["pilot data"], "from_name", "Bo Partner"},
		{commits["pilot data"], "state", "open"},
		{commits["pilot data"], "on_time", ""},
		{commits["pilot data"], "closed", ""},
	} {
		if tc.row == nil {
			t.Fatalf("row missing for %s", tc.col)
		}
		if got := tc.row[tc.col]; got != tc.want {
			t.Errorf("%s of %q = %q, want %q", tc.col, tc.row["what"], got, tc.want)
		}
	}
	// State is as of the app's clock: late once the due day is over.
	a.Now = exportNow.AddDate(0, 0, 11)
	_, recs = exportTable(t, a, TableCommitments)
	if got := rowsBy(recs, "what")["pilot data"]["state"]; got != "late" {
		t.Errorf("state after the due day = %q, want late", got)
	}
}

// TestExportTablesInjection: every cell a spreadsheet would run is
// neutralised in the file, and csvin's readers give it back exactly.
func TestExportTablesInjection(t *testing.T) {
	a := tableWorkspace(t)
	raw, _ := exportTable(t, a, TablePeople)
	for _, cell := range []string{`'+cmd`, `''=quoted`, `'-ops`} {
		if !bytes.Contains(raw, []byte(","+cell+",")) {
			t.Errorf("people: cell %s not in the file:\n%s", cell, raw)
		}
	}
	people, err := csvin.ReadOrg(bytes.NewReader(raw), "people.csv", csvin.OrgOptions{})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(people, func(p importer.Person) bool { return p.Name == "+cmd" })
	if i < 0 || people[i].Title != "'=quoted" || people[i].Team != "-ops" {
		t.Errorf("people read back: %+v", people)
	}

	raw, _ = exportTable(t, a, TableInteractions)
	if !bytes.Contains(raw, []byte(`,''@x,`)) {
		t.Errorf("interactions: the subject '@x is not written ''@x:\n%s", raw)
	}
	var subjects []string
	err = csvin.ReadInteractions(bytes.NewReader(raw), "i.csv", csvin.LogOptions{}, func(in importer.Interaction) error {
		subjects = append(subjects, in.Subject)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`=HYPERLINK("http://evil.example","click")`, "'@x"} {
		if !slices.Contains(subjects, s) {
			t.Errorf("subject %q does not read back; got %q", s, subjects)
		}
	}
}

// TestExportsLeaveOutNotes: the private notes (a person's, an
// interaction's, a relationship's) are in the JSON backup and in no
// open-format export.
func TestExportsLeaveOutNotes(t *testing.T) {
	a := tableWorkspace(t)
	notes := []string{"prefers mornings", "secret about jo", "note about the link", "budget", "solid"}
	js := exportJSON(t, a.DB, "team")
	for _, n := range notes {
		if !bytes.Contains(js, []byte(n)) {
			t.Errorf("the JSON backup lacks the note %q", n)
		}
	}
	outs := map[string][]byte{}
	for _, table := range ExportTableNames {
		raw, _ := exportTable(t, a, table)
		outs[table] = raw
	}
	var vc bytes.Buffer
	ok(a.ExportVCard(bg, &vc))(t)
	outs["vcard"] = vc.Bytes()
	for name, raw := range outs {
		for _, n := range notes {
			if bytes.Contains(raw, []byte(n)) {
				t.Errorf("%s holds the private note %q", name, n)
			}
		}
		if bytes.Contains(bytes.ToLower(raw), []byte("note")) {
			t.Errorf("%s has a note field:\n%s", name, raw)
		}
	}
}

// TestExportVCard: every person but Me, read back by importer/vcard as
// the same people, with the stored UIDs and phones, and a stable derived
// UID for the others.
func TestExportVCard(t *testing.T) {
	a := tableWorkspace(t)
	var buf bytes.Buffer
	n := ok(a.ExportVCard(bg, &buf))(t)
	var got []importer.Person
	if err := vcard.Read(bytes.NewReader(buf.Bytes()), "x.vcf", vcard.Options{Notes: true}, func(p importer.Person) error {
		got = append(got, p)
		return nil
	}); err != nil {
		t.Fatalf("%v\n%s", err, buf.Bytes())
	}
	d := ok(a.Export(bg))(t)
	if n != len(d.People)-1 || len(got) != n {
		t.Fatalf("%d cards (ExportVCard says %d) for %d people and Me", len(got), n, len(d.People)-1)
	}
	byName := map[string]importer.Person{}
	for _, p := range got {
		byName[p.Name] = p
	}
	if _, ok := byName["Mia Me"]; ok {
		t.Error("Me is in the address book")
	}
	for _, p := range d.People[1:] {
		g := byName[p.Name]
		if !slices.Equal(g.Emails, p.Emails) || g.Title != p.Title || g.Department != p.Department || g.Team != p.Team ||
			g.Organisation != p.Organisation || g.Location != p.Location || g.Notes != "" {
			t.Errorf("%s reads back as %+v", p.Name, g)
		}
	}
	for _, tc := range []struct{ name, uid string }{
		{"Lima, Jo", "vcard:urn:uuid:6f1c0a52-6b0c-4c5e-9d0a-0c7a2c4f8e11"},
		{"Ana Lima", "vcard:ana-card-1"},
		{"Bea Boss", "vcard:" + PersonUID(a.WS, pid(t, a, "Bea"))},
	} {
		if got := byName[tc.name].ExternalID; got != tc.uid {
			t.Errorf("%s: id %q, want %q", tc.name, got, tc.uid)
		}
	}
	if ph := byName["No Mail"].Phones; !slices.Equal(ph, []string{"+442079460000"}) {
		t.Errorf("phones = %q", ph)
	}
	// Exporting again gives the same bytes.
	var again bytes.Buffer
	ok(a.ExportVCard(bg, &again))(t)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("a second export differs")
	}
}

func TestPersonUID(t *testing.T) {
	created := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	ws := &ally.Workspace{ID: 1, Name: "team", Created: created}
	u := PersonUID(ws, 7)
	for _, tc := range []struct {
		name string
		ws   *ally.Workspace
		id   int64
		same bool
	}{
		{"same workspace and person, another database id", &ally.Workspace{ID: 9, Name: "team", Created: created}, 7, true},
		{"another person", ws, 8, false},
		{"another workspace name", &ally.Workspace{Name: "team2", Created: created}, 7, false},
		{"another creation time", &ally.Workspace{Name: "team", Created: created.Add(time.Second)}, 7, false},
	} {
		if got := PersonUID(tc.ws, tc.id); (got == u) != tc.same {
			t.Errorf("%s: %s vs %s", tc.name, got, u)
		}
	}
	// A version-5, RFC 9562 variant UUID URN.
	if len(u) != len("urn:uuid:")+36 || !strings.HasPrefix(u, "urn:uuid:") || u[9+14] != '5' || !strings.ContainsRune("89ab", rune(u[9+19])) {
		t.Errorf("PersonUID = %s", u)
	}
	if !identity.IsUUID(u[9:]) {
		t.Errorf("%s is not a UUID", u)
	}
}
