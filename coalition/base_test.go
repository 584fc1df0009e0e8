package coalition

import (
	"math"
	"slices"
	"testing"
)

func TestAssess(t *testing.T) {
	tests := []struct {
		name    string
		members []Member
		flags   []string
		hhi     float64
	}{
		{"deep", []Member{
			{Name: "a", Department: "eng", Stance: Champion, Power: 3, Level: 2},
			{Name: "b", Department: "ops", Stance: Supporter, Power: 3, Level: 3},
			{Name: "c", Department: "sales", Stance: Supporter, Power: 3, Level: 2},
			{Name: "d", Department: "sales", Stance: Blocker, Power: 3},
		}, nil, 1.0 / 3},
		{"few and one department", []Member{
			{Name: "a", Department: "eng", Stance: Supporter, Power: 2},
			{Name: "b", Department: "eng", Stance: Supporter, Power: 2},
			{Name: "c", Department: "ops", Stance: Neutral, Power: 5},
		}, []string{"few-supporters", "one-department"}, 0.5},
		{"concentrated", []Member{
			{Name: "boss", Department: "eng", Stance: Champion, Power: 5},
			{Name: "b", Department: "ops", Stance: Supporter, Power: 1},
			{Name: "c", Department: "hr", Stance: Supporter, Power: 1},
			{Name: "d", Department: "hr", Stance: Unknown, Power: 4},
		}, []string{"concentrated"}, (25.0 + 1 + 1) / 49},
		{"nobody", []Member{{Name: "a", Stance: Unknown}}, []string{"few-supporters"}, 0},
	}
	for _, tt := range tests {
		b := Assess(tt.members)
		var codes []string
		for _, f := range b.Flags {
			codes = append(codes, f.Code)
		}
		if !slices.Equal(codes, tt.flags) || b.Shallow != (len(tt.flags) > 0) {
			t.Errorf("%s: flags %v, want %v", tt.name, codes, tt.flags)
		}
		if math.Abs(b.HHI-tt.hhi) > 1e-12 {
			t.Errorf("%s: HHI %v, want %v", tt.name, b.HHI, tt.hhi)
		}
	}
	b := Assess(tests[1].members)
	if b.Flags[1].Candidates[0] != 2 || b.SupportShare != 4.0/9 {
		t.Errorf("deepen candidates %v, share %v", b.Flags[1].Candidates, b.SupportShare)
	}
	if q := QuadrantOf(Member{Power: 5, Interest: 1}); q != KeepSatisfied {
		t.Errorf("quadrant %v", q)
	}
}

// WeighSupport by hand: power 5 champion, 3 supporter, 2 skeptic, an
// unrated blocker (counts 1) and a neutral of power 4, 15 in all.
func TestWeighSupport(t *testing.T) {
	ms := []Member{
		{Stance: Champion, Power: 5}, {Stance: Supporter, Power: 3}, {Stance: Skeptic, Power: 2},
		{Stance: Blocker}, {Stance: Neutral, Power: 4},
	}
	s := WeighSupport(ms)
	net := (5*1 + 3*0.5 - 2*0.5 - 1*1) / 15.0
	if s.Supporters != 2 || s.Share != 8.0/15 || s.Opposition != 3.0/15 || math.Abs(s.Net-net) > 1e-15 {
		t.Errorf("support %+v, want 2 supporters, share 8/15, opposition 3/15, net %v", s, net)
	}
	if b := Assess(ms); b.SupportShare != s.Share || b.NetSupport != s.Net || b.Supporters != s.Supporters {
		t.Errorf("Assess %v/%v/%d disagrees with WeighSupport %+v", b.SupportShare, b.NetSupport, b.Supporters, s)
	}
	if z := WeighSupport(nil); z != (Support{}) {
		t.Errorf("no members: %+v", z)
	}
}
