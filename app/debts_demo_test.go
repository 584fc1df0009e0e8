package app_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally/app"
	"github.com/allyhq/ally/tie"
)

// Goal plan and today's agenda agree on what Me owes each person before an
// ask (one rule, tie.Debts): every late promise the plan says to deliver
// first is a late promise in the agenda, and a give-back is in the plan
// exactly when the agenda suggests giving back to that person; checked on
// every person the plans name (moves and follow-ups), at the demo's clock
// and a month earlier; and the agenda's give-back states the balance the
// ledger lists.
func TestDebtFacesAgreeOnDemo(t *testing.T) {
	ctx := context.Background()
	for name, now := range map[string]time.Time{"demo clock": {}, "2001-10-01": time.Date(2001, 10, 1, 12, 0, 0, 0, time.UTC)} {
		t.Run(name, func(t *testing.T) {
			a := rulesDemo(t, now)
			ag, err := a.Today(ctx, app.TodayOptions{All: true})
			if err != nil {
				t.Fatal(err)
			}
			ledger, err := a.Ledger(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			balance := map[int64]float64{}
			for _, b := range ledger.Balances {
				balance[b.PersonID] = b.Balance
			}
			late, owe := map[int64][]int64{}, map[int64]bool{}
			for _, it := range ag.Items {
				switch it.Kind {
				case tie.KindMyLate:
					late[it.PersonIDs[0]] = append(late[it.PersonIDs[0]], it.RefID)
				case tie.KindOwe:
					owe[it.PersonIDs[0]] = true
					// The give-back states the balance the ledger lists.
					if b := balance[it.PersonIDs[0]]; b < 0 && !strings.Contains(it.Reason, "I owe "+strconv.FormatFloat(-b, 'f', -1, 64)+" in the ledger") {
						t.Errorf("%s: the ledger says %v, today %q", it.Title, b, it.Reason)
					}
				}
			}
			l, err := a.ListGoals(ctx, app.Page{})
			if err != nil {
				t.Fatal(err)
			}
			compared := 0
			for _, g := range l.Items {
				p, err := a.Plan(ctx, g.ID)
				if err != nil {
					t.Fatal(err)
				}
				type who struct {
					id    int64
					name  string
					first []tie.Debt
				}
				var people []who
				for _, m := range p.Moves {
					people = append(people, who{m.ID, m.Name, m.First})
				}
				for _, f := range p.FollowUps {
					if f.ID != 0 {
						people = append(people, who{f.ID, f.Name, f.First})
					}
				}
				for _, x := range people {
					var deliver []int64
					gives := false
					for _, d := range x.first {
						switch d.Kind {
						case tie.DebtDeliver:
							deliver = append(deliver, d.CommitmentID)
						case tie.DebtGiveBack:
							gives = true
						}
					}
					slices.Sort(deliver)
					want := slices.Clone(late[x.id])
					slices.Sort(want)
					if !slices.Equal(deliver, want) || gives != owe[x.id] {
						t.Errorf("#%d %s: the plan says deliver %v, give back %v; today says late %v, owe %v", g.ID, x.name, deliver, gives, want, owe[x.id])
					}
					if len(deliver) > 0 || gives {
						compared++
					}
				}
			}
			if compared == 0 {
				t.Error("no debt compared: the test needs at least one")
			}
		})
	}
}
