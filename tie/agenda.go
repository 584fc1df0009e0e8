package tie

import (
	"fmt"
	"math"
	"sort"
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

func clamp01(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return math.Max(0, math.Min(1, x))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
func round4(x float64) float64 { return math.Round(x*10000) / 10000 }
