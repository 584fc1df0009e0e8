package coalition

import (
	"reflect"
	"testing"

	"github.com/allyhq/ally"
)

func TestParseRule(t *testing.T) {
	tests := []struct {
		in   string
		want Rule
		err  bool
	}{
		{in: "committee quota=58 Ann=31,Bob=31,Cid=28", want: Rule{Kind: Committee, Quota: 58, Voters: []Voter{{"Ann", 31}, {"Bob", 31}, {"Cid", 28}}}},
		{in: "quota=2.5 a=1.5 b=1,c=1", want: Rule{Kind: Committee, Quota: 2.5, Voters: []Voter{{"a", 1.5}, {"b", 1}, {"c", 1}}}},
		{in: "  unanimity ", want: Rule{Kind: Unanimity}},
		{in: "consensus veto=Ann,Bob", want: Rule{Kind: Consensus, Vetoes: []string{"Ann", "Bob"}}},
		{in: "adoption target=60%", want: Rule{Kind: Adoption, Target: 0.6}},
		{in: "adoption target=0.25", want: Rule{Kind: Adoption, Target: 0.25}},
		{in: "", err: true},
		{in: "monarchy", err: true},
		{in: "committee Ann=1", err: true},
		{in: "committee quota=3 Ann=1", err: true},
		{in: "committee quota=0 Ann=1", err: true},
		{in: "committee quota=1 Ann=-1", err: true},
		{in: "committee quota=1 Ann=x", err: true},
		{in: "committee quota=1 Ann=1,Ann=2", err: true},
		{in: "committee quota=1 quota=1 Ann=1", err: true},
		{in: "committee quota=NaN Ann=1", err: true},
		{in: "adoption target=1.5", err: true},
		{in: "adoption", err: true},
		{in: "unanimity quota=3", err: true},
		{in: "consensus veto=,a", err: true},
	}
	for _, tt := range tests {
		got, err := ParseRule(tt.in)
		if tt.err {
			if ally.ErrorCode(err) != ally.EINVALID {
				t.Errorf("ParseRule(%q) err = %v, want invalid", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseRule(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseRule(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		back, err := ParseRule(got.String())
		if err != nil || !reflect.DeepEqual(back, got) {
			t.Errorf("round trip of %q via %q = %+v, %v", tt.in, got.String(), back, err)
		}
	}
}

func TestRuleGame(t *testing.T) {
	members := []Member{{ID: 1, Name: "Ann"}, {ID: 2, Name: "Bob"}, {ID: 3, Name: "Cid"}, {ID: 4, Name: "Dee"}}
	r, _ := ParseRule("committee quota=2.5 bob=1.5,#1=1,Dee=1")
	g, players, err := r.Game(members)
	if err != nil {
		t.Fatal(err)
	}
	if g.Quota != 25 || !reflect.DeepEqual(g.Weights, []int64{15, 10, 10}) || !reflect.DeepEqual(players, []int{1, 0, 3}) {
		t.Errorf("committee game = %+v players %v", g, players)
	}
	r, _ = ParseRule("adoption target=0.6")
	if g, _, _ = r.Game(members); g.Quota != 3 {
		t.Errorf("adoption quota = %d, want 3", g.Quota)
	}
	r, _ = ParseRule("consensus veto=Ann,Cid")
	if g, _, _ = r.Game(members); g.Quota != 2 || !reflect.DeepEqual(g.Weights, []int64{1, 0, 1, 0}) {
		t.Errorf("consensus game = %+v", g)
	}
	r, _ = ParseRule("unanimity")
	if g, _, _ = r.Game(members); g.Quota != 4 {
		t.Errorf("unanimity quota = %d", g.Quota)
	}
	r, _ = ParseRule("committee quota=1 Zed=1")
	if _, _, err := r.Game(members); ally.ErrorCode(err) != ally.EINVALID {
		t.Errorf("unknown seat: err = %v", err)
	}
}

// FuzzParseRule: the parser never panics, every error is EINVALID, and what
// it accepts prints back to an equal rule. The seed corpus runs as a normal
// test.
func FuzzParseRule(f *testing.F) {
	for _, s := range []string{
		"committee quota=58 Ann=31,Bob=31,Cid=28,Dee=21,Eve=2,Fay=2",
		"quota=12 F=4,G=4,I=4,B=2,N=2,L=1", "unanimity", "consensus veto=a,b",
		"consensus", "adoption target=60%", "adoption target=0.5", "committee quota=1e3 a=1e3",
		"committee quota=1 a==1", "x=y=z", ",,,", "committee quota=0x10 a=16",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRule(s)
		if err != nil {
			if ally.ErrorCode(err) != ally.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		back, err := ParseRule(r.String())
		if err != nil {
			t.Fatalf("re-parse of %q: %v", r.String(), err)
		}
		if !reflect.DeepEqual(back, r) {
			t.Fatalf("round trip %q → %+v → %q → %+v", s, r, r.String(), back)
		}
	})
}
