package cli

import "testing"

// TestCoachingToday: today's agenda on the coaching workspace: the strained
// skeptic's repair step and no asks of him, an introduction with its
// purpose for the new skip-level, Me's own report directly.
func TestCoachingToday(t *testing.T) {
	db, now := coachingWorkspace(t)
	checkCoaching(t, db, now, []coachingCase{
		{[]string{"today", "--all"},
			[]string{"Repair the relationship with Eli Stone", "left for later: Follow up with Eli Stone: pilot numbers",
				"Introduce yourself to Mia Chen (above you, Platform)", "purpose: learn their priorities",
				"Build your tie with Bo Park, your direct report"},
			[]string{"through Lou Grant", "Follow up with Eli Stone: pilot numbers\n", "dormant"}},
	})
}
