package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanWords: the plan of a small committee initiative reads right to a
// colleague (issue 10, §2 and §3): a voter with no stake recorded is not
// "unknown, power 0"; one's own manager gets a one-on-one, not "introduce
// yourself"; no support gives "no supporters yet", not "only 0
// supporters"; people without a department are not "all in one (unnamed)
// department".
func TestPlanWords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ally.db")
	now := "--now=2026-03-02"
	mustRun(t, db, now, "init", "--me", "Mia Chen", "--manager", "Lou Grant")
	mustRun(t, db, now, "person", "add", "Kim Ito")
	mustRun(t, db, now, "goal", "new", "Pricing", "--rule", "quota=2", "--weights", "Lou=1,Kim=1")
	mustRun(t, db, now, "goal", "stake", "Pricing", "Kim", "--stance", "neutral")
	show := mustRun(t, db, now, "goal", "show", "Pricing")
	if !strings.Contains(show, "no supporters yet") || strings.Contains(show, "only 0") {
		t.Errorf("goal show with no support:\n%s", show)
	}
	mustRun(t, db, now, "goal", "stake", "Pricing", "Kim", "--stance", "supporter")
	plan := mustRun(t, db, now, "goal", "plan", "Pricing")
	for _, want := range []string{"Lou Grant (a voter, no stake recorded yet): win a swing vote", "a one-on-one with your manager"} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan lacks %q:\n%s", want, plan)
		}
	}
	for _, bad := range []string{"power 0", "introduce yourself", "unnamed", "(s)"} {
		if strings.Contains(plan, bad) {
			t.Errorf("plan says %q:\n%s", bad, plan)
		}
	}
	today := mustRun(t, db, now, "today")
	if !strings.Contains(today, "Hold a first one-on-one with Lou Grant (your manager)") || strings.Contains(today, "Introduce yourself to Lou") {
		t.Errorf("today on one's own manager:\n%s", today)
	}
}
