package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCoachingJoinsTheDots walks the small workspace: a manager
// chain, a report, peers, a strained skeptic who owes Me a promise, a
// committee voter Me owes a late promise and a favour. Each case is one
// output and what it must and must not say.
func TestCoachingJoinsTheDots(t *testing.T) {
	db, now := coachingWorkspace(t)
	checkCoaching(t, db, now, []coachingCase{
		{[]string{"goal", "plan", "Cost"},
			[]string{"first  deliver “send the cost model”, promised for 2026-03-07 (3 days late); then give back: you owe",
				"co-sponsor, once the above is done", "they value recognition: credit their work publicly",
				"Eli Stone (skeptic, power 3): repair the relationship first", "refrain from gossip",
				"nothing until the relationship is repaired (later: try the pilot)", "after the repair: walk through the pilot"},
			[]string{"least-effort", "approach the opposition", "give them visible credit", "via Dee"}},
		{[]string{"goal", "plan", "Old launch"},
			[]string{"won, so no more moves", "thank Dee Wong (champion)", "record what it returned"}, []string{"next moves"}},
		{[]string{"path", "Eli"}, []string{"directly, to repair a strained relationship", "refrain from gossip"}, []string{"ask them yourself", "via Dee"}},
		{[]string{"path", "Bo"}, []string{"directly, your direct report"}, []string{"via Lou"}},
		{[]string{"health", "Mia"}, []string{"new", "introduce yourself"}, []string{"dormant"}},
	})
}

// coachingCase is one output of the coaching workspace: what it must say
// and what it must not.
type coachingCase struct {
	args      []string
	want, not []string
}

func checkCoaching(t *testing.T, db, now string, cases []coachingCase) {
	t.Helper()
	for _, tc := range cases {
		out := mustRun(t, db, append([]string{now}, tc.args...)...)
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v lacks %q:\n%s", tc.args, w, out)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(out, w) {
				t.Errorf("%v says %q:\n%s", tc.args, w, out)
			}
		}
	}
}

// coachingWorkspace builds the workspace and returns it with its clock.
func coachingWorkspace(t *testing.T) (string, string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "me.db")
	now := "--now=2026-03-10"
	for _, args := range [][]string{
		{"init", "--me", "Ana Ruiz", "--department", "Platform", "--manager", "Lou Grant"},
		{"person", "add", "Mia Chen", "--department", "Platform", "--title", "VP"},
		{"person", "edit", "Lou Grant", "--manager", "Mia Chen"},
		{"person", "add", "Bo Park", "--department", "Platform", "--manager", "Ana Ruiz"},
		{"person", "add", "Cy Diaz", "--department", "Finance"},
		{"person", "add", "Dee Wong", "--department", "Platform"},
		{"person", "add", "Eli Stone", "--department", "Sales"},
		{"tag", "Cy", "currency:recognition"},
		{"log", "one-on-one", "--with", "Cy", "--at", "2026-03-01"},
		{"log", "one-on-one", "--with", "Lou", "--at", "2026-03-08"},
		{"log", "meeting", "--with", "Lou,Bo", "--at", "2026-03-06"},
		{"log", "one-on-one", "--with", "Dee", "--at", "2026-03-07"},
		{"log", "meeting", "--with", "Dee,Eli", "--at", "2026-03-05"},
		{"got", "Cy", "intro to the data team", "--kind", "introduction", "--size", "medium"},
		{"got", "Cy", "budget numbers", "--kind", "knowledge", "--size", "small"},
		{"promise", "Cy", "send the cost model", "--due", "2026-03-07"},
		{"expect", "Eli", "pilot numbers", "--due", "2026-03-04"},
		{"rel", "Cy", "--tier", "ally", "--trust", "4"},
		{"rel", "Lou", "--tier", "key-ally"},
		{"rel", "Dee", "--tier", "ally"},
		{"rel", "Eli", "--status", "strained"},
		{"goal", "new", "Cost dashboard", "--rule", "quota=3", "--weights", "Cy=2,Bo=1,Lou=1"},
		{"goal", "stake", "Cost", "Cy", "--stance", "neutral", "--power", "4", "--interest", "5", "--ask", "co-sponsor"},
		{"goal", "stake", "Cost", "Lou", "--stance", "supporter", "--power", "4"},
		{"goal", "stake", "Cost", "Eli", "--stance", "skeptic", "--power", "3", "--ask", "try the pilot", "--next", "walk through the pilot"},
		{"goal", "new", "Old launch"},
	} {
		mustRun(t, db, append([]string{now}, args...)...)
	}
	mustRun(t, db, now, "goal", "stake", "Old launch", "Dee", "--stance", "champion")
	mustRun(t, db, now, "goal", "edit", "Old launch", "--outcome", "won")
	return db, now
}
