package app

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

// The small workspace of the coalition use-case tests (FindAllies, Plan,
// WarmPaths): thirteen people whose ties, relationships, tags, commitments
// and stakes are chosen so that the right answers can be derived by hand or
// by brute force on the graph.
//
//	Me ─6─ Ana (key ally, trust 5) ─4─ Dee (blocker)
//	Me ─3─ Bo  (network)           ─5─ Dee      Ana ─2─ Bo
//	Me ─9─ Ivy (strained)          ─10─ Dee
//	Me ─2─ Cy  (no relationship)   ─7─ Dee      Cy ─3─ Hal ─5─ Me
//	Me ─8─ Fay ─4─ Gus ─3─ Me      Bo ─3─ Eve ─2─ Jon ─1─ Me
//	Me ─4─ Lou (200 days ago)      Kim: no ties
//
// The numbers are one-on-ones, on consecutive days before the clock, so a
// pair with more of them has the stronger tie (package tie).
const (
	fxMe = int64(iota + 1)
	fxAna
	fxBo
	fxCy
	fxDee
	fxEve
	fxFay
	fxGus
	fxHal
	fxIvy
	fxJon
	fxKim
	fxLou
)

// fxNow is the clock of the fixture.
var fxNow = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// fxTies are the fixture's pairs and their numbers of one-on-ones; the
// last is long ago (Lou's tie is cooling).
var fxTies = []struct {
	a, b  int64
	count int
	ago   int // days before fxNow of the latest one-on-one
}{
	{fxMe, fxAna, 6, 1}, {fxAna, fxDee, 4, 1}, {fxMe, fxBo, 3, 1}, {fxBo, fxDee, 5, 1},
	{fxAna, fxBo, 2, 1}, {fxMe, fxIvy, 9, 1}, {fxIvy, fxDee, 10, 1}, {fxMe, fxCy, 2, 1},
	{fxCy, fxDee, 7, 1}, {fxCy, fxHal, 3, 1}, {fxMe, fxHal, 5, 1}, {fxMe, fxFay, 8, 1},
	{fxFay, fxGus, 4, 1}, {fxMe, fxGus, 3, 1}, {fxBo, fxEve, 3, 1}, {fxEve, fxJon, 2, 1},
	{fxMe, fxJon, 1, 1}, {fxMe, fxLou, 4, 200},
}

// coalitionWorkspace imports the fixture and opens it at fxNow.
func coalitionWorkspace(t *testing.T) *App {
	t.Helper()
	return coalitionWorkspaceWith(t, nil)
}

// coalitionWorkspaceWith imports the fixture, changed by edit, and opens it
// at fxNow.
func coalitionWorkspaceWith(t *testing.T, edit func(d *Dump)) *App {
	t.Helper()
	created := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	d := &Dump{Format: DumpFormat, Version: DumpVersion, Workspace: DumpWorkspace{Name: "coalition", MeID: fxMe, Created: created}}
	person := func(id int64, name, dept string, level int, tags ...ally.Tag) {
		d.People = append(d.People, &ally.Person{ID: id, Name: name, Department: dept, Level: level, Tags: tags, Created: created})
	}
	tag := func(k ally.TagKind, v string) ally.Tag { return ally.Tag{Kind: k, Value: v} }
	person(fxMe, "Mia Me", "Product", 3)
	person(fxAna, "Ana Ally", "Eng", 3)
	person(fxBo, "Bo Bridge", "Eng", 4)
	person(fxCy, "Cy Stranger", "Finance", 4)
	person(fxDee, "Dee Blocker", "Legal", 2, tag(ally.TagCurrency, "recognition"))
	person(fxEve, "Eve Skeptic", "Sales", 3)
	person(fxFay, "Fay Champion", "Product", 3)
	person(fxGus, "Gus Supporter", "Eng", 4)
	person(fxHal, "Hal Forecaster", "Finance", 2,
		tag(ally.TagInterest, "forecasting"), tag(ally.TagGoal, "cost dashboard"), tag(ally.TagSkill, "modelling"))
	person(fxIvy, "Ivy Strained", "Legal", 3)
	person(fxJon, "Jon Neutral", "Ops", 4, tag(ally.TagInterest, "forecasting"), tag(ally.TagSkill, "hiring"))
	person(fxKim, "Kim Isolate", "Ops", 4)
	person(fxLou, "Lou Cooling", "Sales", 4)
	rel := func(id int64, tier ally.Tier, status ally.RelStatus, trust int) {
		d.Relationships = append(d.Relationships, &ally.Relationship{PersonID: id, Tier: tier, Status: status, Trust: trust, Updated: created})
	}
	rel(fxAna, ally.TierKeyAlly, ally.StatusAlly, 5)
	rel(fxBo, ally.TierNetwork, ally.StatusEngaged, 0)
	rel(fxIvy, ally.TierNetwork, ally.StatusStrained, 0)
	rel(fxHal, ally.TierNetwork, ally.StatusEngaged, 0)
	rel(fxFay, ally.TierAlly, ally.StatusAlly, 0)
	rel(fxGus, ally.TierNetwork, ally.StatusEngaged, 0)
	rel(fxLou, ally.TierNetwork, ally.StatusEngaged, 0)
	id := int64(0)
	for _, p := range fxTies {
		for j := range p.count {
			id++
			init, to := p.a, p.b
			if j%2 == 1 {
				init, to = to, init
			}
			d.Interactions = append(d.Interactions, &ally.Interaction{ID: id, Kind: ally.ChanOneOnOne,
				At:           fxNow.AddDate(0, 0, -p.ago-j),
				Participants: []ally.Participant{{PersonID: init, Role: ally.RoleInitiator}, {PersonID: to, Role: ally.RoleTo}}})
		}
	}
	// Hal kept both promises to Me on time; Jon broke his one.
	due := fxNow.AddDate(0, 0, -20)
	d.Commitments = []*ally.Commitment{
		{ID: 1, FromID: fxHal, ToID: fxMe, What: "send the model", Due: due, Created: due.AddDate(0, 0, -7), Status: ally.CommitKept, Closed: due.AddDate(0, 0, -1)},
		{ID: 2, FromID: fxHal, ToID: fxMe, What: "review the numbers", Due: due, Created: due.AddDate(0, 0, -7), Status: ally.CommitKept, Closed: due},
		{ID: 3, FromID: fxJon, ToID: fxMe, What: "share the hiring plan", Due: due, Created: due.AddDate(0, 0, -7), Status: ally.CommitBroken, Closed: due.AddDate(0, 0, 2)},
	}
	d.Initiatives = []*ally.Initiative{
		{ID: 1, Name: "Cost dashboard", Purpose: "a shared forecasting view of cloud cost", Outcome: ally.OutcomeOpen, Created: created},
		{ID: 2, Name: "Vendor switch", Outcome: ally.OutcomeOpen, Created: created,
			Rule: ally.Rule{Kind: ally.RuleCommittee, Quota: 3, Weights: map[int64]float64{fxFay: 1, fxDee: 2, fxJon: 1, fxEve: 1}}},
	}
	stake := func(goal, who int64, st ally.Stance, power, interest int, wiifm, ask string) {
		d.Stakes = append(d.Stakes, &ally.Stake{InitiativeID: goal, PersonID: who, Stance: st, Power: power, Interest: interest,
			WIIFM: wiifm, Ask: ask, Updated: created})
	}
	stake(1, fxDee, ally.StanceBlocker, 5, 4, "a say in the contract terms", "sign off the data-sharing clause")
	stake(1, fxEve, ally.StanceSkeptic, 3, 2, "", "")
	stake(1, fxFay, ally.StanceChampion, 4, 5, "", "")
	stake(1, fxGus, ally.StanceSupporter, 2, 3, "", "")
	stake(1, fxJon, ally.StanceNeutral, 2, 2, "", "")
	stake(1, fxLou, ally.StanceSupporter, 1, 2, "", "")
	stake(2, fxFay, ally.StanceChampion, 4, 5, "", "")
	stake(2, fxDee, ally.StanceBlocker, 5, 4, "", "")
	stake(2, fxJon, ally.StanceNeutral, 2, 2, "", "")
	stake(2, fxEve, ally.StanceSkeptic, 3, 2, "", "")
	if edit != nil {
		edit(d)
	}
	db := mustDB(t)
	ok(Import(bg, db, d, ImportOptions{}))(t)
	return ok(Open(bg, db, "coalition", fxNow))(t)
}

// bruteGraph is the Ties graph as the brute force reads it: tie strengths
// by pair of ties indices and the penalty for entering each person, from
// Me's relationship with them as PathView documents it (every go-between
// costHop, plus nothing for allies and people trusted 4 or 5, costNetwork
// for a colleague, costUnknown without a relationship, costStrained for a
// strained one).
type bruteGraph struct {
	t       *Ties
	s       map[[2]int]float64
	adj     [][]int
	penalty []float64
}

func newBruteGraph(t *testing.T, ts *Ties) *bruteGraph {
	t.Helper()
	g := &bruteGraph{t: ts, s: map[[2]int]float64{}, adj: make([][]int, len(ts.People)), penalty: make([]float64, len(ts.People))}
	for _, e := range ts.Edges {
		g.s[[2]int{e.A, e.B}], g.s[[2]int{e.B, e.A}] = e.Strength, e.Strength
		g.adj[e.A] = append(g.adj[e.A], e.B)
		g.adj[e.B] = append(g.adj[e.B], e.A)
	}
	for i, p := range ts.People {
		c := costUnknown
		if r := ts.Rels[p.ID]; r != nil {
			switch {
			case r.Status == ally.StatusStrained || r.Status == ally.StatusEnded:
				c = costStrained
			case r.Tier == ally.TierKeyAlly || r.Tier == ally.TierAlly || r.Status == ally.StatusAlly || r.Trust >= 4:
				c = costTrusted
			case r.Status == ally.StatusDormant:
				c = costDormant
			default:
				c = costNetwork
			}
		}
		g.penalty[i] = costHop + c
	}
	return g
}

// brutePath is one simple path with its strength (Π of tie strengths) and
// cost (Σ −ln strength + the penalty of every person entered).
type brutePath struct {
	nodes          []int
	strength, cost float64
}

// paths enumerates every simple path from → to by depth-first search and
// returns them cheapest first (ties by node sequence).
func (g *bruteGraph) paths(from, to int) []brutePath {
	var out []brutePath
	onPath := make([]bool, len(g.adj))
	var walk func(path []int, strength, cost float64)
	walk = func(path []int, strength, cost float64) {
		u := path[len(path)-1]
		if u == to {
			out = append(out, brutePath{slices.Clone(path), strength, cost})
			return
		}
		for _, v := range g.adj[u] {
			if onPath[v] {
				continue
			}
			s := g.s[[2]int{u, v}]
			onPath[v] = true
			walk(append(path, v), strength*s, cost-math.Log(s)+g.penalty[v])
			onPath[v] = false
		}
	}
	onPath[from] = true
	walk([]int{from}, 1, 0)
	slices.SortFunc(out, func(a, b brutePath) int {
		if c := cmp.Compare(a.cost, b.cost); c != 0 {
			return c
		}
		return slices.Compare(a.nodes, b.nodes)
	})
	return out
}

// names are the people of a path, ties indices to names.
func (g *bruteGraph) names(nodes []int) []string {
	out := make([]string, len(nodes))
	for i, v := range nodes {
		out[i] = g.t.People[v].Name
	}
	return out
}

// pathNames are the people of a PathView, Me first.
func pathNames(p *PathView) []string {
	out := []string{p.Hops[0].From}
	for _, h := range p.Hops {
		out = append(out, h.To)
	}
	return out
}

// samePaths checks that WarmPaths' answer is the brute force's first
// len(got) paths: the same chains in the same order (where two costs tie,
// either order), with the same strength and cost (to the view's three
// decimals).
func samePaths(t *testing.T, g *bruteGraph, got []*PathView, want []brutePath) {
	t.Helper()
	for i, p := range got {
		w := want[i]
		if math.Abs(p.Cost-w.cost) > 6e-4 || math.Abs(p.Strength-w.strength) > 6e-4 {
			t.Errorf("path %d %v: strength %.3f cost %.3f, brute force's path %d %v has %.4f and %.4f",
				i+1, pathNames(p), p.Strength, p.Cost, i+1, g.names(w.nodes), w.strength, w.cost)
		}
		tied := i > 0 && want[i-1].cost > w.cost-1e-9 || i+1 < len(want) && want[i+1].cost < w.cost+1e-9
		if !tied && !slices.Equal(pathNames(p), g.names(w.nodes)) {
			t.Errorf("path %d is %v, brute force's is %v", i+1, pathNames(p), g.names(w.nodes))
		}
	}
}

func TestWarmPathsAgainstBruteForce(t *testing.T) {
	a := coalitionWorkspace(t)
	ts := ok(a.Ties(bg))(t)
	g := newBruteGraph(t, ts)
	me, dee := ts.Index[fxMe], ts.Index[fxDee]
	all := g.paths(me, dee)

	// The precondition of the hand check below: the chain through Ivy is
	// the strongest (the most one-on-ones), but Ivy is strained.
	viaIvy := slices.IndexFunc(all, func(p brutePath) bool { return slices.Equal(p.nodes, []int{me, ts.Index[fxIvy], dee}) })
	viaAna := slices.IndexFunc(all, func(p brutePath) bool { return slices.Equal(p.nodes, []int{me, ts.Index[fxAna], dee}) })
	if viaIvy < 0 || viaAna < 0 {
		t.Fatalf("the fixture lacks the chains through Ivy or Ana: %d paths", len(all))
	}
	if !(all[viaIvy].strength > all[viaAna].strength) {
		t.Fatalf("fixture: the chain through Ivy (%.3f) should be stronger than through Ana (%.3f)", all[viaIvy].strength, all[viaAna].strength)
	}

	v := ok(a.WarmPaths(bg, pid(t, a, "Dee Blocker"), 5))(t)
	if v.ID != fxDee || len(v.Paths) != 5 {
		t.Fatalf("paths to %d: %d, want 5 to Dee", v.ID, len(v.Paths))
	}
	samePaths(t, g, v.Paths, all)
	// By hand: Ana is a trusted key ally, so going through her costs only
	// the hop; Ivy's strained relationship costs 2.5 more, a factor e^−2.5
	// of strength that the stronger chain does not make up.
	best := v.Paths[0]
	if !slices.Equal(best.Via, []string{"Ana Ally"}) {
		t.Errorf("best warm path to Dee goes via %v, want Ana Ally (trusted) rather than the stronger chain through strained Ivy", best.Via)
	}
	if len(best.Hops) != 2 || best.Hops[0].Count != 6 || best.Hops[1].Count != 4 {
		t.Errorf("hops of the best path %+v: want Me–Ana with 6 one-on-ones and Ana–Dee with 4", best.Hops)
	}
	if want := best.Hops[0].Strength * best.Hops[1].Strength; math.Abs(best.Strength-want) > 1e-3 {
		t.Errorf("chain strength %.3f is not the product of its hops' %.3f", best.Strength, want)
	}
	if !slices.ContainsFunc(best.Why, func(w string) bool { return strings.Contains(w, "through Ana Ally, someone you trust") }) {
		t.Errorf("why %q does not name Ana as trusted", best.Why)
	}
	for _, p := range v.Paths {
		if slices.Contains(p.Via, "Ivy Strained") && !slices.ContainsFunc(p.Why, func(w string) bool { return strings.Contains(w, "strained") }) {
			t.Errorf("path %v through Ivy does not warn that the relationship is strained: %q", p.Via, p.Why)
		}
	}

	// Asking for every path: exactly the simple paths, all of them, in order.
	v = ok(a.WarmPaths(bg, pid(t, a, "Dee Blocker"), MaxPaths))(t)
	if len(all) >= MaxPaths {
		t.Fatalf("fixture: %d simple paths to Dee, want fewer than %d", len(all), MaxPaths)
	}
	if len(v.Paths) != len(all) {
		t.Fatalf("%d paths to Dee, brute force finds %d simple paths", len(v.Paths), len(all))
	}
	samePaths(t, g, v.Paths, all)
	if len(v.Notes) != 1 || !strings.Contains(v.Notes[0], "only "+itoa(len(all))+" distinct chain") {
		t.Errorf("notes %q do not say only %d chains exist", v.Notes, len(all))
	}

	// Everyone reachable: the first path is the brute force's cheapest.
	for _, p := range ts.People {
		i := ts.Index[p.ID]
		if p.ID == fxMe || p.ID == fxKim {
			continue
		}
		v := ok(a.WarmPaths(bg, p.ID, 1))(t)
		samePaths(t, g, v.Paths, g.paths(me, i))
	}

	_, err := a.WarmPaths(bg, pid(t, a, "Kim Isolate"), 3)
	wantErr(t, err, ally.ENOTFOUND, "no chain of ties from you to Kim Isolate")
	_, err = a.WarmPaths(bg, a.WS.MeID, 3)
	wantErr(t, err, ally.EINVALID, "is you")
	_, err = a.WarmPaths(bg, pid(t, a, "Dee Blocker"), MaxPaths+1)
	wantErr(t, err, ally.EINVALID, "at most")
	_, err = a.WarmPaths(bg, pid(t, a, "Dee Blocker"), -1)
	wantErr(t, err, ally.EINVALID)
}
