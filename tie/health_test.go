package tie

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

const me, ana = int64(1), int64(2)

func commit(id, from, to int64, due time.Time, st ally.CommitmentStatus, closed time.Time) ally.Commitment {
	return ally.Commitment{ID: id, FromID: from, ToID: to, What: "thing", Due: due, Created: due.Add(-10 * Day), Status: st, Closed: closed}
}

func exch(id, from, to int64, at time.Time, size ally.Size) ally.Exchange {
	return ally.Exchange{ID: id, FromID: from, ToID: to, At: at, What: "favour", Kind: ally.GaveHelp, Size: size}
}

func TestReliabilitySmoothing(t *testing.T) {
	p := DefaultParams()
	now := t0
	due := t0.Add(-5 * Day)
	onTime := commit(1, me, ana, due, ally.CommitKept, due.Add(-Day))
	late := commit(2, me, ana, due, ally.CommitKept, due.Add(2*Day))
	broken := commit(3, me, ana, due, ally.CommitBroken, due.Add(Day))
	overdue := commit(4, me, ana, due, ally.CommitOpen, time.Time{})
	pending := commit(5, me, ana, t0.Add(5*Day), ally.CommitOpen, time.Time{})
	released := commit(6, me, ana, due, ally.CommitReleased, due)
	for _, tc := range []struct {
		name string
		cs   []ally.Commitment
		want float64
	}{
		{"prior", nil, 0.8},
		{"one on time", []ally.Commitment{onTime}, 5.0 / 6},
		{"one late", []ally.Commitment{late}, 4.5 / 6},
		{"one broken", []ally.Commitment{broken}, 4.0 / 6},
		{"one overdue", []ally.Commitment{overdue}, 4.0 / 6},
		{"pending and released do not count", []ally.Commitment{pending, released}, 0.8},
		{"mixed", []ally.Commitment{onTime, late, broken, overdue, pending}, 5.5 / 9},
	} {
		r := ReliabilityOf(tc.cs, me, ana, now, p)
		if !near(r.Score, tc.want, 1e-12) {
			t.Errorf("%s: %v, want %v (%+v)", tc.name, r.Score, tc.want, r)
		}
	}
	// The other direction is separate.
	if r := ReliabilityOf([]ally.Commitment{broken}, ana, me, now, p); r.N() != 0 {
		t.Errorf("direction mixed: %+v", r)
	}
	// A commitment closed after now is still open at now.
	if r := ReliabilityOf([]ally.Commitment{commit(7, me, ana, due, ally.CommitKept, t0.Add(Day))}, me, ana, now, p); r.Overdue != 1 {
		t.Errorf("closed after now: %+v", r)
	}
}

// Keeping a commitment never lowers reliability; letting one go late or
// breaking it lowers it.
func TestReliabilityProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	p := DefaultParams()
	keptChecks, lateChecks := 0, 0
	for trial := 0; trial < 2000; trial++ {
		now := t0
		cs := randomCommitments(rng, 1+rng.IntN(12), now)
		i := rng.IntN(len(cs))
		c := cs[i]
		if c.Status != ally.CommitOpen || c.FromID != me {
			continue
		}
		before := ReliabilityOf(cs, me, 0, now, p).Score
		// Keep it at some time up to now.
		kept := append([]ally.Commitment(nil), cs...)
		kept[i].Status = ally.CommitKept
		kept[i].Closed = now.Add(-time.Duration(rng.IntN(20*24)) * time.Hour)
		if kept[i].Closed.Before(kept[i].Created) {
			kept[i].Closed = kept[i].Created
		}
		keptChecks++
		if after := ReliabilityOf(kept, me, 0, now, p).Score; after < before-1e-12 {
			t.Fatalf("trial %d: keeping %+v lowered reliability %v → %v", trial, c, before, after)
		}
		// A pending one that goes overdue lowers it.
		if c.State(now) == ally.CommitOpen {
			later := endOfDay(c.Due).Add(time.Hour)
			base := ReliabilityOf(cs, me, 0, c.Due.Add(-time.Hour), p).Score
			// Only this commitment changes state between the two instants
			// when no other one falls due in between; check that case.
			if sameState(cs, i, c.Due.Add(-time.Hour), later) {
				lateChecks++
				if after := ReliabilityOf(cs, me, 0, later, p).Score; !(after < base) {
					t.Fatalf("trial %d: going late did not lower reliability %v → %v: %+v in %+v", trial, base, after, c, cs)
				}
			}
			// Kept late scores below kept on time.
			a, b := append([]ally.Commitment(nil), cs...), append([]ally.Commitment(nil), cs...)
			a[i].Status, a[i].Closed = ally.CommitKept, c.Due
			b[i].Status, b[i].Closed = ally.CommitKept, endOfDay(c.Due).Add(Day)
			at := b[i].Closed.Add(Day)
			if ra, rb := ReliabilityOf(a, me, 0, at, p).Score, ReliabilityOf(b, me, 0, at, p).Score; !(rb < ra) {
				t.Fatalf("trial %d: kept late %v not below kept on time %v", trial, rb, ra)
			}
		}
	}
	if keptChecks < 200 || lateChecks < 50 {
		t.Fatalf("too few cases exercised: %d kept, %d late", keptChecks, lateChecks)
	}
}

func sameState(cs []ally.Commitment, skip int, a, b time.Time) bool {
	for j := range cs {
		if j != skip && effState(cs[j], a) != effState(cs[j], b) {
			return false
		}
	}
	return true
}

// effState is the state of c as ReliabilityOf sees it at now.
func effState(c ally.Commitment, now time.Time) ally.CommitmentStatus {
	if c.Created.After(now) {
		return "not yet made"
	}
	if c.Status != ally.CommitOpen && c.Closed.After(now) {
		c.Status = ally.CommitOpen
	}
	return c.State(now)
}

func randomCommitments(rng *rand.Rand, n int, now time.Time) []ally.Commitment {
	sts := []ally.CommitmentStatus{ally.CommitOpen, ally.CommitKept, ally.CommitBroken, ally.CommitReleased}
	out := make([]ally.Commitment, n)
	for i := range out {
		from, to := me, int64(2+rng.IntN(3))
		if rng.IntN(3) == 0 {
			from, to = to, me
		}
		due := now.Add(time.Duration(rng.IntN(60*24)-40*24) * time.Hour)
		st := sts[rng.IntN(len(sts))]
		c := commit(int64(i+1), from, to, due, st, time.Time{})
		if st != ally.CommitOpen {
			c.Closed = due.Add(time.Duration(rng.IntN(10*24)-5*24) * time.Hour)
			if c.Closed.After(now) {
				c.Closed = now
			}
		}
		out[i] = c
	}
	return out
}

func TestHealthPartsSumToTotal(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	tiers := []ally.Tier{ally.TierKeyAlly, ally.TierAlly, ally.TierNetwork, ally.TierProspect, ""}
	statuses := []ally.RelStatus{ally.StatusEngaged, ally.StatusAlly, ally.StatusStrained, ally.StatusEnded, ally.StatusDormant, ""}
	for trial := 0; trial < 3000; trial++ {
		p := DefaultParams()
		now := t0.Add(time.Duration(rng.IntN(400)) * Day)
		ins := randomInteractions(rng, 3, rng.IntN(20), t0.Add(-400*Day), t0)
		in := HealthInput{
			MeID: me, PersonID: ana,
			Relationship: ally.Relationship{PersonID: ana, Tier: tiers[rng.IntN(len(tiers))], Status: statuses[rng.IntN(len(statuses))], Trust: rng.IntN(6)},
			Pair:         pairOf(mustAgg(t, ins, p), me, ana),
			Norm:         Normaliser{Ref: 1 + 5*rng.Float64()},
			Commitments:  randomCommitments(rng, rng.IntN(8), now),
		}
		for j := 0; j < rng.IntN(6); j++ {
			from, to := me, ana
			if rng.IntN(2) == 0 {
				from, to = ana, me
			}
			in.Exchanges = append(in.Exchanges, exch(int64(j+1), from, to, t0.Add(-time.Duration(rng.IntN(300))*Day), []ally.Size{ally.SizeSmall, ally.SizeMedium, ally.SizeLarge}[rng.IntN(3)]))
		}
		h := Health(in, now, p)
		sum, max := 0, 0
		for _, pt := range h.Parts {
			if pt.Points < 0 || pt.Points > pt.Max || pt.Explain == "" {
				t.Fatalf("trial %d: part %+v", trial, pt)
			}
			sum += pt.Points
			max += pt.Max
		}
		if sum != h.Total || max != 100 || h.Total < 0 || h.Total > 100 || len(h.Parts) != 4 {
			t.Fatalf("trial %d: parts sum %d (max %d), total %d", trial, sum, max, h.Total)
		}
		if h.Label == "" || h.LabelReason == "" {
			t.Fatalf("trial %d: no label", trial)
		}
		switch in.Relationship.Status {
		case ally.StatusEnded:
			if h.Label != LabelEnded {
				t.Fatalf("trial %d: ended relationship labelled %s", trial, h.Label)
			}
		case ally.StatusStrained:
			if h.Label != LabelStrained {
				t.Fatalf("trial %d: strained relationship labelled %s", trial, h.Label)
			}
		}
	}
}

func TestHealthLabels(t *testing.T) {
	p := DefaultParams()
	now := t0
	meet := func(ago time.Duration, n int) PairAgg {
		var ins []ally.Interaction
		for i := 0; i < n; i++ {
			initiator, other := me, ana
			if i%2 == 1 {
				initiator, other = ana, me
			}
			ins = append(ins, ix(int64(i+1), ally.ChanOneOnOne, now.Add(-ago-time.Duration(i)*Day), ini(initiator), to(other)))
		}
		return pairOf(mustAgg(t, ins, p), me, ana)
	}
	kept := []ally.Commitment{
		commit(1, me, ana, now.Add(-20*Day), ally.CommitKept, now.Add(-21*Day)),
		commit(2, ana, me, now.Add(-20*Day), ally.CommitKept, now.Add(-21*Day)),
	}
	even := []ally.Exchange{exch(1, me, ana, now.Add(-10*Day), ally.SizeMedium), exch(2, ana, me, now.Add(-10*Day), ally.SizeMedium)}
	for _, tc := range []struct {
		name  string
		rel   ally.Relationship
		pair  PairAgg
		cs    []ally.Commitment
		ex    []ally.Exchange
		want  Label
		total int // -1: don't check
	}{
		{"thriving", ally.Relationship{Tier: ally.TierKeyAlly, Trust: 5}, meet(2*Day, 4), kept, even, LabelThriving, 30 + 20 + 25 + 20},
		{"steady", ally.Relationship{Tier: ally.TierAlly, Trust: 3}, meet(5*Day, 2), nil, nil, LabelSteady, 30 + 10 + 24 + 10},
		{"cooling past cadence", ally.Relationship{Tier: ally.TierKeyAlly, Trust: 5}, meet(20*Day, 3), kept, even, LabelCooling, -1},
		{"dormant after three cadences", ally.Relationship{Tier: ally.TierKeyAlly, Trust: 5}, meet(50*Day, 3), kept, even, LabelDormant, -1},
		{"new: never met", ally.Relationship{Tier: ally.TierAlly}, PairAgg{}, nil, nil, LabelNew, 0 + 10 + 24 + 10},
		{"strained by trust", ally.Relationship{Tier: ally.TierAlly, Trust: 2}, meet(Day, 3), nil, nil, LabelStrained, -1},
		{"strained by status overrides", ally.Relationship{Tier: ally.TierKeyAlly, Trust: 5, Status: ally.StatusStrained}, meet(2*Day, 4), kept, even, LabelStrained, 95},
		{"ended overrides", ally.Relationship{Tier: ally.TierKeyAlly, Trust: 5, Status: ally.StatusEnded}, meet(2*Day, 4), kept, even, LabelEnded, 95},
		{"strained by ledger", ally.Relationship{Tier: ally.TierAlly, Trust: 4}, meet(Day, 3), nil,
			[]ally.Exchange{exch(1, ana, me, now.Add(-Day), ally.SizeLarge), exch(2, ana, me, now.Add(-Day), ally.SizeLarge), exch(3, ana, me, now.Add(-Day), ally.SizeLarge)}, LabelStrained, -1},
		{"prospect no cadence", ally.Relationship{Tier: ally.TierProspect}, meet(100*Day, 1), nil, nil, LabelSteady, 15 + 10 + 24 + 10},
		{"prospect dormant beyond window", ally.Relationship{Tier: ally.TierProspect}, meet(200*Day, 1), nil, nil, LabelDormant, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := Health(HealthInput{MeID: me, PersonID: ana, Relationship: tc.rel, Pair: tc.pair, Norm: Normaliser{Ref: 4}, Commitments: tc.cs, Exchanges: tc.ex}, now, p)
			if h.Label != tc.want {
				t.Errorf("label %s (%s), want %s; parts %+v", h.Label, h.LabelReason, tc.want, h.Parts)
			}
			// Cooling, the one definition today and goal plan use: the
			// cooling and dormant labels, never strained or ended.
			if want := tc.want == LabelCooling || tc.want == LabelDormant; h.Cooling() != want {
				t.Errorf("Cooling() = %v with label %s", h.Cooling(), h.Label)
			}
			if tc.total >= 0 && h.Total != tc.total {
				t.Errorf("total %d, want %d; parts %+v", h.Total, tc.total, h.Parts)
			}
		})
	}
}

// Recency falls as time passes without contact, and a pair aggregate of
// someone else is not taken for Me's.
func TestHealthRecency(t *testing.T) {
	p := DefaultParams()
	g := pairOf(mustAgg(t, []ally.Interaction{ix(1, ally.ChanOneOnOne, t0, ini(me), to(ana))}, p), me, ana)
	prev := 101
	for d := 0; d < 200; d += 5 {
		h := Health(HealthInput{MeID: me, PersonID: ana, Relationship: ally.Relationship{Tier: ally.TierAlly}, Pair: g}, t0.Add(time.Duration(d)*Day), p)
		r := h.Part(PartRecency).Points
		if r > prev {
			t.Fatalf("recency rose from %d to %d at day %d", prev, r, d)
		}
		prev = r
	}
	other := pairOf(mustAgg(t, []ally.Interaction{ix(1, ally.ChanOneOnOne, t0, ini(3), to(ana))}, p), 3, ana)
	h := Health(HealthInput{MeID: me, PersonID: ana, Relationship: ally.Relationship{Tier: ally.TierAlly}, Pair: other}, t0, p)
	if !h.LastContact.IsZero() || h.Part(PartRecency).Points != 0 {
		t.Fatalf("someone else's pair taken as Me's: %+v", h)
	}
}

func TestLedger(t *testing.T) {
	p := DefaultParams()
	exs := []ally.Exchange{
		exch(1, me, ana, t0, ally.SizeLarge),
		exch(2, ana, me, t0.Add(-p.LedgerHalfLife), ally.SizeMedium),
		exch(3, ana, 3, t0, ally.SizeLarge),           // not ours
		exch(4, ana, me, t0.Add(Day), ally.SizeLarge), // after now
	}
	exs[0].Currency = "recognition"
	b := Ledger(me, ana, exs, t0, p)
	if b.Given != 4 || !near(b.Received, 1, 1e-12) || !near(b.Net, 3, 1e-12) || b.GaveCount != 1 || b.GotCount != 1 {
		t.Fatalf("balance %+v", b)
	}
	// The undecayed sums: the medium favour a half-life ago counts 2, not 1.
	if b.GivenSize != 4 || b.ReceivedSize != 2 || b.NetSize != 2 || b.Entries() != 2 || !b.Last().Equal(t0) {
		t.Fatalf("undecayed balance %+v, %d entries, last %v", b, b.Entries(), b.Last())
	}
	if len(b.Currencies) != 1 || b.Currencies[0] != "recognition" {
		t.Fatalf("currencies %v", b.Currencies)
	}
	all := Ledgers(me, exs, t0, p)
	if len(all) != 1 || all[0].PersonID != ana {
		t.Fatalf("ledgers %+v", all)
	}
}
