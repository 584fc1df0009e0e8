package tie

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/allyhq/ally"
)

// Day is 24 hours, the unit in which ally's cadences and half-lives are
// usually stated.
const Day = 24 * time.Hour

// MinHalfLife is the shortest half-life Validate accepts. The log-domain
// accumulator cannot overflow for any positive half-life (see [PairAgg]), but
// below an hour a half-life is a typing mistake (a unit missing) and decay
// would erase a day-old contact completely.
const MinHalfLife = time.Hour

// ChannelWeights are what one interaction contributes to a pair's volume
// before decay. The weight of a pair (a, b) in an interaction of channel c
// with n participants is
//
//	w = W(c) · f(role a) · f(role b) / (n − 1)
//
// where f(cc) = CC and f(initiator) = f(to) = 1: a participant's attention is
// shared among the n − 1 others, so a one-on-one (W 1, n 2) outweighs a
// three-person meeting (0.7/2), which outweighs a ten-person one (0.7/9), and
// a direct email (0.5) outweighs a copy (0.5 × 0.4).
type ChannelWeights struct {
	OneOnOne    float64 `json:"one_on_one"`
	Meeting     float64 `json:"meeting"`
	Partnership float64 `json:"partnership"`
	Email       float64 `json:"email"`
	Call        float64 `json:"call"`
	Chat        float64 `json:"chat"`
	Event       float64 `json:"event"`
	CC          float64 `json:"cc"` // factor for a copied participant, in (0, 1]
}

// Of returns the weight of channel c (0 for an unknown channel).
func (w ChannelWeights) Of(c ally.Channel) float64 {
	switch c {
	case ally.ChanOneOnOne:
		return w.OneOnOne
	case ally.ChanMeeting:
		return w.Meeting
	case ally.ChanPartnership:
		return w.Partnership
	case ally.ChanEmail:
		return w.Email
	case ally.ChanCall:
		return w.Call
	case ally.ChanChat:
		return w.Chat
	case ally.ChanEvent:
		return w.Event
	}
	return 0
}

// Params are the tunable constants of the engine. Start from DefaultParams
// and call Validate after changing any of them.
type Params struct {
	// HalfLife of tie strength: with no new contact, strength halves every
	// HalfLife. Default 90 days.
	HalfLife time.Duration `json:"half_life"`
	// LedgerHalfLife of a favour in the reciprocity ledger. Default 180
	// days: favours are remembered longer than contact.
	LedgerHalfLife time.Duration `json:"ledger_half_life"`
	// Cadence is the expected time between contacts for each tier. A tier
	// that is absent (prospect by default) has no cadence: recency is
	// neutral and it never cools. Defaults: key ally 14 days, ally 30,
	// network 90.
	Cadence map[ally.Tier]time.Duration `json:"cadence"`
	// Weights of the channels, see ChannelWeights.
	Weights ChannelWeights `json:"weights"`
	// MaxPairwise: an interaction with more participants contributes only
	// the pairs that include its initiator (none without one): all pairs of
	// a 200-person event say nothing about ties and cost 20,000 rows.
	// Default 50.
	MaxPairwise int `json:"max_pairwise"`
	// ReciprocityBonus is the most the reciprocity factor adds: the factor
	// is 1 + ReciprocityBonus · m/(m + 2), where m = min(iₐ, i_b) counts
	// the times the less active side initiated. Default 0.5.
	ReciprocityBonus float64 `json:"reciprocity_bonus"`
	// MultiplexityBonus is the most the multiplexity factor adds: the
	// factor is 1 + MultiplexityBonus · min(k − 1, 3)/3 for k distinct
	// channels, saturating at four. Default 0.3.
	MultiplexityBonus float64 `json:"multiplexity_bonus"`
	// MinNormaliser is the floor of the workspace normaliser, in raw
	// strength units: one fresh one-on-one with the default weights is 1.
	// It keeps a workspace of only weak ties from scoring them all 1.
	// Default 1.
	MinNormaliser float64 `json:"min_normaliser"`
	// NormQuantile is the quantile of raw strength over the workspace's
	// ties that maps to strength 1. Default 0.99: on the Enron demo, 0.95
	// capped most of the core's ties at 1, which left warm paths nothing
	// to choose between.
	NormQuantile float64 `json:"norm_quantile"`
	// PriorKept and PriorMissed are the Beta prior of reliability: the
	// score is (credit + PriorKept)/(n + PriorKept + PriorMissed). Defaults
	// 4 and 1: a prior of 0.8 worth five promises, so one promise does not
	// swing it.
	PriorKept   float64 `json:"prior_kept"`
	PriorMissed float64 `json:"prior_missed"`
	// LateCredit is what a commitment kept late counts, between broken (0)
	// and kept on time (1). Default 0.5.
	LateCredit float64 `json:"late_credit"`
	// ActiveWindow: a tie with contact within it is active. Default 180
	// days (two default half-lives).
	ActiveWindow time.Duration `json:"active_window"`
	// DueSoon: commitments and repair check-ins due within it appear in the
	// agenda. Default 3 days.
	DueSoon time.Duration `json:"due_soon"`
	// AgendaLimit is the length of today's agenda without --all. Default 7.
	AgendaLimit int `json:"agenda_limit"`
	// GrowSuggestions is how many grow-the-base suggestions the agenda
	// offers. Default 2.
	GrowSuggestions int `json:"grow_suggestions"`
	// OweThreshold: the agenda suggests giving back when the decayed,
	// size-weighted ledger balance is below −OweThreshold (one small
	// favour weighs 1). Default 1.5.
	OweThreshold float64 `json:"owe_threshold"`
}

// DefaultParams returns the defaults documented on Params.
func DefaultParams() Params {
	return Params{
		HalfLife:       90 * Day,
		LedgerHalfLife: 180 * Day,
		Cadence: map[ally.Tier]time.Duration{
			ally.TierKeyAlly: 14 * Day,
			ally.TierAlly:    30 * Day,
			ally.TierNetwork: 90 * Day,
		},
		Weights: ChannelWeights{
			OneOnOne: 1, Meeting: 0.7, Partnership: 0.8, Email: 0.5,
			Call: 0.8, Chat: 0.4, Event: 0.3, CC: 0.4,
		},
		MaxPairwise:       50,
		ReciprocityBonus:  0.5,
		MultiplexityBonus: 0.3,
		MinNormaliser:     1,
		NormQuantile:      0.99,
		PriorKept:         4,
		PriorMissed:       1,
		LateCredit:        0.5,
		ActiveWindow:      180 * Day,
		DueSoon:           3 * Day,
		AgendaLimit:       7,
		GrowSuggestions:   2,
		OweThreshold:      1.5,
	}
}

// Validate reports the first invalid parameter as an EINVALID error, in the
// words of the flag or setting the user typed.
func (p *Params) Validate() error {
	if p.HalfLife <= 0 {
		return ally.Errorf(ally.EINVALID, "half-life must be positive, got %s", fmtDur(p.HalfLife))
	}
	if p.HalfLife < MinHalfLife {
		return ally.Errorf(ally.EINVALID, "half-life must be at least %s, got %s", fmtDur(MinHalfLife), fmtDur(p.HalfLife))
	}
	if p.LedgerHalfLife <= 0 {
		return ally.Errorf(ally.EINVALID, "ledger half-life must be positive, got %s", fmtDur(p.LedgerHalfLife))
	}
	for _, t := range sortedTiers(p.Cadence) {
		if err := t.Validate(); err != nil {
			return err
		}
		if d := p.Cadence[t]; d <= 0 {
			return ally.Errorf(ally.EINVALID, "cadence of %s must be positive, got %s (leave it out for no cadence)", t, fmtDur(d))
		}
	}
	for _, c := range ally.Channels {
		if w := p.Weights.Of(c); !(w > 0) || math.IsInf(w, 0) {
			return ally.Errorf(ally.EINVALID, "weight of %s must be positive and finite, got %g", c, w)
		}
	}
	if !(p.Weights.CC > 0 && p.Weights.CC <= 1) {
		return ally.Errorf(ally.EINVALID, "cc factor must be in (0, 1], got %g", p.Weights.CC)
	}
	if p.MaxPairwise < 2 {
		return ally.Errorf(ally.EINVALID, "max pairwise participants must be at least 2, got %d", p.MaxPairwise)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"reciprocity bonus", p.ReciprocityBonus}, {"multiplexity bonus", p.MultiplexityBonus},
		{"prior kept", p.PriorKept}, {"prior missed", p.PriorMissed}, {"owe threshold", p.OweThreshold},
	} {
		if !(f.v >= 0) || math.IsInf(f.v, 0) {
			return ally.Errorf(ally.EINVALID, "%s must be zero or positive, got %g", f.name, f.v)
		}
	}
	if !(p.PriorKept+p.PriorMissed > 0) {
		return ally.Errorf(ally.EINVALID, "reliability prior must have positive weight")
	}
	if !(p.LateCredit >= 0 && p.LateCredit <= 1) {
		return ally.Errorf(ally.EINVALID, "late credit must be in [0, 1], got %g", p.LateCredit)
	}
	if !(p.MinNormaliser > 0) || math.IsInf(p.MinNormaliser, 0) {
		return ally.Errorf(ally.EINVALID, "minimum normaliser must be positive, got %g", p.MinNormaliser)
	}
	if !(p.NormQuantile > 0 && p.NormQuantile <= 1) {
		return ally.Errorf(ally.EINVALID, "normaliser quantile must be in (0, 1], got %g", p.NormQuantile)
	}
	if p.ActiveWindow <= 0 {
		return ally.Errorf(ally.EINVALID, "active window must be positive, got %s", fmtDur(p.ActiveWindow))
	}
	if p.DueSoon < 0 {
		return ally.Errorf(ally.EINVALID, "due-soon window must not be negative, got %s", fmtDur(p.DueSoon))
	}
	if p.AgendaLimit < 1 {
		return ally.Errorf(ally.EINVALID, "agenda limit must be at least 1, got %d", p.AgendaLimit)
	}
	if p.GrowSuggestions < 0 {
		return ally.Errorf(ally.EINVALID, "grow suggestions must not be negative, got %d", p.GrowSuggestions)
	}
	return nil
}

// Fingerprint names the parameters that pair aggregates depend on (half-life,
// channel weights, MaxPairwise). The store records it beside the aggregates
// and rebuilds them with [Aggregate] when it changes; the other parameters
// apply at query time and need no rebuild.
func (p *Params) Fingerprint() string {
	w := p.Weights
	return fmt.Sprintf("v1 h=%d w=%g,%g,%g,%g,%g,%g,%g cc=%g max=%d",
		int64(p.HalfLife), w.OneOnOne, w.Meeting, w.Partnership, w.Email, w.Call, w.Chat, w.Event, w.CC, p.MaxPairwise)
}

// CadenceOf returns the cadence of tier t and whether it has one. An empty
// tier counts as network, the relationship default.
func (p *Params) CadenceOf(t ally.Tier) (time.Duration, bool) {
	if t == "" {
		t = ally.TierNetwork
	}
	d, ok := p.Cadence[t]
	return d, ok && d > 0
}

// CheckNow reports EINVALID when now is before first, the earliest date in
// the data: a clock that predates everything is a mistake, and decay to a
// time before an interaction is undefined.
func CheckNow(now, first time.Time) error {
	if now.IsZero() {
		return ally.Errorf(ally.EINVALID, "no date to compute as of: the clock is required")
	}
	if !first.IsZero() && now.Before(first) {
		return ally.Errorf(ally.EINVALID, "the date %s is before the data's first date %s",
			now.Format("2006-01-02"), first.Format("2006-01-02")).WithHint(ally.HintSetClock, "from", first.Format("2006-01-02"))
	}
	return nil
}

func sortedTiers(m map[ally.Tier]time.Duration) []ally.Tier {
	ts := make([]ally.Tier, 0, len(m))
	for t := range m {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	return ts
}

// fmtDur renders a duration in days when it is a whole number of them.
func fmtDur(d time.Duration) string {
	if d != 0 && d%Day == 0 {
		return fmt.Sprintf("%dd", d/Day)
	}
	return d.String()
}

// days renders a duration as a rounded number of days, "1 day", "3 days".
func days(d time.Duration) string {
	n := int(math.Round(d.Hours() / 24))
	if n == 1 || n == -1 {
		return fmt.Sprintf("%d day", n)
	}
	return fmt.Sprintf("%d days", n)
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
