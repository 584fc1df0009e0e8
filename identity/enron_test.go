package identity

import (
	"bufio"
	"os"
	"path/filepath"
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
		people = append(people, Candidate{ID: id, Name: r[1], Organisation: "Enron", Sources: []string{"employees.tsv"}})
	}
	mailbox := map[string]int64{}
	for i, r := range readTSV(t, filepath.Join(enronDir, "custodians.tsv")) {
		id := int64(custodianID + i)
		mailbox[r[0]] = id
		people = append(people, Candidate{ID: id, Name: r[2], Emails: []string{r[1]}, Organisation: "Enron", Sources: []string{"custodians.tsv"}})
	}
	return people, mailbox
}

func TestEnronScratch(t *testing.T) {
	people, _ := enronCandidates(t)
	name := map[int64]string{}
	for _, p := range people {
		name[p.ID] = p.Name
	}
	for _, s := range Suggest(people, nil) {
		t.Logf("%d %d %.2f %q ~ %q: %s %v", s.A, s.B, s.Score, name[s.A], name[s.B], s.Reason, s.Signals)
	}
}
