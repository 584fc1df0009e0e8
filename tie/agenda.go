package tie

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

// ItemKind is the kind of an agenda item.
type ItemKind string

// Agenda item kinds, in the order that breaks ties between equal scores.
const (
	KindMyLate    ItemKind = "my-late"    // a commitment of mine past due
	KindMyDue     ItemKind = "my-due"     // a commitment of mine due soon
	KindRepair    ItemKind = "repair"     // a repair check-in due
	KindTheirLate ItemKind = "their-late" // theirs past due: follow up
	KindCooling   ItemKind = "cooling"    // a key relationship cooling
	KindIntro     ItemKind = "introduce"  // someone new, not yet in contact: introduce yourself
	KindBlocker   ItemKind = "blocker"    // a powerful blocker or skeptic of an initiative
	KindNextStep  ItemKind = "next-step"  // an initiative's next step with someone
	KindOwe       ItemKind = "owe"        // I owe in the ledger
	KindGrow      ItemKind = "grow"       // grow the base
)

var kindOrder = map[ItemKind]int{
	KindMyLate: 0, KindMyDue: 1, KindRepair: 2, KindTheirLate: 3, KindCooling: 4, KindIntro: 5,
	KindBlocker: 6, KindNextStep: 7, KindOwe: 8, KindGrow: 9,
}

// asks are the kinds of item that ask something of the person: they wait
// behind what Me owes that person (Debts), and a strained person gets none.
var asks = map[ItemKind]bool{KindTheirLate: true, KindBlocker: true, KindNextStep: true}

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

// StakeRef is a stake with its initiative, for the agenda.
type StakeRef struct {
	Initiative ally.Initiative `json:"initiative"`
	Stake      ally.Stake      `json:"stake"`
}

// Adjacency says that PersonID has a tie of Strength (0–1) with AllyID, one
// of Me's allies: the raw material of grow-the-base suggestions. The
// caller takes it from the pair aggregates of Me's allies.
type Adjacency struct {
	AllyID   int64   `json:"ally_id"`
	PersonID int64   `json:"person_id"`
	Strength float64 `json:"strength"`
}

// AgendaInput is everything today's agenda looks at, as plain slices the
// app loads from the store. Commitments are those involving Me (others are
// ignored); Health holds the health of at least Me's key allies and allies;
// Balances the ledger with each person (see Ledgers).
type AgendaInput struct {
	MeID        int64             `json:"me_id"`
	Contacts    []Contact         `json:"contacts"`
	Commitments []ally.Commitment `json:"commitments"`
	Balances    []Balance         `json:"balances"`
	Health      []HealthResult    `json:"health"`
	Stakes      []StakeRef        `json:"stakes"`
	Repairs     []ally.RepairPlan `json:"repairs"`
	Adjacent    []Adjacency       `json:"adjacent"`
	// ManagerID and ReportIDs are Me's own line in the org chart (0 and
	// nil when unknown): Me reaches them directly, never through a
	// go-between.
	ManagerID int64   `json:"manager_id,omitempty"`
	ReportIDs []int64 `json:"report_ids,omitempty"`
	// Newcomers are the people Me has had no contact with yet.
	Newcomers []Newcomer `json:"newcomers,omitempty"`
	All       bool       `json:"all"` // every item, not only the first p.AgendaLimit
}

// Newcomer is someone Me has had no contact with yet: when they were added
// to the workspace (zero if unknown) and what they care about (their goal
// and interest tags), the purpose of a first conversation.
type Newcomer struct {
	PersonID  int64     `json:"person_id"`
	Added     time.Time `json:"added,omitzero"`
	Interests []string  `json:"interests,omitempty"`
}

// NewFor is how long after being added a person not yet in contact counts
// as new: today suggests introducing oneself to them when they are up the
// chain, a report or a peer.
const NewFor = 30 * Day

// IntroSuggestions is how many new people the agenda suggests introducing
// oneself to, besides the key allies and allies never in contact (always
// suggested): an org chart imported in one go adds hundreds at once.
const IntroSuggestions = 3

// AgendaItem is one ranked thing to do today, with its reason and the
// explanation of its rank: Score = Importance × Urgency, both in [0, 1].
type AgendaItem struct {
	Kind       ItemKind  `json:"kind"`
	PersonIDs  []int64   `json:"person_ids"` // the person concerned first (for grow: candidate, then the ally)
	RefID      int64     `json:"ref_id"`     // commitment, repair plan or initiative id; 0 for none
	Title      string    `json:"title"`
	Reason     string    `json:"reason"`
	Due        time.Time `json:"due,omitzero"` // when it is or was due; zero for none
	Importance float64   `json:"importance"`
	Urgency    float64   `json:"urgency"`
	Score      float64   `json:"score"`
	Why        string    `json:"why"` // "importance 0.92 (key ally; my promise) × urgency 0.85 (3 days late) = 0.78"
	// First is what Me owes the person before this item's ask (Debts);
	// the item ranks behind the items that settle it.
	First []Debt `json:"first,omitempty"`
}

// Today returns the ranked agenda at now: my commitments late or due within
// p.DueSoon; theirs late (to follow up); key allies and allies whose health
// is cooling or dormant; where I owe in the ledger (with what to offer, from
// the currencies they value); open initiatives' blockers and next steps;
// repair check-ins due, and a repair for a strained relationship without a
// plan; an introduction to people not yet in contact (key allies and allies
// never met, and up to IntroSuggestions people added within NewFor above
// Me, among Me's reports or peers); and up to p.GrowSuggestions people
// adjacent to my allies in a department or direction where I have none
// (Me's own manager and reports directly, never through someone else).
//
// Deliver and give back first: an item that asks something of a person
// (following up their promise, an initiative's next step or blocker) says
// what Me owes them first (Debts: a late promise, a ledger debt) and ranks
// behind the items that settle it; a strained person gets the repair step
// first and no asks at all (what would have been asked is named in the
// repair item, for later).
//
// Importance comes from who is concerned (tier: key ally 1, ally 0.8,
// network 0.5, prospect 0.4, none 0.3; +0.1 for a sponsor or mentor) and
// from the kind; urgency from how late or how soon. Each item's Why states
// both factors. Items about ended relationships are dropped: they get no
// more nudges. Items are sorted by score, then kind, person and reference,
// so the agenda is deterministic for a fixed now. Without in.All it is cut
// to p.AgendaLimit items, keeping at least one grow-the-base suggestion
// when there is one.
func Today(in AgendaInput, now time.Time, p Params) []AgendaItem {
	ag := agenda{in: &in, now: now, p: &p, byID: make(map[int64]*Contact, len(in.Contacts)),
		health: make(map[int64]*HealthResult, len(in.Health))}
	for i := range in.Contacts {
		ag.byID[in.Contacts[i].ID] = &in.Contacts[i]
	}
	for i := range in.Health {
		ag.health[in.Health[i].PersonID] = &in.Health[i]
	}
	ag.commitments()
	ag.cooling()
	ag.owe()
	ag.initiatives()
	ag.repairs()
	ag.intros()
	ag.grow()
	ag.settleFirst()
	items := ag.items
	sort.SliceStable(items, func(i, j int) bool { return less(&items[i], &items[j]) })
	if in.All || len(items) <= p.AgendaLimit {
		return items
	}
	top := items[:p.AgendaLimit]
	hasGrow := false
	for _, it := range top {
		hasGrow = hasGrow || it.Kind == KindGrow
	}
	if !hasGrow {
		for _, it := range items[p.AgendaLimit:] {
			if it.Kind == KindGrow {
				top[len(top)-1] = it
				break
			}
		}
	}
	return append([]AgendaItem(nil), top...)
}

func less(a, b *AgendaItem) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	if a.Kind != b.Kind {
		return kindOrder[a.Kind] < kindOrder[b.Kind]
	}
	pa, pb := firstID(a.PersonIDs), firstID(b.PersonIDs)
	if pa != pb {
		return pa < pb
	}
	if a.RefID != b.RefID {
		return a.RefID < b.RefID
	}
	if !a.Due.Equal(b.Due) {
		return a.Due.Before(b.Due)
	}
	return a.Title < b.Title
}

func firstID(ids []int64) int64 {
	if len(ids) == 0 {
		return 0
	}
	return ids[0]
}

type agenda struct {
	in     *AgendaInput
	now    time.Time
	p      *Params
	byID   map[int64]*Contact
	health map[int64]*HealthResult
	items  []AgendaItem
	whys   [][2]string // the importance and urgency words of each item, for settleFirst
}

func (ag *agenda) name(id int64) string {
	if c := ag.byID[id]; c != nil && c.Name != "" {
		return c.Name
	}
	return fmt.Sprintf("person #%d", id)
}

func (ag *agenda) ended(id int64) bool {
	c := ag.byID[id]
	return c != nil && c.Ended()
}

// who returns the importance of the person and its explanation.
func (ag *agenda) who(id int64) (float64, string) {
	c := ag.byID[id]
	if c == nil || !c.HasRelationship {
		return 0.3, "contact with no relationship recorded"
	}
	var v float64
	var why string
	switch c.Tier {
	case ally.TierKeyAlly:
		v, why = 1, "key ally"
	case ally.TierAlly:
		v, why = 0.8, "ally"
	case ally.TierProspect:
		v, why = 0.4, "prospect"
	default:
		v, why = 0.5, "network contact"
	}
	for _, ro := range []ally.RelRole{ally.RoleSponsor, ally.RoleMentor} {
		if c.HasRole(ro) {
			v = math.Min(1, v+0.1)
			why += ", " + string(ro)
			break
		}
	}
	return v, why
}

func (ag *agenda) add(it AgendaItem, impWhy, urgWhy string) {
	it.Importance = round2(clamp01(it.Importance))
	it.Urgency = round2(clamp01(it.Urgency))
	it.Score = round4(it.Importance * it.Urgency)
	it.Why = fmt.Sprintf("importance %.2f (%s) × urgency %.2f (%s) = %.2f", it.Importance, impWhy, it.Urgency, urgWhy, it.Score)
	ag.items = append(ag.items, it)
	ag.whys = append(ag.whys, [2]string{impWhy, urgWhy})
}

// strained reports whether Me's relationship with id is strained: the
// user's status, or the health label where the agenda has the health.
func (ag *agenda) strained(id int64) bool {
	if c := ag.byID[id]; c != nil && c.HasRelationship && c.Status == ally.StatusStrained {
		return true
	}
	h := ag.health[id]
	return h != nil && h.Strained()
}

// byPerson indexes the items by the person they concern first.
func (ag *agenda) byPerson() map[int64][]int {
	out := map[int64][]int{}
	for i, it := range ag.items {
		id := firstID(it.PersonIDs)
		out[id] = append(out[id], i)
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

// endOfDay is the last second of t's day: due dates are whole days.
func endOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 23, 59, 59, 0, t.Location())
}

// daysLate returns how many days past the end of due's day now is (≥ 1
// when late, ≤ 0 otherwise).
func daysLate(due, now time.Time) int {
	late := now.Sub(endOfDay(due))
	if late <= 0 {
		return int(-(-late / Day))
	}
	return int((late + Day - 1) / Day)
}

// daysLeft returns the calendar days from now's day to due's day (0 today).
func daysLeft(due, now time.Time) int {
	y, m, d := now.In(due.Location()).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, due.Location())
	y, m, d = due.Date()
	dd := time.Date(y, m, d, 0, 0, 0, 0, due.Location())
	return int(math.Round(dd.Sub(today).Hours() / 24))
}

func lateUrgency(base float64, late int) (float64, string) {
	return math.Min(1, base+0.05*float64(late)), fmt.Sprintf("%s late", ally.Count(late, "day", "days"))
}

func soonUrgency(left int) (float64, string) {
	u := math.Max(0.2, 0.6-0.1*float64(left))
	switch left {
	case 0:
		return u, "due today"
	case 1:
		return u, "due tomorrow"
	}
	return u, fmt.Sprintf("due in %d days", left)
}

func (ag *agenda) commitments() {
	me := ag.in.MeID
	for _, c := range ag.in.Commitments {
		if c.Status != ally.CommitOpen || c.Created.After(ag.now) {
			continue
		}
		mine := c.FromID == me
		other := c.ToID
		if !mine {
			if c.ToID != me {
				continue
			}
			other = c.FromID
		}
		if ag.ended(other) {
			continue
		}
		imp, impWhy := ag.who(other)
		late := c.State(ag.now) == ally.CommitLate
		due := c.Due.Format("2006-01-02")
		switch {
		case mine && late:
			n := daysLate(c.Due, ag.now)
			u, uw := lateUrgency(0.7, n)
			ag.add(AgendaItem{Kind: KindMyLate, PersonIDs: []int64{other}, RefID: c.ID, Due: c.Due,
				Title:      fmt.Sprintf("Deliver to %s: %s", ag.name(other), c.What),
				Reason:     fmt.Sprintf("I promised it for %s and it is %s late; keeping promises on time is what builds trust — deliver, or renegotiate now", due, ally.Count(n, "day", "days")),
				Importance: 0.6 + 0.4*imp, Urgency: u}, "my promise to "+article(impWhy), uw)
		case mine:
			left := daysLeft(c.Due, ag.now)
			if ag.now.Add(ag.p.DueSoon).Before(c.Due) && left > 0 {
				continue
			}
			u, uw := soonUrgency(left)
			ag.add(AgendaItem{Kind: KindMyDue, PersonIDs: []int64{other}, RefID: c.ID, Due: c.Due,
				Title:      fmt.Sprintf("Deliver to %s: %s", ag.name(other), c.What),
				Reason:     fmt.Sprintf("I promised it for %s", due),
				Importance: 0.6 + 0.4*imp, Urgency: u}, "my promise to "+article(impWhy), uw)
		case late:
			n := daysLate(c.Due, ag.now)
			u, uw := lateUrgency(0.4, n)
			ag.add(AgendaItem{Kind: KindTheirLate, PersonIDs: []int64{other}, RefID: c.ID, Due: c.Due,
				Title:      fmt.Sprintf("Follow up with %s: %s", ag.name(other), c.What),
				Reason:     fmt.Sprintf("%s promised it for %s, %s ago; a friendly check-in helps them keep it", ag.name(other), due, ally.Count(n, "day", "days")),
				Importance: 0.3 + 0.4*imp, Urgency: u}, "their promise; "+impWhy, uw)
		}
	}
}

func (ag *agenda) cooling() {
	for _, h := range ag.in.Health {
		c := ag.byID[h.PersonID]
		if c == nil || !c.HasRelationship || c.Ended() {
			continue
		}
		if c.Tier != ally.TierKeyAlly && c.Tier != ally.TierAlly {
			continue
		}
		if !h.Cooling() {
			continue
		}
		imp, impWhy := ag.who(c.ID)
		var u float64
		var uw string
		switch {
		case h.LastContact.IsZero():
			u, uw = 0.5, "never in contact"
		case h.Cadence > 0 && h.Since > h.Cadence:
			r := float64(h.Since) / float64(h.Cadence)
			u = math.Min(0.9, 0.3+0.2*(r-1))
			uw = fmt.Sprintf("%.1f× the cadence of %s since the last contact", r, days(h.Cadence))
		default:
			u, uw = 0.3, "health falling"
		}
		reason := fmt.Sprintf("health %d (%s): %s", h.Total, h.Label, h.LabelReason)
		if len(c.Currencies) > 0 {
			reason += "; they value " + joinAnd(c.Currencies)
		}
		ag.add(AgendaItem{Kind: KindCooling, PersonIDs: []int64{c.ID},
			Title:      "Reconnect with " + ag.name(c.ID),
			Reason:     reason,
			Importance: imp, Urgency: u}, impWhy, uw)
	}
}

// offers suggests what to give for each currency (Cohen and Bradford).
var offers = map[string]string{
	"inspiration":      "share how their work serves the larger purpose",
	"vision":           "involve them in shaping where things are going",
	"excellence":       "help them do something really well",
	"ethics":           "back them in doing the right thing",
	"task":             "offer concrete help with their work",
	"resources":        "lend budget, people or tools",
	"help":             "offer a hand with a current task",
	"information":      "pass on knowledge or news they need",
	"challenge":        "bring them an interesting problem",
	"position":         "help their standing",
	"recognition":      "credit their work publicly",
	"visibility":       "give them a chance to present to leadership",
	"reputation":       "speak well of them where it counts",
	"contacts":         "introduce them to someone useful",
	"relationship":     "spend time with them",
	"acceptance":       "include them",
	"personal-support": "check how they are doing",
	"understanding":    "listen to their concerns",
	"personal":         "thank them personally",
	"gratitude":        "thank them, specifically and in writing",
	"ownership":        "let them own a piece of the outcome",
	"self-concept":     "affirm what they care about in their work",
}

// CurrencyOffer returns what to give someone who values currency c (a
// currency of Cohen and Bradford or its family, as ally.Currencies names
// them), from the one table the agenda and goal plan share.
func CurrencyOffer(c string) (string, bool) {
	o, ok := offers[strings.ToLower(strings.TrimSpace(c))]
	return o, ok
}

// Offer returns a suggestion of what to give someone who values the
// currencies (the first one known), or a generic one.
func Offer(currencies []string) string {
	for _, c := range currencies {
		if o, ok := offers[c]; ok {
			return fmt.Sprintf("they value %s: %s", c, o)
		}
	}
	return "ask what would help them most"
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

func (ag *agenda) targetUrgency(target time.Time) (float64, string) {
	if target.IsZero() {
		return 0.4, "no target date"
	}
	d := daysLeft(target, ag.now)
	if d < 0 {
		return 0.9, fmt.Sprintf("target date %s passed", target.Format("2006-01-02"))
	}
	u := math.Max(0.3, math.Min(0.9, 1-float64(d)/60))
	return u, fmt.Sprintf("target in %s", ally.Count(d, "day", "days"))
}

func (ag *agenda) initiatives() {
	for _, s := range ag.in.Stakes {
		g, st := s.Initiative, s.Stake
		if (g.Outcome != "" && g.Outcome != ally.OutcomeOpen) || ag.ended(st.PersonID) || st.PersonID == ag.in.MeID {
			continue
		}
		power := max(1, min(5, st.Power))
		u, uw := ag.targetUrgency(g.Target)
		blocker := (st.Stance == ally.StanceBlocker || st.Stance == ally.StanceSkeptic) && power >= 3
		switch {
		case blocker:
			title := fmt.Sprintf("Address %s's concerns on %s", ag.name(st.PersonID), g.Name)
			if st.Next != "" {
				title = fmt.Sprintf("%s: %s (%s)", g.Name, st.Next, ag.name(st.PersonID))
			}
			reason := fmt.Sprintf("%s is a %s with power %d of 5", ag.name(st.PersonID), st.Stance, power)
			if st.WIIFM != "" {
				reason += "; what is in it for them: " + st.WIIFM
			} else {
				reason += "; what is in it for them is not known yet: listen to their concerns and learn what they need before making your case"
			}
			ag.add(AgendaItem{Kind: KindBlocker, PersonIDs: []int64{st.PersonID}, RefID: g.ID,
				Title: title, Reason: reason, Importance: 0.2 * float64(power), Urgency: u},
				fmt.Sprintf("%s with power %d", st.Stance, power), uw)
		case st.Next != "":
			reason := fmt.Sprintf("next step with %s (%s, power %d of 5)", ag.name(st.PersonID), st.Stance, power)
			if st.Ask != "" {
				reason += "; the ask: " + st.Ask
			}
			ag.add(AgendaItem{Kind: KindNextStep, PersonIDs: []int64{st.PersonID}, RefID: g.ID,
				Title:  fmt.Sprintf("%s: %s (%s)", g.Name, st.Next, ag.name(st.PersonID)),
				Reason: reason, Importance: 0.3 + 0.1*float64(power), Urgency: u},
				fmt.Sprintf("power %d", power), uw)
		}
	}
}

func (ag *agenda) repairs() {
	limit := ag.now.Add(ag.p.DueSoon)
	for _, r := range ag.in.Repairs {
		if r.Outcome != "" || !r.Closed.IsZero() || ag.ended(r.PersonID) {
			continue
		}
		imp, impWhy := ag.who(r.PersonID)
		for _, s := range r.Steps {
			if !s.Done.IsZero() || s.Due.After(limit) && daysLeft(s.Due, ag.now) > 0 {
				continue
			}
			var u float64
			var uw string
			if n := daysLate(s.Due, ag.now); n > 0 {
				u, uw = lateUrgency(0.7, n)
			} else {
				u, uw = soonUrgency(daysLeft(s.Due, ag.now))
			}
			ag.add(AgendaItem{Kind: KindRepair, PersonIDs: []int64{r.PersonID}, RefID: r.ID, Due: s.Due,
				Title:      fmt.Sprintf("Repair check-in with %s: %s", ag.name(r.PersonID), s.What),
				Reason:     "repair plan: " + r.Cause + "; ask nothing of them until it is steady again, and refrain from gossip about it",
				Importance: 0.6 + 0.4*imp, Urgency: u}, "repairing "+article(impWhy), uw)
		}
	}
}

// intros suggests introducing oneself to people not yet in contact: the
// key allies and allies never met, and the IntroSuggestions most recent
// newcomers (added within NewFor) up the chain, among Me's reports or peers;
// each with the purpose of a first conversation.
func (ag *agenda) intros() {
	type cand struct {
		n     Newcomer
		c     *Contact
		imp   float64
		impW  string
		u     float64
		uw    string
		known bool // a key ally or ally: always suggested
	}
	var cs []cand
	reports := map[int64]bool{}
	for _, id := range ag.in.ReportIDs {
		reports[id] = true
	}
	stakes := map[int64][]StakeRef{}
	for _, s := range ag.in.Stakes {
		stakes[s.Stake.PersonID] = append(stakes[s.Stake.PersonID], s)
	}
	for _, n := range ag.in.Newcomers {
		c := ag.byID[n.PersonID]
		if c == nil || c.ID == ag.in.MeID || c.Ended() || (c.HasRelationship && c.Status == ally.StatusStrained) {
			continue
		}
		known := c.HasRelationship && (c.Tier == ally.TierKeyAlly || c.Tier == ally.TierAlly)
		age := ag.now.Sub(n.Added)
		recent := !n.Added.IsZero() && age >= 0 && age <= NewFor
		key := c.Direction == ally.DirUp || c.Direction == ally.DirDown || c.Direction == ally.DirAcross
		if !known && !(recent && key) {
			continue
		}
		imp, impW := ag.who(c.ID)
		switch {
		case c.ID == ag.in.ManagerID:
			imp, impW = math.Max(imp, 0.9), impW+"; your manager"
		case reports[c.ID]:
			imp, impW = math.Max(imp, 0.8), impW+"; your direct report"
		case c.Direction == ally.DirUp || c.Direction == ally.DirDown:
			imp, impW = math.Max(imp, 0.6), impW+"; "+dirPhrase(c.Direction)
		default:
			imp, impW = math.Max(imp, 0.5), impW+"; "+dirPhrase(c.Direction)
		}
		u, uw := 0.5, "never in contact"
		if recent {
			d := int(age / Day)
			u, uw = math.Max(0.3, 0.6-0.01*float64(d)), fmt.Sprintf("added %s ago, not yet in contact", ally.Count(d, "day", "days"))
			if d == 0 {
				uw = "added today, not yet in contact"
			}
		}
		cs = append(cs, cand{n: n, c: c, imp: imp, impW: impW, u: u, uw: uw, known: known})
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if si, sj := cs[i].imp*cs[i].u, cs[j].imp*cs[j].u; si != sj {
			return si > sj
		}
		return cs[i].c.ID < cs[j].c.ID
	})
	others := 0
	for _, x := range cs {
		if !x.known {
			if others == IntroSuggestions {
				continue
			}
			others++
		}
		c := x.c
		who := dirPhrase(c.Direction)
		purpose := "learn what they work on and where you can help each other"
		switch {
		case c.ID == ag.in.ManagerID:
			who, purpose = "your manager", "learn their priorities and how they like to work with you"
		case reports[c.ID]:
			who, purpose = "your direct report", "a first one-on-one about their goals and what they need from you"
		case c.Direction == ally.DirUp:
			purpose = "learn their priorities and how your work can serve them"
		case c.Direction == ally.DirDown:
			purpose = "learn their goals and what they need"
		}
		reason := "purpose: " + purpose
		if len(x.n.Interests) > 0 {
			reason += "; they care about " + joinAnd(x.n.Interests)
		}
		for _, s := range stakes[c.ID] {
			if s.Initiative.Outcome == "" || s.Initiative.Outcome == ally.OutcomeOpen {
				reason += fmt.Sprintf("; they have a stake in %s (%s): hear their view before asking anything", s.Initiative.Name, s.Stake.Stance)
			}
		}
		if len(c.Currencies) > 0 {
			reason += "; " + Offer(c.Currencies)
		}
		title := fmt.Sprintf("Introduce yourself to %s (%s", ag.name(c.ID), who)
		if c.Department != "" {
			title += ", " + c.Department
		}
		ag.add(AgendaItem{Kind: KindIntro, PersonIDs: []int64{c.ID}, Title: title + ")", Reason: reason,
			Importance: x.imp, Urgency: x.u}, x.impW, x.uw)
	}
}

func (ag *agenda) grow() {
	if ag.p.GrowSuggestions == 0 || len(ag.in.Adjacent) == 0 {
		return
	}
	depts := map[string]bool{}
	dirs := map[ally.Direction]bool{}
	for i := range ag.in.Contacts {
		c := &ag.in.Contacts[i]
		if c.IsAlly() {
			depts[c.Department] = true
			dirs[c.Direction] = true
		}
	}
	type cand struct {
		id, via  int64
		strength float64
		score    float64
		gaps     []string
		kinds    []string // what each gap is: "department" or "direction"
	}
	line := map[int64]bool{}
	if ag.in.ManagerID != 0 {
		line[ag.in.ManagerID] = true
	}
	for _, id := range ag.in.ReportIDs {
		line[id] = true
	}
	intro := map[int64]bool{}
	for _, it := range ag.items {
		if it.Kind == KindIntro {
			intro[firstID(it.PersonIDs)] = true
		}
	}
	best := map[int64]*cand{}
	// Me's own manager and reports need no go-between: they are suggested
	// directly, as if through a tie of strength 1 (those not yet in contact
	// have an introduction instead).
	adj := slices.Clone(ag.in.Adjacent)
	for id := range line {
		adj = append(adj, Adjacency{AllyID: ag.in.MeID, PersonID: id, Strength: 1})
	}
	for _, a := range adj {
		al := ag.byID[a.AllyID]
		c := ag.byID[a.PersonID]
		direct := a.AllyID == ag.in.MeID
		if (line[a.PersonID] && !direct) || (!direct && (al == nil || !al.IsAlly())) || c == nil || c.ID == ag.in.MeID || c.IsAlly() || c.Ended() ||
			c.Status == ally.StatusStrained || intro[c.ID] || !(a.Strength > 0) {
			continue
		}
		var gaps, kinds []string
		bonus := 1.0
		if c.Department != "" && !depts[c.Department] {
			gaps, kinds = append(gaps, "no ally in "+c.Department), append(kinds, "department")
			bonus += 0.5
		}
		if c.Direction != "" && !dirs[c.Direction] {
			gaps, kinds = append(gaps, fmt.Sprintf("no ally %s", dirPhrase(c.Direction))), append(kinds, "direction")
			bonus += 0.5
		}
		if len(gaps) == 0 {
			continue
		}
		sc := a.Strength * bonus
		if b := best[c.ID]; b == nil || sc > b.score || sc == b.score && a.AllyID < b.via {
			best[c.ID] = &cand{id: c.ID, via: a.AllyID, strength: a.Strength, score: sc, gaps: gaps, kinds: kinds}
		}
	}
	cs := make([]*cand, 0, len(best))
	for _, c := range best {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].score != cs[j].score {
			return cs[i].score > cs[j].score
		}
		return cs[i].id < cs[j].id
	})
	for _, c := range cs[:min(len(cs), ag.p.GrowSuggestions)] {
		ct := ag.byID[c.id]
		where := ct.Department
		if where == "" {
			where = string(ct.Direction)
		}
		if c.via == ag.in.MeID {
			who := "your manager"
			if c.id != ag.in.ManagerID {
				who = "your direct report"
			}
			ag.add(AgendaItem{Kind: KindGrow, PersonIDs: []int64{c.id},
				Title: fmt.Sprintf("Build your tie with %s, %s, in a one-on-one", ag.name(c.id), who),
				Reason: fmt.Sprintf("%s: %s needs no go-between; ask about their goals and what they need from you",
					strings.Join(c.gaps, ", "), who),
				Importance: 0.5, Urgency: 0.3},
				"a new "+strings.Join(c.kinds, " and ")+"; "+who, "never urgent; your own line first")
			continue
		}
		ag.add(AgendaItem{Kind: KindGrow, PersonIDs: []int64{c.id, c.via},
			Title: fmt.Sprintf("Get to know %s (%s) through %s", ag.name(c.id), where, ag.name(c.via)),
			Reason: fmt.Sprintf("%s has a tie of %.2f with them; %s: grow the base beyond where your support already is",
				ag.name(c.via), c.strength, strings.Join(c.gaps, ", ")),
			Importance: 0.5, Urgency: 0.2 + 0.1*math.Min(1, c.strength)},
			"a new "+strings.Join(c.kinds, " and "), "never urgent; stronger tie first")
	}
}

// article prefixes a phrase with "a" or "an".
func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

func dirPhrase(d ally.Direction) string {
	switch d {
	case ally.DirUp:
		return "above you"
	case ally.DirDown:
		return "among your reports"
	case ally.DirAcross:
		return "among your peers"
	case ally.DirOutside:
		return "outside the organisation"
	}
	return string(d)
}

func clamp01(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return math.Max(0, math.Min(1, x))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
func round4(x float64) float64 { return math.Round(x*10000) / 10000 }
