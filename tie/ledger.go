package tie

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/allyhq/ally"
)

// Balance is the reciprocity ledger between Me and one person at now, the
// one definition every face shows. Each exchange counts its size weight
// (small 1, medium 2, large 4), decayed with the ledger half-life:
//
//	Given    = Σ_{Me → person} size · 2^(−(now−t)/h_ledger)
//	Received = Σ_{person → Me} size · 2^(−(now−t)/h_ledger)
//	Net      = Given − Received   (> 0: they owe Me; < 0: I owe them)
//
// and undecayed, the plain size-weighted sums GivenSize, ReceivedSize and
// NetSize that `ally ledger` lists (the decayed ones weigh reciprocity in
// health and the agenda, where an old favour should matter less; the plain
// ones are what the user can check against the entries). Exchanges after
// now are not counted, so a --now in the past sees the ledger as it stood.
type Balance struct {
	PersonID     int64     `json:"person_id"`
	Given        float64   `json:"given"`
	Received     float64   `json:"received"`
	Net          float64   `json:"net"`
	GivenSize    float64   `json:"given_size"`
	ReceivedSize float64   `json:"received_size"`
	NetSize      float64   `json:"net_size"`
	GaveCount    int       `json:"gave_count"`
	GotCount     int       `json:"got_count"`
	LastGiven    time.Time `json:"last_given,omitzero"`
	LastReceived time.Time `json:"last_received,omitzero"`
	// Currencies Me has paid this person in, most recent first (deduplicated).
	Currencies []string `json:"currencies"`
}

// Entries is the number of exchanges counted, both ways.
func (b Balance) Entries() int { return b.GaveCount + b.GotCount }

// Last is the date of the latest exchange counted, either way (zero when
// none).
func (b Balance) Last() time.Time {
	if b.LastReceived.After(b.LastGiven) {
		return b.LastReceived
	}
	return b.LastGiven
}

// Explain renders the balance, e.g. "gave 3.2, received 5.0: I owe 1.8".
func (b Balance) Explain() string {
	if b.GaveCount+b.GotCount == 0 {
		return "nothing exchanged yet"
	}
	s := fmt.Sprintf("gave %.1f (%s), received %.1f (%s), size-weighted and decayed",
		b.Given, ally.Count(b.GaveCount, "favour", "favours"), b.Received, ally.Count(b.GotCount, "favour", "favours"))
	switch {
	case b.Net < -0.05:
		s += fmt.Sprintf(": I owe %.1f", -b.Net)
	case b.Net > 0.05:
		s += fmt.Sprintf(": they owe %.1f", b.Net)
	default:
		s += ": even"
	}
	return s
}

// Ledger returns the balance between me and person from exchanges (others
// are ignored). Cost: O(len(exs)).
func Ledger(me, person int64, exs []ally.Exchange, now time.Time, p Params) Balance {
	b := Balance{PersonID: person}
	var given []ally.Exchange
	for _, e := range exs {
		if e.At.After(now) {
			continue
		}
		w := e.Size.Weight()
		d := decay(now.Sub(e.At), p.LedgerHalfLife) * w
		switch {
		case e.FromID == me && e.ToID == person:
			b.Given += d
			b.GivenSize += w
			b.GaveCount++
			if e.At.After(b.LastGiven) {
				b.LastGiven = e.At
			}
			given = append(given, e)
		case e.FromID == person && e.ToID == me:
			b.Received += d
			b.ReceivedSize += w
			b.GotCount++
			if e.At.After(b.LastReceived) {
				b.LastReceived = e.At
			}
		}
	}
	b.Net = b.Given - b.Received
	b.NetSize = b.GivenSize - b.ReceivedSize
	sort.SliceStable(given, func(i, j int) bool {
		if !given[i].At.Equal(given[j].At) {
			return given[i].At.After(given[j].At)
		}
		return given[i].ID > given[j].ID
	})
	seen := map[string]bool{}
	for _, e := range given {
		if e.Currency != "" && !seen[e.Currency] {
			seen[e.Currency] = true
			b.Currencies = append(b.Currencies, e.Currency)
		}
	}
	return b
}

// Ledgers returns Me's balance with every person in exs, sorted by person
// id. Cost: O(len(exs) log len(exs)).
func Ledgers(me int64, exs []ally.Exchange, now time.Time, p Params) []Balance {
	by := map[int64][]ally.Exchange{}
	for _, e := range exs {
		switch me {
		case e.FromID:
			by[e.ToID] = append(by[e.ToID], e)
		case e.ToID:
			by[e.FromID] = append(by[e.FromID], e)
		}
	}
	ids := make([]int64, 0, len(by))
	for id := range by {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := make([]Balance, 0, len(ids))
	for _, id := range ids {
		out = append(out, Ledger(me, id, by[id], now, p))
	}
	return out
}

// decay returns 2^(−age/h); an age ≤ 0 gives 1.
func decay(age, h time.Duration) float64 {
	if age <= 0 || h <= 0 {
		return 1
	}
	return math.Exp2(-float64(age) / float64(h))
}
