package vcard

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/allyhq/ally/importer"
)

// dataDir holds the real public vCard files (ez-vcard's and kcontacts'
// test suites; see its SOURCE.md). A user's clone does not have it.
const dataDir = "../../../shared/data/vcard"

func needData(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(dataDir); err != nil {
		t.Skipf("real vCard files not here (%v): they live beside the repository, in CI only", err)
	}
}

// readFile reads one real file with bad cards collected.
func readFile(t *testing.T, path string) ([]importer.Person, []*importer.Error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var people []importer.Person
	var bad []*importer.Error
	rel, _ := filepath.Rel(dataDir, path)
	err = Read(f, rel, Options{Notes: true, Skip: func(e *importer.Error) error { bad = append(bad, e); return nil }},
		func(p importer.Person) error { people = append(people, p); return nil })
	if err != nil {
		t.Fatalf("%s: Read: %v", rel, err)
	}
	return people, bad
}

// refEntry is one file of testdata/reference.json, written by
// testdata/make_reference.py with Python's vobject.
type refEntry struct {
	Cards []struct {
		FN     string   `json:"fn"`
		Emails []string `json:"emails"`
		Named  bool     `json:"named"`
	} `json:"cards"`
	Error      string `json:"error"`
	ErrorLine  int    `json:"error_line"`
	Excluded   string `json:"excluded"`
	FNExcluded string `json:"fn_excluded"`
}

// TestRealAgainstVobject compares card counts, names and emails with what
// vobject reads from the same files.
func TestRealAgainstVobject(t *testing.T) {
	needData(t)
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref map[string]refEntry
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref) != 37 {
		t.Errorf("reference has %d files, SOURCE.md lists 37", len(ref))
	}
	cards, emails := 0, 0
	for rel, want := range ref {
		t.Run(rel, func(t *testing.T) {
			path := filepath.Join(dataDir, rel)
			if want.Excluded != "" {
				t.Skipf("vobject is wrong here: %s (TestRealByHand checks it)", want.Excluded)
			}
			if want.Error != "" {
				// Broken on purpose: the same line must be refused.
				f, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				var e *importer.Error
				err = Read(f, rel, Options{}, func(importer.Person) error { return nil })
				if !errors.As(err, &e) || e.Pos.File != rel || e.Pos.Line != want.ErrorLine {
					t.Errorf("Read = %v, want an error at %s:%d (vobject: %s)", err, rel, want.ErrorLine, want.Error)
				}
				return
			}
			people, bad := readFile(t, path)
			if len(people)+len(bad) != len(want.Cards) {
				t.Fatalf("%d cards and %d bad ones, vobject reads %d", len(people), len(bad), len(want.Cards))
			}
			i := 0
			for _, w := range want.Cards {
				if !w.Named && len(w.Emails) == 0 {
					// No name, no email: a bad card for us.
					if len(bad) == 0 {
						t.Errorf("card without name or email was read")
					}
					continue
				}
				p := people[i]
				i++
				cards++
				emails += len(w.Emails)
				if w.FN != "" && want.FNExcluded == "" && p.Name != w.FN {
					t.Errorf("card at line %d: name %q, vobject %q", p.Pos.Line, p.Name, w.FN)
				}
				if !reflect.DeepEqual(p.Emails, nilIfEmpty(w.Emails)) {
					t.Errorf("card at line %d: emails %q, vobject %q", p.Pos.Line, p.Emails, w.Emails)
				}
			}
		})
	}
	t.Logf("compared %d cards and %d emails with vobject", cards, emails)
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// TestRealByHand checks the files vobject cannot read, and the fields it
// gets wrong, against what the files say.
func TestRealByHand(t *testing.T) {
	needData(t)
	n := func(k int) string { return strings.TrimSpace(strings.Repeat("Ñ ", k)) }
	tests := []struct {
		file string
		want []importer.Person // Name, Emails and Organisation compared
	}{
		{"ez-vcard/John_Doe_ANDROID.vcf", []importer.Person{
			{Name: "john.doe@company.com", Emails: []string{"john.doe@company.com"}},
			{Name: "jane.doe@company.com", Emails: []string{"jane.doe@company.com"}},
			{Name: n(5)},
			{Name: n(11)},
			{Name: n(4), Emails: []string{"bob@company.com", strings.Repeat("Ñ", 14)}, Organisation: strings.Repeat("Ñ", 12)},
			{Name: "ÑÑÑÑ", Emails: []string{"henry@company.com"}, Organisation: strings.Repeat("Ñ", 44)},
		}},
		{"ez-vcard/John_Doe_LOTUS_NOTES.vcf", []importer.Person{
			{Name: "Mr. Doe John I Johny", Emails: []string{"john.doe@ibm.com", "billy_bob@gmail.com"}, Organisation: "IBM"},
		}},
		{"kcontacts/vcard_legacy_messaging_fields.vcf", []importer.Person{{Name: "My Name"}}},
		{"ez-vcard/John_Doe_GMAIL.vcf", []importer.Person{
			{Name: "Mr. John Richter, James Doe Sr.", Emails: []string{"john.doe@ibm.com"}, Organisation: "IBM"},
		}},
		{"kcontacts/vcard5.vcf", []importer.Person{
			{Name: "Mustermann, Heiko", Emails: []string{"heiko.mustermann@freenet.org", "heiko8@tst.inf.tu-dresden.de"}, Organisation: "KDE"},
		}},
		// Values vobject does not compare: QP addresses, UTF-8 in notes
		// and titles, ORG units, the fall-back name.
		{"kcontacts/vcard10.vcf", []importer.Person{
			{Name: "Bike Shop", Organisation: "Bike Shop"}, {Name: "Field after Address broken"}, {Name: "Field after Address not broken"},
			{Name: "Dr. med. Surname Name"}, {Name: "Second Doctor"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			people, bad := readFile(t, filepath.Join(dataDir, tc.file))
			if len(bad) > 0 {
				t.Errorf("bad cards: %v", bad)
			}
			if len(people) != len(tc.want) {
				t.Fatalf("%d people, want %d", len(people), len(tc.want))
			}
			for i, p := range people {
				w := tc.want[i]
				if p.Name != w.Name || !reflect.DeepEqual(p.Emails, w.Emails) || p.Organisation != w.Organisation {
					t.Errorf("person %d: %q %q %q, want %q %q %q", i, p.Name, p.Emails, p.Organisation, w.Name, w.Emails, w.Organisation)
				}
			}
		})
	}
	t.Run("fields", func(t *testing.T) {
		people, _ := readFile(t, filepath.Join(dataDir, "kcontacts/vcard10.vcf"))
		if got := people[3].Title; got != "Facharzt für Allgemeinmedizin" {
			t.Errorf("QP UTF-8 title %q", got)
		}
		if got := people[1].Location; got != "Urt" {
			t.Errorf("QP address across a soft break: locality %q, want Urt", got)
		}
		people, _ = readFile(t, filepath.Join(dataDir, "ez-vcard/John_Doe_EVOLUTION.vcf"))
		if p := people[0]; p.Department != "Accounting" || p.Team != "Dungeon" || p.Title != "Money Counter" || p.ExternalID != "vcard:477343c8e6bf375a9bac1f96a5000837" {
			t.Errorf("ORG units, title, UID: %+v", p)
		}
		people, _ = readFile(t, filepath.Join(dataDir, "ez-vcard/outlook-2007.vcf"))
		if want := "This is the NOTE field\t\nI assume it encodes this text inside a NOTE vCard type.\nBut I'm not sure because there's text formatting going on here.\nIt does not preserve the formatting"; people[0].Notes != want {
			t.Errorf("Outlook QP note with soft breaks:\n%q\nwant\n%q", people[0].Notes, want)
		}
		people, _ = readFile(t, filepath.Join(dataDir, "kcontacts/testfullvcard.vcf"))
		if got := people[0].Phones[0]; got != "+44-555-555-5555;ext=5555" {
			t.Errorf("4.0 tel: URI %q", got)
		}
	})
}

// TestRealAllFiles reads every file in the folder, the kcontacts
// re-exports (expected/*.ref) included: no error from Read, and every card
// gives a person or a bad-card error naming the file and a line.
func TestRealAllFiles(t *testing.T) {
	needData(t)
	var files []string
	err := filepath.WalkDir(dataDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".vcf") || strings.Contains(path, ".vcf.")) {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 71 {
		t.Errorf("%d vCard files, FILES.tsv lists 71", len(files))
	}
	total := 0
	for _, path := range files {
		people, bad := readFile(t, path)
		rel, _ := filepath.Rel(dataDir, path)
		if len(people)+len(bad) == 0 {
			t.Errorf("%s: no card", rel)
		}
		for _, e := range bad {
			if e.Pos.File != rel || e.Pos.Line < 1 {
				t.Errorf("%s: error %v does not name the file and a line", rel, e)
			}
		}
		for _, p := range people {
			if p.Name == "" || p.ExternalID == "" || p.Pos.Line < 1 {
				t.Errorf("%s: person without name, id or line: %+v", rel, p)
			}
		}
		total += len(people)
	}
	t.Logf("%d files, %d people", len(files), total)
}

// TestRealReexports: kcontacts' own re-exports of its inputs (as 3.0, 2.1
// and 4.0, in expected/) read as the same people, ids included: the
// "stable across re-exports" promise, checked on another program's output.
func TestRealReexports(t *testing.T) {
	needData(t)
	ins, _ := filepath.Glob(filepath.Join(dataDir, "kcontacts", "*.vcf"))
	compared := 0
	for _, in := range ins {
		base := filepath.Base(in)
		if base == "vcard4.vcf" {
			continue // we refuse its line "FN" (no ':'); kcontacts drops the line
		}
		orig, _ := readFile(t, in)
		for _, ref := range []string{base + ".ref", base + ".2_1ref", "v4_0." + base + ".ref"} {
			path := filepath.Join(dataDir, "kcontacts", "expected", ref)
			if _, err := os.Stat(path); err != nil {
				continue
			}
			again, _ := readFile(t, path)
			if len(again) != len(orig) {
				t.Errorf("%s: %d people, %s has %d", ref, len(again), base, len(orig))
				continue
			}
			for i := range orig {
				a, b := orig[i], again[i]
				a.Pos, b.Pos = importer.Pos{}, importer.Pos{}
				if !reflect.DeepEqual(a, b) {
					t.Errorf("%s person %d:\n got %+v\nwant %+v", ref, i, b, a)
				}
				compared++
			}
		}
	}
	if compared < 30 {
		t.Errorf("compared only %d re-exported people", compared)
	}
	t.Logf("%d re-exported people read as the originals", compared)
}
