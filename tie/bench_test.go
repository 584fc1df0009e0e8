package tie

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

// workspace is a generated workspace at the scale of the issue: people
// contacts, interactions among them, with Me = 1.
type workspace struct {
	contacts []Contact
	ins      []ally.Interaction
	aggs     []PairAgg
	myPairs  []PairAgg
	agenda   AgendaInput
}

func genWorkspace(tb testing.TB, people, interactions int) *workspace {
	tb.Helper()
	rng := rand.New(rand.NewPCG(42, uint64(people)))
	p := DefaultParams()
	now := t0
	w := &workspace{}
	depts := []string{"Eng", "Sales", "Ops", "Finance", "Legal", "HR", "Design", "Support"}
	tiers := []ally.Tier{ally.TierKeyAlly, ally.TierAlly, ally.TierNetwork, ally.TierProspect}
	for id := int64(2); id <= int64(people); id++ {
		c := Contact{ID: id, Name: fmt.Sprintf("P%d", id), Direction: ally.Directions[rng.IntN(4)],
			Department: depts[rng.IntN(len(depts))], Location: "L", Level: 1 + rng.IntN(8)}
		if rng.IntN(50) == 0 {
			c.HasRelationship, c.Tier, c.Status = true, tiers[rng.IntN(4)], ally.StatusEngaged
		}
		w.contacts = append(w.contacts, c)
	}
	w.ins = make([]ally.Interaction, interactions)
	for i := range w.ins {
		n := 2
		if rng.IntN(4) == 0 {
			n = 3 + rng.IntN(6)
		}
		ps := make([]ally.Participant, n)
		for j := range ps {
			id := int64(1 + rng.IntN(people))
			if j == 0 && rng.IntN(20) == 0 {
				id = 1
			}
			role := ally.RoleTo
			if j == 0 {
				role = ally.RoleInitiator
			}
			ps[j] = ally.Participant{PersonID: id, Role: role}
		}
		w.ins[i] = ally.Interaction{ID: int64(i + 1), Kind: ally.Channels[rng.IntN(len(ally.Channels))],
			At: now.Add(-time.Duration(rng.Int64N(int64(3 * 365 * Day)))), Participants: ps}
	}
	var err error
	w.aggs, err = Aggregate(w.ins, p)
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range w.aggs {
		if a.A == 1 {
			w.myPairs = append(w.myPairs, a)
		}
	}
	norm := NewNormaliser(w.aggs, now, p)
	in := AgendaInput{MeID: 1, Contacts: w.contacts}
	for _, a := range w.myPairs {
		c := w.contacts[a.B-2]
		if c.HasRelationship {
			in.Health = append(in.Health, Health(HealthInput{MeID: 1, PersonID: a.B, Relationship: ally.Relationship{Tier: c.Tier, Status: c.Status}, Pair: a, Norm: norm}, now, p))
		}
		if len(in.Commitments) < 500 {
			in.Commitments = append(in.Commitments, commit(int64(len(in.Commitments)+1), 1, a.B, now.Add(time.Duration(rng.IntN(20)-10)*Day), ally.CommitOpen, time.Time{}))
		}
	}
	for _, a := range w.aggs[:min(len(w.aggs), 20000)] {
		in.Adjacent = append(in.Adjacent, Adjacency{AllyID: a.A, PersonID: a.B, Strength: norm.Scale(Strength(a, now, p).Raw)})
	}
	w.agenda = in
	return w
}

// TestScale checks that the pure parts of today, map and health stay far
// below the budgets (200 ms, 200 ms, 20 ms) on 10,000 people; the
// store's reads come on top. Skipped with -short.
func TestScale(t *testing.T) {
	if testing.Short() {
		t.Skip("scale test")
	}
	w := genWorkspace(t, 10_000, 100_000)
	p := DefaultParams()
	start := time.Now()
	items := Today(w.agenda, t0, p)
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("Today took %v", d)
	}
	if len(items) == 0 || len(items) > p.AgendaLimit {
		t.Errorf("%d items", len(items))
	}
	start = time.Now()
	Coverage(CoverageInput{Contacts: w.contacts})
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("Coverage took %v", d)
	}
	start = time.Now()
	Health(HealthInput{MeID: 1, PersonID: w.myPairs[0].B, Pair: w.myPairs[0], Norm: Normaliser{Ref: 2}}, t0, p)
	if d := time.Since(start); d > 5*time.Millisecond {
		t.Errorf("Health took %v", d)
	}
}

func BenchmarkStrength(b *testing.B) {
	p := DefaultParams()
	g := pairOf(mustAgg(b, randomInteractions(rand.New(rand.NewPCG(1, 1)), 4, 100, t0.Add(-300*Day), t0), p), 1, 2)
	for b.Loop() {
		Strength(g, t0, p)
	}
}

func BenchmarkAggregate1M(b *testing.B) {
	w := genWorkspace(b, 10_000, 1_000_000)
	p := DefaultParams()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Aggregate(w.ins, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormaliser(b *testing.B) {
	w := genWorkspace(b, 10_000, 1_000_000)
	p := DefaultParams()
	b.ResetTimer()
	for b.Loop() {
		NewNormaliser(w.aggs, t0, p)
	}
}

func BenchmarkToday10k(b *testing.B) {
	w := genWorkspace(b, 10_000, 1_000_000)
	p := DefaultParams()
	b.ResetTimer()
	for b.Loop() {
		Today(w.agenda, t0, p)
	}
}

func BenchmarkCoverage10k(b *testing.B) {
	w := genWorkspace(b, 10_000, 10_000)
	for b.Loop() {
		Coverage(CoverageInput{Contacts: w.contacts})
	}
}
