package tie

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

// agendaFixture: Me (1); Ana (2) key ally in Eng, cooling; Bo (3) ally in
// Eng; Cy (4) network in Sales, owed; Di (5) ended; Ed (6) across in
// Finance, adjacent to Ana; Flo (7) a powerful blocker.
func agendaFixture(t testing.TB, now time.Time) AgendaInput {
	p := DefaultParams()
	cs := []Contact{
		{ID: 2, Name: "Ana", Direction: ally.DirUp, Department: "Eng", HasRelationship: true, Tier: ally.TierKeyAlly, Status: ally.StatusAlly, Roles: []ally.RelRole{ally.RoleSponsor}, Currencies: []string{"recognition"}},
		{ID: 3, Name: "Bo", Direction: ally.DirAcross, Department: "Eng", HasRelationship: true, Tier: ally.TierAlly, Status: ally.StatusEngaged},
		{ID: 4, Name: "Cy", Direction: ally.DirAcross, Department: "Sales", HasRelationship: true, Tier: ally.TierNetwork, Status: ally.StatusEngaged, Currencies: []string{"information"}},
		{ID: 5, Name: "Di", Direction: ally.DirAcross, Department: "Eng", HasRelationship: true, Tier: ally.TierKeyAlly, Status: ally.StatusEnded},
		{ID: 6, Name: "Ed", Direction: ally.DirAcross, Department: "Finance"},
		{ID: 7, Name: "Flo", Direction: ally.DirUp, Department: "Finance", HasRelationship: true, Tier: ally.TierNetwork, Status: ally.StatusEngaged},
	}
	anaPair := pairOf(mustAgg(t, []ally.Interaction{ix(1, ally.ChanOneOnOne, now.Add(-40*Day), ini(me), to(2))}, p), me, 2)
	anaHealth := Health(HealthInput{MeID: me, PersonID: 2, Relationship: ally.Relationship{Tier: ally.TierKeyAlly, Status: ally.StatusAlly, Trust: 4}, Pair: anaPair}, now, p)
	diHealth := anaHealth
	diHealth.PersonID = 5
	return AgendaInput{
		MeID:     me,
		Contacts: cs,
		Commitments: []ally.Commitment{
			commit(11, me, 2, now.Add(-3*Day), ally.CommitOpen, time.Time{}), // mine, late
			commit(12, me, 3, now.Add(Day), ally.CommitOpen, time.Time{}),    // mine, due tomorrow
			commit(13, me, 3, now.Add(20*Day), ally.CommitOpen, time.Time{}), // mine, not soon
			commit(14, 4, me, now.Add(-5*Day), ally.CommitOpen, time.Time{}), // theirs, late
			commit(15, me, 5, now.Add(-3*Day), ally.CommitOpen, time.Time{}), // ended: no nudge
			commit(16, me, 2, now.Add(-9*Day), ally.CommitKept, now.Add(-9*Day)),
		},
		Balances: []Balance{
			{PersonID: 4, Received: 4, Net: -4, GotCount: 1},
			{PersonID: 5, Received: 4, Net: -4, GotCount: 1},
			{PersonID: 3, Given: 1, Net: 1, GaveCount: 1},
		},
		Health: []HealthResult{anaHealth, diHealth},
		Stakes: []StakeRef{
			{Initiative: ally.Initiative{ID: 100, Name: "Platform", Outcome: ally.OutcomeOpen, Target: now.Add(10 * Day)},
				Stake: ally.Stake{PersonID: 7, Stance: ally.StanceBlocker, Power: 5, Next: "walk through the budget"}},
			{Initiative: ally.Initiative{ID: 100, Name: "Platform", Outcome: ally.OutcomeOpen, Target: now.Add(10 * Day)},
				Stake: ally.Stake{PersonID: 3, Stance: ally.StanceSupporter, Power: 2, Next: "ask for a demo slot"}},
			{Initiative: ally.Initiative{ID: 101, Name: "Old", Outcome: ally.OutcomeWon},
				Stake: ally.Stake{PersonID: 3, Stance: ally.StanceSupporter, Power: 2, Next: "done"}},
		},
		Repairs: []ally.RepairPlan{
			{ID: 200, PersonID: 3, Cause: "missed deadline", Opened: now.Add(-30 * Day), Steps: []ally.RepairStep{
				{Due: now.Add(-20 * Day), What: "apologise", Done: now.Add(-20 * Day)},
				{Due: now, What: "coffee"},
				{Due: now.Add(30 * Day), What: "review"},
			}},
			{ID: 201, PersonID: 5, Cause: "conflict", Opened: now.Add(-30 * Day), Steps: []ally.RepairStep{{Due: now, What: "talk"}}},
		},
		Adjacent: []Adjacency{{AllyID: 2, PersonID: 6, Strength: 0.7}, {AllyID: 3, PersonID: 6, Strength: 0.4}, {AllyID: 2, PersonID: 5, Strength: 0.9}},
	}
}

func TestTodayKindsAndReasons(t *testing.T) {
	now := t0
	p := DefaultParams()
	in := agendaFixture(t, now)
	in.All = true
	items := Today(in, now, p)
	got := map[ItemKind][]int64{}
	for _, it := range items {
		got[it.Kind] = append(got[it.Kind], it.PersonIDs[0])
		if it.Title == "" || it.Reason == "" || it.Why == "" {
			t.Errorf("item without text: %+v", it)
		}
		if math.Abs(it.Score-it.Importance*it.Urgency) > 1e-4 {
			t.Errorf("score %v ≠ importance %v × urgency %v", it.Score, it.Importance, it.Urgency)
		}
		if it.Importance < 0 || it.Importance > 1 || it.Urgency < 0 || it.Urgency > 1 {
			t.Errorf("factors out of [0,1]: %+v", it)
		}
		for _, id := range it.PersonIDs[:1] {
			if id == 5 {
				t.Errorf("nudge about an ended relationship: %+v", it)
			}
		}
	}
	want := map[ItemKind][]int64{
		KindMyLate: {2}, KindMyDue: {3}, KindTheirLate: {4}, KindCooling: {2}, KindOwe: {4},
		KindBlocker: {7}, KindNextStep: {3}, KindRepair: {3}, KindGrow: {6},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("kinds %v, want %v", got, want)
	}
	for _, it := range items {
		switch it.Kind {
		case KindOwe:
			if !strings.Contains(it.Reason, "information") {
				t.Errorf("owe item does not suggest from their currencies: %s", it.Reason)
			}
		case KindGrow:
			if it.PersonIDs[1] != 2 || !strings.Contains(it.Reason, "no ally in Finance") {
				t.Errorf("grow item: %+v", it)
			}
			// Ed fills a department gap only: Me has allies across.
			if !strings.Contains(it.Why, "(a new department)") {
				t.Errorf("grow why %q does not name the department gap", it.Why)
			}
		case KindMyLate:
			if !strings.Contains(it.Why, "3 days late") || !strings.Contains(it.Why, "key ally") {
				t.Errorf("my-late why: %s", it.Why)
			}
		}
	}
	// Ranked by score, descending.
	for i := 1; i < len(items); i++ {
		if items[i].Score > items[i-1].Score {
			t.Fatalf("not ranked at %d: %v > %v", i, items[i].Score, items[i-1].Score)
		}
	}
	if items[0].Kind != KindMyLate {
		t.Errorf("top item %s, want my late promise to a key ally", items[0].Kind)
	}
}

func TestTodayLimitKeepsGrow(t *testing.T) {
	now := t0
	p := DefaultParams()
	p.AgendaLimit = 3
	items := Today(agendaFixture(t, now), now, p)
	if len(items) != 3 {
		t.Fatalf("%d items, want 3", len(items))
	}
	if items[2].Kind != KindGrow {
		t.Fatalf("last item %s, want a grow suggestion kept in the short list", items[2].Kind)
	}
	p.GrowSuggestions = 0
	for _, it := range Today(agendaFixture(t, now), now, p) {
		if it.Kind == KindGrow {
			t.Fatal("grow suggestion with GrowSuggestions 0")
		}
	}
}

// The agenda depends only on its input and now, not on the order of the
// slices.
func TestTodayDeterministic(t *testing.T) {
	now := t0
	p := DefaultParams()
	base := agendaFixture(t, now)
	base.All = true
	// Add many equal-score items to exercise tie breaking.
	for i := int64(0); i < 30; i++ {
		id := 1000 + i
		base.Contacts = append(base.Contacts, Contact{ID: id, Name: "P", Direction: ally.DirAcross, HasRelationship: true, Tier: ally.TierNetwork})
		base.Commitments = append(base.Commitments, commit(2000+i, id, me, now.Add(-2*Day), ally.CommitOpen, time.Time{}))
		base.Balances = append(base.Balances, Balance{PersonID: id, Received: 2, Net: -2, GotCount: 1})
	}
	want := Today(base, now, p)
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := 0; trial < 50; trial++ {
		in := base
		in.Contacts = shuffled(rng, base.Contacts)
		in.Commitments = shuffled(rng, base.Commitments)
		in.Balances = shuffled(rng, base.Balances)
		in.Stakes = shuffled(rng, base.Stakes)
		in.Repairs = shuffled(rng, base.Repairs)
		in.Adjacent = shuffled(rng, base.Adjacent)
		in.Health = shuffled(rng, base.Health)
		if got := Today(in, now, p); !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: agenda changed with input order", trial)
		}
	}
}

func shuffled[T any](rng *rand.Rand, xs []T) []T {
	out := append([]T(nil), xs...)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func TestTodayEmpty(t *testing.T) {
	if items := Today(AgendaInput{MeID: me}, t0, DefaultParams()); len(items) != 0 {
		t.Fatalf("empty input gave %+v", items)
	}
}

func TestOffer(t *testing.T) {
	if s := Offer([]string{"unknown", "gratitude"}); !strings.Contains(s, "gratitude") {
		t.Fatal(s)
	}
	if s := Offer(nil); s != "ask what would help them most" {
		t.Fatal(s)
	}
	for fam, cs := range ally.Currencies {
		for _, c := range append(cs, fam) {
			if _, ok := offers[c]; !ok {
				t.Errorf("no offer for currency %s", c)
			}
		}
	}
}
