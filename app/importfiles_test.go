package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/allyhq/ally"
)

// writeFiles writes name → content into a temporary directory and
// returns the paths by name.
func writeFiles(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	out := map[string]string{}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		out[name] = p
	}
	return out
}

func importApp(t *testing.T) *App {
	db := mustDB(t)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Chen", Emails: []string{"mia@acme.org"}}))(t)
	return ok(Open(bg, db, "team", exportNow))(t)
}

func countPeople(t *testing.T, a *App) int {
	t.Helper()
	d := ok(a.Export(bg))(t)
	return len(d.People)
}

const cardJane = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEMAIL;TYPE=work:Jane.Doe@Example.com\r\nTEL:+44 20 7946 0000\r\nORG:Example Ltd;Research\r\nUID:jane-1\r\nEND:VCARD\r\n"

// The same person arriving from a vCard, a calendar and mail, with other
// cases and display names, is one person; importing the same files again
// creates nothing (issue 11: identity, re-runnable).
func TestImportOnePersonManySources(t *testing.T) {
	a := importApp(t)
	f := writeFiles(t, map[string]string{
		"jane.vcf": cardJane,
		"cal.ics": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:m1\r\nDTSTART:20240210T100000Z\r\nSUMMARY:Research sync\r\n" +
			"ORGANIZER;CN=Mia:mailto:mia@acme.org\r\nATTENDEE;CN=\"Doe, Jane\":mailto:JANE.DOE@EXAMPLE.COM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"in.eml": "From: \"J. Doe\" <jane.doe@example.com>\r\nTo: mia@acme.org\r\nDate: Mon, 12 Feb 2024 09:00:00 +0000\r\nMessage-ID: <a1@example.com>\r\nSubject: numbers\r\n\r\nbody\r\n",
	})
	s := ok(a.ImportFiles(bg, FileImport{Kind: ImportVCard, Files: []string{f["jane.vcf"]}}))(t)
	if s.PeopleCreated != 1 {
		t.Fatalf("vcard: %+v", s)
	}
	s = ok(a.ImportFiles(bg, FileImport{Kind: ImportICS, Files: []string{f["cal.ics"]}}))(t)
	if s.PeopleCreated != 0 || s.PeopleMatched != 1 || s.InteractionsCreated != 1 {
		t.Errorf("ics: %+v, want Jane matched and one meeting", s)
	}
	s = ok(a.ImportFiles(bg, FileImport{Kind: ImportMail, Files: []string{f["in.eml"]}}))(t)
	if s.PeopleCreated != 0 || s.InteractionsCreated != 1 {
		t.Errorf("mail: %+v, want Jane matched and one email", s)
	}
	if n := countPeople(t, a); n != 2 {
		t.Errorf("%d people, want Me and Jane", n)
	}
	jane := ok(a.Resolve(bg, "jane.doe@example.com"))(t)
	if jane.Name != "Jane Doe" || jane.Organisation != "Example Ltd" || jane.Department != "Research" {
		t.Errorf("Jane: %+v", jane)
	}
	if _, tl, err := a.Timeline(bg, jane.ID, Page{}); err != nil || tl.Total != 2 {
		t.Errorf("Jane's timeline: %d interactions (%v), want the meeting and the email", tl.Total, err)
	}
	// Again: nothing new.
	for _, k := range []struct{ kind, file string }{{ImportVCard, "jane.vcf"}, {ImportICS, "cal.ics"}, {ImportMail, "in.eml"}} {
		s := ok(a.ImportFiles(bg, FileImport{Kind: k.kind, Files: []string{f[k.file]}}))(t)
		if s.PeopleCreated != 0 || s.InteractionsCreated != 0 {
			t.Errorf("%s again: %+v, want nothing new", k.kind, s)
		}
	}
}

// A newer export of the same calendar updates the meeting whose SEQUENCE
// grew instead of adding a copy.
func TestImportCalendarSequence(t *testing.T) {
	a := importApp(t)
	ev := func(seq, start, title string) string {
		return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:m1\r\nSEQUENCE:" + seq + "\r\nDTSTART:" + start + "\r\nSUMMARY:" + title +
			"\r\nATTENDEE:mailto:kim@acme.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	}
	f := writeFiles(t, map[string]string{"v1.ics": ev("0", "20240210T100000Z", "Plan"), "v2.ics": ev("1", "20240210T100000Z", "Plan, moved room")})
	ok(a.ImportFiles(bg, FileImport{Kind: ImportICS, Files: []string{f["v1.ics"]}}))(t)
	s := ok(a.ImportFiles(bg, FileImport{Kind: ImportICS, Files: []string{f["v2.ics"]}}))(t)
	if s.InteractionsUpdated != 1 || s.InteractionsCreated != 0 {
		t.Errorf("newer export: %+v, want 1 updated", s)
	}
	d := ok(a.Export(bg))(t)
	if len(d.Interactions) != 1 || d.Interactions[0].Subject != "Plan, moved room" || d.Interactions[0].Sequence != 1 {
		t.Errorf("interactions after the update: %+v", d.Interactions)
	}
	s = ok(a.ImportFiles(bg, FileImport{Kind: ImportICS, Files: []string{f["v1.ics"]}}))(t)
	if s.InteractionsUpdated != 0 || s.InteractionsExisting != 1 {
		t.Errorf("the older export again: %+v, want it left alone", s)
	}
}

// One import is one transaction: a bad record stops it naming the file and
// line, and nothing of the run is written; --skip-bad imports the rest and
// lists it; --dry-run writes nothing.
func TestImportAllOrNothing(t *testing.T) {
	a := importApp(t)
	f := writeFiles(t, map[string]string{
		"good.vcf": cardJane,
		"bad.vcf":  "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim Ito\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN\r\nEND:VCARD\r\n",
	})
	before := countPeople(t, a)
	_, err := a.ImportFiles(bg, FileImport{Kind: ImportVCard, Files: []string{f["good.vcf"], f["bad.vcf"]}})
	if ally.ErrorCode(err) != ally.EINVALID || !strings.Contains(err.Error(), "bad.vcf:7") {
		t.Fatalf("bad card: %v, want EINVALID naming bad.vcf:7", err)
	}
	if n := countPeople(t, a); n != before {
		t.Errorf("a failed import wrote %d people", n-before)
	}
	s := ok(a.ImportFiles(bg, FileImport{Kind: ImportVCard, Files: []string{f["good.vcf"], f["bad.vcf"]}, DryRun: true, SkipBad: true}))(t)
	if s.PeopleCreated != 2 || len(s.Skipped) != 1 || countPeople(t, a) != before {
		t.Errorf("dry run: %+v, %d people; want 2 reported, 1 skipped, none written", s, countPeople(t, a)-before)
	}
	s = ok(a.ImportFiles(bg, FileImport{Kind: ImportVCard, Files: []string{f["good.vcf"], f["bad.vcf"]}, SkipBad: true}))(t)
	if s.PeopleCreated != 2 || len(s.Skipped) != 1 || s.Skipped[0].Line != 7 || countPeople(t, a) != before+2 {
		t.Errorf("--skip-bad: %+v", s)
	}
}

// An org chart links managers in any order; a cycle is an error naming
// the rows and writes nothing. An interaction log is imported whole, Me in
// it or not.
func TestImportOrgAndLog(t *testing.T) {
	a := importApp(t)
	f := writeFiles(t, map[string]string{
		"org.csv":   "id,name,email,title,manager_id\n2,Bo Park,bo@acme.org,Engineer,1\n1,Ann Lee,ann@acme.org,CTO,\n3,Cy Diaz,cy@acme.org,Engineer,1\n",
		"cycle.csv": "id,name,manager_id\n1,Dee,2\n2,Eve,1\n",
		"log.csv":   "from,to,at,kind,subject\nbo@acme.org,cy@acme.org;ann@acme.org,2024-02-01 10:00,meeting,design review\n2,3,2024-02-02,call,\n",
	})
	s := ok(a.ImportFiles(bg, FileImport{Kind: ImportOrg, Files: []string{f["org.csv"]}}))(t)
	if s.PeopleCreated != 3 {
		t.Fatalf("org: %+v", s)
	}
	bo := ok(a.Resolve(bg, "bo@acme.org"))(t)
	ann := ok(a.Resolve(bg, "ann@acme.org"))(t)
	if bo.ManagerID != ann.ID {
		t.Errorf("Bo's manager is %d, want Ann (%d)", bo.ManagerID, ann.ID)
	}
	before := countPeople(t, a)
	if _, err := a.ImportFiles(bg, FileImport{Kind: ImportOrg, Files: []string{f["cycle.csv"]}}); ally.ErrorCode(err) != ally.EINVALID || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("a reporting cycle: %v", err)
	}
	if countPeople(t, a) != before {
		t.Error("a refused org chart wrote people")
	}
	s = ok(a.ImportFiles(bg, FileImport{Kind: ImportInteractions, Files: []string{f["log.csv"]}}))(t)
	if s.InteractionsCreated != 2 || s.PeopleCreated != 0 {
		t.Errorf("log: %+v, want 2 interactions among the chart's people (one by org id)", s)
	}
	s = ok(a.ImportFiles(bg, FileImport{Kind: ImportInteractions, Files: []string{f["log.csv"]}}))(t)
	if s.InteractionsCreated != 0 || s.InteractionsExisting != 2 {
		t.Errorf("log again: %+v", s)
	}
}

// Mail that is not Me's is left out unless All; list mail always.
func TestImportMailMine(t *testing.T) {
	a := importApp(t)
	mbox := "From a@x Mon Feb 12 09:00:00 2024\nFrom: bo@acme.org\nTo: cy@acme.org\nDate: Mon, 12 Feb 2024 09:00:00 EST\nMessage-ID: <1@x>\n\nhi\n\n" +
		"From b@x Mon Feb 12 10:00:00 2024\nFrom: bo@acme.org\nTo: mia@acme.org\nDate: Mon, 12 Feb 2024 10:00:00 +0000\nMessage-ID: <2@x>\n\nhi\n\n" +
		"From c@x Mon Feb 12 11:00:00 2024\nFrom: news@list.org\nTo: mia@acme.org\nList-Id: <news.list.org>\nDate: Mon, 12 Feb 2024 11:00:00 +0000\nMessage-ID: <3@x>\n\nhi\n"
	f := writeFiles(t, map[string]string{"box.mbox": mbox})
	s := ok(a.ImportFiles(bg, FileImport{Kind: ImportMail, Files: []string{f["box.mbox"]}}))(t)
	if s.InteractionsCreated != 1 || s.NotMine != 1 || s.Bulk != 1 {
		t.Errorf("mail: %+v, want 1 of Me's, 1 not mine, 1 bulk", s)
	}
	s = ok(a.ImportFiles(bg, FileImport{Kind: ImportMail, Files: []string{f["box.mbox"]}, All: true}))(t)
	if s.InteractionsCreated != 1 || s.InteractionsExisting != 1 {
		t.Errorf("mail --all: %+v, want the other people's one added", s)
	}
	d := ok(a.Export(bg))(t)
	for _, in := range d.Interactions {
		if in.ExternalID == "mail:1@x" && in.At.Hour() != 14 {
			t.Errorf("EST read as %s, want 14:00 UTC", in.At)
		}
	}
}
