package app

import (
	"strings"
	"testing"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/tie"
)

// TestTodayLineAndNewcomers: the agenda's use case gives the engine Me's
// line and the people not yet in contact: Hal, Me's manager, is suggested
// directly, never through someone; Nia, a report added two days ago and
// never met, gets an introduction with its purpose; Ivy, strained, gets her
// repair step and no asks.
func TestTodayLineAndNewcomers(t *testing.T) {
	a := coalitionWorkspaceWith(t, func(d *Dump) {
		firstEdit(d)
		d.People = append(d.People, &ally.Person{ID: 20, Name: "Nia New", Department: "Product", Level: 4, ManagerID: fxMe,
			Created: fxNow.AddDate(0, 0, -2)})
	})
	ag := ok(a.Today(bg, TodayOptions{All: true}))(t)
	byPerson := map[int64][]*AgendaItem{}
	for _, it := range ag.Items {
		byPerson[it.PersonIDs[0]] = append(byPerson[it.PersonIDs[0]], it)
		if strings.Contains(it.Title, "through") && (it.PersonIDs[0] == fxHal || it.PersonIDs[0] == fxEve || it.PersonIDs[0] == 20) {
			t.Errorf("Me's own line routed through someone: %q", it.Title)
		}
	}
	has := func(id int64, k tie.ItemKind, words string) bool {
		for _, it := range byPerson[id] {
			if it.Kind == k && strings.Contains(it.Title+" "+it.Reason, words) {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		name  string
		id    int64
		kind  tie.ItemKind
		words string
	}{
		{"Hal, my manager, directly", fxHal, tie.KindGrow, "Build your tie with Hal Forecaster, your manager"},
		{"Nia, new report, introduced", 20, tie.KindIntro, "Hold a first one-on-one with Nia New (your direct report"},
		{"Ivy, strained, repaired", fxIvy, tie.KindRepair, "refrain from gossip"},
	} {
		if !has(tc.id, tc.kind, tc.words) {
			t.Errorf("%s: no %s item saying %q; items %+v", tc.name, tc.kind, tc.words, byPerson[tc.id])
		}
	}
	for _, it := range byPerson[fxIvy] {
		if it.Kind == tie.KindTheirLate || it.Kind == tie.KindNextStep || it.Kind == tie.KindBlocker {
			t.Errorf("an ask of Ivy, who is strained: %q", it.Title)
		}
	}
}
