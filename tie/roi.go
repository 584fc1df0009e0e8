package tie

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/allyhq/ally"
)

// Snapshot metric names, the keys of ally.Snapshot.Metrics.
const (
	MetricNetworkSize       = "network_size"       // relationships not ended
	MetricAllies            = "allies"             // contacts that count as allies
	MetricActiveTies        = "active_ties"        // Me's ties with contact within the active window
	MetricStrengthSum       = "strength_sum"       // Σ normalised strength of Me's ties
	MetricDiversity         = "diversity"          // entropy of allies across departments, bits
	MetricEvenness          = "evenness"           // that entropy over log₂ of the departments
	MetricLedgerBalance     = "ledger_balance"     // Σ Net over Me's balances (> 0: others owe Me)
	MetricReliabilityMine   = "reliability_mine"   // Me's reliability to everyone
	MetricReliabilityTheirs = "reliability_theirs" // everyone's reliability to Me
	MetricInitiativesOpen   = "initiatives_open"
	MetricInitiativesWon    = "initiatives_won"
	MetricInitiativesLost   = "initiatives_lost"
	MetricSupportOpen       = "support_open" // mean power-weighted support of open initiatives
	MetricSupportWon        = "support_won"  // … of won ones, at the time of the snapshot
	MetricSupportLost       = "support_lost"
)

// SnapshotInput is what a snapshot measures: Me's contacts, Me's pair
// aggregates (pairs with Me on one side), the workspace normaliser, the
// exchanges and commitments involving Me, and each initiative's support
// at the time (computed by package coalition).
type SnapshotInput struct {
	MeID        int64                    `json:"me_id"`
	Contacts    []Contact                `json:"contacts"`
	MyPairs     []PairAgg                `json:"my_pairs"`
	Norm        Normaliser               `json:"norm"`
	Exchanges   []ally.Exchange          `json:"exchanges"`
	Commitments []ally.Commitment        `json:"commitments"`
	Initiatives []ally.InitiativeSupport `json:"initiatives"`
}

// SnapshotMetrics computes the metrics recorded by `ally snapshot` at now
// (see the Metric constants). Support of won and lost initiatives is the
// mean over those initiatives, so the trend shows whether initiatives with
// a broader coalition win. Cost: linear in the input.
func SnapshotMetrics(in SnapshotInput, now time.Time, p Params) map[string]float64 {
	m := map[string]float64{}
	cov := Coverage(CoverageInput{Contacts: in.Contacts})
	m[MetricNetworkSize] = float64(cov.Network)
	m[MetricAllies] = float64(cov.Allies)
	m[MetricDiversity] = cov.DeptEntropy
	m[MetricEvenness] = cov.DeptEvenness
	active, sum := 0, 0.0
	for _, a := range in.MyPairs {
		if a.Count == 0 || (a.A != in.MeID && a.B != in.MeID) || a.First.After(now) {
			continue
		}
		if now.Sub(a.Last) <= p.ActiveWindow {
			active++
		}
		sum += in.Norm.Scale(Strength(a, now, p).Raw)
	}
	m[MetricActiveTies] = float64(active)
	m[MetricStrengthSum] = sum
	bal := 0.0
	for _, b := range Ledgers(in.MeID, in.Exchanges, now, p) {
		bal += b.Net
	}
	m[MetricLedgerBalance] = bal
	m[MetricReliabilityMine] = ReliabilityOf(in.Commitments, in.MeID, 0, now, p).Score
	theirs := make([]ally.Commitment, 0, len(in.Commitments))
	for _, c := range in.Commitments {
		if c.ToID == in.MeID && c.FromID != in.MeID {
			c.FromID = 0 // pool everyone's commitments to Me
			theirs = append(theirs, c)
		}
	}
	m[MetricReliabilityTheirs] = ReliabilityOf(theirs, 0, in.MeID, now, p).Score
	var n, s [3]float64
	for _, g := range in.Initiatives {
		i := -1
		switch g.Outcome {
		case ally.OutcomeOpen, "":
			i = 0
		case ally.OutcomeWon:
			i = 1
		case ally.OutcomeLost:
			i = 2
		}
		if i >= 0 {
			n[i]++
			s[i] += g.Support
		}
	}
	keys := [3][2]string{{MetricInitiativesOpen, MetricSupportOpen}, {MetricInitiativesWon, MetricSupportWon}, {MetricInitiativesLost, MetricSupportLost}}
	for i, k := range keys {
		m[k[0]] = n[i]
		if n[i] > 0 {
			m[k[1]] = s[i] / n[i]
		}
	}
	return m
}

// TrendPoint is one snapshot's value of a metric.
type TrendPoint struct {
	At    time.Time `json:"at,omitzero"`
	Value float64   `json:"value"`
}

// TrendResult is a metric over the snapshots, oldest first, with its range,
// its change from first to last and a sparkline.
type TrendResult struct {
	Metric string       `json:"metric"`
	Points []TrendPoint `json:"points"`
	First  float64      `json:"first"`
	Last   float64      `json:"last"`
	Change float64      `json:"change"` // Last − First
	Min    float64      `json:"min"`
	Max    float64      `json:"max"`
	Spark  string       `json:"spark"`
}

// Trend returns metric over snaps, sorted by date then id; snapshots
// without the metric are skipped. Cost: O(s log s).
func Trend(snaps []ally.Snapshot, metric string) TrendResult {
	ss := append([]ally.Snapshot(nil), snaps...)
	sort.SliceStable(ss, func(i, j int) bool {
		if !ss[i].At.Equal(ss[j].At) {
			return ss[i].At.Before(ss[j].At)
		}
		return ss[i].ID < ss[j].ID
	})
	t := TrendResult{Metric: metric}
	vals := []float64{}
	for _, s := range ss {
		v, ok := s.Metrics[metric]
		if !ok || math.IsNaN(v) {
			continue
		}
		t.Points = append(t.Points, TrendPoint{At: s.At, Value: v})
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return t
	}
	t.First, t.Last = vals[0], vals[len(vals)-1]
	t.Change = t.Last - t.First
	t.Min, t.Max = vals[0], vals[0]
	for _, v := range vals {
		t.Min, t.Max = math.Min(t.Min, v), math.Max(t.Max, v)
	}
	t.Spark = Sparkline(vals)
	return t
}

// MetricNames returns every metric name present in snaps, sorted.
func MetricNames(snaps []ally.Snapshot) []string {
	seen := map[string]bool{}
	for _, s := range snaps {
		for k := range s.Metrics {
			seen[k] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var sparks = []rune("▁▂▃▄▅▆▇█")

// Sparkline renders values as one block character each, scaled linearly
// from the minimum (▁) to the maximum (█); all equal values render as ▄,
// and NaN or infinite values as a space.
func Sparkline(vals []float64) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	var b strings.Builder
	for _, v := range vals {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			b.WriteRune(' ')
		case hi == lo:
			b.WriteRune(sparks[3])
		default:
			i := int(math.Round((v - lo) / (hi - lo) * float64(len(sparks)-1)))
			b.WriteRune(sparks[max(0, min(i, len(sparks)-1))])
		}
	}
	return b.String()
}
