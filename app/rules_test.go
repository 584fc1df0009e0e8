package app

import (
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
		"Log":      func() error { _, err := a.Log(bg, LogInput{Kind: ally.ChanOneOnOne, With: []string{"Bo"}}); return err },
		"Health":   func() error { _, err := a.Health(bg, "Bo"); return err },
		"Today":    func() error { _, err := a.Today(bg, false); return err },
		"Map":      func() error { _, err := a.Map(bg); return err },
		"Snapshot": func() error { _, err := a.Snapshot(bg); return err },
		"Paths":    func() error { _, err := a.WarmPaths(bg, "Bo", 1); return err },
		"Me":       func() error { _, err := a.Me(bg); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			wantErr(t, call(), ally.ENOTFOUND, `workspace "team" has no Me: run `+"`ally init --me NAME`")
		})
	}
}
