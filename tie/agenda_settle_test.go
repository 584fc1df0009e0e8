package tie

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

func TestDebts(t *testing.T) {
	now := t0
	p := DefaultParams()
	late := commit(1, me, ana, now.Add(-3*Day), ally.CommitOpen, time.Time{})
	later := commit(2, me, ana, now.Add(-9*Day), ally.CommitOpen, time.Time{})
	soon := commit(3, me, ana, now.Add(Day), ally.CommitOpen, time.Time{})
	theirs := commit(4, ana, me, now.Add(-5*Day), ally.CommitOpen, time.Time{})
	kept := commit(5, me, ana, now.Add(-5*Day), ally.CommitKept, now.Add(-6*Day))
	other := commit(6, me, 9, now.Add(-5*Day), ally.CommitOpen, time.Time{})
	owe := Balance{PersonID: ana, Received: 4, Net: -4, ReceivedSize: 4, NetSize: -4, GotCount: 1}
	even := Balance{PersonID: ana, Received: 1, Net: -1, GotCount: 1} // under the threshold of 1.5
	for _, tc := range []struct {
		name     string
		strained bool
		cs       []ally.Commitment
		b        Balance
		want     []DebtKind
		ids      []int64 // the promises, in order
	}{
		{"nothing owed", false, []ally.Commitment{soon, theirs, kept, other}, even, nil, nil},
		{"late promises, most overdue first", false, []ally.Commitment{late, later, soon}, even, []DebtKind{DebtDeliver, DebtDeliver}, []int64{2, 1}},
		{"a ledger debt over the threshold", false, nil, owe, []DebtKind{DebtGiveBack}, nil},
		{"deliver before giving back", false, []ally.Commitment{late}, owe, []DebtKind{DebtDeliver, DebtGiveBack}, []int64{1}},
		{"strained: repair first", true, []ally.Commitment{late}, owe, []DebtKind{DebtRepair, DebtDeliver, DebtGiveBack}, []int64{1}},
		{"strained and nothing else owed", true, nil, even, []DebtKind{DebtRepair}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := Debts(me, ana, tc.strained, tc.cs, tc.b, now, p)
			var kinds []DebtKind
			var ids []int64
			for _, d := range ds {
				kinds = append(kinds, d.Kind)
				if d.Kind == DebtDeliver {
					ids = append(ids, d.CommitmentID)
					if d.DaysLate < 1 || d.What == "" {
						t.Errorf("late promise without its lateness or what: %+v", d)
					}
				}
				if d.Kind == DebtGiveBack && (d.Owe != 4 || d.OweSize != 4) {
					t.Errorf("owe %v (plain %v), want 4 both", d.Owe, d.OweSize)
				}
			}
			if !slices.Equal(kinds, tc.want) || !slices.Equal(ids, tc.ids) {
				t.Errorf("debts %v %v, want %v %v", kinds, ids, tc.want, tc.ids)
			}
		})
	}
}

// settleInput: Me (1) owes Cy (4) a late promise and a favour, and Cy has
// a next step with an ask on an initiative; Ivy (8) is strained, owes Me a
// late promise and has a next step too; Jo (9) is strained without a
// repair plan.
func settleInput(now time.Time) AgendaInput {
	g := ally.Initiative{ID: 100, Name: "Platform", Outcome: ally.OutcomeOpen, Target: now.Add(5 * Day)}
	return AgendaInput{
		MeID: me,
		Contacts: []Contact{
			{ID: 4, Name: "Cy", Direction: ally.DirAcross, HasRelationship: true, Tier: ally.TierAlly, Status: ally.StatusEngaged, Currencies: []string{"recognition"}},
			{ID: 8, Name: "Ivy", Direction: ally.DirAcross, HasRelationship: true, Tier: ally.TierKeyAlly, Status: ally.StatusStrained},
			{ID: 9, Name: "Jo", Direction: ally.DirAcross, HasRelationship: true, Tier: ally.TierNetwork, Status: ally.StatusStrained},
		},
		Commitments: []ally.Commitment{
			commit(21, me, 4, now.Add(-3*Day), ally.CommitOpen, time.Time{}), // mine to Cy, late
			commit(22, 8, me, now.Add(-9*Day), ally.CommitOpen, time.Time{}), // Ivy's to Me, late
		},
		Balances: []Balance{{PersonID: 4, Received: 4, Net: -4, ReceivedSize: 4, NetSize: -4, GotCount: 1}},
		Stakes: []StakeRef{
			{Initiative: g, Stake: ally.Stake{PersonID: 4, Stance: ally.StanceNeutral, Power: 5, Next: "pitch it", Ask: "co-sponsor"}},
			{Initiative: g, Stake: ally.Stake{PersonID: 8, Stance: ally.StanceSkeptic, Power: 5, Next: "walk through it"}},
		},
		Repairs: []ally.RepairPlan{{ID: 300, PersonID: 8, Cause: "missed the review", Opened: now.Add(-10 * Day),
			Steps: []ally.RepairStep{{Due: now.Add(-Day), What: "coffee, listen"}}}},
	}
}

// TestTodaySettlesFirst: the ask waits behind the debt, and a strained
// person gets the repair step first and no asks.
func TestTodaySettlesFirst(t *testing.T) {
	now := t0
	p := DefaultParams()
	in := settleInput(now)
	in.All = true
	items := Today(in, now, p)
	rank := map[ItemKind]map[int64]int{}
	for i, it := range items {
		if rank[it.Kind] == nil {
			rank[it.Kind] = map[int64]int{}
		}
		rank[it.Kind][it.PersonIDs[0]] = i + 1
	}
	pos := func(k ItemKind, id int64) int { return rank[k][id] }
	for _, tc := range []struct {
		name        string
		first, then int // ranks (1-based); 0: absent
	}{
		{"Cy: deliver before the ask", pos(KindMyLate, 4), pos(KindNextStep, 4)},
		{"Cy: give back before the ask", pos(KindOwe, 4), pos(KindNextStep, 4)},
		{"Ivy: repair before anything", pos(KindRepair, 8), 1 + len(items)},
		{"Jo: a repair step without a plan", pos(KindRepair, 9), 1 + len(items)},
	} {
		if tc.first == 0 || tc.then == 0 || tc.first >= tc.then {
			t.Errorf("%s: ranks %d then %d; agenda %v", tc.name, tc.first, tc.then, titles(items))
		}
	}
	// No asks of a strained person: neither chasing Ivy's late promise nor
	// the initiative's next step with her (the repair item names them).
	for _, k := range []ItemKind{KindTheirLate, KindNextStep, KindBlocker} {
		if pos(k, 8) != 0 {
			t.Errorf("an ask (%s) of Ivy, who is strained: %v", k, titles(items))
		}
	}
	for _, it := range items {
		switch {
		case it.Kind == KindNextStep && it.PersonIDs[0] == 4:
			if !strings.HasPrefix(it.Reason, "first deliver") || !strings.Contains(it.Reason, "give back (I owe 4 in the ledger, 4.0 weighed by age)") ||
				len(it.First) != 2 || it.First[0].Kind != DebtDeliver || it.First[1].Kind != DebtGiveBack {
				t.Errorf("Cy's ask does not say what Me owes first: %q %+v", it.Reason, it.First)
			}
			if !strings.Contains(it.Why, "waits until I settle what I owe") {
				t.Errorf("Cy's ask's rank does not say it waits: %s", it.Why)
			}
		case it.Kind == KindRepair && it.PersonIDs[0] == 8:
			if !strings.Contains(it.Reason, "gossip") || !strings.Contains(it.Reason, "left for later") {
				t.Errorf("Ivy's repair item %q: want no gossip and the asks left for later", it.Reason)
			}
		case it.Kind == KindRepair && it.PersonIDs[0] == 9:
			if !strings.Contains(it.Reason, "marked strained by you, and no repair plan") || !strings.Contains(it.Reason, "gossip") {
				t.Errorf("Jo's repair item %q", it.Reason)
			}
		}
		if it.Score > 0 && (it.Score-it.Importance*it.Urgency > 1e-4 || it.Importance*it.Urgency-it.Score > 1e-4) {
			t.Errorf("score %v ≠ %v × %v after reranking", it.Score, it.Importance, it.Urgency)
		}
	}
}

func titles(items []AgendaItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Title)
	}
	return out
}

// TestTodayOrgChartAndNewcomers: Me's own manager and reports are reached
// directly, and people not yet in contact get an introduction with a
// purpose.
func TestTodayOrgChartAndNewcomers(t *testing.T) {
	now := t0
	p := DefaultParams()
	p.GrowSuggestions = 5
	in := AgendaInput{
		MeID: me,
		Contacts: []Contact{
			{ID: 2, Name: "Ana", Direction: ally.DirAcross, Department: "Eng", HasRelationship: true, Tier: ally.TierKeyAlly, Status: ally.StatusAlly},
			{ID: 3, Name: "Bo", Direction: ally.DirDown, Department: "Platform"},                                                                       // Me's report, in contact
			{ID: 4, Name: "Lou", Direction: ally.DirUp, Department: "Platform"},                                                                        // Me's manager, new
			{ID: 5, Name: "Mia", Direction: ally.DirUp, Department: "Platform"},                                                                        // skip-level, new
			{ID: 6, Name: "Flo", Direction: ally.DirOutside},                                                                                           // outside, new
			{ID: 7, Name: "Ed", Direction: ally.DirAcross, Department: "Sales"},                                                                        // a peer, added long ago
			{ID: 8, Name: "Kim", Direction: ally.DirAcross, Department: "Ops", HasRelationship: true, Tier: ally.TierAlly, Status: ally.StatusEngaged}, // an ally never met
			{ID: 10, Name: "Pia", Direction: ally.DirAcross, Department: "Sales"},                                                                      // a peer, new
		},
		ManagerID: 4, ReportIDs: []int64{3},
		Adjacent: []Adjacency{{AllyID: 2, PersonID: 3, Strength: 0.9}},
		Newcomers: []Newcomer{
			{PersonID: 4, Added: now.Add(-2 * Day)},
			{PersonID: 5, Added: now.Add(-2 * Day), Interests: []string{"cost dashboard"}},
			{PersonID: 6, Added: now.Add(-2 * Day)},
			{PersonID: 7, Added: now.Add(-200 * Day)},
			{PersonID: 8, Added: now.Add(-200 * Day)},
			{PersonID: 10, Added: now.Add(-Day)},
		},
		Stakes: []StakeRef{{Initiative: ally.Initiative{ID: 1, Name: "Cost dashboard", Outcome: ally.OutcomeOpen},
			Stake: ally.Stake{PersonID: 5, Stance: ally.StanceUnknown, Power: 4}}},
		All: true,
	}
	items := Today(in, now, p)
	got := map[int64]AgendaItem{}
	for _, it := range items {
		got[it.PersonIDs[0]] = it
		if strings.Contains(it.Title, "dormant") || strings.Contains(it.Reason, "dormant") {
			t.Errorf("a newcomer called dormant: %+v", it)
		}
	}
	for _, tc := range []struct {
		id   int64
		kind ItemKind // "" for no item
		want []string
	}{
		{3, KindGrow, []string{"Build your tie with Bo, your direct report"}},
		{4, KindIntro, []string{"Hold a first one-on-one with Lou (your manager", "purpose: learn their priorities"}},
		{5, KindIntro, []string{"Introduce yourself to Mia (above you", "they care about cost dashboard", "stake in Cost dashboard (unknown)"}},
		{6, "", nil},        // outside: not a key direction
		{7, "", nil},        // added long ago, not a key ally
		{8, KindIntro, nil}, // an ally never met, whenever added
		{10, KindIntro, []string{"among your peers", "where you can help each other"}},
	} {
		it, ok := got[tc.id]
		switch {
		case tc.kind == "" && ok:
			t.Errorf("person %d: unexpected %s %q", tc.id, it.Kind, it.Title)
		case tc.kind != "" && (!ok || it.Kind != tc.kind):
			t.Errorf("person %d: got %+v, want a %s item", tc.id, it, tc.kind)
		}
		for _, w := range tc.want {
			if !strings.Contains(it.Title+" "+it.Reason, w) {
				t.Errorf("person %d: %q / %q lacks %q", tc.id, it.Title, it.Reason, w)
			}
		}
		if ok && strings.Contains(it.Title, "through") && (tc.id == 3 || tc.id == 4) {
			t.Errorf("Me's own line routed through someone: %q", it.Title)
		}
	}
	// At most IntroSuggestions newcomers who are not allies.
	in.Newcomers = nil
	for i := range 10 {
		id := int64(100 + i)
		in.Contacts = append(in.Contacts, Contact{ID: id, Name: "P", Direction: ally.DirAcross})
		in.Newcomers = append(in.Newcomers, Newcomer{PersonID: id, Added: now.Add(-Day)})
	}
	n := 0
	for _, it := range Today(in, now, p) {
		if it.Kind == KindIntro {
			n++
		}
	}
	if n != IntroSuggestions {
		t.Errorf("%d introductions from an import of 10, want %d", n, IntroSuggestions)
	}
}

// TestTodayAsksOfNewcomers: an ask of someone not yet in contact says to
// introduce oneself first and ranks behind the introduction; a blocker
// whose stake does not say what is in it for them is to be listened to
// first.
func TestTodayAsksOfNewcomers(t *testing.T) {
	now := t0
	g := ally.Initiative{ID: 1, Name: "Platform", Outcome: ally.OutcomeOpen, Target: now.Add(3 * Day)}
	in := AgendaInput{
		MeID: me,
		Contacts: []Contact{
			{ID: 2, Name: "Nia", Direction: ally.DirUp},
			{ID: 3, Name: "Flo", Direction: ally.DirAcross, HasRelationship: true, Tier: ally.TierNetwork, Status: ally.StatusEngaged},
		},
		Newcomers: []Newcomer{{PersonID: 2, Added: now.Add(-Day)}},
		Stakes: []StakeRef{
			{Initiative: g, Stake: ally.Stake{PersonID: 2, Stance: ally.StanceNeutral, Power: 5, Next: "pitch it", Ask: "sponsor it"}},
			{Initiative: g, Stake: ally.Stake{PersonID: 3, Stance: ally.StanceBlocker, Power: 4}},
		},
		All: true,
	}
	items := Today(in, now, DefaultParams())
	intro, ask := -1, -1
	for i, it := range items {
		switch {
		case it.Kind == KindIntro && it.PersonIDs[0] == 2:
			intro = i
		case it.Kind == KindNextStep && it.PersonIDs[0] == 2:
			ask = i
			if !strings.HasPrefix(it.Reason, "first introduce yourself (no contact yet); then: ") {
				t.Errorf("the ask of a newcomer: %q", it.Reason)
			}
		case it.Kind == KindBlocker:
			if !strings.Contains(it.Reason, "listen to their concerns") {
				t.Errorf("a blocker without a known win-win: %q", it.Reason)
			}
		}
	}
	if intro < 0 || ask < 0 || intro > ask {
		t.Errorf("introduction at %d, the ask at %d: want the introduction first; %v", intro, ask, titles(items))
	}
}
