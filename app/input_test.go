package app

import (
	"testing"

	"github.com/allyhq/ally"
)

// ruleOf reads a decision rule as the faces do: ally.ParseRule, with the
// people found by Resolve.
func ruleOf(a *App, rule, weights string) (ally.Rule, error) {
	d, err := ally.ParseRule(rule, weights)
	if err != nil {
		return ally.Rule{}, err
	}
	return d.Resolve(func(ref string) (*ally.Person, error) { return a.Resolve(bg, ref) })
}

// TestGoalWeights checks the committee's PERSON=WEIGHT list with people
// found in a real workspace: every weight a finite number in the stated
// range, every voter named once (by name or by email), errors naming the
// input and the value as typed, and the rule kept as read.
func TestGoalWeights(t *testing.T) {
	db := mustDB(t)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me"}))(t)
	a := ok(Open(bg, db, "team", exportNow))(t)
	hain := ok(a.AddPerson(bg, PersonInput{Name: ptr("Mary Hain"), Emails: &[]string{"mary@acme.org"}}))(t)
	kean := ok(a.AddPerson(bg, PersonInput{Name: ptr("Steve Kean")}))(t)

	tests := []struct {
		weights string
		msg     string            // "" when valid
		want    map[int64]float64 // when valid
	}{
		{weights: "Hain=2,Kean=1", want: map[int64]float64{hain.ID: 2, kean.ID: 1}},
		{weights: "Hain=0.5, Kean=1000000", want: map[int64]float64{hain.ID: 0.5, kean.ID: 1e6}},
		{weights: "Hain=Inf", msg: `weights: Hain=Inf: a weight must be a number above 0 and at most 1000000`},
		{weights: "Hain=+Inf,Kean=1", msg: `Hain=+Inf`},
		{weights: "Hain=-Inf", msg: `Hain=-Inf: a weight must be`},
		{weights: "Hain=NaN", msg: `Hain=NaN: a weight must be`},
		{weights: "Hain=1e308,Kean=1e308", msg: `Hain=1e308: a weight must be a number above 0 and at most 1000000`},
		{weights: "Hain=1000001", msg: `Hain=1000001`},
		{weights: "Hain=0", msg: `Hain=0: a weight must be`},
		{weights: "Hain=-1", msg: `Hain=-1: a weight must be`},
		{weights: "Hain=x", msg: `weights: weight "x" of Hain is not a number`},
		{weights: "Hain=1,Hain=2", msg: `weights: Hain and Hain both name Mary Hain: give each voter once`},
		{weights: "Hain=1,mary@acme.org=2", msg: `weights: Hain and mary@acme.org both name Mary Hain`},
		{weights: "Hain", msg: `weights: "Hain" should be PERSON=WEIGHT`},
	}
	for _, tt := range tests {
		t.Run(tt.weights, func(t *testing.T) {
			r, err := ruleOf(a, "quota=1", tt.weights)
			if tt.msg != "" {
				wantErr(t, err, ally.EINVALID, tt.msg)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			g := ok(a.NewGoal(bg, GoalInput{Name: ptr("vote " + tt.weights), Rule: &r}))(t)
			if len(g.Rule.Weights) != len(tt.want) {
				t.Fatalf("weights %v, want %v", g.Rule.Weights, tt.want)
			}
			for id, w := range tt.want {
				if g.Rule.Weights[id] != w {
					t.Errorf("weight of %d = %g, want %g", id, g.Rule.Weights[id], w)
				}
			}
		})
	}
}

// TestGoalRule checks the typed rule of GoalInput: it replaces the rule as
// a whole, is validated, names people who exist, is not the caller's to
// change afterwards, and is kept when the input has none.
func TestGoalRule(t *testing.T) {
	db := mustDB(t)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me"}))(t)
	a := ok(Open(bg, db, "team", exportNow))(t)
	bo := ok(a.AddPerson(bg, PersonInput{Name: ptr("Bo Chen")}))(t)
	me := a.WS.MeID

	ws := map[int64]float64{me: 2, bo.ID: 1}
	g := ok(a.NewGoal(bg, GoalInput{Name: ptr("Platform"), Rule: &ally.Rule{Kind: ally.RuleCommittee, Quota: 2, Weights: ws}}))(t)
	ws[bo.ID] = 5
	if g.Rule.Weights[bo.ID] != 1 {
		t.Errorf("the initiative shares the caller's weights: %v", g.Rule.Weights)
	}
	ref := g.ID
	g = ok(a.EditGoal(bg, ref, GoalInput{Purpose: ptr("one platform")}))(t)
	if g.Rule.Kind != ally.RuleCommittee || g.Rule.Quota != 2 || len(g.Rule.Weights) != 2 {
		t.Errorf("an edit without a rule changed it: %+v", g.Rule)
	}
	g = ok(a.EditGoal(bg, ref, GoalInput{Rule: &ally.Rule{Kind: ally.RuleConsensus, Vetoes: []int64{bo.ID}}}))(t)
	if g.Rule.Kind != ally.RuleConsensus || g.Rule.Weights != nil || g.Rule.Quota != 0 || len(g.Rule.Vetoes) != 1 {
		t.Errorf("the rule is not replaced as a whole: %+v", g.Rule)
	}

	_, err := a.EditGoal(bg, ref, GoalInput{Rule: &ally.Rule{Kind: ally.RuleCommittee, Quota: 1}})
	wantErr(t, err, ally.EINVALID, "rule: a committee needs each voter's weight")
	if h := ally.ErrorHint(err); h == nil || h.Action != ally.HintGiveWeights {
		t.Errorf("hint %+v, want %s", h, ally.HintGiveWeights)
	}
	_, err = a.NewGoal(bg, GoalInput{Name: ptr("Ghosts"), Rule: &ally.Rule{Kind: ally.RuleConsensus, Vetoes: []int64{999}}})
	if err == nil {
		t.Error("a veto held by nobody in the workspace was kept")
	}
}

// TestResolveRefusesControlCharacters checks that a reference with a
// control character is refused rather than matched by what precedes it:
// SQLite's LIKE reads a NUL as the end of the pattern, so "7\x00" found
// "Agent 47" (FuzzResolve found it).
func TestResolveRefusesControlCharacters(t *testing.T) {
	a, _ := fuzzWorkspace(t)
	for _, ref := range []string{"7\x00", "Agent\x00 Smith", "ana\nbo", "\x1b[2J", "Ana\u200b"} {
		_, err := a.Resolve(bg, ref)
		wantErr(t, err, ally.EINVALID, "person reference holds")
	}
	if p, err := a.Resolve(bg, "agent 47"); err != nil || p.Name != "Agent 47" {
		t.Errorf("agent 47: %v, %v", p, err)
	}
}
