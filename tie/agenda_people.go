package tie

// The agenda's people to meet: introductions to people not yet in contact,
// and whom to add to grow the base.

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/allyhq/ally"
)

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
		// One does not introduce oneself to one's own manager or report:
		// with them the first move is a one-on-one.
		title := fmt.Sprintf("Introduce yourself to %s (%s", ag.name(c.ID), who)
		if c.ID == ag.in.ManagerID || reports[c.ID] {
			title = fmt.Sprintf("Hold a first one-on-one with %s (%s", ag.name(c.ID), who)
		}
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
