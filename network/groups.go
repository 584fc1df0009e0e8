package network

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/allyhq/ally"
)

// Groups is a partition of the nodes into named groups (departments,
// teams, communities).
type Groups struct {
	Of    []int32  // Of[v] is v's group
	Names []string // Names[k] is group k's name
}

// GroupBy groups the nodes by the value of attribute attr; nodes with no
// value form the group "(none)". Groups are numbered in order of first
// appearance. EINVALID when no node has the attribute.
func GroupBy(g *Graph, attr string) (Groups, error) {
	vals := g.AttrValues(attr)
	if vals == nil {
		return Groups{}, ally.Errorf(ally.EINVALID, "no node attribute %q (attributes: %s)", attr, strings.Join(g.AttrNames(), ", "))
	}
	idx := map[string]int32{}
	gr := Groups{Of: make([]int32, g.n)}
	for v, s := range vals {
		s = strings.TrimSpace(s)
		if s == "" {
			s = "(none)"
		}
		k, ok := idx[s]
		if !ok {
			k = int32(len(gr.Names))
			idx[s] = k
			gr.Names = append(gr.Names, s)
		}
		gr.Of[v] = k
	}
	return gr, nil
}

// GroupStat is one group's silo measure.
type GroupStat struct {
	Name     string
	Size     int
	Internal float64 // ties (weight) inside the group
	External float64 // ties (weight) from the group to other groups
	// EI is Krackhardt and Stern's E-I index (E − I)/(E + I): −1 for a
	// group that only talks to itself (a silo), +1 for one whose ties all
	// leave it; 0 with no ties.
	EI float64
}

// Tie is one edge with its weight.
type Tie struct {
	U, V   int
	Weight float64
}

// Broker is a node holding ties across groups.
type Broker struct {
	Node int
	// Cross is the number (weight) of its ties to other groups.
	Cross float64
	// Groups is the number of other groups it reaches directly.
	Groups int
}

// GroupPair describes the ties between two groups.
type GroupPair struct {
	A, B int
	// Ties is the number (weight) of edges between the groups.
	Ties float64
	// Expected is K_A K_B / 2m, the ties expected if edges were rewired at
	// random keeping every node's degree (strength): the configuration
	// model behind modularity.
	Expected float64
	// Ratio is Ties / Expected: below 1, the groups are less connected than
	// their size and activity predict.
	Ratio float64
	// Bridges are the strongest ties between the groups (at most Top).
	Bridges []Tie
	// Brokers are the nodes holding the most ties between the groups.
	Brokers []Broker
}

// SiloReport is the result of Silos.
type SiloReport struct {
	Groups []GroupStat
	// EI is the E-I index of the whole network for this grouping.
	EI float64
	// Pairs lists every pair of groups with Expected > 0, weakest (lowest
	// Ratio) first.
	Pairs []GroupPair
	// Brokers are the nodes with the most cross-group ties overall.
	Brokers []Broker
}

// Silos measures how closed each group is (E-I index) and describes the
// bridges between groups: for every pair, the ties between them against
// the configuration-model expectation, the strongest cross ties and the
// brokers who hold them; and the top brokers overall. A directed graph is
// read as undirected; weights count when weighted is true. top bounds the
// bridges and brokers listed (0 means 5).
//
// Cost O(n + m + p·log p) for p pairs of groups with ties, plus sorting the
// cross ties. Reference: Krackhardt & Stern 1988, "Informal networks and
// organizational crises" (E-I index); Burt 2004 (brokerage across groups).
func Silos(g *Graph, gr Groups, weighted bool, top int) (SiloReport, error) {
	if len(gr.Of) != g.n {
		return SiloReport{}, ally.Errorf(ally.EINVALID, "silos: %d group memberships for %d nodes", len(gr.Of), g.n)
	}
	if top <= 0 {
		top = 5
	}
	u := g.Undirected()
	k := len(gr.Names)
	for _, c := range gr.Of {
		if c < 0 || int(c) >= k {
			return SiloReport{}, ally.Errorf(ally.EINVALID, "silos: group %d has no name", c)
		}
	}
	rep := SiloReport{Groups: make([]GroupStat, k)}
	for i := range rep.Groups {
		rep.Groups[i].Name = gr.Names[i]
	}
	strength := make([]float64, k)
	type pairKey struct{ a, b int32 }
	ties := map[pairKey]float64{}
	cross := map[pairKey][]Tie{}
	nodeCross := make([]float64, g.n)
	nodeGroups := make([]int, g.n)
	seen := make([]int, k) // seen[b] == v+1 when v has a tie to group b
	m2 := 0.0
	for v := 0; v < u.n; v++ {
		a := gr.Of[v]
		rep.Groups[a].Size++
		ws := u.Weights(v)
		for i, x := range u.Neighbors(v) {
			w := 1.0
			if weighted && ws != nil {
				w = ws[i]
			}
			strength[a] += w
			m2 += w
			b := gr.Of[x]
			if a == b {
				if int(x) > v {
					rep.Groups[a].Internal += w
				}
				continue
			}
			rep.Groups[a].External += w
			nodeCross[v] += w
			if seen[b] != v+1 {
				seen[b] = v + 1
				nodeGroups[v]++
			}
			if int(x) > v {
				key := pairKey{min(a, b), max(a, b)}
				ties[key] += w
				cross[key] = append(cross[key], Tie{v, int(x), w})
			}
		}
	}
	var totI, totE float64
	for i := range rep.Groups {
		s := &rep.Groups[i]
		totI += s.Internal
		totE += s.External
		if s.Internal+s.External > 0 {
			s.EI = (s.External - s.Internal) / (s.External + s.Internal)
		}
	}
	totE /= 2 // each cross tie was counted by both groups
	if totI+totE > 0 {
		rep.EI = (totE - totI) / (totE + totI)
	}
	if m2 == 0 {
		return rep, nil
	}
	for a := 0; a < k; a++ {
		for b := a + 1; b < k; b++ {
			exp := strength[a] * strength[b] / m2
			if exp == 0 {
				continue
			}
			key := pairKey{int32(a), int32(b)}
			p := GroupPair{A: a, B: b, Ties: ties[key], Expected: exp, Ratio: ties[key] / exp}
			list := cross[key]
			sort.SliceStable(list, func(i, j int) bool { return list[i].Weight > list[j].Weight })
			p.Bridges = append([]Tie(nil), list[:min(top, len(list))]...)
			held := map[int]float64{}
			for _, t := range list {
				held[t.U] += t.Weight
				held[t.V] += t.Weight
			}
			p.Brokers = topBrokers(held, nil, top)
			rep.Pairs = append(rep.Pairs, p)
		}
	}
	sort.SliceStable(rep.Pairs, func(i, j int) bool {
		if rep.Pairs[i].Ratio != rep.Pairs[j].Ratio {
			return rep.Pairs[i].Ratio < rep.Pairs[j].Ratio
		}
		return rep.Pairs[i].Expected > rep.Pairs[j].Expected
	})
	held := map[int]float64{}
	for v, c := range nodeCross {
		if c > 0 {
			held[v] = c
		}
	}
	rep.Brokers = topBrokers(held, nodeGroups, top)
	return rep, nil
}

func topBrokers(held map[int]float64, groups []int, top int) []Broker {
	out := make([]Broker, 0, len(held))
	for v, c := range held {
		b := Broker{Node: v, Cross: c, Groups: 1}
		if groups != nil {
			b.Groups = groups[v]
		}
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Cross != out[j].Cross {
			return out[i].Cross > out[j].Cross
		}
		return out[i].Node < out[j].Node
	})
	return out[:min(top, len(out))]
}

// PlanOptions configure PlanMeetings.
type PlanOptions struct {
	Meetings int // pairs of groups to plan for; 0 means 5
	Core     int // core invitees per meeting; 0 means 6
	Next     int // people to invite next per meeting; 0 means 6
	Weighted bool
}

// Invitee is a person proposed for a partnership meeting, with the reason.
type Invitee struct {
	Node  int
	Score float64
	Why   string
}

// Meeting is a proposed partnership meeting between two groups.
type Meeting struct {
	A, B           int
	GroupA, GroupB string
	Ties, Expected float64
	Ratio          float64
	// Core are people who already hold ties across the two groups, most
	// ties first, balanced between the sides.
	Core []Invitee
	// Next are neighbours of the core, in either group, who could meet the
	// most people of the other group through the core's introductions
	// (people of the other group at distance two whom they do not know
	// yet).
	Next []Invitee
}

// PlanMeetings proposes partnership meetings for the pairs of groups that
// are most weakly connected relative to their size (lowest ratio of
// observed to expected ties, among pairs expecting at least one tie),
// with the core invitees (people already holding ties between the two
// groups) and who to invite next to grow the base (neighbours of the core
// with the most potential new cross ties).
//
// Cost O(n + m) for the pairs plus, per meeting, O(Σ deg) over the
// neighbourhoods of the candidates.
func PlanMeetings(g *Graph, gr Groups, opt PlanOptions) ([]Meeting, error) {
	if opt.Meetings <= 0 {
		opt.Meetings = 5
	}
	if opt.Core <= 0 {
		opt.Core = 6
	}
	if opt.Next <= 0 {
		opt.Next = 6
	}
	rep, err := Silos(g, gr, opt.Weighted, 1)
	if err != nil {
		return nil, err
	}
	u := g.Undirected()
	var pairs []GroupPair
	for _, p := range rep.Pairs {
		if p.Expected >= 1 {
			pairs = append(pairs, p)
		}
	}
	if len(pairs) == 0 {
		pairs = rep.Pairs
	}
	pairs = pairs[:min(opt.Meetings, len(pairs))]
	var out []Meeting
	mark := make([]int32, g.n)
	for i := range mark {
		mark[i] = -1
	}
	stamp := int32(0)
	for _, p := range pairs {
		a, b := int32(p.A), int32(p.B)
		m := Meeting{A: p.A, B: p.B, GroupA: gr.Names[a], GroupB: gr.Names[b], Ties: p.Ties, Expected: p.Expected, Ratio: p.Ratio}
		other := func(v int) int32 {
			if gr.Of[v] == a {
				return b
			}
			return a
		}
		// Core: ties to the other group, per side.
		var sideA, sideB []Invitee
		inCore := map[int]bool{}
		for v := 0; v < u.n; v++ {
			gv := gr.Of[v]
			if gv != a && gv != b {
				continue
			}
			o := other(v)
			cnt := 0.0
			ws := u.Weights(v)
			for i, x := range u.Neighbors(v) {
				if gr.Of[x] == o {
					if opt.Weighted && ws != nil {
						cnt += ws[i]
					} else {
						cnt++
					}
				}
			}
			if cnt > 0 {
				inv := Invitee{Node: v, Score: cnt, Why: fmt.Sprintf("already has %s to %s", plural(cnt, "tie"), gr.Names[o])}
				if gv == a {
					sideA = append(sideA, inv)
				} else {
					sideB = append(sideB, inv)
				}
			}
		}
		byScore := func(l []Invitee) {
			sort.Slice(l, func(i, j int) bool {
				if l[i].Score != l[j].Score {
					return l[i].Score > l[j].Score
				}
				return l[i].Node < l[j].Node
			})
		}
		byScore(sideA)
		byScore(sideB)
		for i := 0; len(m.Core) < opt.Core && (i < len(sideA) || i < len(sideB)); i++ {
			if i < len(sideA) {
				m.Core = append(m.Core, sideA[i])
			}
			if i < len(sideB) && len(m.Core) < opt.Core {
				m.Core = append(m.Core, sideB[i])
			}
		}
		for _, c := range m.Core {
			inCore[c.Node] = true
		}
		// Candidates: neighbours of the core in either group; without a
		// core, the best-connected members of both groups.
		cand := map[int]bool{}
		for _, c := range m.Core {
			for _, x := range u.Neighbors(c.Node) {
				if gx := gr.Of[x]; (gx == a || gx == b) && !inCore[int(x)] {
					cand[int(x)] = true
				}
			}
		}
		if len(m.Core) == 0 {
			var all []Invitee
			for v := 0; v < u.n; v++ {
				if gv := gr.Of[v]; gv == a || gv == b {
					all = append(all, Invitee{Node: v, Score: float64(len(u.Neighbors(v)))})
				}
			}
			byScore(all)
			for _, c := range all[:min(200, len(all))] {
				cand[c.Node] = true
			}
		}
		var next []Invitee
		for _, v := range slices.Sorted(maps.Keys(cand)) {
			o := other(v)
			stamp++
			mark[v] = stamp
			for _, x := range u.Neighbors(v) {
				mark[x] = stamp
			}
			potential, via := 0, 0
			for _, y := range u.Neighbors(v) {
				found := false
				for _, z := range u.Neighbors(int(y)) {
					if gr.Of[z] == o && mark[z] != stamp {
						mark[z] = stamp
						potential++
						found = true
					}
				}
				if found {
					via++
				}
			}
			if potential > 0 {
				next = append(next, Invitee{Node: v, Score: float64(potential),
					Why: fmt.Sprintf("could meet %s in %s through %s", plural(float64(potential), "person"), gr.Names[o], plural(float64(via), "contact"))})
			}
		}
		byScore(next)
		m.Next = next[:min(opt.Next, len(next))]
		out = append(out, m)
	}
	return out, nil
}

func plural(x float64, word string) string {
	s := fmt.Sprintf("%g %s", x, word)
	if x != 1 {
		if word == "person" {
			return fmt.Sprintf("%g people", x)
		}
		s += "s"
	}
	return s
}
