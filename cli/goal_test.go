package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoalRuleFlags checks --rule and --weights as the user types them: the
// people they name found by name, email or "me", --weights alone on an
// edit keeping a committee's quota, and the errors worded for the command
// line.
func TestGoalRuleFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rule.db")
	now := "--now=2026-03-02"
	mustRun(t, db, now, "init", "--me", "Ana Ruiz", "--email", "ana@example.com")
	mustRun(t, db, now, "person", "add", "Bo Chen", "--email", "bo@example.com")
	mustRun(t, db, now, "person", "add", "Cy Diaz")
	mustRun(t, db, now, "goal", "new", "Cost dashboard", "--rule", "quota=3", "--weights", "Cy=2, bo@example.com=1,me=1")

	type rule struct {
		Kind    string             `json:"kind"`
		Quota   float64            `json:"quota"`
		Weights map[string]float64 `json:"weights"`
		Vetoes  []int64            `json:"vetoes"`
		Share   float64            `json:"share"`
	}
	ruleOf := func(args ...string) rule {
		t.Helper()
		var g struct{ Rule rule }
		out := mustRun(t, db, append([]string{now, "--json"}, args...)...)
		if err := json.Unmarshal([]byte(out), &g); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		return g.Rule
	}
	// Ana Ruiz is 1, Bo Chen 2, Cy Diaz 3.
	if r := ruleOf("goal", "show", "1"); r.Kind != "committee" || r.Quota != 3 || len(r.Weights) != 3 || r.Weights["3"] != 2 || r.Weights["1"] != 1 {
		t.Errorf("new committee: %+v", r)
	}
	if r := ruleOf("goal", "edit", "1", "--weights", "Cy=3,Bo=1"); r.Kind != "committee" || r.Quota != 3 || len(r.Weights) != 2 || r.Weights["3"] != 3 {
		t.Errorf("--weights alone keeps the quota: %+v", r)
	}
	if r := ruleOf("goal", "edit", "1", "--rule", "consensus veto=Bo,me"); r.Kind != "consensus" || len(r.Vetoes) != 2 || r.Vetoes[0] != 2 || r.Vetoes[1] != 1 || r.Weights != nil {
		t.Errorf("consensus: %+v", r)
	}
	if r := ruleOf("goal", "edit", "1", "--rule", "adoption share=60%"); r.Kind != "adoption" || r.Share != 0.6 {
		t.Errorf("adoption: %+v", r)
	}
	if r := ruleOf("goal", "edit", "Cost", "--rule", "none"); r.Kind != "" {
		t.Errorf("none: %+v", r)
	}

	cases := []struct {
		name string
		args []string
		want string
	}{
		{"committee without weights", []string{"goal", "new", "X", "--rule", "quota=1"},
			"ally: rule: a committee needs each voter's weight\n      give them with --weights PERSON=WEIGHT,…\n"},
		{"weights alone without a committee", []string{"goal", "edit", "1", "--weights", "Cy=1"},
			"rule: quota 0 must be positive and at most the total weight 1"},
		{"unknown voter", []string{"goal", "new", "X", "--rule", "quota=1", "--weights", "Nobody=1"}, `weights: no person matches "Nobody"`},
		{"unknown veto holder", []string{"goal", "new", "X", "--rule", "consensus veto=Bo,Nobody"}, `rule: veto: no person matches "Nobody"`},
		{"a voter twice", []string{"goal", "new", "X", "--weights", "Bo=1,bo@example.com=1", "--rule", "quota=1"},
			"weights: Bo and bo@example.com both name Bo Chen: give each voter once"},
		{"not understood", []string{"goal", "new", "X", "--rule", "majority"}, `rule: "majority" is not understood`},
		{"unknown initiative", []string{"goal", "edit", "Nothing", "--weights", "Bo=1"}, `no initiative matches "Nothing"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, errs, code := run(t, db, append([]string{now}, c.args...)...); code == 0 || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stderr %q; want %q", code, errs, c.want)
			}
		})
	}
}
