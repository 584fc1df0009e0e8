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
