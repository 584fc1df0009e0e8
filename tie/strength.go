package tie

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/allyhq/ally"
)

// Epoch is t₀ of the pair accumulators: each contribution is stored as
// w·2^((t−Epoch)/h), in the log domain. It is fixed forever; changing it
// would invalidate every stored aggregate.
var Epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Contribution is what one interaction adds to one unordered pair A < B.
type Contribution struct {
	A         int64        `json:"a"`
	B         int64        `json:"b"`
	At        time.Time    `json:"at,omitzero"`
	Channel   ally.Channel `json:"channel"`
	Weight    float64      `json:"weight"`    // w, before decay (see ChannelWeights)
	Initiator int64        `json:"initiator"` // A or B when one of them initiated, else 0
	// Log is log₂(w) + (At − Epoch)/h, the contribution in the accumulator's
	// log domain for the half-life it was computed with.
	Log float64 `json:"log"`
}

// ChannelBit returns the bit of channel c in PairAgg.Channels (bit i for
// ally.Channels[i]), 0 for an unknown channel.
func ChannelBit(c ally.Channel) uint8 {
	for i, x := range ally.Channels {
		if x == c {
			return 1 << i
		}
	}
	return 0
}

// epochUnits returns (t − Epoch)/h. time.Time.Sub saturates at ±292 years
// from Epoch, beyond the dates ally accepts (1900 to 2199).
func epochUnits(t time.Time, h time.Duration) float64 {
	return float64(t.Sub(Epoch)) / float64(h)
}

// Contributions returns what interaction in adds to each pair of its
// participants, sorted by (A, B): the weight
//
//	w = W(channel) · f(role a) · f(role b) / (n − 1)
//
// (see ChannelWeights), the initiator when it is one of the pair, and the
// log-domain term for p.HalfLife. An interaction with more than
// p.MaxPairwise participants contributes only the pairs with its initiator.
// A participant listed twice counts once; fewer than two participants give
// nothing. It reports EINVALID for an unknown channel or invalid params.
//
// Cost: O(n²) for n participants (O(n) above MaxPairwise).
func Contributions(in ally.Interaction, p Params) ([]Contribution, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return contributions(in, &p, nil)
}

// contributions appends in's contributions to dst; p must be valid.
func contributions(in ally.Interaction, p *Params, dst []Contribution) ([]Contribution, error) {
	base := p.Weights.Of(in.Kind)
	if base == 0 {
		return dst, ally.Errorf(ally.EINVALID, "interaction %d: kind %q is not a known channel", in.ID, in.Kind)
	}
	if in.At.IsZero() {
		return dst, ally.Errorf(ally.EINVALID, "interaction %d: date is required", in.ID)
	}
	ps := make([]ally.Participant, 0, len(in.Participants))
	for _, x := range in.Participants {
		if x.PersonID != 0 {
			ps = append(ps, x)
		}
	}
	slices.SortStableFunc(ps, func(x, y ally.Participant) int { return cmp.Compare(x.PersonID, y.PersonID) })
	ps = slices.CompactFunc(ps, func(x, y ally.Participant) bool { return x.PersonID == y.PersonID })
	n := len(ps)
	if n < 2 {
		return dst, nil
	}
	initiator := int64(0)
	for _, x := range ps {
		if x.Role == ally.RoleInitiator {
			initiator = x.PersonID
			break
		}
	}
	onlyInitiator := n > p.MaxPairwise
	if onlyInitiator && initiator == 0 {
		return dst, nil
	}
	role := func(r ally.Role) float64 {
		if r == ally.RoleCC {
			return p.Weights.CC
		}
		return 1
	}
	tUnits := epochUnits(in.At, p.HalfLife)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a, b := ps[i], ps[j]
			if onlyInitiator && a.PersonID != initiator && b.PersonID != initiator {
				continue
			}
			w := base * role(a.Role) * role(b.Role) / float64(n-1)
			c := Contribution{A: a.PersonID, B: b.PersonID, At: in.At, Channel: in.Kind, Weight: w,
				Log: math.Log2(w) + tUnits}
			if initiator == a.PersonID || initiator == b.PersonID {
				c.Initiator = initiator
			}
			dst = append(dst, c)
		}
	}
	return dst, nil
}

// PairAgg is everything the store keeps per unordered pair A < B of people
// to answer tie strength at any now in O(1): one row per pair.
//
// LogVolume is log₂ S with S = Σᵢ wᵢ·2^((tᵢ−Epoch)/h), for the half-life h
// the aggregate was built with (the store records p.Fingerprint() and
// rebuilds with Aggregate when it changes). In the log domain S cannot
// overflow: for h = 1 day, a date in 2199 gives log₂ S ≈ 72,700, where S
// itself would be 2^72700 (float64 ends at 2^1024). Precision is that of
// the float64 exponent, about 1e-11 relative for h = 1 day over 200 years.
// LogVolume is meaningless while Count is 0.
//
// Insert: for each Contribution of the new interaction, load the pair's row
// (a zero PairAgg if none), call Add and save it. Delete or edit: rebuild
// the affected pairs with Aggregate over their remaining interactions
// (subtracting in the log domain loses precision, and First, Last and the
// channel bits cannot be undone).
type PairAgg struct {
	A         int64     `json:"a"`
	B         int64     `json:"b"`
	LogVolume float64   `json:"log_volume"` // log₂ Σ wᵢ·2^((tᵢ−Epoch)/h)
	Channels  uint8     `json:"channels"`   // channels used: bit i for ally.Channels[i]
	InitA     int64     `json:"init_a"`     // interactions A initiated
	InitB     int64     `json:"init_b"`     // interactions B initiated
	Count     int64     `json:"count"`      // interactions
	First     time.Time `json:"first,omitzero"`
	Last      time.Time `json:"last,omitzero"`
}

// Add folds contributions into the aggregate:
//
//	LogVolume ← log₂(2^LogVolume + 2^c.Log)   (computed as max + log₂(1 + 2^−|Δ|))
//
// plus the channel bit, the initiation counts, Count, First and Last. A zero
// aggregate takes the pair of its first contribution; it reports EINVALID
// for a contribution of another pair (and adds none of them).
func (a *PairAgg) Add(cs ...Contribution) error {
	for _, c := range cs {
		if c.A >= c.B {
			return ally.Errorf(ally.EINVALID, "contribution for pair %d–%d: want A < B", c.A, c.B)
		}
		if a.Count > 0 || a.A != 0 || a.B != 0 {
			if c.A != a.A || c.B != a.B {
				return ally.Errorf(ally.EINVALID, "contribution for pair %d–%d added to pair %d–%d", c.A, c.B, a.A, a.B)
			}
		}
		if math.IsNaN(c.Log) || math.IsInf(c.Log, 0) {
			return ally.Errorf(ally.EINVALID, "contribution for pair %d–%d has no weight", c.A, c.B)
		}
	}
	for _, c := range cs {
		a.A, a.B = c.A, c.B
		if a.Count == 0 {
			a.LogVolume = c.Log
			a.First, a.Last = c.At, c.At
		} else {
			a.LogVolume = logAdd2(a.LogVolume, c.Log)
			if c.At.Before(a.First) {
				a.First = c.At
			}
			if c.At.After(a.Last) {
				a.Last = c.At
			}
		}
		a.Count++
		a.Channels |= ChannelBit(c.Channel)
		switch c.Initiator {
		case c.A:
			a.InitA++
		case c.B:
			a.InitB++
		}
	}
	return nil
}

// logAdd2 returns log₂(2^x + 2^y) without overflow.
func logAdd2(x, y float64) float64 {
	if x < y {
		x, y = y, x
	}
	return x + math.Log2(1+math.Exp2(y-x))
}

// Aggregate builds the pair aggregates of a slice of interactions, sorted by
// (A, B): what the store keeps, rebuilt from scratch (after a change of
// half-life or weights, a deletion, or for an in-memory workspace). It
// reports EINVALID for invalid params or an interaction of unknown kind.
//
// Cost: O(Σ nᵢ²) time and one map entry per pair.
func Aggregate(ins []ally.Interaction, p Params) ([]PairAgg, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	// Index into one slice rather than a map of pointers: the garbage
	// collector then scans one array, not millions of small objects. Pairs
	// of ids below 2³² (all of them in practice) use a one-word key.
	small := map[uint64]int32{}
	large := map[[2]int64]int32{}
	var out []PairAgg
	var buf []Contribution
	for _, in := range ins {
		var err error
		buf, err = contributions(in, &p, buf[:0])
		if err != nil {
			return nil, err
		}
		for _, c := range buf {
			var i int32
			var ok bool
			if c.A >= 0 && c.B >= 0 && c.A <= math.MaxUint32 && c.B <= math.MaxUint32 {
				k := uint64(c.A)<<32 | uint64(c.B)
				if i, ok = small[k]; !ok {
					i = int32(len(out))
					small[k] = i
				}
			} else {
				k := [2]int64{c.A, c.B}
				if i, ok = large[k]; !ok {
					i = int32(len(out))
					large[k] = i
				}
			}
			if !ok {
				out = append(out, PairAgg{})
			}
			if err := out[i].Add(c); err != nil {
				return nil, err
			}
		}
	}
	// Sort small keys, then move each aggregate once.
	type key struct {
		a, b int64
		i    int32
	}
	keys := make([]key, len(out))
	for i := range out {
		keys[i] = key{out[i].A, out[i].B, int32(i)}
	}
	slices.SortFunc(keys, func(x, y key) int {
		if c := cmp.Compare(x.a, y.a); c != 0 {
			return c
		}
		return cmp.Compare(x.b, y.b)
	})
	sorted := make([]PairAgg, len(out))
	for j, k := range keys {
		sorted[j] = out[k.i]
	}
	return sorted, nil
}

// StrengthParts is the explained tie strength of a pair at now:
//
//	Raw = Volume · Reciprocity · Multiplexity
type StrengthParts struct {
	// Volume is the decayed weighted volume Σ wᵢ·2^(−(now−tᵢ)/h)
	// = 2^(LogVolume − (now−Epoch)/h).
	Volume float64 `json:"volume"`
	// Reciprocity is 1 + ReciprocityBonus·m/(m + 2) with m = min(iₐ, i_b),
	// how often the less active side initiated: 1 when one side does all
	// the initiating, 1 + bonus/3 once both have, approaching 1 + bonus as
	// both keep initiating. It depends on the minimum rather than on the
	// ratio so that no new interaction can lower it.
	Reciprocity float64 `json:"reciprocity"`
	// Multiplexity is 1 + MultiplexityBonus·min(k − 1, 3)/3 for k channels.
	Multiplexity float64   `json:"multiplexity"`
	Raw          float64   `json:"raw"`
	Channels     int       `json:"channels"` // k, the distinct channels used
	Count        int64     `json:"count"`    // interactions
	InitA        int64     `json:"init_a"`
	InitB        int64     `json:"init_b"`
	Last         time.Time `json:"last,omitzero"`
}

// Strength evaluates a pair's tie strength at now in O(1). With no new
// contact, Volume and Raw halve every half-life exactly (the factors do not
// decay); a new interaction only adds to the volume and can only raise the
// factors, so it never lowers strength. If now is before the pair's last
// interaction, the aggregate cannot leave the later ones out: it is
// evaluated at Last instead (the caller should refuse such a now, see
// CheckNow). p.HalfLife must be the one the aggregate was built with.
func Strength(agg PairAgg, now time.Time, p Params) StrengthParts {
	s := StrengthParts{Reciprocity: 1, Multiplexity: 1, Count: agg.Count, InitA: agg.InitA, InitB: agg.InitB, Last: agg.Last}
	if agg.Count == 0 || p.HalfLife <= 0 {
		return s
	}
	at := now
	if at.Before(agg.Last) {
		at = agg.Last
	}
	s.Volume = math.Exp2(agg.LogVolume - epochUnits(at, p.HalfLife))
	m := float64(min(agg.InitA, agg.InitB))
	s.Reciprocity = 1 + p.ReciprocityBonus*m/(m+2)
	s.Channels = bits.OnesCount8(agg.Channels)
	if s.Channels > 1 {
		s.Multiplexity = 1 + p.MultiplexityBonus*float64(min(s.Channels-1, 3))/3
	}
	s.Raw = s.Volume * s.Reciprocity * s.Multiplexity
	return s
}

// Explain renders the parts in one line, e.g. "volume 2.31 × reciprocity
// 1.25 × multiplexity 1.10 = 3.18 (14 interactions on 2 channels)".
func (s StrengthParts) Explain() string {
	if s.Count == 0 {
		return "no interactions recorded"
	}
	return fmt.Sprintf("volume %.2f × reciprocity %.2f × multiplexity %.2f = %.2f (%s on %s)",
		s.Volume, s.Reciprocity, s.Multiplexity, s.Raw,
		ally.Count(int(s.Count), "interaction", "interactions"), ally.Count(s.Channels, "channel", "channels"))
}

// Normaliser maps raw strength to 0–1 within a workspace:
//
//	strength = min(1, Raw / Ref)
//
// with Ref = max(MinNormaliser, the NormQuantile-quantile of Raw over the
// workspace's ties at At). A quantile (95th by default) rather than the
// maximum keeps one outlier pair from squashing every other tie; the
// linear map keeps ratios, so a tie below the cap still halves in one
// half-life; the floor keeps a workspace of weak ties from calling them
// all strong. It costs a scan of all pairs, so the caller computes it once
// (NewNormaliser), stores Ref and At, and refreshes it after imports or
// when At is more than a day old; health and the agenda take it as input.
type Normaliser struct {
	Ref  float64   `json:"ref"`         // raw strength that maps to 1
	At   time.Time `json:"at,omitzero"` // when Ref was computed
	Ties int       `json:"ties"`        // pairs with positive strength at At
}

// NewNormaliser computes the workspace normaliser from all pair aggregates
// at now. Cost: O(P log P) for P pairs.
func NewNormaliser(aggs []PairAgg, now time.Time, p Params) Normaliser {
	raws := make([]float64, 0, len(aggs))
	for _, a := range aggs {
		if r := Strength(a, now, p).Raw; r > 0 {
			raws = append(raws, r)
		}
	}
	n := Normaliser{Ref: p.MinNormaliser, At: now, Ties: len(raws)}
	if n.Ref <= 0 {
		n.Ref = 1
	}
	if len(raws) == 0 {
		return n
	}
	slices.Sort(raws)
	q := p.NormQuantile
	if q <= 0 || q > 1 {
		q = 0.99
	}
	i := int(math.Ceil(q*float64(len(raws)))) - 1
	i = max(0, min(i, len(raws)-1))
	n.Ref = math.Max(n.Ref, raws[i])
	return n
}

// Scale returns min(1, raw/Ref), in [0, 1]; a zero normaliser uses Ref 1.
func (n Normaliser) Scale(raw float64) float64 {
	ref := n.Ref
	if !(ref > 0) {
		ref = 1
	}
	if !(raw > 0) {
		return 0
	}
	return math.Min(1, raw/ref)
}

// Edge is a tie between two people with its strength in [0, 1], for the
// network engine, warm paths and influence maximisation.
type Edge struct {
	A        int64   `json:"a"`
	B        int64   `json:"b"`
	Strength float64 `json:"strength"`
}

// Edges returns the ties of aggs at now whose normalised strength is at
// least minStrength (and positive), in the order of aggs: the weighted
// people-to-people graph that package network and package coalition take.
// Cost: O(len(aggs)).
func Edges(aggs []PairAgg, now time.Time, p Params, n Normaliser, minStrength float64) []Edge {
	out := make([]Edge, 0, len(aggs))
	for _, a := range aggs {
		s := n.Scale(Strength(a, now, p).Raw)
		if s > 0 && s >= minStrength {
			out = append(out, Edge{A: a.A, B: a.B, Strength: s})
		}
	}
	return out
}
