package app

import (
	"strings"
	"testing"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
)

// The warm-path penalties by the names the brute-force check of
// warmpaths_test.go uses; their one definition is in package coalition
// (Standing.Cost).
const (
	costHop      = coalition.CostHop
	costTrusted  = coalition.CostTrusted
	costNetwork  = coalition.CostNetwork
	costUnknown  = coalition.CostUnknown
	costDormant  = coalition.CostDormant
	costStrained = coalition.CostStrained
)

// Every use case about Me's relationships refuses a workspace without Me
// with the one message requireMe writes, before it reads anything.
func TestRequireMe(t *testing.T) {
	db := mustDB(t)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me"}))(t)
	a := ok(Open(bg, db, "team", exportNow))(t)
	ok(a.AddPerson(bg, PersonInput{Name: ptr("Bo Chen")}))(t)
	a.WS.MeID = 0 // a workspace whose Me is unknown
	calls := map[string]func() error{
		"Log":      func() error { _, err := a.Log(bg, LogInput{Kind: ally.ChanOneOnOne, With: []int64{2}}); return err },
		"Health":   func() error { _, err := a.Health(bg, 2); return err },
		"Today":    func() error { _, err := a.Today(bg, TodayOptions{}); return err },
		"Map":      func() error { _, err := a.Map(bg); return err },
		"Snapshot": func() error { _, err := a.Snapshot(bg); return err },
		"Paths":    func() error { _, err := a.WarmPaths(bg, 2, 1); return err },
		"Me":       func() error { _, err := a.Me(bg); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			wantErr(t, err, ally.ENOTFOUND, `workspace "team" has no Me`)
			// The message names no command: each face words the hint.
			if h := ally.ErrorHint(err); h == nil || h.Action != ally.HintInit || strings.Contains(ally.ErrorMessage(err), "ally init") {
				t.Errorf("error %q has hint %+v, want the init hint and no command in the message", err, h)
			}
		})
	}
}

// Plan's reasons are values: the kind and its parameters, people named,
// weights in the rule's units; Plan leaves the words (Why) to the faces.
func TestPlanReasonsAreValues(t *testing.T) {
	a := coalitionWorkspace(t)
	reasons := func(v *PlanView, id int64) []*MoveReason {
		t.Helper()
		for _, m := range v.Moves {
			if m.ID == id {
				if len(m.Why) != 0 {
					t.Errorf("%s: Plan worded the reasons %q; words are the faces' job", m.Name, m.Why)
				}
				return m.Reasons
			}
		}
		t.Fatalf("no move for person %d in %+v", id, v.Moves)
		return nil
	}
	v := ok(a.Plan(bg, gid(t, a, "Cost dashboard")))(t)
	if r := reasons(v, fxDee); len(r) == 0 || r[0].Kind != coalition.ReasonWarmPath || len(r[0].Via) != 1 || r[0].Via[0] != "Ana Ally" || !(r[0].Strength > 0) {
		t.Errorf("Dee's reasons %+v, want a warm path via Ana Ally", r)
	}
	if r := reasons(v, fxLou); len(r) != 1 || r[0].Kind != coalition.ReasonCooling {
		t.Errorf("Lou's reasons %+v, want the cooling tie", r)
	}
	if len(v.Cooling) != 1 || v.Cooling[0].ID != fxLou || v.Cooling[0].LastContact.IsZero() {
		t.Errorf("cooling %+v, want Lou with his last contact", v.Cooling)
	}
	// Vendor switch: quota 3 and Fay's 1 yes; Dee's 2 votes close the gap.
	v = ok(a.Plan(bg, gid(t, a, "Vendor switch")))(t)
	if r := reasons(v, fxDee); len(r) == 0 || r[0].Kind != coalition.ReasonSwing || r[0].Deficit != 2 {
		t.Errorf("Dee's reasons %+v, want a swing with a deficit of 2", r)
	}
	if r := reasons(v, fxEve); len(r) == 0 || r[0].Kind != coalition.ReasonLeastEffort || r[0].People != 2 {
		t.Errorf("Eve's reasons %+v, want the least-effort coalition of 2", r)
	}
}

// A chain goes through someone trusted when a go-between (not its end) has
// the trusted standing: b is a key ally, c a strained contact.
func TestThroughTrusted(t *testing.T) {
	x := newTieIndex(tiny())
	hop := func(to int64) *HopView { return &HopView{ToID: to} }
	for _, tt := range []struct {
		hops []*HopView
		want bool
	}{
		{[]*HopView{hop(2), hop(3)}, true},  // through b to c
		{[]*HopView{hop(3), hop(2)}, false}, // through c (strained) to b
		{[]*HopView{hop(2)}, false},         // direct to b: nobody in between
		{nil, false},
	} {
		if got := x.throughTrusted(&PathView{Hops: tt.hops}); got != tt.want {
			t.Errorf("throughTrusted(%v) = %v, want %v", tt.hops, got, tt.want)
		}
	}
}
