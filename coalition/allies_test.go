package coalition

import (
	"math"
	"slices"
	"testing"
)

func TestStem(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{"migrations", "migrat"}, {"migrating", "migrat"}, {"migrated", "migrat"}, {"migrate", "migrat"},
		{"policies", "policy"}, {"status", "status"}, {"class", "class"}, {"quickly", "quick"},
		{"tools", "tool"}, {"goes", "goe"}, {"integration", "integrat"},
	} {
		if got := Stem(c.in); got != c.out {
			t.Errorf("Stem(%q) = %q, want %q", c.in, got, c.out)
		}
	}
	if got := Tokens("The Cloud-Migration of our DBs!"); !slices.Equal(got, []string{"cloud", "migrat", "dbs"}) {
		t.Errorf("Tokens = %v", got)
	}
}

func TestFindAllies(t *testing.T) {
	cands := []Candidate{
		{Tags: "cloud migration, kubernetes", Goals: "cut hosting costs", Department: "ops", Level: 3, Reach: 0.5, Influence: 10, Reliability: 0.9},
		{Tags: "sales", Goals: "close deals", Department: "sales", Level: 2, Reach: 0.9, Influence: 2, Reliability: 0.5},
		{Tags: "migration", Department: "eng", Level: 2, InCoalition: true},
		{Tags: "databases", Notes: "worried about migrating the billing databases", Department: "eng", Level: 2, Reach: 0.2, Influence: 5, Reliability: 1},
	}
	got := FindAllies("Migrate billing to the cloud", cands, []string{"eng"}, []int{2})
	if len(got) != 3 || got[0].Candidate != 0 {
		t.Fatalf("ranking %+v", got)
	}
	for _, s := range got {
		if s.Candidate == 2 {
			t.Error("coalition member ranked")
		}
		want := WeightText*s.Text + WeightReach*s.Reach + WeightInfluence*s.Influence + WeightDiversity*s.Diversity + WeightReliability*s.Reliability
		if math.Abs(s.Score-want) > 1e-12 {
			t.Errorf("score %v ≠ Σ parts %v", s.Score, want)
		}
	}
	if got[0].Diversity != 1 || got[0].Influence != 1 || got[0].Text != 1 {
		t.Errorf("parts of the top candidate: %+v", got[0])
	}
	// The candidate with "migrating ... billing" matches two terms.
	for _, s := range got {
		if s.Candidate == 3 && !slices.Equal(s.Matched, []string{"bill", "migrat"}) {
			t.Errorf("matched %v", s.Matched)
		}
	}
}
