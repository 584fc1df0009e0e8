package coalition

import (
	"math"
	"slices"

	"github.com/allyhq/ally"
)

// RuleGame turns the decision rule r into a weighted voting game over
// members, whom r names by ID. It returns the game and, for each of its
// players, the index of the member in members.
//
//   - committee: the voters in the order of their ids, with their weights
//     and the quota (scaled to integers as [NewGameFloat] does);
//   - unanimity: every member, weight 1, quota n;
//   - consensus: every member; veto holders weight 1, others weight 0
//     (they cannot carry the decision, only block it, which AnalyzeVote
//     checks separately), quota = number of veto holders; with no veto
//     holders, every member holds a veto (= unanimity);
//   - adoption: every member, weight 1, quota ⌈share·n⌉.
//
// A voter or veto holder who is not among members is EINVALID, and so is
// a rule of no kind or an unknown one. Cost: O(n + k log k) for n members
// and k voters, plus the game's checks.
func RuleGame(r ally.Rule, members []Member) (Game, []int, error) {
	index := make(map[int64]int, len(members))
	for i, m := range members {
		if _, dup := index[m.ID]; !dup {
			index[m.ID] = i
		}
	}
	all := func(w func(i int) int64, quota int64) (Game, []int, error) {
		g := Game{Weights: make([]int64, len(members)), Names: make([]string, len(members))}
		players := make([]int, len(members))
		for i, m := range members {
			g.Weights[i], g.Names[i], players[i] = w(i), m.Name, i
		}
		g.Quota = quota
		return g, players, g.Validate()
	}
	n := int64(len(members))
	switch r.Kind {
	case ally.RuleCommittee:
		ids := make([]int64, 0, len(r.Weights))
		for id := range r.Weights {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		ws := make([]float64, len(ids))
		players := make([]int, len(ids))
		names := make([]string, len(ids))
		for j, id := range ids {
			i, ok := index[id]
			if !ok {
				return Game{}, nil, ally.Errorf(ally.EINVALID, "person %d holds a committee seat but is not a member of the initiative", id)
			}
			ws[j], players[j], names[j] = r.Weights[id], i, members[i].Name
		}
		g, err := NewGameFloat(r.Quota, ws)
		if err != nil {
			return Game{}, nil, err
		}
		g.Names = names
		return g, players, nil
	case ally.RuleUnanimity:
		return all(func(int) int64 { return 1 }, n)
	case ally.RuleConsensus:
		if len(r.Vetoes) == 0 {
			return all(func(int) int64 { return 1 }, n)
		}
		veto := make([]bool, len(members))
		var k int64
		for _, id := range r.Vetoes {
			i, ok := index[id]
			if !ok {
				return Game{}, nil, ally.Errorf(ally.EINVALID, "person %d holds a veto but is not a member of the initiative", id)
			}
			if !veto[i] {
				veto[i] = true
				k++
			}
		}
		return all(func(i int) int64 {
			if veto[i] {
				return 1
			}
			return 0
		}, k)
	case ally.RuleAdoption:
		return all(func(int) int64 { return 1 }, int64(math.Ceil(r.Share*float64(n)-1e-9)))
	case ally.RuleNone:
		return Game{}, nil, ally.Errorf(ally.EINVALID, "no decision rule to turn into a game")
	}
	return Game{}, nil, ally.Errorf(ally.EINVALID, "unknown decision rule %q", string(r.Kind))
}
