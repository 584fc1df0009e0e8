package coalition

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// FuzzFindQuery checks the ally finder's text match on any query: the
// query's terms are non-empty lower-case runs of letters and digits (stop
// words go before stemming, so "thes" may stem to "the"); every score part is finite and in [0, 1]; a
// candidate matches only terms of the query; with no term, nobody gets a
// text score.
func FuzzFindQuery(f *testing.F) {
	for _, s := range []string{"california refund", "gas pricing", "the and of", "", "a b c", "Migrations migrating migrate",
		"ÉNERGIE Énergie", "İstanbul", "ǅemal", "\xff\xfe", "x\u0300y", "1999 2001", "ies es s", "classes", "ﬁnance",
		strings.Repeat("refund ", 500), "データ 分析", "\u200bhidden\u202e"} {
		f.Add(s)
	}
	cands := []Candidate{
		{Tags: "interest:regulation skill:pricing", Goals: "california refund case", Notes: "gas desk", Department: "Legal", Level: 3, Reach: 0.9, Influence: 4, Reliability: 0.8},
		{Tags: "skill:migration", Goals: "énergie renouvelable", Notes: "İstanbul office", Department: "IT", Level: 2, Reach: 0.2, Influence: 1, Reliability: 1},
		{Tags: "", Goals: "", Notes: "", Department: "", Level: 0},
		{Tags: "interest:データ", Notes: "refund refund refund", Department: "Legal", InCoalition: true},
	}
	f.Fuzz(func(t *testing.T, query string) {
		terms := Tokens(query)
		for _, term := range terms {
			if term == "" || strings.ToLower(term) != term {
				t.Fatalf("%q: term %q", query, term)
			}
			for _, r := range term {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					t.Fatalf("%q: term %q holds %U", query, term, r)
				}
			}
		}
		out := FindAllies(query, cands, []string{"Legal"}, []int{3})
		if len(out) != 3 {
			t.Fatalf("%q: %d ranked, want the 3 outside the coalition", query, len(out))
		}
		for _, s := range out {
			for _, x := range []float64{s.Score, s.Text, s.Reach, s.Influence, s.Diversity, s.Reliability} {
				if math.IsNaN(x) || x < 0 || x > 1+1e-12 {
					t.Fatalf("%q: candidate %d has a part %v outside [0, 1]: %+v", query, s.Candidate, x, s)
				}
			}
			if math.IsNaN(s.BM25) || math.IsInf(s.BM25, 0) || s.BM25 < 0 {
				t.Fatalf("%q: BM25 %v", query, s.BM25)
			}
			for _, m := range s.Matched {
				if !slices.Contains(terms, m) {
					t.Fatalf("%q: candidate %d matched %q, not a term of the query %q", query, s.Candidate, m, terms)
				}
			}
			if len(terms) == 0 && (s.Text != 0 || len(s.Matched) > 0) {
				t.Fatalf("%q: no terms, yet candidate %d has text %v", query, s.Candidate, s.Text)
			}
		}
	})
}
