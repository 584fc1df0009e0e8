package coalition

import (
	"math"
	"strconv"
	"strings"

	"github.com/allyhq/ally"
)

// RuleKind names how an initiative is decided.
type RuleKind string

// Decision rules.
const (
	// Committee: named voters with weights; a coalition whose weight
	// reaches the quota decides.
	Committee RuleKind = "committee"
	// Unanimity: every member must say yes.
	Unanimity RuleKind = "unanimity"
	// Consensus: the veto holders must say yes and nobody may block. With
	// no veto holders named, every member holds a veto (= unanimity).
	Consensus RuleKind = "consensus"
	// Adoption: a target share of the population must adopt.
	Adoption RuleKind = "adoption"
)

// Voter is a named committee seat and its weight.
type Voter struct {
	Name   string
	Weight float64
}

// Rule is a decision rule as the user states it. Names refer to members by
// Name (case-insensitive) or by "#ID".
type Rule struct {
	Kind   RuleKind
	Quota  float64  // committee: weight needed to decide
	Voters []Voter  // committee: the seats
	Vetoes []string // consensus: veto holders (empty = everyone)
	Target float64  // adoption: share of members in (0,1]
}

// ParseRule parses the textual form of a rule, one of:
//
//	committee quota=58 Ann=31,Bob=31,Cid=28,Dee=21,Eve=2,Fay=2
//	unanimity
//	consensus veto=Ann,Bob
//	adoption target=0.6        (or target=60%)
//
// Fields are separated by white space; "committee" may be omitted when a
// quota is given; names may not contain white space, '=' or ','. Weights
// and the quota may be decimals (see [NewGameFloat]). Errors are EINVALID
// and say what is wrong.
func ParseRule(s string) (Rule, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return Rule{}, ally.Errorf(ally.EINVALID, "empty decision rule: say committee, unanimity, consensus or adoption")
	}
	var r Rule
	if !strings.Contains(f[0], "=") {
		r.Kind = RuleKind(strings.ToLower(f[0]))
		f = f[1:]
	} else {
		r.Kind = Committee
	}
	switch r.Kind {
	case Committee, Unanimity, Consensus, Adoption:
	default:
		return Rule{}, ally.Errorf(ally.EINVALID, "unknown decision rule %q: want committee, unanimity, consensus or adoption", string(r.Kind))
	}
	seenQuota, seenTarget := false, false
	for _, field := range f {
		key, val, ok := strings.Cut(field, "=")
		if !ok || key == "" || val == "" {
			return Rule{}, ally.Errorf(ally.EINVALID, "rule field %q: want key=value", field)
		}
		switch {
		case strings.EqualFold(key, "quota") && r.Kind == Committee:
			if seenQuota {
				return Rule{}, ally.Errorf(ally.EINVALID, "quota given twice")
			}
			q, err := parseNumber(val, "quota")
			if err != nil {
				return Rule{}, err
			}
			r.Quota, seenQuota = q, true
		case (strings.EqualFold(key, "veto") || strings.EqualFold(key, "vetoes")) && r.Kind == Consensus:
			for _, name := range strings.Split(val, ",") {
				if name == "" {
					return Rule{}, ally.Errorf(ally.EINVALID, "empty name in veto list %q", val)
				}
				r.Vetoes = append(r.Vetoes, name)
			}
		case strings.EqualFold(key, "target") && r.Kind == Adoption:
			pct := strings.HasSuffix(val, "%")
			t, err := parseNumber(strings.TrimSuffix(val, "%"), "target")
			if err != nil {
				return Rule{}, err
			}
			if pct {
				t /= 100
			}
			if t <= 0 || t > 1 {
				return Rule{}, ally.Errorf(ally.EINVALID, "adoption target %s must be a share in (0,1] or a percentage in (0%%,100%%]", val)
			}
			r.Target, seenTarget = t, true
		case r.Kind == Committee:
			// "Ann=31,Bob=31" splits as key "Ann", value "31,Bob=31":
			// re-split the whole field on commas.
			for _, part := range strings.Split(field, ",") {
				name, ws, ok := strings.Cut(part, "=")
				if !ok || name == "" || ws == "" {
					return Rule{}, ally.Errorf(ally.EINVALID, "committee seat %q: want name=weight", part)
				}
				w, err := parseNumber(ws, "weight of "+name)
				if err != nil {
					return Rule{}, err
				}
				r.Voters = append(r.Voters, Voter{Name: name, Weight: w})
			}
		default:
			return Rule{}, ally.Errorf(ally.EINVALID, "field %q does not apply to a %s rule", key, r.Kind)
		}
	}
	switch r.Kind {
	case Committee:
		if !seenQuota {
			return Rule{}, ally.Errorf(ally.EINVALID, "committee rule needs quota=Q")
		}
		if len(r.Voters) == 0 {
			return Rule{}, ally.Errorf(ally.EINVALID, "committee rule needs seats: name=weight,…")
		}
		seen := map[string]bool{}
		var total float64
		for _, v := range r.Voters {
			k := strings.ToLower(v.Name)
			if seen[k] {
				return Rule{}, ally.Errorf(ally.EINVALID, "seat %q given twice", v.Name)
			}
			seen[k] = true
			total += v.Weight
		}
		if r.Quota <= 0 || r.Quota > total {
			return Rule{}, ally.Errorf(ally.EINVALID, "quota %s must be positive and at most the total weight %s", fmtNum(r.Quota), fmtNum(total))
		}
	case Adoption:
		if !seenTarget {
			return Rule{}, ally.Errorf(ally.EINVALID, "adoption rule needs target=share")
		}
	}
	return r, nil
}

func parseNumber(s, what string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, ally.Errorf(ally.EINVALID, "%s: %q is not a number", what, s)
	}
	if x < 0 {
		return 0, ally.Errorf(ally.EINVALID, "%s is %s: it must not be negative", what, s)
	}
	return x, nil
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// String formats r in the syntax ParseRule reads; ParseRule(r.String())
// returns r.
func (r Rule) String() string {
	var b strings.Builder
	b.WriteString(string(r.Kind))
	switch r.Kind {
	case Committee:
		b.WriteString(" quota=" + fmtNum(r.Quota) + " ")
		for i, v := range r.Voters {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(v.Name + "=" + fmtNum(v.Weight))
		}
	case Consensus:
		if len(r.Vetoes) > 0 {
			b.WriteString(" veto=" + strings.Join(r.Vetoes, ","))
		}
	case Adoption:
		b.WriteString(" target=" + fmtNum(r.Target))
	}
	return b.String()
}

// Game turns the rule into a weighted voting game over members. It returns
// the game and, for each of its players, the index of the member in members.
//
//   - committee: the seats, in rule order, with their weights and quota;
//   - unanimity: every member, weight 1, quota n;
//   - consensus: every member; veto holders weight 1, others weight 0
//     (they cannot carry the decision, only block it, which AnalyzeVote
//     checks separately), quota = number of veto holders;
//   - adoption: every member, weight 1, quota ⌈target·n⌉.
//
// A seat or veto that matches no member is EINVALID.
func (r Rule) Game(members []Member) (Game, []int, error) {
	find := func(name string) (int, bool) {
		if id, ok := strings.CutPrefix(name, "#"); ok {
			if v, err := strconv.ParseInt(id, 10, 64); err == nil {
				for i, m := range members {
					if m.ID == v {
						return i, true
					}
				}
			}
		}
		for i, m := range members {
			if strings.EqualFold(m.Name, name) {
				return i, true
			}
		}
		return -1, false
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
	case Committee:
		ws := make([]float64, len(r.Voters))
		players := make([]int, len(r.Voters))
		names := make([]string, len(r.Voters))
		for j, v := range r.Voters {
			i, ok := find(v.Name)
			if !ok {
				return Game{}, nil, ally.Errorf(ally.EINVALID, "committee seat %q is not a member of the initiative", v.Name)
			}
			ws[j], players[j], names[j] = v.Weight, i, v.Name
		}
		g, err := NewGameFloat(r.Quota, ws)
		g.Names = names
		return g, players, err
	case Unanimity:
		return all(func(int) int64 { return 1 }, n)
	case Consensus:
		if len(r.Vetoes) == 0 {
			return all(func(int) int64 { return 1 }, n)
		}
		veto := make([]bool, len(members))
		var k int64
		for _, name := range r.Vetoes {
			i, ok := find(name)
			if !ok {
				return Game{}, nil, ally.Errorf(ally.EINVALID, "veto holder %q is not a member of the initiative", name)
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
	case Adoption:
		return all(func(int) int64 { return 1 }, int64(math.Ceil(r.Target*float64(n)-1e-9)))
	}
	return Game{}, nil, ally.Errorf(ally.EINVALID, "unknown decision rule %q", string(r.Kind))
}
