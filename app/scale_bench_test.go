package app_test

// Benchmarks of the relationship use cases at the scale of the issue: a
// workspace of 10,000 people and 1,000,000 interactions. The targets are
// `ally today` and `ally map` under 200 ms and `ally health P` under 20 ms
// (see docs/benchmarks-relationships.md for the figures).
//
//	go test -run XXX -bench 10k1M -benchtime 20x ./app/
//
// The workspace is built once per test binary, on the first benchmark that
// needs it (never by a TestXxx), in a temporary directory that TestMain
// removes at exit. Building it takes a few minutes; the first benchmark
// logs the time of each phase.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/store"
)

const (
	scalePeople       = 10_000 // Me included
	scaleInteractions = 1_000_000
	scaleDepartments  = 40
	scaleExternal     = 200 // people of other organisations
	scaleBatch        = 50_000
	scaleWorkspace    = "scale"
)

// scaleWS is the shared workspace: built once, read by every benchmark.
var scaleWS struct {
	once    sync.Once
	dir     string
	db      *store.DB
	err     error
	now     time.Time // a day after the last interaction
	keyAlly int64     // a key ally of Me, for Health and Log
	phases  []phase   // setup cost, by phase
}

type phase struct {
	name string
	d    time.Duration
}

func TestMain(m *testing.M) {
	code := m.Run()
	if scaleWS.db != nil {
		scaleWS.db.Close()
	}
	if scaleWS.dir != "" {
		os.RemoveAll(scaleWS.dir)
	}
	os.Exit(code)
}

// scaleApp returns the shared workspace opened at scaleWS.now, building it
// on first use. The build is outside every benchmark's timer.
func scaleApp(b *testing.B) *app.App {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	first := false
	scaleWS.once.Do(func() {
		first = true
		scaleWS.err = buildScale(b)
	})
	if scaleWS.err != nil {
		b.Fatal(scaleWS.err)
	}
	if first {
		var total time.Duration
		for _, p := range scaleWS.phases {
			b.Logf("setup %-48s %7.1f s", p.name, p.d.Seconds())
			total += p.d
		}
		b.Logf("setup %-48s %7.1f s", "total", total.Seconds())
	}
	ctx := context.Background()
	a, err := app.Open(ctx, scaleWS.db, scaleWorkspace, scaleWS.now)
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// Workspace settings that record the benchmark's clock and key ally, so
// that a database kept with ALLY_SCALE_DB is reused as built.
const (
	settingBenchNow     = "bench.now"
	settingBenchKeyAlly = "bench.key_ally"
)

// buildScale creates the database and the workspace (see the package
// comment above for the shape) in a temporary directory. When the
// environment variable ALLY_SCALE_DB names a file, the database is kept
// there instead, and reused as it is when the file already exists (to
// iterate on the code without rebuilding; BenchmarkLog10k1M adds a few
// interactions to it on each run).
func buildScale(b *testing.B) error {
	ctx := context.Background()
	path := os.Getenv("ALLY_SCALE_DB")
	if path == "" {
		dir, err := os.MkdirTemp("", "ally-scale-bench-")
		if err != nil {
			return err
		}
		scaleWS.dir = dir
		path = filepath.Join(dir, "ally.db")
	} else if _, err := os.Stat(path); err == nil {
		return openScale(ctx, path)
	}
	b.Logf("building the workspace in %s", path)
	db, err := store.Open(ctx, path, true)
	if err != nil {
		return err
	}
	scaleWS.db = db
	r := rand.New(rand.NewPCG(2024, 10_000))
	end := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	start := end.AddDate(-3, 0, 0)
	// People were created before the interactions they take part in.
	db.Now = func() time.Time { return start.Add(-24 * time.Hour) }
	step := func(name string, t0 time.Time) {
		scaleWS.phases = append(scaleWS.phases, phase{name, time.Since(t0)})
	}

	// People: a CEO; per department a head, 9 managers and their reports;
	// Me a manager in department 0; scaleExternal people outside.
	t0 := time.Now()
	depts := make([]string, scaleDepartments)
	for i := range depts {
		depts[i] = fmt.Sprintf("Dept %02d", i)
	}
	locations := []string{"London", "Paris", "Berlin", "New York", "Austin", "Singapore", "Sydney", "Remote"}
	currencies := []string{"recognition", "visibility", "help", "information", "resources", "gratitude", "vision", "contacts"}
	me := &ally.Person{Name: "Me Myself", Emails: []string{"me@corp.example"}, Title: "Engineering Manager",
		Department: depts[0], Location: locations[0], Level: 3}
	a, err := app.Init(ctx, db, scaleWorkspace, me)
	if err != nil {
		return err
	}
	ws := a.WS.ID
	ids := []int64{me.ID}                 // every person; ids[0] is Me
	deptOf := map[int64]int{me.ID: 0}     // department index, -1 outside
	byDept := make([][]int64, len(depts)) // internal people by department
	byDept[0] = append(byDept[0], me.ID)
	internal := scalePeople - scaleExternal
	perDept := (internal - 1) / len(depts) // CEO aside
	n := 1
	err = db.Update(ctx, store.In(ws), func(tx *store.Tx) error {
		add := func(p *ally.Person, dept int) error {
			p.Emails = []string{fmt.Sprintf("p%05d@corp.example", n)}
			if dept < 0 {
				p.Emails = []string{fmt.Sprintf("p%05d@partner%d.example", n, n%7)}
			}
			p.Location = locations[r.IntN(len(locations))]
			if r.IntN(10) == 0 {
				p.Tags = []ally.Tag{{Kind: ally.TagCurrency, Value: currencies[r.IntN(len(currencies))]}}
			}
			if err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
			n++
			ids = append(ids, p.ID)
			deptOf[p.ID] = dept
			if dept >= 0 {
				byDept[dept] = append(byDept[dept], p.ID)
			}
			return nil
		}
		ceo := &ally.Person{Name: "Chief Executive", Title: "CEO", Level: 1}
		if err := add(ceo, 0); err != nil {
			return err
		}
		for d := range depts {
			head := &ally.Person{Name: fmt.Sprintf("Head of %s", depts[d]), Title: "VP", Department: depts[d], ManagerID: ceo.ID, Level: 2}
			if err := add(head, d); err != nil {
				return err
			}
			if d == 0 {
				if err := tx.SetManager(ctx, me.ID, head.ID); err != nil {
					return err
				}
			}
			mgrs := []int64{}
			if d == 0 {
				mgrs = append(mgrs, me.ID)
			}
			for len(mgrs) < 10 {
				m := &ally.Person{Name: fmt.Sprintf("Manager %d-%d", d, len(mgrs)), Title: "Manager", Department: depts[d], ManagerID: head.ID, Level: 3}
				if err := add(m, d); err != nil {
					return err
				}
				mgrs = append(mgrs, m.ID)
			}
			for len(byDept[d]) < perDept {
				k := len(byDept[d])
				p := &ally.Person{Name: fmt.Sprintf("Person %d-%03d", d, k), Title: "Engineer", Department: depts[d],
					ManagerID: mgrs[k%len(mgrs)], Level: 4}
				if err := add(p, d); err != nil {
					return err
				}
			}
		}
		for len(ids) < scalePeople {
			p := &ally.Person{Name: fmt.Sprintf("Partner %03d", len(ids)), Organisation: fmt.Sprintf("Partner %d", len(ids)%7)}
			if err := add(p, -1); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	step(fmt.Sprintf("%d people", len(ids)), t0)

	// Interactions: ~85% email (sender + 1–5 recipients, each of Me's
	// department with probability 0.7), ~8% meetings (3–8 people), ~5%
	// one-on-ones, ~2% calls; Me in ~2% of them, mostly with the people of
	// a fixed circle (whom Me later records relationships with).
	t0 = time.Now()
	circle := make([]int64, 0, 400)
	for len(circle) < cap(circle) {
		var id int64
		if r.IntN(2) == 0 {
			id = byDept[0][1+r.IntN(len(byDept[0])-1)]
		} else {
			id = ids[1+r.IntN(len(ids)-1)]
		}
		if !slices.Contains(circle, id) {
			circle = append(circle, id)
		}
	}
	local := func(near int64) int64 {
		if d := deptOf[near]; d >= 0 && r.Float64() < 0.7 {
			return byDept[d][r.IntN(len(byDept[d]))]
		}
		return ids[r.IntN(len(ids))]
	}
	span := end.Sub(start)
	var last time.Time
	inserted := 0
	for lo := 0; lo < scaleInteractions; lo += scaleBatch {
		batch := make([]*ally.Interaction, 0, scaleBatch)
		for i := lo; i < lo+scaleBatch && i < scaleInteractions; i++ {
			// Chronological, as imports are, with jitter inside each slot.
			slot := span / scaleInteractions // span·i would overflow
			at := start.Add(slot*time.Duration(i) + time.Duration(r.Int64N(int64(slot)))).Truncate(time.Second)
			in := &ally.Interaction{At: at}
			var size int
			switch x := r.IntN(100); {
			case x < 85:
				in.Kind, in.Source, size = ally.ChanEmail, ally.SourceEmail, 2+r.IntN(5)
				in.ExternalID = fmt.Sprintf("<%d@mail.corp.example>", i)
				in.Subject = fmt.Sprintf("Re: topic %d", r.IntN(5000))
			case x < 93:
				in.Kind, in.Source, size = ally.ChanMeeting, ally.SourceCalendar, 3+r.IntN(6)
				in.ExternalID = fmt.Sprintf("cal-%d", i)
				in.Subject = "Weekly sync"
			case x < 98:
				in.Kind, in.Source, size = ally.ChanOneOnOne, ally.SourceCalendar, 2
				in.ExternalID = fmt.Sprintf("cal-%d", i)
			default:
				in.Kind, in.Source, size = ally.ChanCall, ally.SourceCSV, 2
				in.ExternalID = fmt.Sprintf("call-%d", i)
			}
			var first int64
			if r.IntN(50) == 0 { // Me takes part
				other := circle[r.IntN(len(circle))]
				if r.IntN(3) == 0 {
					other = local(me.ID)
				}
				for other == me.ID {
					other = local(me.ID)
				}
				second := other
				first = me.ID
				if r.IntN(2) == 0 {
					first, second = other, me.ID
				}
				in.Participants = append(in.Participants, ally.Participant{PersonID: first, Role: ally.RoleInitiator},
					ally.Participant{PersonID: second, Role: ally.RoleTo})
			} else {
				first = ids[1+r.IntN(len(ids)-1)]
				in.Participants = append(in.Participants, ally.Participant{PersonID: first, Role: ally.RoleInitiator})
			}
			for tries := 0; len(in.Participants) < size && tries < 50; tries++ {
				id := local(first)
				dup := false
				for _, p := range in.Participants {
					dup = dup || p.PersonID == id
				}
				if dup {
					continue
				}
				role := ally.RoleTo
				if in.Kind == ally.ChanEmail && len(in.Participants) > 1 && r.IntN(4) == 0 {
					role = ally.RoleCC
				}
				in.Participants = append(in.Participants, ally.Participant{PersonID: id, Role: role})
			}
			batch = append(batch, in)
			last = at
		}
		err := db.Update(ctx, store.In(ws), func(tx *store.Tx) error {
			k, err := tx.CreateInteractions(ctx, batch)
			inserted += k
			return err
		})
		if err != nil {
			return err
		}
	}
	if inserted != scaleInteractions {
		return fmt.Errorf("inserted %d interactions, want %d", inserted, scaleInteractions)
	}
	step(fmt.Sprintf("%d interactions (batches of %d)", inserted, scaleBatch), t0)

	// Relationships (150 of the circle: 15 key allies, 45 allies, 90
	// network; a few strained or dormant), Me's commitments and ledger,
	// two initiatives with stakes and a repair plan, dated in the last year.
	t0 = time.Now()
	scaleWS.now = last.Add(24 * time.Hour)
	db.Now = func() time.Time { return scaleWS.now }
	now := scaleWS.now
	ago := func(maxDays int) time.Time {
		return now.Add(-time.Duration(1+r.IntN(maxDays)) * 24 * time.Hour).Truncate(time.Second)
	}
	err = db.Update(ctx, store.In(ws), func(tx *store.Tx) error {
		rels := circle[:150]
		for i, id := range rels {
			rel := &ally.Relationship{PersonID: id, Tier: ally.TierNetwork, Status: ally.StatusEngaged, Trust: 1 + r.IntN(5), Updated: ago(365)}
			switch {
			case i < 15:
				rel.Tier = ally.TierKeyAlly
			case i < 60:
				rel.Tier = ally.TierAlly
			}
			switch {
			case i%37 == 5:
				rel.Status = ally.StatusStrained
			case i%23 == 7:
				rel.Status = ally.StatusDormant
			case i%11 == 3:
				rel.Status = ally.StatusAlly
			}
			if i%19 == 0 {
				rel.Roles = []ally.RelRole{ally.RoleSponsor}
			}
			if err := tx.PutRelationship(ctx, rel); err != nil {
				return err
			}
			if rel.Status == ally.StatusStrained {
				opened := ago(30)
				if err := tx.CreateRepairPlan(ctx, &ally.RepairPlan{PersonID: id, Cause: "missed a deadline", Opened: opened,
					Steps: []ally.RepairStep{{Due: opened.AddDate(0, 0, 3), What: "one-on-one"}, {Due: opened.AddDate(0, 0, 14), What: "check in"}}}); err != nil {
					return err
				}
			}
		}
		scaleWS.keyAlly = rels[0]
		for i := 0; i < 300; i++ {
			other := rels[r.IntN(len(rels))]
			c := &ally.Commitment{FromID: me.ID, ToID: other, What: fmt.Sprintf("deliver item %d", i), Created: ago(365)}
			if i%2 == 1 {
				c.FromID, c.ToID = other, me.ID
			}
			c.Due = c.Created.AddDate(0, 0, 7+r.IntN(30))
			if i < 240 { // closed; the rest stay open, some of them late
				c.Status = []ally.CommitmentStatus{ally.CommitKept, ally.CommitKept, ally.CommitKept, ally.CommitBroken, ally.CommitReleased}[r.IntN(5)]
				c.Closed = c.Due.Add(time.Duration(r.IntN(96)-48) * time.Hour)
				if c.Closed.Before(c.Created) {
					c.Closed = c.Created
				}
			}
			if err := tx.CreateCommitment(ctx, c); err != nil {
				return err
			}
		}
		kinds := []ally.ExchangeKind{ally.GaveHelp, ally.GaveKnowledge, ally.GaveIntroduction, ally.GaveRecognition}
		sizes := []ally.Size{ally.SizeSmall, ally.SizeSmall, ally.SizeMedium, ally.SizeLarge}
		for i := 0; i < 600; i++ {
			e := &ally.Exchange{FromID: me.ID, ToID: rels[r.IntN(len(rels))], What: fmt.Sprintf("favour %d", i),
				Kind: kinds[r.IntN(len(kinds))], Size: sizes[r.IntN(len(sizes))], At: ago(3 * 365)}
			if r.IntN(2) == 0 {
				e.FromID, e.ToID = e.ToID, e.FromID
			}
			if err := tx.CreateExchange(ctx, e); err != nil {
				return err
			}
		}
		stances := []ally.Stance{ally.StanceChampion, ally.StanceSupporter, ally.StanceNeutral, ally.StanceUnknown, ally.StanceSkeptic, ally.StanceBlocker}
		for g := 0; g < 2; g++ {
			in := &ally.Initiative{Name: fmt.Sprintf("Initiative %d", g+1), Purpose: "platform migration",
				Target: now.AddDate(0, 2+g, 0), Created: ago(120)}
			if err := tx.CreateInitiative(ctx, in); err != nil {
				return err
			}
			for k := 0; k < 25; k++ {
				who := circle[r.IntN(len(circle))]
				if k == 0 {
					who = byDept[0][1] // the CEO
				}
				if err := tx.PutStake(ctx, &ally.Stake{InitiativeID: in.ID, PersonID: who, Stance: stances[r.IntN(len(stances))],
					Power: 1 + r.IntN(5), Interest: 1 + r.IntN(5), Updated: ago(100)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	step("relationships, commitments, exchanges, stakes", t0)

	// The tie aggregates, as the product builds them.
	t0 = time.Now()
	a, err = app.Open(ctx, db, scaleWorkspace, scaleWS.now)
	if err != nil {
		return err
	}
	if err := a.RebuildTies(ctx); err != nil {
		return err
	}
	step("tie aggregates (App.RebuildTies)", t0)
	return db.Update(ctx, store.In(ws), func(tx *store.Tx) error {
		if err := tx.SetSetting(ctx, settingBenchNow, scaleWS.now.Format(time.RFC3339)); err != nil {
			return err
		}
		return tx.SetSetting(ctx, settingBenchKeyAlly, strconv.FormatInt(scaleWS.keyAlly, 10))
	})
}

// openScale opens a workspace built by an earlier run.
func openScale(ctx context.Context, path string) error {
	db, err := store.Open(ctx, path, false)
	if err != nil {
		return err
	}
	scaleWS.db = db
	w, err := db.FindWorkspaceByName(ctx, scaleWorkspace)
	if err != nil {
		return err
	}
	return db.View(ctx, store.In(w.ID), func(tx *store.Tx) error {
		now, err := tx.Setting(ctx, settingBenchNow)
		if err != nil {
			return err
		}
		if scaleWS.now, err = time.Parse(time.RFC3339, now); err != nil {
			return fmt.Errorf("%s: not a complete benchmark workspace (%v); remove it", path, err)
		}
		ka, err := tx.Setting(ctx, settingBenchKeyAlly)
		if err != nil {
			return err
		}
		scaleWS.keyAlly, err = strconv.ParseInt(ka, 10, 64)
		return err
	})
}

func BenchmarkToday10k1M(b *testing.B) {
	a := scaleApp(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		ag, err := a.Today(ctx, app.TodayOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if ag.Total == 0 {
			b.Fatal("empty agenda")
		}
	}
}

func BenchmarkMap10k1M(b *testing.B) {
	a := scaleApp(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Map(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHealth10k1M(b *testing.B) {
	a := scaleApp(b)
	ctx := context.Background()
	ref := scaleWS.keyAlly
	b.ReportAllocs()
	for b.Loop() {
		hv, err := a.Health(ctx, ref)
		if err != nil {
			b.Fatal(err)
		}
		if len(hv.Timeline) == 0 {
			b.Fatal("empty timeline")
		}
	}
}

// BenchmarkLog10k1M records one email from Me to a key ally per op (as
// `ally log email --with P` does), folding it into the tie aggregates. It
// runs last: each op adds an interaction at scaleWS.now, which leaves the
// stored aggregates current.
func BenchmarkLog10k1M(b *testing.B) {
	a := scaleApp(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Log(ctx, app.LogInput{Kind: ally.ChanEmail, With: []int64{scaleWS.keyAlly}, Subject: "benchmark"}); err != nil {
			b.Fatal(err)
		}
	}
}
