package coalition

import (
	"math"
	"slices"
	"strings"
	"unicode"
)

// Candidate is a person the ally finder may rank. Text fields are what the
// person is known for; the numeric signals are computed elsewhere and
// passed in, each in [0,1] except Influence (any non-negative centrality,
// normalised here by the largest).
type Candidate struct {
	Tags, Goals, Notes string
	Department         string
	Level              int
	Reach              float64 // strength of the best warm path from Me, [0,1]
	Influence          float64 // a centrality value, ≥ 0
	Reliability        float64 // commitments kept, [0,1]
	InCoalition        bool    // already a supporter: not ranked
}

// Ally finder weights: shared interests and goals count most because an
// ally who wants the same thing needs no persuading; reach and influence
// next; diversity and reliability break ties between similar candidates.
const (
	WeightText        = 0.35
	WeightReach       = 0.20
	WeightInfluence   = 0.20
	WeightDiversity   = 0.15
	WeightReliability = 0.10
)

// AllyScore is one ranked candidate with the parts of its score, each in
// [0,1]; Score = Σ weight·part with the Weight* constants.
type AllyScore struct {
	Candidate   int // index into the candidates
	Score       float64
	Text        float64 // BM25 / best BM25 in this query
	BM25        float64 // raw BM25
	Reach       float64
	Influence   float64 // Influence / largest influence
	Diversity   float64 // ½ for a new department + ½ for a new level
	Reliability float64
	Matched     []string // query terms found in the candidate's text
	// Reasons say in words what diversity the candidate brings; the text
	// match is Matched, which callers word themselves.
	Reasons []string
}

// FindAllies ranks candidates not yet in the coalition for the query text
// (the initiative's purpose). coalitionDepts and coalitionLevels are those
// the coalition already spans, for diversity.
//
// Text match is Okapi BM25 (Robertson & Zaragoza, "The Probabilistic
// Relevance Framework: BM25 and Beyond", 2009) with k₁ = 1.2, b = 0.75 over
// each candidate's tags, goals and notes:
//
//	BM25(d,q) = Σ_{t∈q} IDF(t)·f(t,d)·(k₁+1) / (f(t,d) + k₁·(1 − b + b·|d|/avgdl))
//	IDF(t)    = ln(1 + (N − n(t) + ½)/(n(t) + ½))
//
// after tokenising on non-letters/digits, lower-casing, dropping stop words
// and light stemming ([Stem]). Cost O(total text + N log N).
func FindAllies(query string, cands []Candidate, coalitionDepts []string, coalitionLevels []int) []AllyScore {
	const k1, b = 1.2, 0.75
	docs := make([][]string, len(cands))
	var avg float64
	df := map[string]int{}
	for i, c := range cands {
		docs[i] = Tokens(c.Tags + " " + c.Goals + " " + c.Notes)
		avg += float64(len(docs[i]))
		seen := map[string]bool{}
		for _, t := range docs[i] {
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	if len(cands) > 0 {
		avg /= float64(len(cands))
	}
	q := Tokens(query)
	slices.Sort(q)
	q = slices.Compact(q)
	N := float64(len(cands))
	var maxInf float64
	for _, c := range cands {
		maxInf = max(maxInf, c.Influence)
	}
	inDept := map[string]bool{}
	for _, d := range coalitionDepts {
		inDept[d] = true
	}
	var out []AllyScore
	var maxBM float64
	for i, c := range cands {
		if c.InCoalition {
			continue
		}
		s := AllyScore{Candidate: i}
		tf := map[string]int{}
		for _, t := range docs[i] {
			tf[t]++
		}
		dl := float64(len(docs[i]))
		for _, t := range q {
			f := float64(tf[t])
			if f == 0 {
				continue
			}
			nt := float64(df[t])
			idf := math.Log(1 + (N-nt+0.5)/(nt+0.5))
			norm := 1.0
			if avg > 0 {
				norm = 1 - b + b*dl/avg
			}
			s.BM25 += idf * f * (k1 + 1) / (f + k1*norm)
			s.Matched = append(s.Matched, t)
		}
		maxBM = max(maxBM, s.BM25)
		s.Reach = clamp01(c.Reach)
		if maxInf > 0 {
			s.Influence = c.Influence / maxInf
		}
		s.Reliability = clamp01(c.Reliability)
		if c.Department != "" && !inDept[c.Department] {
			s.Diversity += 0.5
			s.Reasons = append(s.Reasons, "brings a department the coalition lacks: "+c.Department)
		}
		if c.Level != 0 && !slices.Contains(coalitionLevels, c.Level) {
			s.Diversity += 0.5
			s.Reasons = append(s.Reasons, "brings a level the coalition lacks")
		}
		out = append(out, s)
	}
	for j := range out {
		s := &out[j]
		if maxBM > 0 {
			s.Text = s.BM25 / maxBM
		}
		s.Score = WeightText*s.Text + WeightReach*s.Reach + WeightInfluence*s.Influence +
			WeightDiversity*s.Diversity + WeightReliability*s.Reliability
	}
	slices.SortStableFunc(out, func(a, b AllyScore) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return a.Candidate - b.Candidate
	})
	return out
}

func clamp01(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return math.Max(0, math.Min(1, x))
}

var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("a an and are as at be by for from has have in is it its of on or our that the this to was we were will with i you they he she them their us") {
		stopWords[w] = true
	}
}

// Tokens splits s into lower-cased, stemmed terms, dropping stop words and
// one-letter tokens.
func Tokens(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len([]rune(f)) < 2 || stopWords[f] {
			continue
		}
		out = append(out, Stem(f))
	}
	return out
}

// Stem is a light English stemmer: Harman's S-stemmer ("How effective is
// suffixing?", JASIS 42(1), 1991) for plurals, plus -ing, -ed and -ly
// and -ion stripped when a stem of at least three letters remains. Light on
// purpose: it conflates "migration"/"migrating"/"migrate" without the
// over-stemming of Porter on short tags.
func Stem(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && !strings.HasSuffix(w, "eies") && !strings.HasSuffix(w, "aies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "aes") && !strings.HasSuffix(w, "ees") && !strings.HasSuffix(w, "oes") && len(w) > 4:
		w = w[:len(w)-1]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		w = w[:len(w)-1]
	}
	for _, suf := range []string{"ion", "ing", "ed", "ly"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	// "migrate" and "migrat(ing)" should meet: drop a final e.
	if strings.HasSuffix(w, "e") && len(w) > 4 {
		w = w[:len(w)-1]
	}
	return w
}
