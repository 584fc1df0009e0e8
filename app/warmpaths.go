package app

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// Warm paths.

// PathsView is the warm paths from Me to one person.
type PathsView struct {
	ID    int64       `json:"id"`
	Name  string      `json:"name"`
	Paths []*PathView `json:"paths"`
	Notes []string    `json:"notes"`
	// Line is the person's place on Me's own line of the org chart (Me's
	// manager or a direct report): they are reached directly, so Paths
	// holds the direct tie alone.
	Line OrgLine `json:"line,omitempty"`
	// Strained: Me's relationship with them is strained; it is repaired
	// face to face, so Paths holds the direct tie alone, and it asks for
	// nothing.
	Strained bool `json:"strained,omitempty"`
}

// OrgLine is a person's place on Me's own line of the org chart. Me's
// manager and direct reports are reached directly, never through someone
// else (warm paths, goal plan, today's agenda).
type OrgLine string

// Places on Me's line.
const (
	LineManager OrgLine = "manager"
	LineReport  OrgLine = "report"
)

// orgLine is person i's place on the line of person me (ties indices), ""
// when they are neither me's manager nor a direct report.
func orgLine(t *Ties, me, i int) OrgLine {
	if me < 0 || i < 0 || me == i || me >= len(t.People) || i >= len(t.People) {
		return ""
	}
	switch m, p := t.People[me], t.People[i]; {
	case m.ManagerID != 0 && m.ManagerID == p.ID:
		return LineManager
	case p.ManagerID == m.ID:
		return LineReport
	}
	return ""
}

// strainedWith reports whether Me's relationship with person i is marked
// strained.
func (x *tieIndex) strainedWith(i int) bool {
	r := x.t.Rels[x.t.People[i].ID]
	return r != nil && r.Status == ally.StatusStrained
}

// directPath is the one-hop chain from Me to person i: their tie, or a tie
// of strength 0 and cost 0 when they have never interacted (a manager or a
// report is reached directly all the same).
func (x *tieIndex) directPath(me, i int) *PathView {
	t := x.t
	hv := &HopView{FromID: t.People[me].ID, From: t.People[me].Name, ToID: t.People[i].ID, To: t.People[i].Name,
		Strength: x.strength(me, i), Rel: x.relLabel(i)}
	if e := x.edge(me, i); e != nil {
		hv.Count, hv.Last = e.Count, e.Last
	}
	pv := &PathView{Strength: hv.Strength, Hops: []*HopView{hv}, Via: []string{}, Why: []string{x.directWhy(me, i)}}
	if hv.Strength > 0 {
		// As Yen's search costs it: −ln strength plus the penalty of
		// entering the person (without a tie, 0: there is no chain to rank).
		pv.Cost = -math.Log(hv.Strength) + x.standing(i).Cost()
	}
	return pv
}

// directWhy says how to use a direct tie from Me to person i.
func (x *tieIndex) directWhy(me, i int) string {
	switch {
	case x.strainedWith(i):
		return "a direct tie, but the relationship is strained: repair it face to face before asking anything (" + tie.RepairAdvice + ")"
	case orgLine(x.t, me, i) == LineManager && x.strength(me, i) == 0:
		return "your manager, not yet in contact: introduce yourself directly, no go-between"
	case orgLine(x.t, me, i) == LineReport && x.strength(me, i) == 0:
		return "your direct report, not yet in contact: introduce yourself in a first one-on-one, no go-between"
	case orgLine(x.t, me, i) == LineManager:
		return "your manager: talk to them directly, no go-between"
	case orgLine(x.t, me, i) == LineReport:
		return "your direct report: talk to them directly, no go-between"
	}
	return "a direct tie: ask them yourself"
}

// PathView is one chain of ties: Strength is the product of the hops'
// strengths; Cost = Σ −ln strength + penalties for going through people
// who are not allies or trusted (the ranking).
type PathView struct {
	Strength float64    `json:"strength"`
	Cost     float64    `json:"cost"`
	Hops     []*HopView `json:"hops"`
	Via      []string   `json:"via"`
	Why      []string   `json:"why"`
}

// HopView is one tie of a path.
type HopView struct {
	FromID   int64     `json:"from_id"`
	From     string    `json:"from"`
	ToID     int64     `json:"to_id"`
	To       string    `json:"to"`
	Strength float64   `json:"strength"`
	Count    int       `json:"interactions"`
	Last     time.Time `json:"last_contact,omitzero"`
	Rel      string    `json:"relationship,omitempty"` // Me's relationship with To
}

// MaxPaths is the most warm paths WarmPaths lists. Each path costs Yen's
// algorithm a shortest-path search per hop, so k bounds the work; beyond a
// hundred the chains are far weaker than the first few and nobody reads
// them (k = 3000 took 6 to 12 s on the demo, k = 1,000,000 ran without end).
const MaxPaths = 100

// WarmPaths returns up to k of the strongest chains of ties from Me to a
// person, preferring chains through allies and trusted people. ENOTFOUND
// when no chain exists; EINVALID for k < 1, k > MaxPaths or Me as the
// target.
func (a *App) WarmPaths(ctx context.Context, id int64, k int) (*PathsView, error) {
	if k == 0 {
		k = 3
	}
	if k < 1 {
		return nil, ally.Errorf(ally.EINVALID, "%d paths: ask for at least one", k)
	}
	if k > MaxPaths {
		return nil, ally.Errorf(ally.EINVALID, "%d paths: ally lists at most %d warm paths", k, MaxPaths)
	}
	if err := a.requireMe(); err != nil {
		return nil, err
	}
	var p *ally.Person
	err := a.view(ctx, func(tx *store.Tx) (err error) {
		p, err = person(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if p.ID == a.WS.MeID {
		return nil, ally.Errorf(ally.EINVALID, "%s is you: name someone else", p.Name)
	}
	t, err := a.Ties(ctx)
	if err != nil {
		return nil, err
	}
	if t.Me < 0 {
		return nil, ally.Errorf(ally.ENOTFOUND, "Me (person %d) is not in the workspace", a.WS.MeID)
	}
	ti := newTieIndex(t)
	i := t.Index[p.ID]
	v := &PathsView{ID: p.ID, Name: p.Name, Notes: []string{}, Line: orgLine(t, t.Me, i), Strained: ti.strainedWith(i)}
	switch {
	case v.Strained:
		v.Paths = []*PathView{ti.directPath(t.Me, i)}
		v.Notes = append(v.Notes, fmt.Sprintf("the relationship with %s is strained: repair it with them directly, not through others, and ask nothing until it is steady again", p.Name))
		return v, nil
	case v.Line != "":
		v.Paths = []*PathView{ti.directPath(t.Me, i)}
		who := "your manager"
		if v.Line == LineReport {
			who = "your direct report"
		}
		v.Notes = append(v.Notes, fmt.Sprintf("%s is %s: reached directly, so no chain through someone else is listed", p.Name, who))
		return v, nil
	}
	paths, err := ti.warmPaths(t.Me, i, k)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, ally.Errorf(ally.ENOTFOUND, "no chain of ties from you to %s: nobody you have interacted with has interacted with them (log an interaction or ask for an introduction)", p.Name)
	}
	v.Paths = paths
	if len(paths) < k {
		v.Notes = append(v.Notes, fmt.Sprintf("only %s of ties %s to %s", ally.Count(len(paths), "distinct chain", "distinct chains"), map[bool]string{true: "leads", false: "lead"}[len(paths) == 1], p.Name))
	}
	return v, nil
}

// throughTrusted reports whether a path goes through someone Me trusts (a
// go-between of coalition.StandingTrusted).
func (x *tieIndex) throughTrusted(p *PathView) bool {
	for _, h := range p.Hops[:max(0, len(p.Hops)-1)] {
		if i, ok := x.t.Index[h.ToID]; ok && x.standing(i) == coalition.StandingTrusted {
			return true
		}
	}
	return false
}

// warmPaths runs Yen's k strongest paths between two ties indices and
// explains each.
func (ti *tieIndex) warmPaths(from, to, k int) ([]*PathView, error) {
	t := ti.t
	ps, err := coalition.WarmPaths(ti.graph(), from, to, k, ti.nodeCosts())
	if err != nil {
		return nil, err
	}
	out := []*PathView{}
	for _, wp := range ps {
		pv := &PathView{Strength: wp.Strength, Cost: wp.Cost, Via: []string{}, Why: []string{}}
		for _, h := range wp.Hops {
			hv := &HopView{FromID: t.People[h.From].ID, From: t.People[h.From].Name, ToID: t.People[h.To].ID,
				To: t.People[h.To].Name, Strength: h.Strength, Rel: ti.relLabel(h.To)}
			if e := ti.edge(h.From, h.To); e != nil {
				hv.Count, hv.Last = e.Count, e.Last
			}
			pv.Hops = append(pv.Hops, hv)
		}
		for _, j := range wp.Nodes[1 : len(wp.Nodes)-1] {
			name := t.People[j].Name
			pv.Via = append(pv.Via, name)
			switch ti.standing(j) {
			case coalition.StandingTrusted:
				who := "an ally"
				if r := t.Rels[t.People[j].ID]; r != nil && r.Trust >= 4 {
					who = "someone you trust"
				}
				pv.Why = append(pv.Why, fmt.Sprintf("through %s, %s (%s)", name, who, ti.relLabel(j)))
			case coalition.StandingStrained:
				pv.Why = append(pv.Why, fmt.Sprintf("through %s, but that relationship is %s", name, ti.relLabel(j)))
			}
		}
		if len(pv.Via) == 0 {
			pv.Why = append(pv.Why, ti.directWhy(from, to))
		}
		weakest := slices.MinFunc(pv.Hops, func(a, b *HopView) int { return cmp.Compare(a.Strength, b.Strength) })
		if len(pv.Hops) > 1 {
			from := weakest.From
			if weakest == pv.Hops[0] {
				from = "you"
			}
			pv.Why = append(pv.Why, fmt.Sprintf("weakest link %s – %s (%.2f)", from, weakest.To, weakest.Strength))
		}
		out = append(out, pv)
	}
	return out, nil
}
