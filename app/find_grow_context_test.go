package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/allyhq/ally"
)

// TestFindMarksStakes: with an initiative, its supporters are listed after
// the candidates (champions first) and never ranked; a candidate's stakes
// in open initiatives are marked, the initiative sought for first.
func TestFindMarksStakes(t *testing.T) {
	a := coalitionWorkspace(t)
	f := ok(a.FindAllies(bg, FindInput{Goal: gid(t, a, "Cost dashboard"), K: 9}))(t)
	var on []int64
	for _, x := range f.OnBoard {
		on = append(on, x.ID)
		if x.GoalID != f.GoalID || !x.Stance.Supports() {
			t.Errorf("on board %+v: want a supporter of #%d", x, f.GoalID)
		}
	}
	if want := []int64{fxFay, fxGus, fxLou}; !slices.Equal(on, want) {
		t.Errorf("on board %v, want %v (the champion first, then by name)", on, want)
	}
	stance := map[int64]ally.Stance{}
	for _, c := range f.Allies {
		if slices.Contains(on, c.ID) {
			t.Errorf("%s is on board and ranked", c.Name)
		}
		if len(c.Stakes) > 0 {
			if c.Stakes[0].GoalID != f.GoalID && slices.ContainsFunc(c.Stakes, func(m *StakeMark) bool { return m.GoalID == f.GoalID }) {
				t.Errorf("%s: stakes %+v, want the initiative sought for first", c.Name, c.Stakes)
			}
			stance[c.ID] = c.Stakes[0].Stance
		}
	}
	for _, tc := range []struct {
		id   int64
		want ally.Stance
	}{{fxDee, ally.StanceBlocker}, {fxEve, ally.StanceSkeptic}, {fxJon, ally.StanceNeutral}, {fxHal, ""}} {
		if stance[tc.id] != tc.want {
			t.Errorf("person %d marked %q, want %q", tc.id, stance[tc.id], tc.want)
		}
	}
	// Free text: nobody is left out, and Fay is marked as a champion of
	// both open initiatives.
	f = ok(a.FindAllies(bg, findText("forecasting", 12)))(t)
	if len(f.OnBoard) != 0 {
		t.Errorf("free text lists %d on board", len(f.OnBoard))
	}
	for _, c := range f.Allies {
		if c.ID == fxFay && len(c.Stakes) != 2 {
			t.Errorf("Fay's stakes %+v, want her two championships", c.Stakes)
		}
	}
}

// TestGrowCommitteeVotersFirst: for a committee the voters nearest to yes
// are picked first, and outsiders only beyond them, with the reason.
func TestGrowCommitteeVotersFirst(t *testing.T) {
	a := coalitionWorkspace(t)
	goal := gid(t, a, "Vendor switch")
	for _, tc := range []struct {
		k      int
		voters []int64 // the first picks, in order
		rest   int     // picks beyond the voters
		note   string
	}{
		// Quota 3, Fay's 1 is yes; Dee (2) blocks and is not enlisted; the
		// smallest set within reach is Jon and Eve (1 + 1), Jon nearer (a
		// neutral with a tie, against a skeptic with none).
		{1, []int64{fxJon}, 0, "winning the vote needs 2 voters; this is the one nearest to yes"},
		{2, []int64{fxJon, fxEve}, 0, ""},
		{3, []int64{fxJon, fxEve}, 1, "needs 2 more voters, picked first; the remaining 1 pick spreads support beyond the voters"},
	} {
		v := ok(a.Grow(bg, goal, GrowInput{K: tc.k, Seed: 1, Samples: 2000}))(t)
		var voters []int64
		rest := 0
		for _, p := range v.Picks {
			switch {
			case p.Voter && p.Votes > 0 && rest == 0 && strings.Contains(p.Why, "smallest set of yes votes within reach"):
				voters = append(voters, p.ID)
			case !p.Voter:
				rest++
				if !strings.Contains(p.Why, "not a voter") {
					t.Errorf("k=%d: outsider %s without the reason: %q", tc.k, p.Name, p.Why)
				}
			}
		}
		if !slices.Equal(voters, tc.voters) || rest != tc.rest {
			t.Errorf("k=%d: voters %v then %d others, want %v then %d (picks %+v)", tc.k, voters, rest, tc.voters, tc.rest, v.Picks)
		}
		if tc.note != "" && !slices.ContainsFunc(v.Notes, func(n string) bool { return strings.Contains(n, tc.note) }) {
			t.Errorf("k=%d: notes %q lack %q", tc.k, v.Notes, tc.note)
		}
		if tc.rest == 0 && !strings.HasPrefix(v.Guarantee, "none needed") {
			t.Errorf("k=%d: guarantee %q for picks that are all voters", tc.k, v.Guarantee)
		}
		if tc.rest == 1 && len(tc.voters) > 0 && !strings.Contains(v.Guarantee, "for the 1 pick after the voters: it reaches") {
			t.Errorf("k=%d: guarantee for one pick worded %q", tc.k, v.Guarantee)
		}
	}
	// Without a decision rule nothing changes: IMM picks them all.
	v := ok(a.Grow(bg, gid(t, a, "Cost dashboard"), GrowInput{K: 2, Seed: 1, Samples: 2000}))(t)
	for _, p := range v.Picks {
		if p.Voter || strings.Contains(p.Why, "voter") {
			t.Errorf("no committee, but %s is picked as a voter: %q", p.Name, p.Why)
		}
	}
}

// TestFindLineDirect: the finder reaches Me's manager and direct reports
// directly, never through a chain of others.
func TestFindLineDirect(t *testing.T) {
	a := firstWorkspace(t) // Hal is Me's manager, Eve a direct report with no tie to Me
	f := ok(a.FindAllies(bg, findText("forecasting", 12)))(t)
	for _, tc := range []struct {
		id  int64
		why string
	}{{fxHal, "your manager: reached directly"}, {fxEve, "your direct report: reached directly"}} {
		i := slices.IndexFunc(f.Allies, func(c *AllyCandidate) bool { return c.ID == tc.id })
		if i < 0 {
			t.Fatalf("person %d not ranked", tc.id)
		}
		c := f.Allies[i]
		if c.Reach != 1 || len(c.Via) != 0 || !slices.Contains(c.Reasons, tc.why) {
			t.Errorf("%s: reach %v via %v reasons %q, want 1, nobody, %q", c.Name, c.Reach, c.Via, c.Reasons, tc.why)
		}
	}
}
