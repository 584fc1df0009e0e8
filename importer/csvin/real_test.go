package csvin

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/importer"
)

// dataDir is the shared public data, beside the checkout; a user's clone
// does not have it, and the tests that need it skip.
const dataDir = "../../../shared/data"

// reference is testdata/reference.json, written by
// testdata/make_reference.py from the same data with Python's csv module.
type reference struct {
	Enron struct {
		People []struct {
			ID, Name, Email, Department, Title, Team string
		} `json:"people"`
		PeopleWithEmail int            `json:"people_with_email"`
		Messages        int            `json:"messages"`
		BadRows         int            `json:"bad_rows"`
		Parties         int            `json:"parties"`
		Senders         int            `json:"senders"`
		PerYear         map[string]int `json:"per_year"`
		FirstUnix       int64          `json:"first_unix"`
		LastUnix        int64          `json:"last_unix"`
		Digest          string         `json:"digest"`
	} `json:"enron"`
	Krackhardt struct {
		Managers map[string]string `json:"managers"`
	} `json:"krackhardt"`
}

func loadReference(t *testing.T) reference {
	t.Helper()
	data, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// tsvRows reads a tab-separated file of the shared data, skipping the
// test when the data is not there.
func tsvRows(t *testing.T, rel string) [][]string {
	t.Helper()
	path := filepath.Join(dataDir, rel)
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("%s is absent (the shared public data is not beside this checkout): skipping the real-file check", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		rows = append(rows, strings.Split(sc.Text(), "\t"))
	}
	return rows
}

// writeCSV writes rows with this package's Writer, as `ally export csv`
// would.
func writeCSV(t *testing.T, header []string, rows [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := NewWriter(&b, header)
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestEnronOrg reads Enron's 156 employees as an org chart (addresses from
// the custodians list where the name matches), with column names the
// defaults know only as synonyms, and compares every person with the
// reference.
func TestEnronOrg(t *testing.T) {
	emps := tsvRows(t, "enron/employees.tsv")
	custs := tsvRows(t, "enron/custodians.tsv")
	ref := loadReference(t)
	addr := map[string]string{}
	for _, c := range custs {
		if _, ok := addr[strings.TrimSpace(c[2])]; !ok {
			addr[strings.TrimSpace(c[2])] = strings.TrimSpace(c[1])
		}
	}
	var rows [][]string
	for _, e := range emps {
		rows = append(rows, []string{e[0], e[1], addr[strings.TrimSpace(e[1])], e[3], e[4], e[2], e[5]})
	}
	data := writeCSV(t, []string{"Employee ID", "Full Name", "E-mail", "Department", "Job Title", "Team", "Gender"}, rows)
	people, err := ReadOrg(bytes.NewReader(data), "enron-org.csv", OrgOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != len(ref.Enron.People) {
		t.Fatalf("%d people, the reference %d", len(people), len(ref.Enron.People))
	}
	withEmail := 0
	for i, p := range people {
		r := ref.Enron.People[i]
		email := ""
		if len(p.Emails) > 0 {
			email = p.Emails[0]
			withEmail++
		}
		if p.ExternalID != "org:"+r.ID || p.Name != r.Name || email != r.Email || p.Department != r.Department || p.Title != r.Title || p.Team != r.Team || p.Pos.Line != i+2 {
			t.Errorf("person %d: %+v\nreference %+v", i, p, r)
		}
	}
	if withEmail != ref.Enron.PeopleWithEmail {
		t.Errorf("%d people with an address, the reference %d", withEmail, ref.Enron.PeopleWithEmail)
	}
}

// TestEnronLog reads Enron's 21,635 internal messages as an interaction
// log (sender and recipients by employee id, Unix seconds, subjects as
// they are: a thousand start with a formula character and go through the
// writer's quoting) and compares the counts and a digest of every row
// with the reference.
func TestEnronLog(t *testing.T) {
	msgs := tsvRows(t, "enron/messages.tsv")
	recs := tsvRows(t, "enron/recipients.tsv")
	ref := loadReference(t)
	type rcpt struct {
		pos int
		id  string
	}
	to := map[string][]rcpt{}
	for _, r := range recs {
		pos, err := strconv.Atoi(r[1])
		if err != nil {
			t.Fatal(err)
		}
		to[r[0]] = append(to[r[0]], rcpt{pos, r[2]})
	}
	var rows [][]string
	for _, m := range msgs {
		rs := to[m[0]]
		sort.Slice(rs, func(i, j int) bool { return rs[i].pos < rs[j].pos })
		ids := make([]string, len(rs))
		for i, r := range rs {
			ids[i] = r.id
		}
		rows = append(rows, []string{m[0], m[4], strings.Join(ids, ";"), m[2], "email", m[3]})
	}
	data := writeCSV(t, []string{"Message ID", "Sender", "Recipients", "Timestamp", "Type", "Subject"}, rows)

	digest := sha256.New()
	n, parties := 0, 0
	senders := map[string]bool{}
	perYear := map[string]int{}
	var first, last int64
	var bad []*importer.Error
	err := ReadInteractions(bytes.NewReader(data), "enron-log.csv", LogOptions{Skip: func(e *importer.Error) error {
		bad = append(bad, e)
		return nil
	}}, func(in importer.Interaction) error {
		n++
		parties += len(in.Parties)
		var tos []string
		for _, p := range in.Parties[1:] {
			tos = append(tos, p.ID)
		}
		sender := in.Parties[0].ID
		senders[sender] = true
		u := in.At.Unix()
		if first == 0 || u < first {
			first = u
		}
		if u > last {
			last = u
		}
		perYear[strconv.Itoa(in.At.UTC().Year())]++
		if in.Kind != ally.ChanEmail || in.Source != ally.SourceCSV {
			return fmt.Errorf("line %d: kind %q source %q", in.Pos.Line, in.Kind, in.Source)
		}
		fmt.Fprintf(digest, "%s\t%s\t%s\t%d\t%s\n", strings.TrimPrefix(in.ExternalID, "csv:"), sender, strings.Join(tos, ";"), u, in.Subject)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	e := ref.Enron
	if n != e.Messages || len(bad) != e.BadRows || parties != e.Parties || len(senders) != e.Senders || first != e.FirstUnix || last != e.LastUnix {
		t.Errorf("read %d rows, %d bad, %d parties, %d senders, %s to %s; the reference %d, %d, %d, %d, %s to %s",
			n, len(bad), parties, len(senders), time.Unix(first, 0).UTC(), time.Unix(last, 0).UTC(),
			e.Messages, e.BadRows, e.Parties, e.Senders, time.Unix(e.FirstUnix, 0).UTC(), time.Unix(e.LastUnix, 0).UTC())
	}
	for y, c := range e.PerYear {
		if perYear[y] != c {
			t.Errorf("%s: %d rows, the reference %d", y, perYear[y], c)
		}
	}
	if got := hex.EncodeToString(digest.Sum(nil)); got != e.Digest {
		t.Errorf("digest of the rows %s, the reference %s", got, e.Digest)
	}
}

// TestKrackhardtOrg reads the 21 managers of Krackhardt's high-tech firm
// with their formal reports-to ties as an org chart by id: the chart has
// no cycle, and every manager is the reference's.
func TestKrackhardtOrg(t *testing.T) {
	edges := tsvRows(t, "krackhardt-hightech/Krack-High-Tec-edgelist-ReportsTo.txt")
	ref := loadReference(t)
	mgr := map[string]string{}
	for _, line := range edges {
		f := strings.Fields(strings.Join(line, " "))
		if len(f) == 3 && f[2] == "1" {
			if _, ok := mgr[f[0]]; !ok {
				mgr[f[0]] = f[1]
			}
		}
	}
	var rows [][]string
	for i := 1; i <= 21; i++ {
		id := strconv.Itoa(i)
		rows = append(rows, []string{id, "Manager " + id, mgr[id]})
	}
	data := writeCSV(t, []string{"id", "name", "reports to"}, rows)
	people, err := ReadOrg(bytes.NewReader(data), "krackhardt.csv", OrgOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range people {
		if p.ManagerID != "" {
			got[strings.TrimPrefix(p.ExternalID, "org:")] = p.ManagerID
		}
	}
	if len(people) != 21 || fmt.Sprint(got) != fmt.Sprint(ref.Krackhardt.Managers) {
		t.Errorf("%d people, managers %v\nthe reference %v", len(people), got, ref.Krackhardt.Managers)
	}
	// Making the CEO (7) report to one of their reports closes a cycle.
	rows[6][2] = "2"
	_, err = ReadOrg(bytes.NewReader(writeCSV(t, []string{"id", "name", "reports to"}, rows)), "krackhardt.csv", OrgOptions{})
	if err == nil || !strings.Contains(err.Error(), "reporting cycle of 2 people: line 3 (Manager 2) reports to line 8 (Manager 7)") {
		t.Errorf("a cycle: %v", err)
	}
}
