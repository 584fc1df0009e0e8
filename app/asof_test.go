package app

import (
	"testing"
	"time"

	"github.com/allyhq/ally"
)

// TestViewsAsOfTheClock: with a past clock a person's page, an
// initiative's page and the list of initiatives show stakes and outcomes
// as they stood then (issue 10, §1: the clock is one clock), and writing
// with a past clock does not lose the later history.
func TestViewsAsOfTheClock(t *testing.T) {
	db := mustDB(t)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me"}))(t)
	day := func(m time.Month, d int) *App {
		return ok(Open(bg, db, "team", time.Date(2024, m, d, 12, 0, 0, 0, time.UTC)))(t)
	}
	a := day(1, 2)
	kim := ok(a.AddPerson(bg, PersonInput{Name: ptr("Kim Ito")}))(t).ID
	lou := ok(a.AddPerson(bg, PersonInput{Name: ptr("Lou Grant")}))(t).ID
	stance := func(s ally.Stance) *ally.Stance { return &s }
	g := ok(a.NewGoal(bg, GoalInput{Name: ptr("Pricing")}))(t).ID
	ok(a.SetStake(bg, StakeInput{Goal: g, Person: kim, Stance: stance(ally.StanceSkeptic)}))(t)
	ok(day(3, 1).SetStake(bg, StakeInput{Goal: g, Person: kim, Stance: stance(ally.StanceChampion)}))(t)
	ok(day(4, 1).SetStake(bg, StakeInput{Goal: g, Person: lou, Stance: stance(ally.StanceSupporter)}))(t)
	won := ally.OutcomeWon
	ok(day(5, 1).EditGoal(bg, g, GoalInput{Outcome: &won}))(t)
	ok(day(6, 1).NewGoal(bg, GoalInput{Name: ptr("Later")}))(t)

	feb := day(2, 1)
	d := ok(feb.ShowPerson(bg, kim, 5))(t)
	if len(d.Stakes) != 1 || d.Stakes[0].Stance != ally.StanceSkeptic || len(d.Stakes[0].History) != 1 {
		t.Errorf("Kim's page on 1 Feb: %+v, want one stake, skeptic, with 1 change", d.Stakes)
	}
	if d := ok(feb.ShowPerson(bg, lou, 5))(t); len(d.Stakes) != 0 {
		t.Errorf("Lou's page on 1 Feb shows a stake recorded on 1 April: %+v", d.Stakes[0].Stake)
	}
	v := ok(feb.ShowGoal(bg, g))(t)
	if v.Outcome != ally.OutcomeOpen || len(v.Stakes) != 1 || v.Stakes[0].Stance != ally.StanceSkeptic {
		t.Errorf("the initiative on 1 Feb: outcome %s, %d stakes; want open with Kim a skeptic", v.Outcome, len(v.Stakes))
	}
	if l := ok(feb.ListGoals(bg, Page{}))(t); l.Total != 1 || l.Items[0].Outcome != ally.OutcomeOpen {
		t.Errorf("initiatives on 1 Feb: %d, want 1, open (the other is created in June)", l.Total)
	}
	if l := ok(day(7, 1).ListGoals(bg, Page{}))(t); l.Total != 2 || l.Items[0].Outcome != ally.OutcomeWon {
		t.Errorf("initiatives on 1 July: %d, first %s; want 2, the first won", l.Total, l.Items[0].Outcome)
	}
	// A write with a past clock keeps what came after it.
	interest := 5
	ok(feb.SetStake(bg, StakeInput{Goal: g, Person: kim, Interest: &interest}))(t)
	if d := ok(day(7, 1).ShowPerson(bg, kim, 5))(t); d.Stakes[0].Stance != ally.StanceChampion || len(d.Stakes[0].History) != 2 {
		t.Errorf("after a past-dated edit, Kim's stake today: %s with %d changes; want champion with 2", d.Stakes[0].Stance, len(d.Stakes[0].History))
	}
}
