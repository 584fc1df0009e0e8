package coalition

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/allyhq/ally"
)

// Quadrant is a cell of Mendelow's power–interest grid (Mendelow 1991).
type Quadrant string

// The four quadrants and the engagement each calls for.
const (
	ManageClosely Quadrant = "manage closely" // high power, high interest
	KeepSatisfied Quadrant = "keep satisfied" // high power, low interest
	KeepInformed  Quadrant = "keep informed"  // low power, high interest
	Monitor       Quadrant = "monitor"        // low power, low interest
)

// GridThreshold: power and interest on the 1–5 scale are "high" from 4 up.
// The midpoint 3 is the default of a new stake, so counting it as high would
// put every unrated stakeholder in "manage closely".
const GridThreshold = 4

// QuadrantOf places a member on the power–interest grid.
func QuadrantOf(m Member) Quadrant {
	hp, hi := m.power() >= GridThreshold, m.interest() >= GridThreshold
	switch {
	case hp && hi:
		return ManageClosely
	case hp:
		return KeepSatisfied
	case hi:
		return KeepInformed
	}
	return Monitor
}

// Flag is one reason the base is shallow and what would deepen it.
type Flag struct {
	Code   string // "few-supporters", "concentrated", "one-department"
	Reason string
	Deepen string
	// Candidates are members (indices) who would deepen the base: not yet
	// yes, not blockers, most powerful first, preferring new departments.
	Candidates []int
}

// BaseDepth describes how deep an initiative's support runs.
type BaseDepth struct {
	Supporters  int      // champions + supporters
	Champions   int      // champions alone
	Departments []string // departments of the yes-voters, sorted
	Levels      []int    // levels of the yes-voters, sorted
	// SupportShare = Σ power of yes-voters / Σ power of everyone.
	SupportShare float64
	// NetSupport = Σ powerᵢ·value(stanceᵢ) / Σ powerᵢ ∈ [−1, 1], with the
	// stance values of [StanceValue].
	NetSupport float64
	// HHI is the Herfindahl–Hirschman index of the yes-voters' power
	// shares, Σ sᵢ² with sᵢ = powerᵢ / Σ power of yes-voters: 1/k for k
	// equal supporters, 1 for a single one (Hirschman 1964).
	HHI float64
	// TopShare is the largest single share sᵢ.
	TopShare  float64
	StanceMix map[Stance]int
	Grid      map[Quadrant][]int
	Shallow   bool
	Flags     []Flag
}

// Support is the power-weighted support of a set of stakeholders, the one
// definition behind an initiative's support share wherever it is shown
// (goal list and show, the base depth, the ROI snapshots). Each member
// weighs their power (1–5; an unknown power counts 1, so that an unrated
// stakeholder still counts).
type Support struct {
	Supporters int     // champions and supporters
	Share      float64 // Σ power of supporters / Σ power
	Opposition float64 // Σ power of skeptics and blockers / Σ power
	// Net = Σ powerᵢ·value(stanceᵢ) / Σ power ∈ [−1, 1], with the stance
	// values of [StanceValue].
	Net float64
}

// WeighSupport returns the power-weighted support of members; it reads
// only their stances and powers. No members (or no power) give zero shares.
// Cost: O(n).
func WeighSupport(members []Member) Support {
	var s Support
	var total, yes, against float64
	for _, m := range members {
		p := float64(m.power())
		total += p
		s.Net += p * StanceValue(m.Stance)
		switch {
		case m.Stance.Supports():
			s.Supporters++
			yes += p
		case StanceValue(m.Stance) < 0:
			against += p
		}
	}
	if total > 0 {
		s.Share, s.Opposition, s.Net = yes/total, against/total, s.Net/total
	}
	return s
}

// Assess computes the depth of the base of members. A base is shallow when
// any of these holds (each becomes a Flag):
//   - fewer than three supporters (champions included);
//   - one supporter holds most of the support (TopShare > ½);
//   - all support sits in one department.
//
// Cost: O(n log n).
func Assess(members []Member) BaseDepth {
	b := BaseDepth{StanceMix: map[Stance]int{}, Grid: map[Quadrant][]int{}}
	sup := WeighSupport(members)
	b.Supporters, b.SupportShare, b.NetSupport = sup.Supporters, sup.Share, sup.Net
	var yesPower float64
	depts := map[string]bool{}
	levels := map[int]bool{}
	for i, m := range members {
		b.StanceMix[m.Stance]++
		q := QuadrantOf(m)
		b.Grid[q] = append(b.Grid[q], i)
		if m.Stance.Supports() {
			if m.Stance == Champion {
				b.Champions++
			}
			yesPower += float64(m.power())
			depts[m.Department] = true
			if m.Level != 0 {
				levels[m.Level] = true
			}
		}
	}
	for d := range depts {
		b.Departments = append(b.Departments, d)
	}
	slices.Sort(b.Departments)
	for l := range levels {
		b.Levels = append(b.Levels, l)
	}
	slices.Sort(b.Levels)
	if yesPower > 0 {
		for _, m := range members {
			if m.Stance.Supports() {
				s := float64(m.power()) / yesPower
				b.HHI += s * s
				b.TopShare = max(b.TopShare, s)
			}
		}
	}

	// Candidates to deepen: not yes, not blockers; new departments first,
	// then power, then interest.
	var cand []int
	for i, m := range members {
		if !m.Stance.Supports() && m.Stance != Blocker {
			cand = append(cand, i)
		}
	}
	slices.SortStableFunc(cand, func(x, y int) int {
		nx, ny := !depts[members[x].Department], !depts[members[y].Department]
		if nx != ny {
			if nx {
				return -1
			}
			return 1
		}
		if d := members[y].power() - members[x].power(); d != 0 {
			return d
		}
		return members[y].interest() - members[x].interest()
	})
	top := func(filter func(int) bool) []int {
		var out []int
		for _, i := range cand {
			if filter(i) && len(out) < 3 {
				out = append(out, i)
			}
		}
		return out
	}
	names := func(ix []int) string {
		var s []string
		for _, i := range ix {
			s = append(s, displayName(members, i))
		}
		return strings.Join(s, ", ")
	}
	if b.Supporters < 3 {
		c := top(func(int) bool { return true })
		reason := fmt.Sprintf("only %s: a coalition resting on one or two people fails when one leaves", ally.Count(b.Supporters, "supporter", "supporters"))
		if b.Supporters == 0 {
			reason = "no supporters yet: a coalition needs at least three, ideally from more than one department"
		}
		b.Flags = append(b.Flags, Flag{Code: "few-supporters",
			Reason:     reason,
			Deepen:     fmt.Sprintf("win %d more: start with %s", 3-b.Supporters, orNone(names(c))),
			Candidates: c})
	}
	if b.Supporters > 1 && b.TopShare > 0.5 {
		c := top(func(i int) bool { return members[i].power() >= GridThreshold })
		b.Flags = append(b.Flags, Flag{Code: "concentrated",
			Reason:     fmt.Sprintf("one supporter holds %.0f%% of the support (HHI %.2f)", 100*b.TopShare, b.HHI),
			Deepen:     "add supporters with power of their own: " + orNone(names(c)),
			Candidates: c})
	} else if b.Supporters == 1 {
		b.Flags = append(b.Flags, Flag{Code: "concentrated",
			Reason: "all support rests on one person",
			Deepen: "a second and third voice, ideally from other departments"})
	}
	// One department is a silo only when it is known: supporters with no
	// department recorded say nothing about where the support sits.
	if b.Supporters > 0 && len(depts) == 1 && b.Departments[0] != "" {
		c := top(func(i int) bool { return !depts[members[i].Department] })
		d := b.Departments[0]
		b.Flags = append(b.Flags, Flag{Code: "one-department",
			Reason:     "all support is in " + d,
			Deepen:     "cross the silo: invite " + orNone(names(c)) + " (a partnership meeting between the teams)",
			Candidates: c})
	}
	b.Shallow = len(b.Flags) > 0
	return b
}

func displayName(members []Member, i int) string {
	if members[i].Name != "" {
		return members[i].Name
	}
	return "#" + strconv.FormatInt(members[i].ID, 10)
}

func orNone(s string) string {
	if s == "" {
		return "(no candidate yet: identify stakeholders first)"
	}
	return s
}
