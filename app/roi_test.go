package app

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/internal/asnobody"
	"github.com/allyhq/ally/store"
)

// TestMonthlySnapshot: the first call of a calendar month takes the month's
// snapshot, later calls of that month take none, the next month takes
// another, and a clock set back before the newest snapshot writes no
// history behind it.
func TestMonthlySnapshot(t *testing.T) {
	db := mustDB(t)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me"}))(t)
	at := func(y int, m time.Month, d int) *App {
		return ok(Open(bg, db, "team", time.Date(y, m, d, 9, 0, 0, 0, time.UTC)))(t)
	}
	steps := []struct {
		app   *App
		taken bool
	}{
		{at(2024, 3, 5), true},   // the first command of March
		{at(2024, 3, 5), false},  // the same day again
		{at(2024, 3, 31), false}, // later in March
		{at(2024, 4, 1), true},   // April's first
		{at(2024, 2, 10), false}, // a clock set back: nothing before April's
		{at(2024, 4, 20), false},
	}
	for i, s := range steps {
		snap, err := s.app.MonthlySnapshot(bg)
		if err != nil {
			t.Fatalf("step %d (%s): %v", i, s.app.Now, err)
		}
		if (snap != nil) != s.taken {
			t.Errorf("step %d (%s): took a snapshot %v, want %v", i, s.app.Now.Format(time.DateOnly), snap != nil, s.taken)
		}
		if snap != nil && !snap.At.Equal(s.app.Now) {
			t.Errorf("step %d: snapshot at %s, want the clock %s", i, snap.At, s.app.Now)
		}
	}
	r := ok(at(2024, 4, 20).ROI(bg, nil))(t)
	if r.Snapshots != 2 {
		t.Errorf("ROI sees %d snapshots, want 2 (March and April)", r.Snapshots)
	}
	// A look back sees only the snapshots taken by then.
	if r := ok(at(2024, 3, 20).ROI(bg, nil))(t); r.Snapshots != 1 {
		t.Errorf("ROI in March sees %d snapshots, want 1", r.Snapshots)
	}
}

// TestMonthlySnapshotReadOnly: a database that cannot be written (a backup
// on read-only media) is read as it is; the monthly snapshot is not an
// error there and nothing on disk changes. Root writes any file, so as
// root the check runs again as user nobody.
func TestMonthlySnapshotReadOnly(t *testing.T) {
	if p := os.Getenv("ALLY_TEST_READONLY_DB"); p != "" {
		ro := ok(store.Open(bg, p, false))(t)
		defer ro.Close()
		if !ro.ReadOnly() {
			t.Fatal("the database opened writable")
		}
		a := ok(Open(bg, ro, "team", exportNow))(t)
		if snap, err := a.MonthlySnapshot(bg); err != nil || snap != nil {
			t.Errorf("read-only database: snapshot %v, error %v; want neither", snap, err)
		}
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "ally.db")
	db := ok(store.Open(bg, path, true))(t)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me"}))(t)
	db.Close()
	before := ok(os.ReadFile(path))(t)
	os.Chmod(path, 0o444)
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	if os.Geteuid() == 0 {
		asnobody.Run(t, "TestMonthlySnapshotReadOnly", path, "ALLY_TEST_READONLY_DB="+path)
	} else {
		t.Setenv("ALLY_TEST_READONLY_DB", path)
		TestMonthlySnapshotReadOnly(t)
	}
	if after := ok(os.ReadFile(path))(t); !bytes.Equal(before, after) {
		t.Error("the read-only database changed")
	}
}

// TestOutcomesAgainstSupport: a decided initiative is weighed with the
// support it had on the day it was decided, not with the stances recorded
// after; the won and the lost are averaged apart; an open one is weighed
// now.
func TestOutcomesAgainstSupport(t *testing.T) {
	db := mustDB(t)
	ok(Init(bg, db, "team", &ally.Person{Name: "Mia Me"}))(t)
	day := func(m time.Month, d int) *App {
		return ok(Open(bg, db, "team", time.Date(2024, m, d, 12, 0, 0, 0, time.UTC)))(t)
	}
	a := day(1, 2)
	add := func(name string) int64 {
		return ok(a.AddPerson(bg, PersonInput{Name: ptr(name)}))(t).ID
	}
	kim, lou, max := add("Kim Ito"), add("Lou Grant"), add("Max Ruiz")
	stake := func(a *App, g, p int64, s ally.Stance, power int) {
		t.Helper()
		ok(a.SetStake(bg, StakeInput{Goal: g, Person: p, Stance: &s, Power: &power}))(t)
	}
	won := ok(a.NewGoal(bg, GoalInput{Name: ptr("Won with a base")}))(t).ID
	lost := ok(a.NewGoal(bg, GoalInput{Name: ptr("Lost alone")}))(t).ID
	open := ok(a.NewGoal(bg, GoalInput{Name: ptr("Still open")}))(t).ID
	stake(a, won, kim, ally.StanceChampion, 3)
	stake(a, won, lou, ally.StanceSupporter, 2)
	stake(a, won, max, ally.StanceBlocker, 1)
	stake(a, lost, kim, ally.StanceSupporter, 1)
	stake(a, lost, lou, ally.StanceBlocker, 3)
	stake(a, open, max, ally.StanceChampion, 4)
	stake(a, open, kim, ally.StanceNeutral, 4)

	outcome := func(o ally.Outcome) *ally.Outcome { return &o }
	b := day(3, 1)
	ok(b.EditGoal(bg, won, GoalInput{Outcome: outcome(ally.OutcomeWon)}))(t)
	ok(b.EditGoal(bg, lost, GoalInput{Outcome: outcome(ally.OutcomeLost)}))(t)
	// After the decision Kim turns against the won initiative: the
	// comparison must still see the support of 1 March.
	stake(day(4, 1), won, kim, ally.StanceBlocker, 3)

	r := ok(day(5, 1).ROI(bg, nil))(t).Outcomes
	if r.Won != 1 || r.Lost != 1 || r.Open != 1 {
		t.Fatalf("won %d, lost %d, open %d; want 1 each", r.Won, r.Lost, r.Open)
	}
	// Power-weighted shares by hand: won (3+2)/6, lost 1/4, open 4/8.
	want := map[int64]struct {
		support    float64
		supporters int
		at         time.Time
	}{
		won:  {5.0 / 6, 2, b.Now},
		lost: {1.0 / 4, 1, b.Now},
		open: {4.0 / 8, 1, day(5, 1).Now},
	}
	for _, g := range r.Initiatives {
		w := want[g.ID]
		if math.Abs(g.Support-w.support) > 1e-9 || g.Supporters != w.supporters || !g.At.Equal(w.at) {
			t.Errorf("%s: support %.4f (%d supporters) at %s, want %.4f (%d) at %s",
				g.Name, g.Support, g.Supporters, g.At, w.support, w.supporters, w.at)
		}
	}
	if r.WonSupport == nil || math.Abs(*r.WonSupport-5.0/6) > 1e-9 || r.LostSupport == nil || math.Abs(*r.LostSupport-0.25) > 1e-9 {
		t.Errorf("won support %v, lost support %v; want 0.8333 and 0.25", r.WonSupport, r.LostSupport)
	}
	// Reopening clears the decision date; deciding again dates it anew.
	g := ok(day(6, 1).EditGoal(bg, lost, GoalInput{Outcome: outcome(ally.OutcomeOpen)}))(t)
	if !g.Decided.IsZero() {
		t.Errorf("reopened initiative keeps decision date %s", g.Decided)
	}
}
