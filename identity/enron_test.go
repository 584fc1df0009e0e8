package identity

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// enronDir is the public Enron data (see its SOURCE.md); a user's clone
// does not have it.
const enronDir = "../../shared/data/enron"

// custodianID offsets custodians' ids from employees' ids (1–156).
const custodianID = 1000

// readTSV reads a tab-separated file without quoting.
func readTSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() != "" {
			rows = append(rows, strings.Split(sc.Text(), "\t"))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// enronCandidates are the employees (names only) and the mailbox owners
// (names and addresses) as two sources of one organisation, and the
// custodians' ids by mailbox.
func enronCandidates(t *testing.T) ([]Candidate, map[string]int64) {
	t.Helper()
	if _, err := os.Stat(enronDir); err != nil {
		t.Skipf("the Enron data is not here (%v): it is in CI's shared data, not in a clone", err)
	}
	var people []Candidate
	for _, r := range readTSV(t, filepath.Join(enronDir, "employees.tsv")) {
		id, err := strconv.ParseInt(r[0], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, Candidate{ID: id, Name: r[1], Organisation: "Enron", Sources: []string{"employees.tsv"},
			Identities: []Identity{{KindOrg, r[0]}}})
	}
	mailbox := map[string]int64{}
	for i, r := range readTSV(t, filepath.Join(enronDir, "custodians.tsv")) {
		id := int64(custodianID + i)
		mailbox[r[0]] = id
		people = append(people, Candidate{ID: id, Name: r[2], Emails: []string{r[1]}, Organisation: "Enron", Sources: []string{"custodians.tsv"}})
	}
	return people, mailbox
}

// TestEnron runs Suggest on Enron's employee list (names only) and its
// mailbox owners (names and addresses), two sources of one organisation,
// and checks the pairs against who sent what from which mailbox
// (testdata/enron_reference.tsv, made by testdata/make_reference.py from
// the messages alone, no name matching).
func TestEnron(t *testing.T) {
	people, mailbox := enronCandidates(t)
	byID := map[int64]Candidate{}
	for _, p := range people {
		byID[p.ID] = p
	}
	// truth: custodian id → employee id, from the sent folders.
	truth := map[int64]int64{}
	ref := readTSV(t, "testdata/enron_reference.tsv")[1:]
	for _, r := range ref {
		e, err := strconv.ParseInt(r[0], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		c, ok := mailbox[r[2]]
		if !ok {
			t.Fatalf("reference mailbox %s is not in custodians.tsv", r[2])
		}
		truth[c] = e
	}
	if len(truth) != 118 {
		t.Fatalf("%d reference pairs, want 118 (regenerate testdata/enron_reference.tsv?)", len(truth))
	}
	got := Suggest(people, nil)
	var right, wrong, unknown, within int
	found := map[[2]int64]Suggestion{}
	for _, s := range got {
		found[[2]int64{s.A, s.B}] = s
		a, b := byID[s.A], byID[s.B]
		// No pair of two different full first names: the first words
		// differ, are not initials, and neither is a nickname,
		// doubled-letter spelling or middle name of the other.
		fa, fb := firstWord(a.Name), firstWord(b.Name)
		if len(fa) > 1 && len(fb) > 1 && fa != fb && !sameGiven(fa, fb) && collapse(fa) != collapse(fb) &&
			!hasWord(a.Name, fb) && !hasWord(b.Name, fa) {
			t.Errorf("%q ~ %q: two different first names suggested (%s)", a.Name, b.Name, s.Reason)
		}
		switch {
		case s.B < custodianID || s.A >= custodianID:
			within++
			t.Logf("within one source: %q ~ %q %.2f %s", a.Name, b.Name, s.Score, s.Reason)
		case truth[s.B] == s.A:
			right++
		case truth[s.B] != 0:
			wrong++
			t.Errorf("%q ~ %q suggested (%.2f, %s), but the mailbox is employee %d's", a.Name, b.Name, s.Score, s.Reason, truth[s.B])
		default:
			unknown++
			t.Logf("no reference: %q ~ %q %.2f %s", a.Name, b.Name, s.Score, s.Reason)
		}
	}
	var missed []string
	for c, e := range truth {
		if _, ok := found[[2]int64{e, c}]; !ok {
			missed = append(missed, byID[e].Name+" ~ "+byID[c].Name)
		}
	}
	t.Logf("%d suggestions: %d right, %d wrong, %d of mailboxes without a reference, %d within one source; %d of %d reference pairs found; missed: %q",
		len(got), right, wrong, unknown, within, len(truth)-len(missed), len(truth), missed)
	// Pairs checked by hand in the two files.
	for _, tc := range []struct {
		employee, mailbox string
		sig               Signal
	}{
		{"1", "arnold-j", SameName},           // John Arnold ~ John Arnold
		{"124", "skilling-j", Nickname},       // Jeff Skilling ~ Jeffery Skilling
		{"43", "grigsby-m", Nickname},         // Mike Grigsby ~ Michael Grigsby
		{"79", "may-l", Nickname},             // Larry May ~ Lawrence May
		{"87", "meyers-a", Nickname},          // Bert Meyers ~ Albert Meyers
		{"151", "williams-w3", Nickname},      // Bill Williams III ~ William Whalley Williams
		{"156", "allen-p", Nickname},          // Phillip K. Allen ~ Philip Allen
		{"67", "lavorato-j", MiddleName},      // John J. Lavorato ~ John Lavorato
		{"130", "stclair-c", SameName},        // Carol St Clair ~ Carol St. Clair
		{"153", "ybarbo-p", SameName},         // Paul Y’Barbo ~ Paul Y'Barbo
		{"88", "mims-thurston-p", MiddleName}, // Patrice L. Mims ~ Patrice Mims-Thurston
		{"146", "weldon-c", GoesByMiddle},     // V Charles Weldon ~ Charles Weldon
		{"41", "giron-d", Spelling},           // Darron C. Giron ~ Daron Giron
		{"42", "griffith-j", Typo},            // John Griffith ~ John Giffith
		{"40", "gilbertsmith-d", Typo},        // Doug Gilbert-Smith ~ Douglas Gilberth-Smith
	} {
		e, _ := strconv.ParseInt(tc.employee, 10, 64)
		s, ok := found[[2]int64{e, mailbox[tc.mailbox]}]
		if !ok {
			t.Errorf("%s ~ %s (%s) not suggested", byID[e].Name, tc.mailbox, tc.sig)
			continue
		}
		if s.Signals[0] != tc.sig || s.Score < 0.6 {
			t.Errorf("%s ~ %s: %v %.2f, want %s", byID[e].Name, tc.mailbox, s.Signals, s.Score, tc.sig)
		}
	}
	if wrong > 0 || right < 115 {
		t.Errorf("%d right, %d wrong: want at least 115 right and none wrong", right, wrong)
	}
}

// firstWord is a name's first word, folded, without punctuation.
func firstWord(s string) string {
	f := strings.Fields(strings.NewReplacer(".", " ", ",", " ").Replace(Fold(s)))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// hasWord reports whether the folded name has w as a word.
func hasWord(name, w string) bool {
	return slices.Contains(strings.Fields(strings.NewReplacer(".", " ", ",", " ").Replace(Fold(name))), w)
}
