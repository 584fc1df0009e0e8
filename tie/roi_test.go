package tie

import (
	"testing"
	"time"

	"github.com/allyhq/ally"
)

func TestSparkline(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want string
	}{
		{nil, ""},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8}, "▁▂▃▄▅▆▇█"},
		{[]float64{3, 3, 3}, "▄▄▄"},
		{[]float64{0, 10}, "▁█"},
		{[]float64{0, 5, 10}, "▁▅█"},
	} {
		if got := Sparkline(tc.in); got != tc.want {
			t.Errorf("Sparkline(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTrend(t *testing.T) {
	d := func(n int) time.Time { return t0.Add(time.Duration(n) * Day) }
	snaps := []ally.Snapshot{
		{ID: 3, At: d(20), Metrics: map[string]float64{MetricAllies: 5}},
		{ID: 1, At: d(0), Metrics: map[string]float64{MetricAllies: 2, MetricDiversity: 1}},
		{ID: 2, At: d(10), Metrics: map[string]float64{MetricDiversity: 1.5}},
		{ID: 4, At: d(30), Metrics: map[string]float64{MetricAllies: 4}},
	}
	tr := Trend(snaps, MetricAllies)
	if len(tr.Points) != 3 || tr.First != 2 || tr.Last != 4 || tr.Change != 2 || tr.Min != 2 || tr.Max != 5 || tr.Spark != "▁█▆" {
		t.Fatalf("trend %+v", tr)
	}
	if got := MetricNames(snaps); len(got) != 2 || got[0] != MetricAllies {
		t.Fatalf("names %v", got)
	}
	if tr := Trend(snaps, "nope"); len(tr.Points) != 0 || tr.Spark != "" {
		t.Fatalf("missing metric %+v", tr)
	}
}

func TestSnapshotMetrics(t *testing.T) {
	p := DefaultParams()
	now := t0
	cs := []Contact{
		contact(2, ally.DirUp, "Eng", 2, ally.TierKeyAlly),
		contact(3, ally.DirAcross, "Sales", 3, ally.TierAlly),
		contact(4, ally.DirAcross, "Sales", 0, ally.TierNetwork),
		contact(5, ally.DirAcross, "Ops", 0, ""),
	}
	aggs := mustAgg(t, []ally.Interaction{
		ix(1, ally.ChanOneOnOne, now.Add(-Day), ini(me), to(2)),
		ix(2, ally.ChanOneOnOne, now.Add(-400*Day), ini(me), to(3)),
		ix(3, ally.ChanOneOnOne, now.Add(-Day), ini(2), to(3)), // not Me's
	}, p)
	m := SnapshotMetrics(SnapshotInput{
		MeID: me, Contacts: cs, MyPairs: aggs, Norm: Normaliser{Ref: 1},
		Exchanges: []ally.Exchange{exch(1, me, 2, now.Add(-Day), ally.SizeSmall), exch(2, 3, me, now.Add(-Day), ally.SizeLarge)},
		Commitments: []ally.Commitment{
			commit(1, me, 2, now.Add(-5*Day), ally.CommitKept, now.Add(-6*Day)),
			commit(2, 3, me, now.Add(-5*Day), ally.CommitBroken, now.Add(-4*Day)),
			commit(3, 2, me, now.Add(-5*Day), ally.CommitBroken, now.Add(-4*Day)),
		},
		Initiatives: []ally.InitiativeSupport{
			{InitiativeID: 1, Outcome: ally.OutcomeWon, Support: 0.8}, {InitiativeID: 2, Outcome: ally.OutcomeWon, Support: 0.6},
			{InitiativeID: 3, Outcome: ally.OutcomeLost, Support: 0.2}, {InitiativeID: 4, Outcome: ally.OutcomeOpen, Support: 0.5},
		},
	}, now, p)
	s2 := Strength(pairOf(aggs, me, 2), now, p).Raw
	s3 := Strength(pairOf(aggs, me, 3), now, p).Raw
	want := map[string]float64{
		MetricNetworkSize: 3, MetricAllies: 2, MetricActiveTies: 1, MetricStrengthSum: min(1, s2) + min(1, s3),
		MetricDiversity: 1, MetricLedgerBalance: -3 * (1 + 0) / 1, MetricReliabilityMine: 5.0 / 6, MetricReliabilityTheirs: 4.0 / 7,
		MetricInitiativesOpen: 1, MetricInitiativesWon: 2, MetricInitiativesLost: 1,
		MetricSupportOpen: 0.5, MetricSupportWon: 0.7, MetricSupportLost: 0.2,
	}
	for k, v := range want {
		if got, ok := m[k]; !ok || !near(got, v, 1e-2) {
			t.Errorf("%s = %v, want %v", k, got, v)
		}
	}
}

func TestTimeline(t *testing.T) {
	ev := Timeline(TimelineInput{
		MeID: me, PersonID: ana,
		Interactions: []ally.Interaction{
			ix(1, ally.ChanOneOnOne, t0.Add(-3*Day), ini(me), to(ana)),
			ix(2, ally.ChanCall, t0.Add(-2*Day), ini(3), to(ana)), // without Me
			ix(3, ally.ChanCall, t0.Add(Day), ini(me), to(ana)),   // after now
		},
		Exchanges:   []ally.Exchange{exch(1, ana, me, t0.Add(-Day), ally.SizeSmall)},
		Commitments: []ally.Commitment{commit(1, me, ana, t0.Add(-5*Day), ally.CommitKept, t0.Add(-4*Day))},
		Repairs:     []ally.RepairPlan{{ID: 1, PersonID: ana, Cause: "x", Opened: t0.Add(-10 * Day)}},
	}, t0, 0)
	var kinds []string
	for _, e := range ev {
		kinds = append(kinds, e.Kind)
	}
	want := []string{EventReceived, EventInteraction, EventClosed, EventRepair, EventPromised}
	if len(kinds) != len(want) {
		t.Fatalf("events %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("events %v, want %v", kinds, want)
		}
	}
	if got := Timeline(TimelineInput{MeID: me, PersonID: ana, Exchanges: []ally.Exchange{exch(1, ana, me, t0.Add(-Day), ally.SizeSmall), exch(2, ana, me, t0.Add(-2*Day), ally.SizeSmall)}}, t0, 1); len(got) != 1 || got[0].RefID != 1 {
		t.Fatalf("limit: %+v", got)
	}
}
