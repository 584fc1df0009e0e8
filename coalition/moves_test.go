package coalition

import (
	"slices"
	"testing"
)

func TestNextMoves(t *testing.T) {
	members := []Member{
		{Name: "Ann", Department: "eng", Stance: Supporter, Power: 5, Interest: 5},
		{Name: "Bob", Department: "eng", Stance: Neutral, Power: 4, Interest: 4, Currencies: []string{"recognition"}, Ask: "second the proposal"},
		{Name: "Cid", Department: "ops", Stance: Blocker, Power: 3},
		{Name: "Dee", Department: "ops", Stance: Supporter, Power: 2, Currencies: []string{"help"}},
		{Name: "Eve", Department: "hr", Stance: Unknown, Power: 2},
	}
	g, _ := NewGame(3, []int64{1, 1, 1, 1, 1})
	players := []int{0, 1, 2, 3, 4}
	st := make([]Stance, 5)
	for i, m := range members {
		st[i] = m.Stance
	}
	v, err := AnalyzeVote(g, st, VoteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	in := MovesInput{
		Members: members, Ask: "approve the pilot", Vote: &v, Players: players,
		Base:            Assess(members),
		PathsToBlockers: map[int][]WarmPath{2: {{Nodes: []int{5, 3, 2}, Strength: 0.5}}},
		Cooling:         []int{3},
	}
	moves := NextMoves(in)
	if len(moves) == 0 || moves[0].Person != 1 || moves[0].Kind != WinSwing {
		t.Fatalf("first move %+v", moves)
	}
	if moves[0].Ask != "second the proposal" {
		t.Errorf("ask %q", moves[0].Ask)
	}
	kinds := map[int]MoveKind{}
	for _, m := range moves {
		kinds[m.Person] = m.Kind
		if m.Person == 2 && (len(m.Via) != 1 || m.Via[0] != 3) {
			t.Errorf("approach via %v", m.Via)
		}
	}
	if kinds[3] != Reconnect || kinds[2] != WinSwing || kinds[4] != WinSwing {
		t.Errorf("kinds %v", kinds)
	}
	// The reasons are values: Cid swings the vote (the yes-voters lack 1)
	// and is reachable through Dee, Dee's tie is cooling.
	for _, m := range moves {
		switch m.Person {
		case 2:
			want := []Reason{{Kind: ReasonSwing, Deficit: 1}, {Kind: ReasonWarmPath, Strength: 0.5, Via: []int{3}}}
			if !slices.EqualFunc(m.Reasons, want, func(a, b Reason) bool {
				return a.Kind == b.Kind && a.Deficit == b.Deficit && a.Strength == b.Strength && slices.Equal(a.Via, b.Via)
			}) {
				t.Errorf("Cid's reasons %+v, want %+v", m.Reasons, want)
			}
		case 3:
			if len(m.Reasons) == 0 || m.Reasons[0].Kind != ReasonCooling {
				t.Errorf("Dee's reasons %+v, want cooling first", m.Reasons)
			}
		}
	}
}
