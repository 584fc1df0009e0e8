package app_test

// Tests that the faces which show the same rule agree on the demo
// workspace: each rule has one definition (the ledger balance in tie.Ledger,
// cooling in tie.HealthResult.Cooling), and these tests fail if a face
// starts computing its own again.

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/demo"
	"github.com/allyhq/ally/store"
	"github.com/allyhq/ally/tie"
)

// rulesDemo builds the demo workspace into a new SQLite file and opens it at
// now (zero: the demo's own clock, 2001-11-01).
func rulesDemo(t *testing.T, now time.Time) *app.App {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "ally.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := demo.Build(ctx, db, demo.Options{Now: demo.Today}); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, db, demo.Name, now)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// The ledger (all of it and one person's), a person's page and their
// health report the same balance with everyone Me has exchanged favours
// with, today and on a day in the past (when later entries do not count).
func TestLedgerFacesAgreeOnDemo(t *testing.T) {
	ctx := context.Background()
	for name, now := range map[string]time.Time{"demo clock": {}, "2001-06-01": time.Date(2001, 6, 1, 12, 0, 0, 0, time.UTC)} {
		t.Run(name, func(t *testing.T) {
			a := rulesDemo(t, now)
			l, err := a.Ledger(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Balances) < 2 {
				t.Fatalf("%d balances on the demo: the test needs several", len(l.Balances))
			}
			nonzero := 0
			for _, b := range l.Balances {
				ref := b.PersonID
				if b.Balance != 0 {
					nonzero++
				}
				if last, err := time.Parse("2006-01-02", b.Last); err != nil || last.After(a.Now) {
					t.Errorf("%s: last entry %q is not a date up to %s", b.Name, b.Last, a.Now.Format("2006-01-02"))
				}
				one, err := a.Ledger(ctx, ref)
				if err != nil {
					t.Fatal(err)
				}
				if len(one.Balances) != 1 || *one.Balances[0] != *b {
					t.Errorf("%s: ledger of everyone says %+v, ledger of them %+v", b.Name, *b, one.Balances)
				}
				d, err := a.ShowPerson(ctx, ref, 1)
				if err != nil {
					t.Fatal(err)
				}
				if d.Balance == nil || *d.Balance != *b {
					t.Errorf("%s: ledger says %+v, person show %+v", b.Name, *b, d.Balance)
				}
				h, err := a.Health(ctx, ref)
				if err != nil {
					t.Fatal(err)
				}
				hb := h.Health.Balance
				if hb.GivenSize != b.Given || hb.ReceivedSize != b.Received || hb.NetSize != b.Balance || hb.Entries() != b.Entries {
					t.Errorf("%s: ledger says %+v, health %+v", b.Name, *b, hb)
				}
			}
			if nonzero == 0 {
				t.Errorf("every balance is zero: the comparison proves little")
			}
		})
	}
}

// The goal list, a goal's page (its stance mix and its base depth) and the
// ROI snapshot give each initiative the same power-weighted support.
func TestSupportFacesAgreeOnDemo(t *testing.T) {
	ctx := context.Background()
	a := rulesDemo(t, time.Time{})
	l, err := a.ListGoals(ctx, app.Page{})
	if err != nil {
		t.Fatal(err)
	}
	gs := l.Items
	snap, err := a.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	partial := 0
	for _, g := range gs {
		if g.Support > 0 && g.Support < 1 {
			partial++
		}
		v, err := a.ShowGoal(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Support != g.Support || v.Opposition != g.Opposition || v.Supporters != g.Supporters {
			t.Errorf("#%d: list says %.4f/%.4f/%d, show %.4f/%.4f/%d", g.ID, g.Support, g.Opposition, g.Supporters, v.Support, v.Opposition, v.Supporters)
		}
		if b := v.Coalition.Base; b.SupportShare != g.Support || b.Supporters != g.Supporters {
			t.Errorf("#%d: list says %.4f (%d), base depth %.4f (%d)", g.ID, g.Support, g.Supporters, b.SupportShare, b.Supporters)
		}
		found := false
		for _, s := range snap.Initiatives {
			if s.InitiativeID == g.ID {
				found = true
				if s.Support != g.Support || s.Supporters != g.Supporters {
					t.Errorf("#%d: list says %.4f (%d), snapshot %.4f (%d)", g.ID, g.Support, g.Supporters, s.Support, s.Supporters)
				}
			}
		}
		if !found {
			t.Errorf("#%d is not in the snapshot", g.ID)
		}
	}
	if partial == 0 {
		t.Errorf("no goal of the demo has partial support: the comparison proves little")
	}
}

// Today's agenda and goal plan agree on which ties are cooling: every
// supporter of every initiative is cooling in the plan exactly when their
// health says so, and, for the key allies and allies today's agenda looks
// after, exactly when the agenda asks Me to reconnect with them. Checked at
// the demo's clock, two months earlier, and with the cadences set shorter
// (`ally config tie.cadence.*`), which both must follow: plan's own
// thresholds of 21, 30 and 60 days agreed with today on the demo's
// defaults, but not once the user set a cadence.
func TestCoolingFacesAgreeOnDemo(t *testing.T) {
	ctx := context.Background()
	sept := time.Date(2001, 9, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name     string
		now      time.Time
		cadences map[string]string
	}{
		{"demo clock", time.Time{}, nil},
		{"2001-09-01", sept, nil},
		{"short cadences", time.Time{}, map[string]string{"tie.cadence.key-ally": "3d", "tie.cadence.ally": "10d"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := rulesDemo(t, tt.now)
			for k, v := range tt.cadences {
				if err := a.SetConfig(ctx, k, v); err != nil {
					t.Fatal(err)
				}
			}
			ag, err := a.Today(ctx, app.TodayOptions{All: true})
			if err != nil {
				t.Fatal(err)
			}
			today := map[int64]bool{}
			for _, it := range ag.Items {
				if it.Kind == tie.KindCooling {
					today[it.PersonIDs[0]] = true
				}
			}
			l, err := a.ListGoals(ctx, app.Page{})
			if err != nil {
				t.Fatal(err)
			}
			gs := l.Items
			var agreed [2]int // key allies and allies compared: not cooling, cooling
			for _, g := range gs {
				plan, err := a.Plan(ctx, g.ID)
				if err != nil {
					t.Fatal(err)
				}
				planned := map[int64]bool{}
				for _, c := range plan.Cooling {
					planned[c.ID] = true
				}
				v, err := a.ShowGoal(ctx, g.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, st := range v.Stakes {
					if !st.Stance.Supports() || st.PersonID == a.WS.MeID {
						if planned[st.PersonID] {
							t.Errorf("#%d: %s (%s) is cooling in the plan, which only looks at supporters", g.ID, st.Name, st.Stance)
						}
						continue
					}
					h, err := a.Health(ctx, st.PersonID)
					if err != nil {
						t.Fatal(err)
					}
					if planned[st.PersonID] != h.Health.Cooling() {
						t.Errorf("#%d: %s cooling in the plan %v, health %s (%s)", g.ID, st.Name, planned[st.PersonID], h.Health.Label, h.Health.LabelReason)
					}
					if tier := h.Health.Tier; tier != ally.TierKeyAlly && tier != ally.TierAlly {
						continue
					}
					if planned[st.PersonID] != today[st.PersonID] {
						t.Errorf("#%d: %s (%s) cooling in the plan %v, in today's agenda %v", g.ID, st.Name, h.Health.Tier, planned[st.PersonID], today[st.PersonID])
					}
					if planned[st.PersonID] {
						agreed[1]++
					} else {
						agreed[0]++
					}
				}
			}
			if agreed[0] == 0 || agreed[1] == 0 {
				t.Errorf("%d allies not cooling and %d cooling compared: the test needs both", agreed[0], agreed[1])
			}
		})
	}
}
