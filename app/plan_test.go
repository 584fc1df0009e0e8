package app

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
)

// TestPlanMoves plans the fixture's two initiatives (warmpaths_test.go)
// and checks the moves against what the rules documented in package
// coalition (NextMoves: priority of the kind + the person's power) give by
// hand, and the warm paths against the brute force.
func TestPlanMoves(t *testing.T) {
	a := coalitionWorkspace(t)
	ts := ok(a.Ties(bg))(t)
	g := newBruteGraph(t, ts)
	me := ts.Index[fxMe]

	type want struct {
		id   int64
		kind string
	}
	check := func(t *testing.T, goal string, wants []want) *PlanView {
		t.Helper()
		v := ok(a.Plan(bg, gid(t, a, goal)))(t)
		var got []want
		for i, m := range v.Moves {
			got = append(got, want{m.ID, m.Kind})
			if m.Rank != i+1 {
				t.Errorf("move %d has rank %d", i+1, m.Rank)
			}
			// Nobody who already backs the initiative is asked to: a
			// supporter appears only to keep a cooling tie warm.
			if ally.Stance(m.Stance).Supports() && m.Kind != "reconnect" && m.Kind != "shore-up" {
				t.Errorf("%s is already a %s but the plan proposes %q", m.Name, m.Stance, m.Kind)
			}
			if m.ID == fxFay || m.ID == fxGus {
				t.Errorf("%s (a %s with a fresh tie) has a move: %+v", m.Name, m.Stance, m)
			}
			// Every blocker or skeptic with a chain of ties carries the
			// cheapest one, as the brute force finds it.
			if m.Stance == "blocker" || m.Stance == "skeptic" {
				ps := g.paths(me, ts.Index[m.ID])
				if m.Path == nil {
					t.Errorf("%s (%s) has no warm path; the brute force finds %d", m.Name, m.Stance, len(ps))
					continue
				}
				samePaths(t, g, []*PathView{m.Path}, ps)
			}
		}
		if !slices.Equal(got, wants) {
			t.Errorf("moves %v, want %v", got, wants)
		}
		return v
	}

	t.Run("no rule", func(t *testing.T) {
		// By hand: Lou supports but their last contact was 200 days ago
		// (cooling): reconnect, 70 + power 1. Dee blocks and Eve doubts,
		// both reachable: approach, 60 + power 5 and 60 + 3. Fay and Gus
		// support with fresh ties: nothing to do. Jon is neutral with power
		// and interest 2: not "manage closely".
		v := check(t, "Cost dashboard", []want{{fxLou, "reconnect"}, {fxDee, "approach"}, {fxEve, "approach"}})
		if len(v.Moves) != 3 {
			return
		}
		lou, dee, eve := v.Moves[0], v.Moves[1], v.Moves[2]
		if !strings.Contains(lou.Ask, "no new ask") {
			t.Errorf("a cooling supporter is asked %q, want a check-in without a new ask", lou.Ask)
		}
		if !slices.ContainsFunc(v.Summary, func(s string) bool { return strings.Contains(s, "cooling ties with supporters: Lou Cooling") }) {
			t.Errorf("summary %q does not name Lou's cooling tie", v.Summary)
		}
		// Dee is approached through Ana, the trusted go-between of the
		// cheapest chain (TestWarmPathsAgainstBruteForce), and the plan
		// says so; the offer holds what the stake says is in it for her
		// and what her currency (recognition) asks for; the ask is hers.
		if !slices.Equal(dee.Path.Via, []string{"Ana Ally"}) {
			t.Errorf("Dee's warm path via %v, want Ana Ally", dee.Path.Via)
		}
		wp := ok(a.WarmPaths(bg, fxDee, 1))(t)
		if !slices.Equal(pathNames(dee.Path), pathNames(wp.Paths[0])) || math.Abs(dee.Path.Strength-wp.Paths[0].Strength) > 1e-9 {
			t.Errorf("the plan's path to Dee %v differs from WarmPaths' best %v", pathNames(dee.Path), pathNames(wp.Paths[0]))
		}
		// The reason is a value (the CLI words it): a warm path via Ana.
		if !slices.ContainsFunc(dee.Reasons, func(r *MoveReason) bool {
			return r.Kind == coalition.ReasonWarmPath && slices.Equal(r.Via, []string{"Ana Ally"})
		}) {
			t.Errorf("Dee's reasons %+v do not name the warm path via Ana Ally", dee.Reasons)
		}
		if !strings.Contains(dee.Offer, "a say in the contract terms") || !strings.Contains(dee.Offer, "recognition:") {
			t.Errorf("Dee's offer %q lacks her WIIFM or her currency", dee.Offer)
		}
		if dee.Ask != "sign off the data-sharing clause" {
			t.Errorf("Dee's ask %q, want the stake's", dee.Ask)
		}
		if eve.Ask != "back Cost dashboard" || !slices.Equal(eve.Path.Via, []string{"Bo Bridge"}) {
			t.Errorf("Eve: ask %q via %v, want the goal's general ask via Bo Bridge", eve.Ask, eve.Path.Via)
		}
	})

	t.Run("committee", func(t *testing.T) {
		// Quota 3; yes today: Fay (1). Dee's 2 votes alone close the gap:
		// a swing, 90 + 5. The cheapest other way to 3 is Eve and Jon
		// (weights 1 + 1), with effort = stance distance × (1 + 3·(1 − tie
		// with Me)): Eve 3 × 4 = 12 (no direct tie), Jon 1 × (1 + 3·(1 −
		// s)) < 4, together below Dee's 6 × 4 = 24; both win-least, 80 +
		// power 3 and 80 + 2. Fay, a champion, is not asked anything.
		v := check(t, "Vendor switch", []want{{fxDee, "win-swing"}, {fxEve, "win-least"}, {fxJon, "win-least"}})
		if len(v.Moves) > 0 && (v.Moves[0].Path == nil || !slices.Equal(v.Moves[0].Path.Via, []string{"Ana Ally"})) {
			t.Errorf("Dee's move carries no warm path through Ana: %+v", v.Moves[0].Path)
		}
		cv := ok(a.Coalition(bg, gid(t, a, "Vendor switch")))(t)
		if cv.Vote == nil || cv.Vote.Deficit != 2 || !slices.Equal(cv.Vote.Swing, []string{"Dee Blocker"}) ||
			cv.Vote.LeastEffort == nil || !slices.Equal(cv.Vote.LeastEffort.IDs, []int64{fxEve, fxJon}) {
			t.Errorf("vote %+v: want deficit 2, swing Dee, least effort Eve and Jon", cv.Vote)
		}
	})

	_, err := a.Plan(bg, 9999)
	wantErr(t, err, ally.ENOTFOUND, "initiative 9999 not found")
	_, err = a.Plan(bg, 0)
	wantErr(t, err, ally.EINVALID, "say which initiative")
}
