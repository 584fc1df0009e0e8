package app

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

// growWorkspace is a workspace small enough to compute the independent
// cascade exactly, over every live-edge world:
//
//	Me ─3─ Ben ─2─ Amy (supporter)
//	       Ben ─2─ Cat ─4─ Eli ─3─ Flo
//	Dan (blocker) ─5─ Cat    Eli ─3─ Gil ─1─ Dan
//
// (one-on-ones per pair), with an initiative Amy supports and Dan blocks,
// and a second one without stakeholders.
func growWorkspace(t *testing.T) *App {
	t.Helper()
	created := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	d := &Dump{Format: DumpFormat, Version: DumpVersion, Workspace: DumpWorkspace{Name: "grow", MeID: 1, Created: created}}
	for i, n := range []string{"Me", "Amy", "Ben", "Cat", "Dan", "Eli", "Flo", "Gil"} {
		d.People = append(d.People, &ally.Person{ID: int64(i + 1), Name: n, Created: created})
	}
	const me, amy, ben, cat, dan, eli, flo, gil = 1, 2, 3, 4, 5, 6, 7, 8
	id := int64(0)
	for _, p := range []struct {
		a, b  int64
		count int
	}{{me, ben, 3}, {amy, ben, 2}, {ben, cat, 2}, {cat, eli, 4}, {eli, flo, 3}, {eli, gil, 3}, {dan, cat, 5}, {dan, gil, 1}} {
		for j := range p.count {
			id++
			d.Interactions = append(d.Interactions, &ally.Interaction{ID: id, Kind: ally.ChanOneOnOne, At: fxNow.AddDate(0, 0, -1-j),
				Participants: []ally.Participant{{PersonID: p.a, Role: ally.RoleInitiator}, {PersonID: p.b, Role: ally.RoleTo}}})
		}
	}
	d.Initiatives = []*ally.Initiative{
		{ID: 1, Name: "Spread", Outcome: ally.OutcomeOpen, Created: created},
		{ID: 2, Name: "Empty", Outcome: ally.OutcomeOpen, Created: created},
	}
	d.Stakes = []*ally.Stake{
		{InitiativeID: 1, PersonID: amy, Stance: ally.StanceSupporter, Power: 3, Interest: 3, Updated: created},
		{InitiativeID: 1, PersonID: dan, Stance: ally.StanceBlocker, Power: 3, Interest: 3, Updated: created},
	}
	db := mustDB(t)
	ok(Import(bg, db, d, ImportOptions{}))(t)
	return ok(Open(bg, db, "grow", fxNow))(t)
}

// exactSpread returns σ(S) for every set S of people (a bitmask of ties
// indices): the expected number of people active at the end of an
// independent cascade started from S, computed exactly by summing over the
// 2^arcs live-edge worlds (Kempe, Kleinberg & Tardos 2003). The arc u → v
// is live with probability s(u,v) / Σ_w s(w,v), the weighted cascade that
// Grow documents, computed here from the tie strengths.
func exactSpread(t *testing.T, ts *Ties) func(set uint) float64 {
	t.Helper()
	n := len(ts.People)
	in := make([]float64, n)
	for _, e := range ts.Edges {
		in[e.A] += e.Strength
		in[e.B] += e.Strength
	}
	type arc struct {
		u, v int
		p    float64
	}
	var arcs []arc
	for _, e := range ts.Edges {
		arcs = append(arcs, arc{e.A, e.B, math.Min(1, e.Strength/in[e.B])}, arc{e.B, e.A, math.Min(1, e.Strength/in[e.A])})
	}
	if len(arcs) > 20 {
		t.Fatalf("%d arcs: too many worlds to enumerate", len(arcs))
	}
	// sigma[S] accumulates P(world) · |reach(S)| over the worlds, for every
	// S at once: reach(S) is the union of reach({s}).
	sigma := make([]float64, 1<<n)
	reach := make([]uint, n)
	adj := make([]uint, n)
	for w := 0; w < 1<<len(arcs); w++ {
		pw := 1.0
		clear(adj)
		for i, a := range arcs {
			if w&(1<<i) != 0 {
				pw *= a.p
				adj[a.u] |= 1 << a.v
			} else {
				pw *= 1 - a.p
			}
		}
		if pw == 0 {
			continue
		}
		for s := range n {
			seen, frontier := uint(1)<<s, uint(1)<<s
			for frontier != 0 {
				next := uint(0)
				for f := frontier; f != 0; f &= f - 1 {
					next |= adj[bits.TrailingZeros(f)]
				}
				frontier = next &^ seen
				seen |= next
			}
			reach[s] = seen
		}
		for set := 1; set < 1<<n; set++ {
			var r uint
			for f := uint(set); f != 0; f &= f - 1 {
				r |= reach[bits.TrailingZeros(f)]
			}
			sigma[set] += pw * float64(bits.OnesCount(r))
		}
	}
	return func(set uint) float64 { return sigma[set] }
}

// TestGrowAgainstExactSpread checks Grow's picks and estimates against the
// exact spread of every candidate set on the tiny workspace.
func TestGrowAgainstExactSpread(t *testing.T) {
	a := growWorkspace(t)
	ts := ok(a.Ties(bg))(t)
	if len(ts.Edges) != 8 {
		t.Fatalf("%d ties, want the fixture's 8", len(ts.Edges))
	}
	sigma := exactSpread(t, ts)
	bit := func(id int64) uint { return 1 << ts.Index[id] }
	fixed := bit(1) | bit(2) // Me and Amy, the supporter
	var eligible []int64     // everyone but Me, Amy and Dan (the blocker)
	for _, p := range ts.People {
		if p.ID != 1 && p.ID != 2 && p.ID != 5 {
			eligible = append(eligible, p.ID)
		}
	}
	setOf := func(picks []*GrowPick) uint {
		s := fixed
		for _, p := range picks {
			s |= bit(p.ID)
		}
		return s
	}
	// The best single pick and the best pair, by brute force.
	var best1, second1, best2 float64
	var arg1 int64
	for i, x := range eligible {
		s := sigma(fixed | bit(x))
		if s > best1 {
			best1, second1, arg1 = s, best1, x
		} else if s > second1 {
			second1 = s
		}
		for _, y := range eligible[i+1:] {
			best2 = max(best2, sigma(fixed|bit(x)|bit(y)))
		}
	}
	if best1 < 1.05*second1 {
		t.Fatalf("fixture: the best single pick (%.3f) is not clearly better than the next (%.3f)", best1, second1)
	}
	const eps = 0.2
	for _, k := range []int{1, 2} {
		v := ok(a.Grow(bg, gid(t, a, "Spread"), GrowInput{K: k, Seed: 1, Epsilon: eps}))(t)
		if len(v.Picks) != k || v.People != len(ts.People) || v.Approximate {
			t.Fatalf("k=%d: %d picks of %d people, approximate %v", k, len(v.Picks), v.People, v.Approximate)
		}
		if !slices.Contains(v.Supporters, "Me") || !slices.Contains(v.Supporters, "Amy") || len(v.Supporters) != 2 {
			t.Errorf("k=%d: supporters %v, want Me and Amy", k, v.Supporters)
		}
		for _, p := range v.Picks {
			if !slices.Contains(eligible, p.ID) {
				t.Errorf("k=%d: picked %s, who is Me, a supporter or the blocker", k, p.Name)
			}
			if !(p.Gain > 0) {
				t.Errorf("k=%d: %s adds %v people", k, p.Name, p.Gain)
			}
		}
		got := sigma(setOf(v.Picks))
		opt := best1
		if k == 2 {
			opt = best2
		}
		var names []string
		for _, p := range v.Picks {
			names = append(names, p.Name)
		}
		t.Logf("k=%d: picks %v reach exactly %.3f (estimated %.3f ± %.3f); best possible %.3f; base %.3f (estimated %.3f)",
			k, names, got, v.Reach.Mean, v.Reach.CI95, opt, sigma(fixed), v.Base.Mean)
		// IMM's guarantee, and what the brute force asks of it: no worse
		// than the best single person.
		if got < (1-1/math.E-eps)*opt || got < best1-1e-9 {
			t.Errorf("k=%d: the picks reach %.3f, the best single person %.3f, the best %d %.3f", k, got, best1, k, opt)
		}
		// With one pick the best is clear by 5 % or more: IMM finds it.
		if k == 1 && v.Picks[0].ID != arg1 {
			t.Errorf("k=1: picked %s, the brute force's best is %s", v.Picks[0].Name, ts.People[ts.Index[arg1]].Name)
		}
		// The estimates are unbiased RR-set estimates of the exact values.
		if d := math.Abs(v.Reach.Mean - got); d > 3*v.Reach.CI95+0.01 {
			t.Errorf("k=%d: estimated reach %.3f ± %.3f, exact %.3f", k, v.Reach.Mean, v.Reach.CI95, got)
		}
		if d := math.Abs(v.Base.Mean - sigma(fixed)); d > 3*v.Base.CI95+0.01 {
			t.Errorf("k=%d: estimated base %.3f ± %.3f, exact %.3f", k, v.Base.Mean, v.Base.CI95, sigma(fixed))
		}
	}

	_, err := a.Grow(bg, gid(t, a, "Spread"), GrowInput{K: len(eligible) + 1})
	wantErr(t, err, ally.EINVALID, "more than the 5 people")
	_, err = a.Grow(bg, gid(t, a, "Spread"), GrowInput{K: -1})
	wantErr(t, err, ally.EINVALID)
	_, err = a.Grow(bg, gid(t, a, "Empty"), GrowInput{K: 1})
	wantErr(t, err, ally.EINVALID, "no stakeholders")
	if h := ally.ErrorHint(err); h == nil || h.Action != ally.HintAddStake || h.Args["id"] != strconv.FormatInt(gid(t, a, "Empty"), 10) {
		t.Errorf("no-stakes hint %+v, want to add stakes to the initiative", h)
	}
	for _, eps := range []float64{-0.1, 1, 2} {
		_, err = a.Grow(bg, gid(t, a, "Spread"), GrowInput{K: 1, Epsilon: eps})
		wantErr(t, err, ally.EINVALID, "between 0 and 1")
	}
}
