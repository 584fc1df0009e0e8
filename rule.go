package ally

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// RuleKind is how an initiative is decided.
type RuleKind string

// Decision rules: none recorded; a committee with weighted votes and a
// quota; unanimity of the stakeholders; consensus, where named people hold a
// veto; broad adoption by a target share of a population.
const (
	RuleNone      RuleKind = ""
	RuleCommittee RuleKind = "committee"
	RuleUnanimity RuleKind = "unanimity"
	RuleConsensus RuleKind = "consensus"
	RuleAdoption  RuleKind = "adoption"
)

// Rule is an initiative's decision rule. Weights and Vetoes name people by id.
type Rule struct {
	Kind    RuleKind          `json:"kind,omitempty"`
	Quota   float64           `json:"quota,omitempty"`
	Weights map[int64]float64 `json:"weights,omitempty"`
	Vetoes  []int64           `json:"vetoes,omitempty"`
	Share   float64           `json:"share,omitempty"` // adoption target, 0–1
}

// MaxVoteWeight is the largest weight of one committee member's vote. Votes
// are shares, seats or headcounts: a million is far beyond any real
// committee, and the bound keeps the total finite (weights of 1e308 add up
// to +Inf) and within what the power indices count exactly.
const MaxVoteWeight = 1_000_000

// ValidVoteWeight reports whether w can weigh a committee member's vote: a
// number above 0 and at most MaxVoteWeight (so neither NaN nor ±Inf).
func ValidVoteWeight(w float64) bool { return w > 0 && w <= MaxVoteWeight }

// Validate reports the first invalid part of the rule.
func (r *Rule) Validate() error {
	switch r.Kind {
	case RuleNone, RuleUnanimity:
	case RuleCommittee:
		if len(r.Weights) == 0 {
			return Errorf(EINVALID, "rule: a committee needs each voter's weight").WithHint(HintGiveWeights)
		}
		total := 0.0
		for id, w := range r.Weights {
			if !(w > 0) {
				return Errorf(EINVALID, "rule: weight of person %d must be positive, got %g", id, w)
			}
			if !ValidVoteWeight(w) {
				return Errorf(EINVALID, "rule: weight of person %d is %g: weights are at most %d", id, w, MaxVoteWeight)
			}
			total += w
		}
		if !(r.Quota > 0) || r.Quota > total {
			return Errorf(EINVALID, "rule: quota %g must be positive and at most the total weight %g", r.Quota, total)
		}
	case RuleConsensus:
		if len(r.Vetoes) == 0 {
			return Errorf(EINVALID, "rule: consensus needs at least one veto holder (veto=P,…)")
		}
	case RuleAdoption:
		if !(r.Share > 0) || r.Share > 1 {
			return Errorf(EINVALID, "rule: adoption share %g must be in (0, 1]", r.Share)
		}
	default:
		return Errorf(EINVALID, "rule %q is not one of committee, unanimity, consensus, adoption", r.Kind)
	}
	return nil
}

// String renders the rule as the text ParseRule reads, with person ids for
// references: the rule, then for a committee " weights=" and its weights
// (ParseRule's second argument), in the order of the ids.
func (r Rule) String() string {
	switch r.Kind {
	case RuleCommittee:
		ids := make([]int64, 0, len(r.Weights))
		for id := range r.Weights {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = fmt.Sprintf("%d=%s", id, strconv.FormatFloat(r.Weights[id], 'g', -1, 64))
		}
		return fmt.Sprintf("committee quota=%s weights=%s", strconv.FormatFloat(r.Quota, 'g', -1, 64), strings.Join(parts, ","))
	case RuleConsensus:
		parts := make([]string, len(r.Vetoes))
		for i, id := range r.Vetoes {
			parts[i] = strconv.FormatInt(id, 10)
		}
		return "consensus veto=" + strings.Join(parts, ",")
	case RuleAdoption:
		return "adoption share=" + strconv.FormatFloat(r.Share, 'g', -1, 64)
	}
	return string(r.Kind)
}

// RuleDraft is a decision rule as text states it: the people it names are
// references (a name, an email address, an id: whatever the resolver given
// to Resolve reads), not yet people. ParseRule reads one.
type RuleDraft struct {
	Kind    RuleKind
	Quota   float64      // committee: the weight that decides
	Share   float64      // adoption: the target share, 0–1
	Weights []RuleWeight // committee: the voters, in the order given
	Vetoes  []string     // consensus: the veto holders, in the order given
}

// RuleWeight is a committee voter, named by a reference, and the weight of
// their vote.
type RuleWeight struct {
	Ref    string
	Weight float64
}

// ParseRule reads a decision rule and a committee's weights as text. The
// rule is fields separated by white space:
//
//	committee quota=Q     a committee; quota=Q alone says committee too
//	unanimity
//	consensus veto=P,…    veto=P,… alone says consensus too
//	adoption share=S      S a share in (0, 1], or a percentage as S% or above 1;
//	                      share=S alone says adoption too
//	none                  no rule
//
// where a later kind replaces an earlier one and P is a person's reference,
// without white space or ','. The weights are "P=W,…", P a reference (white
// space around it is dropped) and W the weight of P's vote, a number above
// 0 and at most MaxVoteWeight; weights without a kind make a committee.
// Both empty is no rule. ParseRule checks the syntax and the weights;
// Resolve finds the people and checks the rest. Errors are EINVALID.
func ParseRule(rule, weights string) (RuleDraft, error) {
	var d RuleDraft
	for _, f := range strings.Fields(rule) {
		k, v, hasV := strings.Cut(f, "=")
		switch {
		case !hasV && (k == "committee" || k == "unanimity" || k == "consensus" || k == "adoption"):
			d.Kind = RuleKind(k)
		case !hasV && k == "none":
			d.Kind = RuleNone
		case k == "quota":
			q, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return d, Errorf(EINVALID, "rule: quota %q is not a number", v)
			}
			d.Quota = q
			if d.Kind == RuleNone {
				d.Kind = RuleCommittee
			}
		case k == "share":
			s, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
			if err != nil {
				return d, Errorf(EINVALID, "rule: share %q is not a number", v)
			}
			if strings.HasSuffix(v, "%") || s > 1 {
				s /= 100
			}
			d.Share = s
			if d.Kind == RuleNone {
				d.Kind = RuleAdoption
			}
		case k == "veto":
			for _, ref := range strings.Split(v, ",") {
				if ref != "" {
					d.Vetoes = append(d.Vetoes, ref)
				}
			}
			if d.Kind == RuleNone {
				d.Kind = RuleConsensus
			}
		default:
			return d, Errorf(EINVALID, "rule: %q is not understood (want committee quota=Q, unanimity, consensus veto=P,…, adoption share=S)", f)
		}
	}
	if weights == "" {
		return d, nil
	}
	if d.Kind == RuleNone {
		d.Kind = RuleCommittee
	}
	for _, part := range strings.Split(weights, ",") {
		ref, w, ok := strings.Cut(part, "=")
		if !ok {
			return d, Errorf(EINVALID, "weights: %q should be PERSON=WEIGHT", part)
		}
		ref, w = strings.TrimSpace(ref), strings.TrimSpace(w)
		wt, err := strconv.ParseFloat(w, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return d, Errorf(EINVALID, "weights: weight %q of %s is not a number", w, ref)
		}
		// ParseFloat reads "Inf" and "NaN" without an error, and a weight
		// of 1e308 is finite but makes the total +Inf.
		if err != nil || !ValidVoteWeight(wt) {
			return d, Errorf(EINVALID, "weights: %s=%s: a weight must be a number above 0 and at most %d", ref, w, MaxVoteWeight)
		}
		d.Weights = append(d.Weights, RuleWeight{Ref: ref, Weight: wt})
	}
	return d, nil
}

// Resolve turns the draft into a Rule: resolve returns the person a
// reference names, or an error, which Resolve returns with its code after
// the part of the rule that gave the reference ("weights: …"). Naming one
// voter twice is EINVALID (it would keep only the last weight). The rule
// keeps only what its kind uses (a quota or weights decide nothing but a
// committee, vetoes nothing but a consensus, a share nothing but an
// adoption), after every reference has been resolved; then it is validated.
func (d RuleDraft) Resolve(resolve func(ref string) (*Person, error)) (Rule, error) {
	r := Rule{Kind: d.Kind}
	var vetoes []int64
	for _, ref := range d.Vetoes {
		p, err := resolve(ref)
		if err != nil {
			return Rule{}, prefixError("rule: veto", err)
		}
		vetoes = append(vetoes, p.ID)
	}
	var weights map[int64]float64
	if len(d.Weights) > 0 {
		weights = map[int64]float64{}
		given := map[int64]string{} // person → the reference that named them
		for _, v := range d.Weights {
			p, err := resolve(v.Ref)
			if err != nil {
				return Rule{}, prefixError("weights", err)
			}
			if first, dup := given[p.ID]; dup {
				return Rule{}, Errorf(EINVALID, "weights: %s and %s both name %s: give each voter once", first, v.Ref, p.Name)
			}
			given[p.ID] = v.Ref
			weights[p.ID] = v.Weight
		}
	}
	switch d.Kind {
	case RuleCommittee:
		r.Quota, r.Weights = d.Quota, weights
	case RuleConsensus:
		r.Vetoes = vetoes
	case RuleAdoption:
		r.Share = d.Share
	}
	if err := r.Validate(); err != nil {
		return Rule{}, err
	}
	return r, nil
}

// prefixError returns err with its message after "part: ", keeping its code
// and hint, and err as the cause.
func prefixError(part string, err error) error {
	return &Error{Code: ErrorCode(err), Message: part + ": " + ErrorMessage(err), Hint: ErrorHint(err), Err: err}
}
