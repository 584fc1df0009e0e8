package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/tie"
)

// firstWorkspace is the coalition fixture (warmpaths_test.go) with what
// the plan must see before any ask: Me's promise to Jon is 3 days late and
// Jon gave Me a large favour (Me owes 4 > the threshold); Ivy, strained,
// is a skeptic of "Cost dashboard"; Eve is Me's direct report (and has no
// tie with Me); Hal is Me's manager and a skeptic; Kim, never in contact,
// a powerful and interested neutral; "Old launch" was won
// with Fay and Gus, "Lost cause" lost against Dee.
func firstWorkspace(t *testing.T) *App {
	return coalitionWorkspaceWith(t, firstEdit)
}

// firstEdit is firstWorkspace's change to the fixture.
func firstEdit(d *Dump) {
	{
		for _, p := range d.People {
			switch p.ID {
			case fxEve:
				p.ManagerID = fxMe
			case fxMe:
				p.ManagerID = fxHal
			}
		}
		due := fxNow.AddDate(0, 0, -3)
		d.Commitments = append(d.Commitments, &ally.Commitment{ID: 10, FromID: fxMe, ToID: fxJon, What: "share the draft",
			Due: due, Created: due.AddDate(0, 0, -7), Status: ally.CommitOpen})
		d.Exchanges = append(d.Exchanges, &ally.Exchange{ID: 1, At: fxNow.AddDate(0, 0, -10), FromID: fxJon, ToID: fxMe,
			What: "covered my on-call", Kind: ally.GaveHelp, Size: ally.SizeLarge})
		created := d.Initiatives[0].Created
		d.Initiatives = append(d.Initiatives,
			&ally.Initiative{ID: 3, Name: "Old launch", Outcome: ally.OutcomeWon, Created: created},
			&ally.Initiative{ID: 4, Name: "Lost cause", Outcome: ally.OutcomeLost, Created: created})
		st := func(goal, who int64, s ally.Stance, power int) {
			d.Stakes = append(d.Stakes, &ally.Stake{InitiativeID: goal, PersonID: who, Stance: s, Power: power, Interest: 3, Updated: created})
		}
		st(1, fxIvy, ally.StanceSkeptic, 4)
		st(1, fxHal, ally.StanceSkeptic, 4)
		d.Stakes = append(d.Stakes, &ally.Stake{InitiativeID: 1, PersonID: fxKim, Stance: ally.StanceNeutral, Power: 5, Interest: 5, Updated: created})
		st(3, fxGus, ally.StanceSupporter, 2)
		st(3, fxFay, ally.StanceChampion, 4)
		st(3, fxDee, ally.StanceBlocker, 5)
		st(4, fxFay, ally.StanceChampion, 4)
		st(4, fxDee, ally.StanceBlocker, 5)
		st(4, fxJon, ally.StanceNeutral, 2)
	}
}

// TestPlanFirst: a move toward a person first says what Me owes them, a
// strained person gets the repair step and no ask, Me's own manager and
// report are reached directly, and the offer uses what the person values.
func TestPlanFirst(t *testing.T) {
	a := firstWorkspace(t)
	moves := func(goal string) map[int64]*MoveView {
		out := map[int64]*MoveView{}
		for _, m := range ok(a.Plan(bg, gid(t, a, goal)))(t).Moves {
			out[m.ID] = m
		}
		return out
	}
	vendor, cost := moves("Vendor switch"), moves("Cost dashboard")
	kinds := func(ds []tie.Debt) []tie.DebtKind {
		var out []tie.DebtKind
		for _, d := range ds {
			out = append(out, d.Kind)
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		m       *MoveView
		first   []tie.DebtKind
		hold    bool
		line    OrgLine
		direct  bool // the warm path is the direct tie
		inOffer string
	}{
		{"Jon: deliver, give back, then the ask", vendor[fxJon], []tie.DebtKind{tie.DebtDeliver, tie.DebtGiveBack}, false, "", false, "return in kind: they gave you “covered my on-call”"},
		{"Ivy: strained, repair and no ask", cost[fxIvy], []tie.DebtKind{tie.DebtRepair}, true, "", true, ""},
		{"Eve: my report, directly", cost[fxEve], nil, false, LineReport, true, ""},
		{"Hal: my manager, directly", cost[fxHal], nil, false, LineManager, true, ""},
		{"Dee: what she values, from the agenda's table", cost[fxDee], nil, false, "", false, "they value recognition: credit their work publicly"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.m
			if m == nil {
				t.Fatal("no move")
			}
			if got := kinds(m.First); !slices.Equal(got, tc.first) {
				t.Errorf("first %v, want %v", got, tc.first)
			}
			if m.HoldAsk != tc.hold || m.Line != tc.line {
				t.Errorf("hold %v line %q, want %v %q", m.HoldAsk, m.Line, tc.hold, tc.line)
			}
			if tc.direct && (m.Path == nil || len(m.Path.Via) != 0 || len(m.Path.Hops) != 1) {
				t.Errorf("warm path %+v, want the direct tie", m.Path)
			}
			if tc.inOffer != "" && !strings.Contains(m.Offer, tc.inOffer) {
				t.Errorf("offer %q lacks %q", m.Offer, tc.inOffer)
			}
			for _, generic := range []string{"give them visible credit", "offer concrete help, resources or information"} {
				if strings.Contains(m.Offer, generic) {
					t.Errorf("offer %q uses the generic family phrase %q", m.Offer, generic)
				}
			}
		})
	}
	// Kim, Dee and Eve have never been in contact with Me (no tie of
	// their own with Me in the fixture): their moves start with an
	// introduction; nobody else's does.
	for id, m := range cost {
		if m.New != (id == fxKim || id == fxDee || id == fxEve) {
			t.Errorf("%s: new %v", m.Name, m.New)
		}
	}
	if cost[fxKim] == nil {
		t.Error("no move toward Kim, a powerful and interested neutral")
	}
	if d := vendor[fxJon].First; len(d) == 2 && (d[0].What != "share the draft" || d[0].DaysLate != 3 || d[1].Owe < 3.8 || d[1].Owe > 4) {
		t.Errorf("Jon's debts %+v: want the draft 3 days late, then about 4 owed (one large favour, 10 days old)", d)
	}

	t.Run("decided initiatives", func(t *testing.T) {
		for _, tc := range []struct {
			goal string
			want []FollowUpKind
			who  []int64
		}{
			{"Old launch", []FollowUpKind{FollowThank, FollowThank, FollowRecord}, []int64{fxFay, fxGus, 0}},
			{"Lost cause", []FollowUpKind{FollowThank, FollowDebrief, FollowRecord}, []int64{fxFay, fxDee, 0}},
		} {
			v := ok(a.Plan(bg, gid(t, a, tc.goal)))(t)
			if len(v.Moves) != 0 || v.Outcome == ally.OutcomeOpen {
				t.Errorf("%s: %d moves, outcome %s: want none for a decided initiative", tc.goal, len(v.Moves), v.Outcome)
			}
			var kinds []FollowUpKind
			var who []int64
			for _, f := range v.FollowUps {
				kinds, who = append(kinds, f.Kind), append(who, f.ID)
			}
			if !slices.Equal(kinds, tc.want) || !slices.Equal(who, tc.who) {
				t.Errorf("%s: follow-ups %v %v, want %v %v", tc.goal, kinds, who, tc.want, tc.who)
			}
		}
	})
	t.Run("a target date passed", func(t *testing.T) {
		past := fxNow.AddDate(0, 0, -5)
		ok(a.EditGoal(bg, gid(t, a, "Cost dashboard"), GoalInput{Target: &past}))(t)
		v := ok(a.Plan(bg, gid(t, a, "Cost dashboard")))(t)
		if len(v.Moves) == 0 || !slices.ContainsFunc(v.FollowUps, func(f *FollowUp) bool { return f.Kind == FollowRecord }) {
			t.Errorf("moves %d, follow-ups %+v: want the moves and a reminder to record the outcome", len(v.Moves), v.FollowUps)
		}
	})
}

// TestWarmPathsLineAndStrained: a direct report or the manager is reached
// directly (even without a tie), and a strained person is not "asked".
func TestWarmPathsLineAndStrained(t *testing.T) {
	a := firstWorkspace(t)
	for _, tc := range []struct {
		name     string
		id       int64
		line     OrgLine
		strained bool
		why      string
	}{
		{"my report, never met", fxEve, LineReport, false, "your direct report, not yet in contact: introduce yourself in a first one-on-one"},
		{"my manager", fxHal, LineManager, false, "your manager: talk to them directly"},
		{"strained", fxIvy, "", true, "repair it face to face before asking anything"},
		{"anyone else", fxDee, "", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := ok(a.WarmPaths(bg, tc.id, 3))(t)
			if v.Line != tc.line || v.Strained != tc.strained {
				t.Errorf("line %q strained %v, want %q %v", v.Line, v.Strained, tc.line, tc.strained)
			}
			for _, p := range v.Paths {
				if strings.Contains(strings.Join(p.Why, " "), "ask them yourself") && tc.strained {
					t.Errorf("a strained person's path says ask them yourself: %v", p.Why)
				}
			}
			if tc.why == "" {
				if len(v.Paths) < 2 {
					t.Errorf("%d paths to Dee, want the alternatives", len(v.Paths))
				}
				return
			}
			if len(v.Paths) != 1 || len(v.Paths[0].Via) != 0 || !strings.Contains(strings.Join(v.Paths[0].Why, " "), tc.why) {
				t.Errorf("paths %+v, want the direct tie alone saying %q", v.Paths, tc.why)
			}
		})
	}
}
