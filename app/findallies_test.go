package app

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/allyhq/ally"
)

// TestFindAlliesRanksAndExplains runs the ally finder on the fixture of
// warmpaths_test.go and checks each part of every score against a value
// derived without the finder: reach from the brute-force warm paths,
// diversity and reliability by hand, the total from the documented weights.
func TestFindAlliesRanksAndExplains(t *testing.T) {
	a := coalitionWorkspace(t)
	ts := ok(a.Ties(bg))(t)
	g := newBruteGraph(t, ts)
	me := ts.Index[fxMe]

	f := ok(a.FindAllies(bg, findText("forecasting for the cost dashboard", 0)))(t)
	// Free text: the coalition is Me alone, everyone else is a candidate.
	if f.GoalID != 0 || f.Candidates != len(ts.People)-1 || len(f.Allies) != 10 {
		t.Fatalf("goal %d, %d candidates, %d allies: want free text, %d candidates, the default 10", f.GoalID, f.Candidates, len(f.Allies), len(ts.People)-1)
	}
	// By hand: Hal's tags hold all three words (interest forecasting, goal
	// cost dashboard), Jon's one (forecasting), nobody else's any; people
	// who match come first, and Hal also leads on every other part but
	// influence (a direct tie of 5 one-on-ones against Jon's 1, two
	// commitments kept against one broken, both bring a new department and
	// level).
	if f.Allies[0].Name != "Hal Forecaster" || f.Allies[1].Name != "Jon Neutral" {
		t.Fatalf("ranking starts %s, %s; want Hal Forecaster, Jon Neutral", f.Allies[0].Name, f.Allies[1].Name)
	}
	hal, jon := f.Allies[0], f.Allies[1]
	if hal.Text != 1 || !(jon.Text > 0 && jon.Text < 1) {
		t.Errorf("text parts: Hal %v (want 1, the best match), Jon %v (want in (0,1))", hal.Text, jon.Text)
	}
	for _, term := range []string{"forecast", "cost", "dashboard"} {
		if !slices.Contains(hal.Matched, term) {
			t.Errorf("Hal matched %v, want %q among them", hal.Matched, term)
		}
	}
	if !slices.Equal(jon.Matched, []string{"forecast"}) {
		t.Errorf("Jon matched %v, want [forecast]", jon.Matched)
	}
	if len(hal.Reasons) == 0 || !strings.Contains(hal.Reasons[0], `interest "forecasting"`) || !strings.Contains(hal.Reasons[0], `goal "cost dashboard"`) {
		t.Errorf("Hal's first reason %q does not quote the matching tags", hal.Reasons)
	}
	if !slices.ContainsFunc(hal.Reasons, func(r string) bool { return strings.Contains(r, "kept 2 of 2 commitments") }) {
		t.Errorf("Hal's reasons %q do not mention the kept commitments", hal.Reasons)
	}
	if !slices.ContainsFunc(hal.Reasons, func(r string) bool { return strings.Contains(r, "direct tie with you") }) {
		t.Errorf("Hal's reasons %q do not mention the direct tie", hal.Reasons)
	}

	// Reliability: (kept on time + 1) / (due + 2), counted by hand from
	// the fixture's three commitments.
	wantRel := map[int64]float64{fxHal: 3.0 / 4, fxJon: 1.0 / 3}
	// Diversity: ½ for a department Me (Product) lacks, ½ for a level other
	// than Me's 3, read off the fixture.
	wantDiv := map[int64]float64{fxAna: 0.5, fxBo: 1, fxCy: 1, fxDee: 1, fxEve: 0.5, fxFay: 0, fxGus: 1,
		fxHal: 1, fxIvy: 0.5, fxJon: 1, fxKim: 1, fxLou: 1}
	seenNoMatch := false
	for i, c := range f.Allies {
		if c.ID == fxMe {
			t.Errorf("Me is ranked")
		}
		if c.BM25 == 0 {
			seenNoMatch = true
		} else if seenNoMatch {
			t.Errorf("%s matches the words but is ranked after someone who does not", c.Name)
		}
		if i > 0 && (c.BM25 > 0) == (f.Allies[i-1].BM25 > 0) && c.Score > f.Allies[i-1].Score {
			t.Errorf("%s (%.3f) ranked below %s (%.3f)", c.Name, c.Score, f.Allies[i-1].Name, f.Allies[i-1].Score)
		}
		want := 0.35*c.Text + 0.20*c.Reach + 0.20*c.Influence + 0.15*c.Diversity + 0.10*c.Reliability
		if math.Abs(c.Score-want) > 2e-3 {
			t.Errorf("%s: score %.3f, the weighted parts give %.3f", c.Name, c.Score, want)
		}
		if !(c.Influence >= 0 && c.Influence <= 1) {
			t.Errorf("%s: influence %v outside [0,1]", c.Name, c.Influence)
		}
		rel, okRel := wantRel[c.ID]
		if !okRel {
			rel = 0.5 // no commitment due: the prior
		}
		if math.Abs(c.Reliability-rel) > 1e-3 {
			t.Errorf("%s: reliability %v, want %.3f", c.Name, c.Reliability, rel)
		}
		if c.Diversity != wantDiv[c.ID] {
			t.Errorf("%s: diversity %v, want %v", c.Name, c.Diversity, wantDiv[c.ID])
		}
		// Reach is the strength of the cheapest warm path from Me; Via its
		// go-betweens.
		ps := g.paths(me, ts.Index[c.ID])
		if len(ps) == 0 {
			if c.Reach != 0 || !slices.Contains(c.Reasons, "no chain of ties from you yet") {
				t.Errorf("%s has no path from Me but reach %v, reasons %q", c.Name, c.Reach, c.Reasons)
			}
			continue
		}
		best := ps[0]
		if math.Abs(c.Reach-best.strength) > 6e-4 {
			t.Errorf("%s: reach %.3f, the brute force's cheapest path %v has strength %.4f", c.Name, c.Reach, g.names(best.nodes), best.strength)
		}
		if via := g.names(best.nodes[1 : len(best.nodes)-1]); !slices.Equal(c.Via, via) {
			t.Errorf("%s: via %v, brute force %v", c.Name, c.Via, via)
		}
	}

	// The goal form: its supporters (Fay, Gus, Lou) are the coalition, so
	// they are not ranked, and diversity counts their departments (Product,
	// Eng, Sales) and levels (3, 4) as covered.
	f = ok(a.FindAllies(bg, FindInput{Goal: gid(t, a, "Cost dashboard"), K: 9}))(t)
	if f.GoalID != 1 || f.Candidates != len(ts.People)-4 || len(f.Allies) != 9 {
		t.Fatalf("goal %d, %d candidates, %d allies: want goal 1, %d candidates (all but Me and 3 supporters), all 9 ranked", f.GoalID, f.Candidates, len(f.Allies), len(ts.People)-4)
	}
	wantDiv = map[int64]float64{fxAna: 0, fxBo: 0, fxCy: 0.5, fxDee: 1, fxEve: 0, fxHal: 1, fxIvy: 0.5, fxJon: 0.5, fxKim: 0.5}
	for _, c := range f.Allies {
		switch c.ID {
		case fxMe, fxFay, fxGus, fxLou:
			t.Errorf("%s is already in the coalition but is ranked", c.Name)
		}
		if c.Diversity != wantDiv[c.ID] {
			t.Errorf("goal form: %s: diversity %v, want %v", c.Name, c.Diversity, wantDiv[c.ID])
		}
	}
	// The goal's name and purpose hold "cost", "dashboard" and
	// "forecasting": Hal still comes first.
	if f.Allies[0].ID != fxHal {
		t.Errorf("goal form: %s first, want Hal Forecaster", f.Allies[0].Name)
	}

	_, err := a.FindAllies(bg, FindInput{Goal: gid(t, a, "Cost dashboard"), K: 10})
	wantErr(t, err, ally.EINVALID, "more than the 9 candidates")
	_, err = a.FindAllies(bg, findText("forecasting", -1))
	wantErr(t, err, ally.EINVALID)
	_, err = a.FindAllies(bg, findText("  ", 3))
	wantErr(t, err, ally.EINVALID)
	// Nobody matches: a note says the ranking rests on the other parts.
	f = ok(a.FindAllies(bg, findText("quantum chemistry", 3)))(t)
	if len(f.Allies) != 3 || f.Allies[0].BM25 != 0 || !strings.Contains(strings.Join(f.Notes, " "), "nobody's tags") {
		t.Errorf("no match: %d allies, first BM25 %v, notes %q", len(f.Allies), f.Allies[0].BM25, f.Notes)
	}
}
