package coalition

import (
	"reflect"
	"testing"

	"github.com/allyhq/ally"
)

func TestRuleGame(t *testing.T) {
	members := []Member{{ID: 1, Name: "Ann"}, {ID: 2, Name: "Bob"}, {ID: 3, Name: "Cid"}, {ID: 4, Name: "Dee"}}
	// The seats come in the order of their ids, whatever the members' order.
	r := ally.Rule{Kind: ally.RuleCommittee, Quota: 2.5, Weights: map[int64]float64{2: 1.5, 1: 1, 4: 1}}
	g, players, err := RuleGame(r, members)
	if err != nil {
		t.Fatal(err)
	}
	if g.Quota != 25 || !reflect.DeepEqual(g.Weights, []int64{10, 15, 10}) || !reflect.DeepEqual(players, []int{0, 1, 3}) ||
		!reflect.DeepEqual(g.Names, []string{"Ann", "Bob", "Dee"}) {
		t.Errorf("committee game = %+v players %v", g, players)
	}
	shuffled := []Member{members[3], members[1], members[0], members[2]}
	if g, players, _ = RuleGame(r, shuffled); !reflect.DeepEqual(g.Weights, []int64{10, 15, 10}) || !reflect.DeepEqual(players, []int{2, 1, 0}) {
		t.Errorf("committee game over shuffled members = %+v players %v", g, players)
	}
	if g, _, _ = RuleGame(ally.Rule{Kind: ally.RuleAdoption, Share: 0.6}, members); g.Quota != 3 {
		t.Errorf("adoption quota = %d, want 3", g.Quota)
	}
	if g, _, _ = RuleGame(ally.Rule{Kind: ally.RuleAdoption, Share: 0.5}, members); g.Quota != 2 {
		t.Errorf("adoption of half of 4: quota = %d, want 2", g.Quota)
	}
	g, _, _ = RuleGame(ally.Rule{Kind: ally.RuleConsensus, Vetoes: []int64{1, 3, 1}}, members)
	if g.Quota != 2 || !reflect.DeepEqual(g.Weights, []int64{1, 0, 1, 0}) {
		t.Errorf("consensus game = %+v", g)
	}
	if g, _, _ = RuleGame(ally.Rule{Kind: ally.RuleConsensus}, members); g.Quota != 4 || !reflect.DeepEqual(g.Weights, []int64{1, 1, 1, 1}) {
		t.Errorf("consensus without veto holders = %+v, want unanimity", g)
	}
	g, players, _ = RuleGame(ally.Rule{Kind: ally.RuleUnanimity}, members)
	if g.Quota != 4 || !reflect.DeepEqual(players, []int{0, 1, 2, 3}) || !reflect.DeepEqual(g.Names, []string{"Ann", "Bob", "Cid", "Dee"}) {
		t.Errorf("unanimity game = %+v players %v", g, players)
	}
	for _, r := range []ally.Rule{
		{Kind: ally.RuleCommittee, Quota: 1, Weights: map[int64]float64{9: 1}},
		{Kind: ally.RuleConsensus, Vetoes: []int64{1, 9}},
		{Kind: ally.RuleCommittee, Quota: 1, Weights: map[int64]float64{1: 1e-7}},
		{},
		{Kind: "dictator"},
	} {
		if _, _, err := RuleGame(r, members); ally.ErrorCode(err) != ally.EINVALID {
			t.Errorf("%+v: err = %v, want invalid", r, err)
		}
	}
	if _, _, err := RuleGame(ally.Rule{Kind: ally.RuleCommittee, Quota: 1, Weights: map[int64]float64{9: 1}}, members); err == nil ||
		err.Error() != "person 9 holds a committee seat but is not a member of the initiative" {
		t.Errorf("unknown seat: %v", err)
	}
}
