package tie

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

var t0 = time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)

func ix(id int64, kind ally.Channel, at time.Time, ps ...ally.Participant) ally.Interaction {
	return ally.Interaction{ID: id, Kind: kind, At: at, Participants: ps, Source: ally.SourceManual}
}

func ini(id int64) ally.Participant { return ally.Participant{PersonID: id, Role: ally.RoleInitiator} }
func to(id int64) ally.Participant  { return ally.Participant{PersonID: id, Role: ally.RoleTo} }
func cc(id int64) ally.Participant  { return ally.Participant{PersonID: id, Role: ally.RoleCC} }

func mustAgg(t testing.TB, ins []ally.Interaction, p Params) []PairAgg {
	t.Helper()
	aggs, err := Aggregate(ins, p)
	if err != nil {
		t.Fatal(err)
	}
	return aggs
}

func pairOf(aggs []PairAgg, a, b int64) PairAgg {
	if a > b {
		a, b = b, a
	}
	for _, g := range aggs {
		if g.A == a && g.B == b {
			return g
		}
	}
	return PairAgg{}
}

func near(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))+1e-300
}

func TestWeightsOrdering(t *testing.T) {
	p := DefaultParams()
	w := func(in ally.Interaction, a, b int64) float64 {
		cs, err := Contributions(in, p)
		if err != nil {
			t.Fatal(err)
		}
		if a > b {
			a, b = b, a
		}
		for _, c := range cs {
			if c.A == a && c.B == b {
				return c.Weight
			}
		}
		return 0
	}
	big := []ally.Participant{ini(1), to(2)}
	for i := int64(3); i <= 10; i++ {
		big = append(big, to(i))
	}
	one := w(ix(1, ally.ChanOneOnOne, t0, ini(1), to(2)), 1, 2)
	small := w(ix(2, ally.ChanMeeting, t0, ini(1), to(2), to(3)), 1, 2)
	large := w(ix(3, ally.ChanMeeting, t0, big...), 1, 2)
	direct := w(ix(4, ally.ChanEmail, t0, ini(1), to(2), cc(3)), 1, 2)
	copied := w(ix(4, ally.ChanEmail, t0, ini(1), to(2), cc(3)), 1, 3)
	if !(one > small && small > large && large > 0) {
		t.Errorf("want one-on-one %v > small meeting %v > large meeting %v > 0", one, small, large)
	}
	if !(direct > copied && copied > 0) {
		t.Errorf("want direct email %v > cc %v > 0", direct, copied)
	}
	if one != 1 || !near(small, 0.35, 1e-12) || !near(large, 0.7/9, 1e-12) {
		t.Errorf("weights: one %v small %v large %v", one, small, large)
	}
}

func TestContributionsEdgeCases(t *testing.T) {
	p := DefaultParams()
	// Duplicates count once; a lone participant gives nothing.
	cs, err := Contributions(ix(1, ally.ChanCall, t0, ini(1), to(2), to(2)), p)
	if err != nil || len(cs) != 1 || cs[0].Weight != p.Weights.Call || cs[0].Initiator != 1 {
		t.Fatalf("duplicates: %+v %v", cs, err)
	}
	cs, _ = Contributions(ix(1, ally.ChanCall, t0, ini(1)), p)
	if len(cs) != 0 {
		t.Fatalf("lone participant: %+v", cs)
	}
	if _, err := Contributions(ix(1, "fax", t0, ini(1), to(2)), p); ally.ErrorCode(err) != ally.EINVALID {
		t.Fatalf("unknown channel: %v", err)
	}
	// Above MaxPairwise only the initiator's pairs count; without one, none.
	p.MaxPairwise = 3
	ps := []ally.Participant{ini(5), to(1), to(2), to(3)}
	cs, _ = Contributions(ix(1, ally.ChanEvent, t0, ps...), p)
	if len(cs) != 3 {
		t.Fatalf("max pairwise: %d contributions, want 3", len(cs))
	}
	for _, c := range cs {
		if c.A != 5 && c.B != 5 {
			t.Fatalf("pair %d–%d without the initiator", c.A, c.B)
		}
	}
	ps[0].Role = ally.RoleTo
	cs, _ = Contributions(ix(1, ally.ChanEvent, t0, ps...), p)
	if len(cs) != 0 {
		t.Fatalf("max pairwise without initiator: %d contributions", len(cs))
	}
}

func TestStrengthHalvesAtHalfLife(t *testing.T) {
	for _, h := range []time.Duration{time.Hour, Day, 30 * Day, 90 * Day, 365 * Day, 50 * 365 * Day} {
		p := DefaultParams()
		p.HalfLife = h
		ins := []ally.Interaction{
			ix(1, ally.ChanOneOnOne, t0, ini(1), to(2)),
			ix(2, ally.ChanEmail, t0.Add(-40*Day), ini(2), to(1), cc(3)),
			ix(3, ally.ChanMeeting, t0.Add(-400*Day), ini(1), to(2), to(3)),
		}
		g := pairOf(mustAgg(t, ins, p), 1, 2)
		for _, now := range []time.Time{t0, t0.Add(17 * Day), t0.Add(3 * h)} {
			s0 := Strength(g, now, p)
			s1 := Strength(g, now.Add(h), p)
			if !near(s1.Raw, s0.Raw/2, 1e-9) || !near(s1.Volume, s0.Volume/2, 1e-9) {
				t.Errorf("h=%v now=%v: raw %v → %v after one half-life, want half", h, now, s0.Raw, s1.Raw)
			}
			n := Normaliser{Ref: s0.Raw * 4}
			if !near(n.Scale(s1.Raw), n.Scale(s0.Raw)/2, 1e-9) {
				t.Errorf("h=%v: normalised strength below the cap does not halve", h)
			}
		}
	}
}

// The aggregate equals the direct sum Σ w·2^(−age/h)·factors.
func TestAggregateMatchesDirectSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	p := DefaultParams()
	for trial := 0; trial < 200; trial++ {
		p.HalfLife = time.Duration(1+rng.IntN(400)) * Day
		ins := randomInteractions(rng, 6, 1+rng.IntN(40), t0.Add(-3*365*Day), t0)
		aggs := mustAgg(t, ins, p)
		now := t0.Add(time.Duration(rng.IntN(100)) * Day)
		for _, g := range aggs {
			want := 0.0
			for _, in := range ins {
				cs, _ := Contributions(in, p)
				for _, c := range cs {
					if c.A == g.A && c.B == g.B {
						want += c.Weight * math.Exp2(-float64(now.Sub(c.At))/float64(p.HalfLife))
					}
				}
			}
			if got := Strength(g, now, p).Volume; !near(got, want, 1e-9) {
				t.Fatalf("trial %d pair %d–%d: volume %v, direct sum %v", trial, g.A, g.B, got, want)
			}
		}
	}
}

// Adding in any order, one at a time, gives the aggregate of the whole.
func TestAddOrderIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	p := DefaultParams()
	ins := randomInteractions(rng, 4, 60, t0.Add(-500*Day), t0)
	want := pairOf(mustAgg(t, ins, p), 1, 2)
	for trial := 0; trial < 20; trial++ {
		rng.Shuffle(len(ins), func(i, j int) { ins[i], ins[j] = ins[j], ins[i] })
		var g PairAgg
		for _, in := range ins {
			cs, _ := Contributions(in, p)
			for _, c := range cs {
				if c.A == 1 && c.B == 2 {
					if err := g.Add(c); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		if g.Count != want.Count || g.InitA != want.InitA || g.InitB != want.InitB || g.Channels != want.Channels ||
			!g.First.Equal(want.First) || !g.Last.Equal(want.Last) || !near(g.LogVolume, want.LogVolume, 1e-12) {
			t.Fatalf("order %d: %+v, want %+v", trial, g, want)
		}
	}
}

func TestNewerInteractionNeverLowersStrength(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 500; trial++ {
		p := DefaultParams()
		p.HalfLife = time.Duration(1+rng.IntN(200)) * Day
		ins := randomInteractions(rng, 5, rng.IntN(30), t0.Add(-2*365*Day), t0)
		before := pairOf(mustAgg(t, ins, p), 1, 2)
		newer := randomWithPair(rng, 5, t0.Add(time.Duration(rng.IntN(30))*Day))
		after := pairOf(mustAgg(t, append(ins, newer), p), 1, 2)
		now := t0.Add(time.Duration(30+rng.IntN(300)) * Day)
		s0, s1 := Strength(before, now, p), Strength(after, now, p)
		if s1.Raw < s0.Raw*(1-1e-12) {
			t.Fatalf("trial %d: strength fell from %v to %v after a newer interaction (%+v → %+v)", trial, s0.Raw, s1.Raw, s0, s1)
		}
	}
}

func TestFactors(t *testing.T) {
	p := DefaultParams()
	one := []ally.Interaction{ix(1, ally.ChanOneOnOne, t0, ini(1), to(2))}
	g := pairOf(mustAgg(t, one, p), 1, 2)
	s := Strength(g, t0, p)
	if s.Reciprocity != 1 || s.Multiplexity != 1 || s.Raw != 1 || s.Channels != 1 {
		t.Fatalf("single one-on-one: %+v", s)
	}
	both := append(one, ix(2, ally.ChanEmail, t0, ini(2), to(1)), ix(3, ally.ChanCall, t0, ini(2), to(1)), ix(4, ally.ChanChat, t0, ini(1), to(2)), ix(5, ally.ChanEvent, t0, ini(1), to(2)))
	s = Strength(pairOf(mustAgg(t, both, p), 1, 2), t0, p)
	if !near(s.Reciprocity, 1+0.5*2.0/4, 1e-12) || !near(s.Multiplexity, 1.3, 1e-12) || s.Channels != 5 {
		t.Fatalf("two-sided, five channels: %+v", s)
	}
	if s.Explain() == "" || (StrengthParts{}).Explain() != "no interactions recorded" {
		t.Fatal("explain")
	}
}

// Extreme half-lives and dates stay finite: the log domain cannot overflow.
func TestNoOverflow(t *testing.T) {
	p := DefaultParams()
	p.HalfLife = time.Hour
	early := time.Date(1900, 1, 2, 0, 0, 0, 0, time.UTC)
	late := time.Date(2199, 12, 30, 0, 0, 0, 0, time.UTC)
	ins := []ally.Interaction{ix(1, ally.ChanOneOnOne, early, ini(1), to(2)), ix(2, ally.ChanOneOnOne, late, ini(2), to(1))}
	g := pairOf(mustAgg(t, ins, p), 1, 2)
	if math.IsInf(g.LogVolume, 0) || math.IsNaN(g.LogVolume) {
		t.Fatalf("log volume %v", g.LogVolume)
	}
	s := Strength(g, late, p)
	if !near(s.Volume, 1, 1e-9) {
		t.Fatalf("volume at the last interaction %v, want 1", s.Volume)
	}
	if s := Strength(g, late.Add(24*time.Hour), p); s.Volume < 0 || math.IsNaN(s.Volume) {
		t.Fatalf("volume a day later %v", s.Volume)
	}
	// A now before Last is evaluated at Last.
	if s := Strength(g, early, p); !near(s.Volume, 1, 1e-9) {
		t.Fatalf("volume before last %v", s.Volume)
	}
}

func TestAddMismatch(t *testing.T) {
	var g PairAgg
	c := Contribution{A: 1, B: 2, At: t0, Channel: ally.ChanCall, Weight: 1, Log: 3}
	if err := g.Add(c); err != nil {
		t.Fatal(err)
	}
	c.B = 3
	if err := g.Add(c); ally.ErrorCode(err) != ally.EINVALID || g.Count != 1 {
		t.Fatalf("mismatch: %v, count %d", err, g.Count)
	}
	if err := (&PairAgg{}).Add(Contribution{A: 2, B: 1, Log: 1}); ally.ErrorCode(err) != ally.EINVALID {
		t.Fatalf("A > B: %v", err)
	}
}

func TestNormaliser(t *testing.T) {
	p := DefaultParams()
	p.NormQuantile = 0.95
	var ins []ally.Interaction
	// Pair (1, k) has k−1 one-on-ones at t0.
	for k := int64(2); k <= 21; k++ {
		for j := int64(0); j < k-1; j++ {
			ins = append(ins, ix(k*100+j, ally.ChanOneOnOne, t0, ini(1), to(k)))
		}
	}
	aggs := mustAgg(t, ins, p)
	n := NewNormaliser(aggs, t0, p)
	if n.Ties != 20 || !near(n.Ref, 19, 1e-12) { // ceil(0.95·20) = 19th of 1…20
		t.Fatalf("normaliser %+v, want Ref 19 over 20 ties", n)
	}
	if n.Scale(2*n.Ref) != 1 || n.Scale(n.Ref/2) != 0.5 || n.Scale(0) != 0 {
		t.Fatal("scale")
	}
	// A workspace of weak ties keeps the floor.
	weak := mustAgg(t, []ally.Interaction{ix(1, ally.ChanEvent, t0, ini(1), to(2), to(3), to(4))}, p)
	if n := NewNormaliser(weak, t0, p); n.Ref != p.MinNormaliser {
		t.Fatalf("weak workspace normaliser %v", n.Ref)
	}
	if (Normaliser{}).Scale(0.5) != 0.5 {
		t.Fatal("zero normaliser")
	}
}

// randomInteractions returns n interactions among people 1…people between
// from and to, always including the pair (1, 2) in about half of them.
func randomInteractions(rng *rand.Rand, people, n int, from, to time.Time) []ally.Interaction {
	out := make([]ally.Interaction, 0, n)
	span := int64(to.Sub(from))
	for i := 0; i < n; i++ {
		kind := ally.Channels[rng.IntN(len(ally.Channels))]
		size := 2
		if kind != ally.ChanOneOnOne {
			size = 2 + rng.IntN(people-1)
		}
		perm := rng.Perm(people)
		if rng.IntN(2) == 0 {
			perm = append([]int{0, 1}, without(perm, 0, 1)...)
		}
		var ps []ally.Participant
		init := rng.IntN(size + 1) // size: no initiator
		for j := 0; j < size; j++ {
			role := ally.RoleTo
			if j == init {
				role = ally.RoleInitiator
			} else if rng.IntN(4) == 0 {
				role = ally.RoleCC
			}
			ps = append(ps, ally.Participant{PersonID: int64(perm[j] + 1), Role: role})
		}
		at := from
		if span > 0 {
			at = from.Add(time.Duration(rng.Int64N(span)))
		}
		out = append(out, ix(int64(i+1), kind, at, ps...))
	}
	return out
}

func without(xs []int, drop ...int) []int {
	out := xs[:0:0]
	for _, x := range xs {
		keep := true
		for _, d := range drop {
			keep = keep && x != d
		}
		if keep {
			out = append(out, x)
		}
	}
	return out
}

// randomWithPair returns a random interaction at at that includes people 1
// and 2 among people 1…people.
func randomWithPair(rng *rand.Rand, people int, at time.Time) ally.Interaction {
	kind := ally.Channels[rng.IntN(len(ally.Channels))]
	ids := []int64{1, 2}
	for id := int64(3); id <= int64(people); id++ {
		if kind != ally.ChanOneOnOne && rng.IntN(2) == 0 {
			ids = append(ids, id)
		}
	}
	init := rng.IntN(len(ids) + 1)
	var ps []ally.Participant
	for j, id := range ids {
		role := ally.RoleTo
		if j == init {
			role = ally.RoleInitiator
		} else if rng.IntN(3) == 0 {
			role = ally.RoleCC
		}
		ps = append(ps, ally.Participant{PersonID: id, Role: role})
	}
	return ix(999, kind, at, ps...)
}

func TestEdges(t *testing.T) {
	p := DefaultParams()
	aggs := mustAgg(t, []ally.Interaction{
		ix(1, ally.ChanOneOnOne, t0, ini(1), to(2)),
		ix(2, ally.ChanEvent, t0, ini(3), to(4), to(5), to(6)),
	}, p)
	es := Edges(aggs, t0, p, Normaliser{Ref: 1}, 0.5)
	if len(es) != 1 || es[0].A != 1 || es[0].B != 2 || es[0].Strength != 1 {
		t.Fatalf("edges %+v", es)
	}
	if es := Edges(aggs, t0, p, Normaliser{Ref: 1}, 0); len(es) != len(aggs) {
		t.Fatalf("%d edges, want %d", len(es), len(aggs))
	}
}
