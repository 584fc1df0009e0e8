package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/store"
)

// exportNow is the clock of the export tests: whole seconds, as stored.
var exportNow = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

var bg = context.Background()

// mustDB opens a new database file in a temporary directory with the clock
// at exportNow.
func mustDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(bg, filepath.Join(tb.TempDir(), "ally.db"), true)
	if err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return exportNow }
	tb.Cleanup(func() { db.Close() })
	return db
}

func ptr[T any](v T) *T { return &v }

// ok returns a function that fails the test on err and returns v:
// ok(f())(t).
func ok[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

// wantErr fails unless err is an *ally.Error with the code and messages.
func wantErr(tb testing.TB, err error, code string, msgs ...string) {
	tb.Helper()
	var e *ally.Error
	if !errors.As(err, &e) {
		tb.Fatalf("want a %s *ally.Error, got %T: %v", code, err, err)
	}
	if e.Code != code {
		tb.Fatalf("code %q, want %q: %v", e.Code, code, err)
	}
	for _, m := range msgs {
		if !strings.Contains(e.Message, m) {
			tb.Fatalf("error %q does not contain %q", e.Message, m)
		}
	}
}

// buildWorkspace fills a workspace named "team" through the use cases:
// people with a manager chain, interactions, ledger entries, commitments
// (one kept), a relationship, a committee initiative and a stake whose
// stance changed, plus a repair plan, a snapshot and a setting.
func buildWorkspace(t testing.TB, db *store.DB) *App {
	t.Helper()
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me", Emails: []string{"mia@acme.org"}}))(t)
	a := ok(Open(bg, db, "team", exportNow))(t)
	ok(a.AddPerson(bg, PersonInput{Name: ptr("Bea Boss"), Emails: &[]string{"Bea@Acme.org"}, Title: ptr("VP"), Level: ptr(2)}))(t)
	ok(a.EditPerson(bg, a.WS.MeID, PersonInput{Manager: ptr(pid(t, a, "bea"))}))(t)
	ok(a.AddPerson(bg, PersonInput{Name: ptr("Ana Lima"), Emails: &[]string{"ana@acme.org", "ana.lima@acme.org"},
		Department: ptr("R&D"), Manager: ptr(a.WS.MeID), Notes: ptr("prefers mornings")}))(t)
	ok(a.AddPerson(bg, PersonInput{Name: ptr("Bo Partner"), Organisation: ptr("Partner Inc"), Direction: ptr("across")}))(t)
	ok(a.Tag(bg, pid(t, a, "Ana"), []ally.Tag{{Kind: ally.TagSkill, Value: "Go"}, {Kind: ally.TagCurrency, Value: "recognition"}}))(t)

	ok(a.Log(bg, LogInput{Kind: ally.ChanMeeting, With: pids(t, a, "Ana", "Bo Partner"), At: exportNow.AddDate(0, 0, -3), Subject: "kick-off", Medium: "video"}))(t)
	ok(a.Log(bg, LogInput{Kind: ally.ChanEmail, With: pids(t, a, "bea@acme.org"), CC: pids(t, a, "ana"), At: exportNow.AddDate(0, 0, -2), Note: "budget"}))(t)
	ok(a.Log(bg, LogInput{Kind: ally.ChanOneOnOne, With: pids(t, a, "ana")}))(t)

	_, _, err := a.Give(bg, ExchangeInput{Person: pid(t, a, "Ana"), Way: FromMe, What: "code review", Kind: ally.GaveKnowledge, Size: ally.SizeMedium, Currency: "recognition"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Give(bg, ExchangeInput{Person: pid(t, a, "Bo Partner"), Way: ToMe, What: "intro to their CTO", Kind: ally.GaveIntroduction, Size: ally.SizeLarge, At: exportNow.AddDate(0, 0, -1)}); err != nil {
		t.Fatal(err)
	}
	c, _, err := a.Promise(bg, PromiseInput{Person: pid(t, a, "Ana"), Way: FromMe, What: "send the deck", Due: exportNow.AddDate(0, 0, 5)})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Promise(bg, PromiseInput{Person: pid(t, a, "bo partner"), Way: ToMe, What: "pilot data", Due: exportNow.AddDate(0, 0, 10)}); err != nil {
		t.Fatal(err)
	}
	ok(a.CloseCommitment(bg, c.ID, ally.CommitKept))(t)
	_, _, err = a.SetRelationship(bg, pid(t, a, "Ana"), RelInput{Tier: ptr(ally.TierKeyAlly), Status: ptr(ally.StatusAlly),
		Roles: &[]ally.RelRole{ally.RoleMentee}, Trust: ptr(4), Note: ptr("solid")})
	if err != nil {
		t.Fatal(err)
	}
	voter := func(ref string) int64 { return ok(a.Resolve(bg, ref))(t).ID }
	g := ok(a.NewGoal(bg, GoalInput{Name: ptr("Platform"), Purpose: ptr("one platform"), Rule: &ally.Rule{Kind: ally.RuleCommittee,
		Quota: 3, Weights: map[int64]float64{voter("Bea"): 2, voter("Ana"): 1, a.WS.MeID: 1}}, Target: ptr(exportNow.AddDate(0, 6, 0))}))(t)
	ok(a.SetStake(bg, StakeInput{Goal: g.ID, Person: pid(t, a, "Ana"), Stance: ptr(ally.StanceSkeptic), Power: ptr(3), Interest: ptr(4), Ask: ptr("sponsor")}))(t)
	a.Now = exportNow.Add(24 * time.Hour) // the stance changes a day later
	ok(a.SetStake(bg, StakeInput{Goal: g.ID, Person: pid(t, a, "Ana"), Stance: ptr(ally.StanceSupporter)}))(t)
	ok(a.SetStake(bg, StakeInput{Goal: g.ID, Person: pid(t, a, "Bea"), Stance: ptr(ally.StanceChampion), Power: ptr(5)}))(t)

	ana := ok(a.Resolve(bg, "Ana"))(t)
	err = db.Update(bg, store.In(a.WS.ID), func(tx *store.Tx) error {
		if err := tx.CreateRepairPlan(bg, &ally.RepairPlan{PersonID: ana.ID, Cause: "missed review",
			Steps: []ally.RepairStep{{Due: exportNow.AddDate(0, 0, 2), What: "coffee"}}}); err != nil {
			return err
		}
		if err := tx.CreateSnapshot(bg, &ally.Snapshot{At: exportNow, Metrics: map[string]float64{"allies": 1, "reach": 0.5},
			Initiatives: []ally.InitiativeSupport{{InitiativeID: g.ID, Outcome: ally.OutcomeOpen, Support: 0.5, Supporters: 1}}}); err != nil {
			return err
		}
		return tx.SetSetting(bg, "tie.cadence.key-ally", "14d")
	})
	if err != nil {
		t.Fatal(err)
	}
	a.Now = exportNow
	return a
}

// exportJSON exports workspace name of db as JSON.
func exportJSON(t testing.TB, db *store.DB, name string) []byte {
	t.Helper()
	a := ok(Open(bg, db, name, exportNow))(t)
	d := ok(a.Export(bg))(t)
	var buf bytes.Buffer
	if err := d.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func workspaceCount(t *testing.T, db *store.DB) int {
	t.Helper()
	return len(ok(db.FindWorkspaces(bg))(t))
}

func TestExportImportRoundTrip(t *testing.T) {
	src := mustDB(t)
	buildWorkspace(t, src)
	first := exportJSON(t, src, "team")

	// The export holds what was built.
	d := ok(ReadDump("team.json", first))(t)
	if len(d.People) != 4 || len(d.Interactions) != 3 || len(d.Exchanges) != 2 || len(d.Commitments) != 2 ||
		len(d.Relationships) != 1 || len(d.Initiatives) != 1 || len(d.Stakes) != 2 || len(d.RepairPlans) != 1 || len(d.Snapshots) != 1 {
		t.Fatalf("dump is missing rows: %s", first)
	}
	if d.Workspace.MeID == 0 || d.People[0].ID != d.Workspace.MeID || d.People[0].ManagerID != d.People[1].ID {
		t.Errorf("me and the manager chain: %+v", d.People[:2])
	}
	// Stakes come by initiative and person: Bea (2) before Ana (3).
	if d.Stakes[1].PersonID != d.People[2].ID || d.Stakes[0].PersonID != d.People[1].ID {
		t.Errorf("stakes = %+v", d.Stakes)
	}
	if h := d.Stakes[1].History; len(h) != 2 || h[0].To != ally.StanceSkeptic || h[1].From != ally.StanceSkeptic || h[1].To != ally.StanceSupporter {
		t.Errorf("stance history = %+v", h)
	}
	if r := d.Initiatives[0].Rule; r.Kind != ally.RuleCommittee || r.Quota != 3 || len(r.Weights) != 3 {
		t.Errorf("rule = %+v", r)
	}
	if d.Commitments[0].Status != ally.CommitKept || d.Commitments[0].Closed.IsZero() {
		t.Errorf("kept commitment = %+v", d.Commitments[0])
	}

	// Into an empty database: the same bytes.
	dst := mustDB(t)
	w := ok(Import(bg, dst, d, ImportOptions{}))(t)
	if w.Name != "team" || w.MeID != d.Workspace.MeID {
		t.Errorf("imported workspace = %+v", w)
	}
	if cur, _ := dst.Meta(bg, MetaCurrent); cur != "team" {
		t.Errorf("current workspace after import = %q", cur)
	}
	second := exportJSON(t, dst, "team")
	if !bytes.Equal(first, second) {
		t.Errorf("export → import → export changed the dump:\n%s", lineDiff(first, second))
	}
}

func TestImportIntoNonEmptyDatabaseRemapsIDs(t *testing.T) {
	src := mustDB(t)
	buildWorkspace(t, src)
	first := exportJSON(t, src, "team")
	d := ok(ReadDump("team.json", first))(t)

	// A database that already has a workspace with people, interactions
	// and an initiative, so that every id of the file is taken.
	dst := mustDB(t)
	ok(Init(bg, dst, "other", &ally.Person{Name: "Olga Other"}))(t)
	o := ok(Open(bg, dst, "other", exportNow))(t)
	for _, n := range []string{"X One", "X Two", "X Three", "X Four", "X Five"} {
		ok(o.AddPerson(bg, PersonInput{Name: ptr(n)}))(t)
	}
	for i := 0; i < 4; i++ {
		ok(o.Log(bg, LogInput{Kind: ally.ChanCall, With: pids(t, o, "X One")}))(t)
	}
	ok(o.NewGoal(bg, GoalInput{Name: ptr("Platform")}))(t)
	if _, _, err := o.Give(bg, ExchangeInput{Person: pid(t, o, "X Two"), Way: FromMe, What: "x"}); err != nil {
		t.Fatal(err)
	}

	w := ok(Import(bg, dst, d, ImportOptions{}))(t)
	if w.MeID == d.Workspace.MeID {
		t.Fatalf("me keeps id %d in a non-empty database; want a new id", w.MeID)
	}
	if cur, _ := dst.Meta(bg, MetaCurrent); cur != "other" {
		t.Errorf("import changed the current workspace to %q", cur)
	}
	got := ok(ReadDump("again.json", exportJSON(t, dst, "team")))(t)
	if got.People[0].ID == d.People[0].ID || got.Interactions[0].ID == d.Interactions[0].ID || got.Initiatives[0].ID == d.Initiatives[0].ID {
		t.Fatalf("ids were not remapped: people %d, interactions %d, initiatives %d", got.People[0].ID, got.Interactions[0].ID, got.Initiatives[0].ID)
	}
	// Same content once ids are replaced by positions.
	a, b := normalise(t, d), normalise(t, got)
	if !bytes.Equal(a, b) {
		t.Errorf("content changed by a remapping import:\n%s", lineDiff(a, b))
	}
	// The other workspace is untouched.
	if n := ok(o.ListPeople(bg, ListFilter{IncludeMe: true}))(t).Total; n != 6 {
		t.Errorf("other workspace has %d people, want 6", n)
	}
}

// normalise replaces every id of a dump by its position in its list (1 for
// the first), remaps the references, and returns the JSON.
func normalise(t testing.TB, d *Dump) []byte {
	t.Helper()
	var c Dump
	if err := json.Unmarshal(ok(json.Marshal(d))(t), &c); err != nil {
		t.Fatal(err)
	}
	pid, gid := map[int64]int64{}, map[int64]int64{}
	for i, p := range c.People {
		pid[p.ID] = int64(i + 1)
	}
	for i, g := range c.Initiatives {
		gid[g.ID] = int64(i + 1)
	}
	c.Workspace.MeID = pid[c.Workspace.MeID]
	for i, p := range c.People {
		p.ID, p.ManagerID = int64(i+1), pid[p.ManagerID]
	}
	for _, r := range c.Relationships {
		r.PersonID = pid[r.PersonID]
	}
	for i, in := range c.Interactions {
		in.ID = int64(i + 1)
		for j := range in.Participants {
			in.Participants[j].PersonID = pid[in.Participants[j].PersonID]
		}
	}
	for i, e := range c.Exchanges {
		e.ID, e.FromID, e.ToID = int64(i+1), pid[e.FromID], pid[e.ToID]
	}
	for i, x := range c.Commitments {
		x.ID, x.FromID, x.ToID = int64(i+1), pid[x.FromID], pid[x.ToID]
	}
	for i, g := range c.Initiatives {
		g.ID = int64(i + 1)
		ws := map[int64]float64{}
		for p, w := range g.Rule.Weights {
			ws[pid[p]] = w
		}
		if g.Rule.Weights != nil {
			g.Rule.Weights = ws
		}
		for j := range g.Rule.Vetoes {
			g.Rule.Vetoes[j] = pid[g.Rule.Vetoes[j]]
		}
	}
	for _, s := range c.Stakes {
		s.InitiativeID, s.PersonID = gid[s.InitiativeID], pid[s.PersonID]
	}
	sort.Slice(c.Stakes, func(i, j int) bool {
		if c.Stakes[i].InitiativeID != c.Stakes[j].InitiativeID {
			return c.Stakes[i].InitiativeID < c.Stakes[j].InitiativeID
		}
		return c.Stakes[i].PersonID < c.Stakes[j].PersonID
	})
	for i, r := range c.RepairPlans {
		r.ID, r.PersonID = int64(i+1), pid[r.PersonID]
	}
	for i, s := range c.Snapshots {
		s.ID = int64(i + 1)
		for j := range s.Initiatives {
			s.Initiatives[j].InitiativeID = gid[s.Initiatives[j].InitiativeID]
		}
	}
	var buf bytes.Buffer
	if err := c.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// lineDiff shows the first differing line of two texts.
func lineDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + itoa(i+1) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "lengths differ: " + itoa(len(al)) + " and " + itoa(len(bl)) + " lines"
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestReadDumpErrors(t *testing.T) {
	tests := []struct {
		name, data string
		msgs       []string
	}{
		{"syntax error names the line", "{\n  \"format\": \"ally-workspace\",\n  \"version\": 1,,\n  \"people\": []\n}",
			[]string{"team.json:3:", "invalid character"}},
		{"truncated", "{\n  \"format\": \"ally-workspace\",\n  \"people\": [\n", []string{"team.json"}},
		{"type error names the line and field", "{\n  \"format\": \"ally-workspace\",\n  \"version\": 1,\n  \"people\": [\n    {\"id\": \"seven\"}\n  ]\n}",
			[]string{"team.json:5:", "field people.id"}},
		{"wrong format", `{"format": "trello-board", "version": 1}`, []string{`format "trello-board" is not an ally workspace export`}},
		{"missing format", `{"version": 1}`, []string{`format ""`}},
		{"wrong version", `{"format": "ally-workspace", "version": 2}`, []string{"export version 2 is not supported", "version 1"}},
		{"not an object", `[1, 2, 3]`, []string{"team.json"}},
		{"empty", ``, []string{"team.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ReadDump("team.json", []byte(tt.data))
			if d != nil {
				t.Errorf("ReadDump returned a dump with the error")
			}
			wantErr(t, err, ally.EINVALID, tt.msgs...)
		})
	}
}

// A time that is not RFC 3339 is named by its row and field, with the
// format wanted, wherever it is in the file; Go's parser message alone
// named neither.
func TestReadDumpTimeErrors(t *testing.T) {
	tests := []struct {
		name, old, new string
		msgs           []string
	}{
		{"a person's created", `"created": "2024-01-01T00:00:00Z", "updated": "2024-01-01T00:00:00Z"}
  ]`, `"created": "yesterday", "updated": "2024-01-01T00:00:00Z"}
  ]`, []string{`small.json: people[1].created: "yesterday" is not a time`, "RFC 3339", "2024-03-01T12:00:00Z"}},
		{"the workspace's created", `"me_id": 1, "created": "2024-01-01T00:00:00Z"`, `"me_id": 1, "created": "2024-01-01"`,
			[]string{`workspace.created: "2024-01-01" is not a time`}},
		{"a stance change", `"history": [{"at": "2024-01-04T00:00:00Z"`, `"history": [{"at": "4 Jan 2024"`,
			[]string{`stakes[0].history[0].at: "4 Jan 2024" is not a time`}},
		{"a number", `"due": "2024-01-10T00:00:00Z"`, `"due": 20240110`, []string{`commitments[0].due: 20240110 is not a time`}},
		{"a repair step", `"opened": "2024-01-05T00:00:00Z"`, `"opened": "2024-01-05T00:00:00Z", "steps": [{"what": "call", "due": "soon"}]`,
			[]string{`repair_plans[0].steps[0].due: "soon" is not a time`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(smallDump, tt.old) {
				t.Fatalf("smallDump has no %q", tt.old)
			}
			d, err := ReadDump("small.json", []byte(strings.Replace(smallDump, tt.old, tt.new, 1)))
			if d != nil {
				t.Errorf("ReadDump returned a dump with the error")
			}
			wantErr(t, err, ally.EINVALID, tt.msgs...)
		})
	}
}

// A file saved by an editor that starts it with a UTF-8 byte-order mark
// reads as the same dump.
func TestReadDumpByteOrderMark(t *testing.T) {
	d := ok(ReadDump("small.json", []byte("\ufeff"+smallDump)))(t)
	if len(d.People) != 2 || d.Workspace.Name != "small" {
		t.Errorf("dump read with a BOM = %+v", d)
	}
	// A syntax error after the mark still names the right line.
	_, err := ReadDump("small.json", []byte("\ufeff{\n  \"format\": 1,,\n}"))
	wantErr(t, err, ally.EINVALID, "small.json:2:")
}

// smallDump is a valid dump of two people with one interaction, written by
// hand, for tests that need no database to build it.
const smallDump = `{
  "format": "ally-workspace",
  "version": 1,
  "workspace": {"name": "small", "me_id": 1, "created": "2024-01-01T00:00:00Z"},
  "settings": {"tie.cadence.ally": "30d"},
  "people": [
    {"id": 1, "name": "Me", "created": "2024-01-01T00:00:00Z", "updated": "2024-01-01T00:00:00Z"},
    {"id": 2, "name": "Ana", "emails": ["ana@x.org"], "manager_id": 1, "created": "2024-01-01T00:00:00Z", "updated": "2024-01-01T00:00:00Z"}
  ],
  "relationships": [{"person_id": 2, "tier": "ally", "status": "engaged", "updated": "2024-01-02T00:00:00Z"}],
  "interactions": [{"id": 1, "kind": "call", "at": "2024-01-03T10:00:00Z", "participants": [{"person_id": 1, "role": "initiator"}, {"person_id": 2, "role": "to"}], "source": "manual"}],
  "exchanges": [{"id": 1, "at": "2024-01-03T00:00:00Z", "from_id": 1, "to_id": 2, "what": "help", "kind": "help", "size": "small"}],
  "commitments": [{"id": 1, "from_id": 2, "to_id": 1, "what": "deck", "due": "2024-01-10T00:00:00Z", "created": "2024-01-03T00:00:00Z", "status": "open"}],
  "initiatives": [{"id": 1, "name": "Platform", "rule": {"kind": "consensus", "vetoes": [2]}, "outcome": "open", "created": "2024-01-01T00:00:00Z"}],
  "stakes": [{"initiative_id": 1, "person_id": 2, "stance": "skeptic", "power": 4, "interest": 3, "history": [{"at": "2024-01-04T00:00:00Z", "to": "skeptic"}], "updated": "2024-01-04T00:00:00Z"}],
  "repair_plans": [{"id": 1, "person_id": 2, "cause": "x", "opened": "2024-01-05T00:00:00Z"}],
  "snapshots": [{"id": 1, "at": "2024-01-06T00:00:00Z", "metrics": {"allies": 1}, "initiatives": [{"initiative_id": 1, "outcome": "open", "support": 0, "supporters": 0}]}]
}`

func readSmall(t *testing.T) *Dump {
	t.Helper()
	return ok(ReadDump("small.json", []byte(smallDump)))(t)
}

func TestImportSmallDump(t *testing.T) {
	db := mustDB(t)
	ok(Import(bg, db, readSmall(t), ImportOptions{}))(t)
	out := ok(ReadDump("out.json", exportJSON(t, db, "small")))(t)
	if len(out.People) != 2 || out.People[1].ManagerID != 1 || len(out.Stakes) != 1 || out.Settings["tie.cadence.ally"] != "30d" {
		t.Errorf("imported small dump: %+v", out)
	}
}

func TestImportDanglingReferences(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(d *Dump)
		msg    string
	}{
		{"participant", func(d *Dump) { d.Interactions[0].Participants[1].PersonID = 99 }, "interactions[0].participants[1].person_id: person 99 is not in the file"},
		{"manager", func(d *Dump) { d.People[1].ManagerID = 42 }, "people[1].manager_id: person 42"},
		{"me", func(d *Dump) { d.Workspace.MeID = 7 }, "workspace.me_id: person 7"},
		{"relationship", func(d *Dump) { d.Relationships[0].PersonID = 5 }, "relationships[0].person_id: person 5"},
		{"exchange receiver", func(d *Dump) { d.Exchanges[0].ToID = 5 }, "exchanges[0].to_id: person 5"},
		{"commitment giver", func(d *Dump) { d.Commitments[0].FromID = 5 }, "commitments[0].from_id: person 5"},
		{"committee voter", func(d *Dump) {
			d.Initiatives[0].Rule = ally.Rule{Kind: ally.RuleCommittee, Quota: 1, Weights: map[int64]float64{2: 1, 6: 1}}
		}, "initiatives[0].rule.weights: person 6"},
		{"veto", func(d *Dump) { d.Initiatives[0].Rule.Vetoes = []int64{2, 8} }, "initiatives[0].rule.vetoes[1]: person 8"},
		{"stake initiative", func(d *Dump) { d.Stakes[0].InitiativeID = 3 }, "stakes[0].initiative_id: initiative 3 is not in the file"},
		{"stake person", func(d *Dump) { d.Stakes[0].PersonID = 3 }, "stakes[0].person_id: person 3"},
		{"repair plan", func(d *Dump) { d.RepairPlans[0].PersonID = 3 }, "repair_plans[0].person_id: person 3"},
		{"snapshot initiative", func(d *Dump) { d.Snapshots[0].Initiatives[0].InitiativeID = 4 }, "snapshots[0].initiatives[0].initiative_id: initiative 4"},
		{"repeated person id", func(d *Dump) { d.People[1].ID = 1 }, "people[1].id: 1 is repeated"},
		{"missing initiative id", func(d *Dump) { d.Initiatives[0].ID = 0 }, "initiatives[0].id is missing"},
		{"null row", func(d *Dump) { d.Exchanges = append(d.Exchanges, nil) }, "exchanges[1]: null"},
		// Passes the reference check, fails on the row itself.
		{"invalid row", func(d *Dump) { d.Exchanges[0].Size = "huge" }, `exchanges[0]: size "huge"`},
		{"invalid person", func(d *Dump) { d.People[1].Emails = []string{"nope"} }, `people[1]: email "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustDB(t)
			ok(Init(bg, db, "existing", &ally.Person{Name: "Someone"}))(t)
			d := readSmall(t)
			tt.break_(d)
			_, err := Import(bg, db, d, ImportOptions{})
			wantErr(t, err, ally.EINVALID, tt.msg)
			if n := workspaceCount(t, db); n != 1 {
				t.Errorf("%d workspaces after a refused import, want 1", n)
			}
			if _, err := db.FindWorkspaceByName(bg, "small"); ally.ErrorCode(err) != ally.ENOTFOUND {
				t.Errorf("the refused workspace exists: %v", err)
			}
		})
	}
}

// A file that imported before and then broke the workspace (a clock no
// command can read, a rule of "quota 3 of +Inf", a name with a NUL, no Me),
// or that failed with the driver's text and exit 1 (a repeated id): check
// refuses each before anything is written, as EINVALID (exit 4) naming the
// row and field.
func TestImportRefusesBadFiles(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(d *Dump)
		msgs   []string
	}{
		{"garbage clock", func(d *Dump) { d.Settings[SettingClock] = "xyz" },
			[]string{`small.json: settings.clock: "xyz" is not an RFC 3339 time`}},
		{"clock as a date", func(d *Dump) { d.Settings[SettingClock] = "2024-01-01" },
			[]string{`settings.clock: "2024-01-01" is not an RFC 3339 time`}},
		{"unknown setting", func(d *Dump) { d.Settings["colour"] = "blue" },
			[]string{`settings.colour: not a setting`, "clock", "tie.half_life", "tie.cadence.ally"}},
		{"half-life not a duration", func(d *Dump) { d.Settings[SettingHalfLife] = "soon" },
			[]string{`settings.tie.half_life: half-life "soon" needs a unit`}},
		{"half-life under the minimum", func(d *Dump) { d.Settings[SettingHalfLife] = "0.5h" },
			[]string{`settings.tie.half_life: half-life must be at least`}},
		{"negative cadence", func(d *Dump) { d.Settings["tie.cadence.ally"] = "-3d" },
			[]string{`settings.tie.cadence.ally: cadence of ally must be positive`}},
		{"weights that overflow", func(d *Dump) {
			d.Initiatives[0].Rule = ally.Rule{Kind: ally.RuleCommittee, Quota: 3, Weights: map[int64]float64{1: 1e308, 2: 1e308}}
		}, []string{"initiatives[0]: rule: weight of person ", " is 1e+308: weights are at most"}},
		{"NUL in a name", func(d *Dump) { d.People[1].Name = "Ana\x00Lima" }, []string{"people[1]: name"}},
		{"newline in a name", func(d *Dump) { d.People[1].Name = "Ana\nLima" }, []string{"people[1]: name"}},
		{"empty name", func(d *Dump) { d.People[1].Name = " " }, []string{"people[1]: name is required"}},
		{"no me", func(d *Dump) { d.Workspace.MeID = 0 }, []string{"workspace.me_id is missing", "Me"}},
		{"me in another organisation", func(d *Dump) { d.People[0].Organisation = "Elsewhere" },
			[]string{"people[0].organisation: Me defines the home organisation"}},
		{"repeated commitment id", func(d *Dump) { d.Commitments = append(d.Commitments, ptr(*d.Commitments[0])) },
			[]string{"commitments[1].id: 1 is repeated (commitments[0] has it)"}},
		{"repeated interaction id", func(d *Dump) {
			in := *d.Interactions[0]
			in.Participants = slices.Clone(in.Participants)
			d.Interactions = append(d.Interactions, &in)
		}, []string{"interactions[1].id: 1 is repeated"}},
		{"repeated exchange id", func(d *Dump) { d.Exchanges = append(d.Exchanges, ptr(*d.Exchanges[0])) },
			[]string{"exchanges[1].id: 1 is repeated"}},
		{"repeated repair plan id", func(d *Dump) { d.RepairPlans = append(d.RepairPlans, ptr(*d.RepairPlans[0])) },
			[]string{"repair_plans[1].id: 1 is repeated"}},
		{"repeated snapshot id", func(d *Dump) { d.Snapshots = append(d.Snapshots, ptr(*d.Snapshots[0])) },
			[]string{"snapshots[1].id: 1 is repeated"}},
		{"repeated stake", func(d *Dump) { d.Stakes = append(d.Stakes, ptr(*d.Stakes[0])) },
			[]string{"stakes[1]: person 2 already has a stake in initiative 1 (stakes[0])"}},
		{"repeated relationship", func(d *Dump) { d.Relationships = append(d.Relationships, ptr(*d.Relationships[0])) },
			[]string{"relationships[1].person_id: person 2 already has a relationship (relationships[0])"}},
		{"repeated initiative name", func(d *Dump) {
			g := *d.Initiatives[0]
			g.ID = 2
			d.Initiatives = append(d.Initiatives, &g)
		}, []string{`initiatives[1].name: "Platform" is repeated (initiatives[0] has it)`}},
		{"repeated email", func(d *Dump) { d.People[0].Emails = []string{"ANA@x.org"} },
			[]string{"people[1].emails: ana@x.org is repeated (people[0] has it)"}},
		{"repeated external id", func(d *Dump) {
			d.Interactions[0].Source, d.Interactions[0].ExternalID = ally.SourceEmail, "<m1@x>"
			in := *d.Interactions[0]
			in.ID = 2
			d.Interactions = append(d.Interactions, &in)
		}, []string{`interactions[1].external_id: email "<m1@x>" is repeated (interactions[0] has it)`}},
		{"manager loop", func(d *Dump) { d.People[0].ManagerID = 2 },
			[]string{"people[0].manager_id: the management chain loops back to person 1"}},
		{"invalid stance in the history", func(d *Dump) { d.Stakes[0].History[0].To = "fan" },
			[]string{`stakes[0].history[0].to: stance "fan" is not one of`}},
		{"invalid interaction", func(d *Dump) { d.Interactions[0].Kind = "telepathy" },
			[]string{`interactions[0]: kind "telepathy"`}},
		{"invalid stake", func(d *Dump) { d.Stakes[0].Power = 9 }, []string{"stakes[0]: power 9 is out of range"}},
		{"invalid commitment", func(d *Dump) { d.Commitments[0].ToID = d.Commitments[0].FromID },
			[]string{"commitments[0]: a commitment needs two different people"}},
		{"snapshot without a date", func(d *Dump) { d.Snapshots[0].At = time.Time{} }, []string{"snapshots[0].at is missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := readSmall(t)
			tt.break_(d)
			// Refused before anything is written: by check itself.
			wantErr(t, d.check(), ally.EINVALID, tt.msgs...)
			db := mustDB(t)
			ok(Init(bg, db, "existing", &ally.Person{Name: "Someone"}))(t)
			_, err := Import(bg, db, d, ImportOptions{})
			wantErr(t, err, ally.EINVALID, tt.msgs...)
			if got := ally.ErrorCode(err); got != ally.EINVALID {
				t.Errorf("error code %q, want %q (exit 4)", got, ally.EINVALID)
			}
			if n := workspaceCount(t, db); n != 1 {
				t.Errorf("%d workspaces after a refused import, want 1", n)
			}
		})
	}
}

// The settings an export writes are the ones the import accepts: the
// clock, each engine setting with a valid value (the demo's and `ally
// config`'s), "none" for a tier without cadence, and the derived ones an
// older export wrote (skipped and rebuilt).
func TestImportAcceptsEverySetting(t *testing.T) {
	d := readSmall(t)
	d.Settings = map[string]string{SettingClock: "2024-02-01T09:00:00Z", SettingHalfLife: "45d",
		"tie.cadence.key-ally": "2w", "tie.cadence.prospect": "none", settingFingerprint: "old", settingNormQ: "0.5"}
	db := mustDB(t)
	ok(Import(bg, db, d, ImportOptions{}))(t)
	a := ok(Open(bg, db, "small", time.Time{}))(t)
	if want := time.Date(2024, 2, 1, 9, 0, 0, 0, time.UTC); !a.Now.Equal(want) {
		t.Errorf("clock = %v, want %v", a.Now, want)
	}
	cfg := ok(a.Config(bg))(t)
	if cfg[SettingHalfLife] != "45d" || cfg["tie.cadence.key-ally"] != "14d" || cfg["tie.cadence.prospect"] != "none" {
		t.Errorf("config after import = %v", cfg)
	}
}

func TestImportTwiceAndReplace(t *testing.T) {
	db := mustDB(t)
	ok(Import(bg, db, readSmall(t), ImportOptions{}))(t)
	first := exportJSON(t, db, "small")

	_, err := Import(bg, db, readSmall(t), ImportOptions{})
	wantErr(t, err, ally.ECONFLICT, `workspace "small" already exists`)
	if h := ally.ErrorHint(err); h == nil || h.Action != ally.HintImportAs {
		t.Errorf("hint %+v, want import-as", h)
	}
	if n := workspaceCount(t, db); n != 1 {
		t.Fatalf("%d workspaces after a refused import, want 1", n)
	}

	// --as imports a copy beside it, with new ids.
	w := ok(Import(bg, db, readSmall(t), ImportOptions{As: "copy"}))(t)
	if w.Name != "copy" || w.MeID == 1 {
		t.Errorf("copy = %+v", w)
	}
	if n := workspaceCount(t, db); n != 2 {
		t.Fatalf("%d workspaces, want 2", n)
	}

	// --replace swaps the workspace's content for the file's.
	d := readSmall(t)
	d.People[1].Name = "Ana Replaced"
	d.Interactions = nil
	ok(Import(bg, db, d, ImportOptions{Replace: true}))(t)
	if n := workspaceCount(t, db); n != 2 {
		t.Fatalf("%d workspaces after replace, want 2", n)
	}
	got := ok(ReadDump("small.json", exportJSON(t, db, "small")))(t)
	if len(got.People) != 2 || got.People[1].Name != "Ana Replaced" || len(got.Interactions) != 0 {
		t.Errorf("replaced workspace: people %+v, %d interactions", got.People, len(got.Interactions))
	}
	// The copy is untouched.
	if c := ok(ReadDump("copy.json", exportJSON(t, db, "copy")))(t); len(c.Interactions) != 1 || c.People[1].Name != "Ana" {
		t.Errorf("copy changed by the replace: %+v", c.People)
	}

	// Replacing the only workspace of a database restores the ids exactly.
	db2 := mustDB(t)
	ok(Import(bg, db2, readSmall(t), ImportOptions{}))(t)
	ok(Import(bg, db2, readSmall(t), ImportOptions{Replace: true}))(t)
	if again := exportJSON(t, db2, "small"); !bytes.Equal(first, again) {
		t.Errorf("replace into a one-workspace database changed the dump:\n%s", lineDiff(first, again))
	}

	// --replace of a name not in use is a plain import.
	ok(Import(bg, db2, readSmall(t), ImportOptions{As: "fresh", Replace: true}))(t)
	if n := workspaceCount(t, db2); n != 2 {
		t.Errorf("%d workspaces, want 2", n)
	}
}

// brokenDumps are ReadDump inputs that are not valid dumps, or valid JSON
// that no export would write.
var brokenDumps = []string{
	``,
	`{`,
	`null`,
	`{"format": "ally-workspace", "version": 1}`,
	`{"format": "ally-workspace", "version": 1, "people": [null]}`,
	`{"format": "ally-workspace", "version": 1, "people": [{"id": 1, "name": "A"}], "interactions": [{"id": 1, "participants": [null]}]}`,
	`{"format": "ally-workspace", "version": 1, "stakes": [null], "snapshots": [{"initiatives": [{"initiative_id": 9}]}]}`,
	`{"format": "ally-workspace", "version": 1, "people": [{"id": 1, "name": "A"}, {"id": 1, "name": "B"}]}`,
	`{"format": "ally-workspace", "version": 1, "people": [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}], "interactions": [{"id": 4, "kind": "call", "at": "2024-01-01T00:00:00Z", "participants": [{"person_id": 1, "role": "initiator"}, {"person_id": 2, "role": "to"}]}, {"id": 4, "kind": "call", "at": "2024-01-02T00:00:00Z", "participants": [{"person_id": 1, "role": "initiator"}, {"person_id": 2, "role": "to"}]}]}`,
	`{"format": "ally-workspace", "version": 1, "people": [{"id": 1, "name": "A", "manager_id": 2}, {"id": 2, "name": "B", "manager_id": 1}]}`,
	`{"format": "ally-workspace", "version": 1, "initiatives": [{"id": 1, "name": "G", "rule": {"kind": "committee", "quota": 1, "weights": {"x": 1}}}]}`,
	`{"format": "ally-workspace", "version": 1e400}`,
	"{\"format\": \"ally-workspace\", \"version\": 1, \"people\": [{\"id\": 1, \"name\": \"\xff\"}]}",
}

// FuzzReadDump checks that ReadDump never panics, fails only with EINVALID,
// and that a dump it accepts passes or fails the check with an EINVALID
// *ally.Error, never a panic. It needs no database, so it runs many more
// inputs a second than FuzzImport, which writes each one.
func FuzzReadDump(f *testing.F) {
	f.Add([]byte(smallDump))
	for _, s := range brokenDumps {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadDump("fuzz.json", data)
		if err != nil {
			var e *ally.Error
			if !errors.As(err, &e) || e.Code != ally.EINVALID {
				t.Fatalf("ReadDump error %v is not EINVALID", err)
			}
			if d != nil {
				t.Fatal("ReadDump returned a dump with its error")
			}
			return
		}
		if d.Format != DumpFormat || d.Version != DumpVersion {
			t.Fatalf("ReadDump accepted format %q version %d", d.Format, d.Version)
		}
		if err := d.check(); err != nil {
			var e *ally.Error
			if !errors.As(err, &e) || e.Code != ally.EINVALID {
				t.Fatalf("check error %v is not EINVALID", err)
			}
		}
	})
}
