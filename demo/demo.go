// Package demo builds the demo workspace from a real organisation: Enron's
// employees and their internal email (see data/SOURCE.md), with Jeff
// Dasovich of Government Affairs as Me, an inferred org chart, and a few
// clearly marked illustrative initiatives, ledger entries and commitments.
package demo

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/store"
)

//go:embed data/*.tsv
var data embed.FS

// Name is the demo workspace's name.
const Name = "demo"

// MeID is Jeff Dasovich's id in employees.tsv.
const MeID = 20

// Today is the demo's clock: the data runs to the end of 2001, and Me's
// email is busiest until October 2001. The workspace stores it as its clock
// setting so that commands without --now see the demo as it was then.
var Today = time.Date(2001, 11, 1, 12, 0, 0, 0, time.UTC)

// Options controls Build.
type Options struct {
	Reset bool      // replace an existing demo workspace
	Now   time.Time // the clock for rows the data does not date; zero: the real time
	// Progress, when set, hears how the build goes (see
	// app.ImportOptions.Progress); nil reports nothing.
	Progress func(phase string, done, total int)
}

// Build creates the demo workspace in one transaction and returns it.
func Build(ctx context.Context, db *store.DB, opt Options) (*ally.Workspace, error) {
	if opt.Progress != nil {
		opt.Progress("reading the demo data", 0, 0)
	}
	d, err := Dump()
	if err != nil {
		return nil, err
	}
	// A year of monthly snapshots, each computed as of its date from the
	// real email and the examples, so that `ally roi` has a real trend. They
	// are written in the import's transaction: a demo interrupted half-way
	// leaves nothing, and the next `ally demo` starts clean.
	var snaps []time.Time
	for m := 12; m >= 0; m-- {
		snaps = append(snaps, time.Date(Today.Year(), Today.Month()-time.Month(m), 1, 12, 0, 0, 0, time.UTC))
	}
	w, err := app.Import(ctx, db, d, app.ImportOptions{Replace: opt.Reset, Snapshots: snaps, Now: opt.Now, Progress: opt.Progress})
	if ally.ErrorCode(err) == ally.ECONFLICT {
		return nil, ally.Errorf(ally.ECONFLICT, "the demo workspace already exists").WithHint(ally.HintResetDemo)
	}
	if err != nil {
		return nil, err
	}
	return w, nil
}

type employee struct {
	id                       int64
	name, group, dept, title string
	senior                   bool
	rank                     int
}

// rank orders titles by seniority: 1 is a chief executive, 7 an individual
// contributor. The data's titles are abbreviations ("Mng Dir", "Cnsl").
func rank(title string) int {
	t := strings.ToLower(title)
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '&' || r == ',' }) {
		words[w] = true
	}
	// Whole words: "Director" contains "cto".
	switch {
	case words["ceo"] || strings.HasPrefix(t, "president"):
		return 1
	case words["asst"]:
		return 4
	case words["coo"] || words["cro"] || words["cfo"] || words["cto"] || strings.Contains(t, "chief of staff") ||
		strings.Contains(t, "gen cnsl"):
		return 2
	case words["mng"] && (words["dir"] || words["director"]):
		return 3
	case words["vp"]:
		return 4
	case words["dir"] || words["director"]:
		return 5
	case words["mgr"]:
		return 6
	}
	return 7
}

func readTSV(name string, cols int, fn func(line int, f []string) error) error {
	b, err := data.ReadFile("data/" + name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for n := 1; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < cols {
			return fmt.Errorf("demo/data/%s:%d: want %d fields, got %d", name, n, cols, len(f))
		}
		if err := fn(n, f); err != nil {
			return fmt.Errorf("demo/data/%s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}

// Anchored reporting lines from the public record; everything else is
// inferred (see inferManagers).
var anchors = map[int64]int64{
	124: 68,  // Jeff Skilling → Kenneth Lay
	61:  68,  // Steven Kean → Kenneth Lay
	25:  68,  // James Derrick (general counsel) → Kenneth Lay
	11:  124, // Rick Buy (chief risk officer) → Jeff Skilling
	147: 124, // Greg Whalley → Jeff Skilling
	56:  68,  // Stanley Horton (ETS) → Kenneth Lay
	122: 61,  // Richard Shapiro → Steven Kean
	131: 122, // James Steffes → Richard Shapiro
	20:  131, // Jeff Dasovich → James Steffes
	46:  131, // Mary Hain → James Steffes
}

// Division heads: departments whose name starts with a key report to it.
var divisions = []struct {
	prefix string
	head   int64
}{
	{"ENA ", 67},              // ENA desks → John Lavorato, ENA President & CEO
	{"Energy Operations", 67}, // operations → Lavorato
	{"EWS", 147},              // Enron Wholesale Services → Greg Whalley
	{"ETS", 56},               // Enron Transportation Services → Stanley Horton
	{"Enron", 68},             // corporate → Kenneth Lay
	{"Regulatory and Government Affairs", 122},
}

// inferManagers builds the org chart: anchors first; then in each
// department the most senior title heads it (ties: more email sent, then
// lower id) and reports to the division head; everyone else reports to the
// more senior colleague in the department they exchanged most email with.
func inferManagers(emps []*employee, volume map[[2]int64]int, sent map[int64]int) map[int64]int64 {
	mgr := map[int64]int64{}
	for k, v := range anchors {
		mgr[k] = v
	}
	byDept := map[string][]*employee{}
	for _, e := range emps {
		byDept[e.dept] = append(byDept[e.dept], e)
	}
	depts := make([]string, 0, len(byDept))
	for d := range byDept {
		depts = append(depts, d)
	}
	sort.Strings(depts)
	for _, d := range depts {
		es := byDept[d]
		var division int64
		for _, dv := range divisions {
			if strings.HasPrefix(d, dv.prefix) {
				division = dv.head
				break
			}
		}
		if division == 0 {
			continue // NA, EES: no reporting line can be inferred
		}
		head := es[0]
		for _, e := range es[1:] {
			if e.rank < head.rank || (e.rank == head.rank && (sent[e.id] > sent[head.id] ||
				(sent[e.id] == sent[head.id] && e.id < head.id))) {
				head = e
			}
		}
		for _, e := range es {
			if _, ok := mgr[e.id]; ok || e.id == 68 {
				continue
			}
			if e == head {
				if division != e.id {
					mgr[e.id] = division
				}
				continue
			}
			var best *employee
			for _, o := range es {
				if o.rank >= e.rank {
					continue
				}
				if best == nil {
					best = o
					continue
				}
				vo, vb := volume[pair(e.id, o.id)], volume[pair(e.id, best.id)]
				if vo > vb || (vo == vb && (o.rank < best.rank || (o.rank == best.rank && o.id < best.id))) {
					best = o
				}
			}
			if best == nil {
				best = head
			}
			mgr[e.id] = best.id
		}
	}
	return mgr
}

func pair(a, b int64) [2]int64 {
	if a > b {
		a, b = b, a
	}
	return [2]int64{a, b}
}

// Dump returns the demo workspace as an export document.
func Dump() (*app.Dump, error) {
	var emps []*employee
	err := readTSV("employees.tsv", 7, func(_ int, f []string) error {
		id, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return err
		}
		emps = append(emps, &employee{id: id, name: f[1], group: f[2], dept: f[3], title: f[4], senior: f[6] == "Senior", rank: rank(f[4])})
		return nil
	})
	if err != nil {
		return nil, err
	}
	emails := map[string]string{}
	if err := readTSV("custodians.tsv", 3, func(_ int, f []string) error {
		emails[f[2]] = f[1]
		return nil
	}); err != nil {
		return nil, err
	}

	// Messages and recipients become email interactions.
	type msg struct {
		at      int64
		subject string
		from    int64
		to      []int64
	}
	msgs := map[int64]*msg{}
	var order []int64
	if err := readTSV("messages.tsv", 5, func(_ int, f []string) error {
		id, err1 := strconv.ParseInt(f[0], 10, 64)
		at, err2 := strconv.ParseInt(f[2], 10, 64)
		from, err3 := strconv.ParseInt(f[4], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil {
			return fmt.Errorf("bad number in %q", strings.Join(f, " "))
		}
		msgs[id] = &msg{at: at, subject: f[3], from: from}
		order = append(order, id)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readTSV("recipients.tsv", 3, func(_ int, f []string) error {
		id, err1 := strconv.ParseInt(f[0], 10, 64)
		to, err2 := strconv.ParseInt(f[2], 10, 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("bad number in %q", strings.Join(f, " "))
		}
		if m := msgs[id]; m != nil && to != m.from {
			for _, x := range m.to {
				if x == to {
					return nil
				}
			}
			m.to = append(m.to, to)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	volume := map[[2]int64]int{}
	sent := map[int64]int{}
	for _, id := range order {
		m := msgs[id]
		sent[m.from]++
		for _, t := range m.to {
			volume[pair(m.from, t)]++
		}
	}
	mgr := inferManagers(emps, volume, sent)

	created := time.Date(1998, 11, 1, 0, 0, 0, 0, time.UTC)
	d := &app.Dump{Format: app.DumpFormat, Version: app.DumpVersion,
		Workspace: app.DumpWorkspace{Name: Name, MeID: MeID, Created: created},
		Settings:  map[string]string{"clock": Today.Format(time.RFC3339)}}
	// Levels are depths in the inferred chart (Kenneth Lay = 1).
	var depth func(id int64, n int) int
	depth = func(id int64, n int) int {
		if m, ok := mgr[id]; ok && n < 20 {
			return depth(m, n+1)
		}
		return n + 1
	}
	for _, e := range emps {
		p := &ally.Person{ID: e.id, Name: e.name, Title: e.title, Department: e.dept, Team: e.group,
			ManagerID: mgr[e.id], Created: created, Updated: created}
		if _, ok := mgr[e.id]; ok || e.id == 68 {
			p.Level = depth(e.id, 0)
		}
		if em := emails[e.name]; em != "" {
			p.Emails = []string{em}
		}
		d.People = append(d.People, p)
	}
	for _, x := range outsiders {
		p := x.person
		p.Created, p.Updated = created, created
		d.People = append(d.People, &p)
	}
	for _, id := range order {
		m := msgs[id]
		if len(m.to) == 0 {
			continue
		}
		in := &ally.Interaction{ID: id, Kind: ally.ChanEmail, At: time.Unix(m.at, 0).UTC(), Subject: m.subject,
			Source: ally.SourceDemo, ExternalID: "enron-" + strconv.FormatInt(id, 10),
			Participants: []ally.Participant{{PersonID: m.from, Role: ally.RoleInitiator}}}
		for _, t := range m.to {
			in.Participants = append(in.Participants, ally.Participant{PersonID: t, Role: ally.RoleTo})
		}
		d.Interactions = append(d.Interactions, in)
	}
	d.Relationships = relationships(volume)
	if err := addExamples(d); err != nil {
		return nil, err
	}
	return d, nil
}

// relationships assigns Me's tiers by email volume with Me before Today:
// the five largest correspondents are key allies, the next ten allies, and
// everyone else with at least five emails network.
func relationships(volume map[[2]int64]int) []*ally.Relationship {
	type pv struct {
		id int64
		n  int
	}
	var ps []pv
	for k, n := range volume {
		switch {
		case k[0] == MeID:
			ps = append(ps, pv{k[1], n})
		case k[1] == MeID:
			ps = append(ps, pv{k[0], n})
		}
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].n != ps[j].n {
			return ps[i].n > ps[j].n
		}
		return ps[i].id < ps[j].id
	})
	var out []*ally.Relationship
	for i, p := range ps {
		r := &ally.Relationship{PersonID: p.id, Updated: Today.AddDate(0, -1, 0)}
		switch {
		case i < 5:
			r.Tier, r.Status, r.Trust = ally.TierKeyAlly, ally.StatusAlly, 4
		case i < 15:
			r.Tier, r.Status, r.Trust = ally.TierAlly, ally.StatusAlly, 3
		case p.n >= 5:
			r.Tier, r.Status = ally.TierNetwork, ally.StatusEngaged
		default:
			continue
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PersonID < out[j].PersonID })
	return out
}
