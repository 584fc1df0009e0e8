package tie

// What Me owes someone before asking anything of them (Debts, the one
// rule), and how the agenda settles it first.

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/allyhq/ally"
)

// DebtKind is one kind of thing Me owes a person before asking them
// anything.
type DebtKind string

// Kinds of debt, in the order Debts settles them.
const (
	DebtRepair   DebtKind = "repair"    // the relationship is strained: repair it first, and ask nothing
	DebtDeliver  DebtKind = "deliver"   // a promise of Me's to them is past due
	DebtGiveBack DebtKind = "give-back" // Me owes them in the ledger
)

// Debt is one thing Me owes a person: the first step of any move toward
// them (goal plan, today's agenda), before any ask.
type Debt struct {
	Kind         DebtKind  `json:"kind"`
	CommitmentID int64     `json:"commitment_id,omitempty"` // deliver: the promise
	What         string    `json:"what,omitempty"`          // deliver: what Me promised
	Due          time.Time `json:"due,omitzero"`            // deliver: when it was due
	DaysLate     int       `json:"days_late,omitempty"`     // deliver: whole days past the due day
	Owe          float64   `json:"owe,omitempty"`           // give-back: −Balance.Net, size-weighted and decayed (the rule's unit)
	OweSize      float64   `json:"owe_size,omitempty"`      // give-back: −Balance.NetSize, the plain size-weighted balance the ledger lists
}

// Debts returns what Me owes person before asking them anything, in the
// order to settle it: a strained relationship is repaired first (strained:
// the user's status or the health label, HealthResult.Strained), then Me's
// open promises to them past due are delivered (the most overdue first),
// then a ledger debt is given back: Balance.Net under −p.OweThreshold, the
// rule by which today's agenda suggests giving back (the one ledger
// balance, Ledger). Commitments not from Me to person are ignored. Cost
// O(len(cs) log len(cs)).
func Debts(me, person int64, strained bool, cs []ally.Commitment, b Balance, now time.Time, p Params) []Debt {
	var out []Debt
	if strained {
		out = append(out, Debt{Kind: DebtRepair})
	}
	var late []Debt
	for _, c := range cs {
		if c.FromID != me || c.ToID != person || c.Status != ally.CommitOpen || c.Created.After(now) || c.State(now) != ally.CommitLate {
			continue
		}
		late = append(late, Debt{Kind: DebtDeliver, CommitmentID: c.ID, What: c.What, Due: c.Due, DaysLate: daysLate(c.Due, now)})
	}
	sort.SliceStable(late, func(i, j int) bool {
		if !late[i].Due.Equal(late[j].Due) {
			return late[i].Due.Before(late[j].Due)
		}
		return late[i].CommitmentID < late[j].CommitmentID
	})
	out = append(out, late...)
	if b.PersonID == person && b.Net < -p.OweThreshold {
		out = append(out, Debt{Kind: DebtGiveBack, Owe: -b.Net, OweSize: -b.NetSize})
	}
	return out
}

// debts is Debts for everyone the agenda has an item about.
func (ag *agenda) debts() map[int64][]Debt {
	bal := map[int64]Balance{}
	for _, b := range ag.in.Balances {
		bal[b.PersonID] = b
	}
	cs := map[int64][]ally.Commitment{}
	for _, c := range ag.in.Commitments {
		if c.FromID == ag.in.MeID {
			cs[c.ToID] = append(cs[c.ToID], c)
		}
	}
	var ids []int64
	for _, it := range ag.items {
		ids = append(ids, firstID(it.PersonIDs))
	}
	for _, c := range ag.in.Contacts {
		if c.HasRelationship && c.Status == ally.StatusStrained {
			ids = append(ids, c.ID)
		}
	}
	for _, h := range ag.in.Health {
		if h.Strained() {
			ids = append(ids, h.PersonID)
		}
	}
	out := map[int64][]Debt{}
	for _, id := range ids {
		if _, done := out[id]; done || id == 0 || id == ag.in.MeID {
			continue
		}
		out[id] = Debts(ag.in.MeID, id, ag.strained(id), cs[id], bal[id], ag.now, *ag.p)
	}
	return out
}

// settleFirst puts what Me owes a person before what Me asks of them: each
// asking item of a person with debts says so first and ranks below the
// items that settle them; a strained person's asks are dropped (named in
// the repair item instead), and their other items rank below the repair.
func (ag *agenda) settleFirst() {
	debts := ag.debts()
	// A strained relationship without an open repair plan still gets its
	// repair step.
	repairing := map[int64]bool{}
	for _, it := range ag.items {
		if it.Kind == KindRepair {
			repairing[firstID(it.PersonIDs)] = true
		}
	}
	ids := make([]int64, 0, len(debts))
	for id := range debts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		ds := debts[id]
		if len(ds) == 0 || ds[0].Kind != DebtRepair || ag.ended(id) || repairing[id] {
			continue
		}
		imp, impWhy := ag.who(id)
		why := "marked strained by you"
		if c := ag.byID[id]; c == nil || !c.HasRelationship || c.Status != ally.StatusStrained {
			if h := ag.health[id]; h != nil {
				why = "its health says strained: " + h.LabelReason
			}
		}
		ag.add(AgendaItem{Kind: KindRepair, PersonIDs: []int64{id},
			Title:      "Repair the relationship with " + ag.name(id),
			Reason:     why + ", and no repair plan yet: " + RepairAdvice + "; a repair plan with dated check-ins keeps it on track",
			Importance: 0.6 + 0.4*imp, Urgency: 0.6}, "repairing "+article(impWhy), "strained, no repair plan yet")
	}
	drop := make([]bool, len(ag.items))
	held := map[int64][]string{} // strained person → the asks left for later
	by := ag.byPerson()
	newcomer := map[int64]bool{}
	for _, n := range ag.in.Newcomers {
		newcomer[n.PersonID] = true
	}
	for i := range ag.items {
		it := &ag.items[i]
		id := firstID(it.PersonIDs)
		ds := debts[id]
		if newcomer[id] && asks[it.Kind] && (len(ds) == 0 || ds[0].Kind != DebtRepair) {
			// No contact yet: introduce yourself before asking anything.
			first := "first introduce yourself (no contact yet)"
			if len(ds) > 0 {
				first += ", then " + DebtWords(ds)
			}
			it.Reason = first + "; then: " + it.Reason
			it.First = ds
			ag.rankBelow(i, by[id], func(k ItemKind) bool { return k == KindIntro || k == KindMyLate || k == KindOwe }, "waits for an introduction")
			continue
		}
		if len(ds) == 0 {
			continue
		}
		strained := ds[0].Kind == DebtRepair
		switch {
		case strained && asks[it.Kind]:
			drop[i] = true
			held[id] = append(held[id], it.Title)
		case strained && it.Kind != KindRepair:
			ag.rankBelow(i, by[id], func(k ItemKind) bool { return k == KindRepair }, "after the repair")
		case asks[it.Kind]:
			it.First = ds
			it.Reason = "first " + DebtWords(ds) + "; then: " + it.Reason
			ag.rankBelow(i, by[id], func(k ItemKind) bool { return k == KindMyLate || k == KindOwe }, "waits until I settle what I owe")
		}
	}
	for i := range ag.items {
		it := &ag.items[i]
		if hs := held[firstID(it.PersonIDs)]; len(hs) > 0 && it.Kind == KindRepair {
			it.Reason += "; no asks until it is steady again (left for later: " + strings.Join(hs, "; ") + ")"
		}
	}
	kept, whys := ag.items[:0], ag.whys[:0]
	for i, it := range ag.items {
		if !drop[i] {
			kept, whys = append(kept, it), append(whys, ag.whys[i])
		}
	}
	ag.items, ag.whys = kept, whys
}

// rankBelow lowers item i's urgency, if need be, until it ranks below
// every item of same (the items about the same person) whose kind settles
// it, and says why.
func (ag *agenda) rankBelow(i int, same []int, settles func(ItemKind) bool, why string) {
	floor := math.Inf(1)
	for _, j := range same {
		if it := ag.items[j]; settles(it.Kind) {
			floor = math.Min(floor, it.Score)
		}
	}
	it := &ag.items[i]
	if math.IsInf(floor, 1) || it.Score < floor || it.Importance <= 0 {
		return
	}
	it.Urgency = math.Max(0, math.Floor((floor-0.0001)/it.Importance*100)/100)
	it.Score = round4(it.Importance * it.Urgency)
	w := &ag.whys[i]
	w[1] += "; " + why
	it.Why = fmt.Sprintf("importance %.2f (%s) × urgency %.2f (%s) = %.2f", it.Importance, w[0], it.Urgency, w[1], it.Score)
}

// RepairAdvice is how a strained relationship is repaired, the practice's
// words (repair items and the plan's repair step use them).
const RepairAdvice = "a one-on-one to listen first and acknowledge what went wrong, deliver what you owe, and refrain from gossip about it"

// DebtWords words debts for the agenda: "deliver “the model” (3 days
// late) and give back (I owe 2.0)".
func DebtWords(ds []Debt) string {
	var parts []string
	for _, d := range ds {
		switch d.Kind {
		case DebtRepair:
			parts = append(parts, "repair the relationship")
		case DebtDeliver:
			parts = append(parts, fmt.Sprintf("deliver “%s” (%s late)", d.What, ally.Count(d.DaysLate, "day", "days")))
		case DebtGiveBack:
			if d.OweSize > 0 {
				parts = append(parts, fmt.Sprintf("give back (I owe %s in the ledger, %.1f weighed by age)", sizeNum(d.OweSize), d.Owe))
			} else {
				parts = append(parts, fmt.Sprintf("give back (I owe %.1f weighed by age: what they gave is more recent)", d.Owe))
			}
		}
	}
	return joinAnd(parts)
}

func (ag *agenda) owe() {
	for _, b := range ag.in.Balances {
		if b.Net >= -ag.p.OweThreshold || ag.ended(b.PersonID) || b.PersonID == ag.in.MeID {
			continue
		}
		imp, impWhy := ag.who(b.PersonID)
		debt := -b.Net
		var cur []string
		if c := ag.byID[b.PersonID]; c != nil {
			cur = c.Currencies
		}
		ag.add(AgendaItem{Kind: KindOwe, PersonIDs: []int64{b.PersonID},
			Title:      fmt.Sprintf("Give back to %s", ag.name(b.PersonID)),
			Reason:     fmt.Sprintf("%s; %s", OweWords(b, ag.p), Offer(cur)),
			Importance: 0.3 + 0.5*imp, Urgency: 0.2 + 0.1*debt}, impWhy, fmt.Sprintf("I owe %.1f weighed by age", debt))
	}
}

// OweWords states a ledger debt in the unit the ledger lists (the plain
// size-weighted sums, small 1, medium 2, large 4) and the decayed balance
// the give-back rule weighs (Debts, OweThreshold): "I owe 4 in the ledger
// (gave 0, received 4, size-weighted); 3.0 weighed by age (favours halve
// every 180 days)".
func OweWords(b Balance, p *Params) string {
	decayed := fmt.Sprintf("%.1f weighed by age (favours halve every %s)", -b.Net, days(p.LedgerHalfLife))
	if b.NetSize >= 0 {
		return fmt.Sprintf("the ledger's sizes are even or in my favour (gave %s, received %s, size-weighted: small 1, medium 2, large 4), but what they gave is more recent: I owe %s",
			sizeNum(b.GivenSize), sizeNum(b.ReceivedSize), decayed)
	}
	return fmt.Sprintf("I owe %s in the ledger (gave %s, received %s, size-weighted: small 1, medium 2, large 4); %s",
		sizeNum(-b.NetSize), sizeNum(b.GivenSize), sizeNum(b.ReceivedSize), decayed)
}

// sizeNum prints a size-weighted sum: a whole number, or one decimal.
func sizeNum(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10+0, 'f', -1, 64) }
