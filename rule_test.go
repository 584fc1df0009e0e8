package ally_test

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/allyhq/ally"
)

// people resolves references as the app does, over three people: an id,
// "me", a name or an email address (case-insensitive); white space around
// a reference is dropped; an empty one is EINVALID, one that matches nobody
// ENOTFOUND. Every number is the id of a person named "#id", so that a
// rule's String form, which names people by id, reads back.
func people(ref string) (*ally.Person, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, ally.Errorf(ally.EINVALID, "person reference is empty")
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return &ally.Person{ID: id, Name: "#" + ref}, nil
	}
	switch strings.ToLower(ref) {
	case "me", "mia me":
		return &ally.Person{ID: 1, Name: "Mia Me"}, nil
	case "hain", "mary hain", "mary@acme.org":
		return &ally.Person{ID: 2, Name: "Mary Hain"}, nil
	case "kean", "steve kean":
		return &ally.Person{ID: 3, Name: "Steve Kean"}, nil
	}
	return nil, ally.Errorf(ally.ENOTFOUND, "no person matches %q", ref)
}

func TestParseRule(t *testing.T) {
	tests := []struct {
		rule, weights string
		want          ally.RuleDraft
		msg           string // the EINVALID message, when the text is refused
	}{
		{rule: "committee quota=3", weights: "Hain=2, Kean=1", want: ally.RuleDraft{Kind: ally.RuleCommittee, Quota: 3,
			Weights: []ally.RuleWeight{{Ref: "Hain", Weight: 2}, {Ref: "Kean", Weight: 1}}}},
		{rule: "quota=2.5", weights: " Mary Hain =0.5,me=1000000", want: ally.RuleDraft{Kind: ally.RuleCommittee, Quota: 2.5,
			Weights: []ally.RuleWeight{{Ref: "Mary Hain", Weight: 0.5}, {Ref: "me", Weight: 1e6}}}},
		{weights: "Hain=1", want: ally.RuleDraft{Kind: ally.RuleCommittee, Weights: []ally.RuleWeight{{Ref: "Hain", Weight: 1}}}},
		{weights: "Hain=0x1p-2", want: ally.RuleDraft{Kind: ally.RuleCommittee, Weights: []ally.RuleWeight{{Ref: "Hain", Weight: 0.25}}}},
		{rule: "  unanimity ", want: ally.RuleDraft{Kind: ally.RuleUnanimity}},
		{rule: "consensus veto=Hain,,Kean veto=me", want: ally.RuleDraft{Kind: ally.RuleConsensus, Vetoes: []string{"Hain", "Kean", "me"}}},
		{rule: "veto=Hain", want: ally.RuleDraft{Kind: ally.RuleConsensus, Vetoes: []string{"Hain"}}},
		{rule: "veto=", want: ally.RuleDraft{Kind: ally.RuleConsensus}},
		{rule: "adoption share=60%", want: ally.RuleDraft{Kind: ally.RuleAdoption, Share: 0.6}},
		{rule: "share=60", want: ally.RuleDraft{Kind: ally.RuleAdoption, Share: 0.6}},
		{rule: "share=0.25", want: ally.RuleDraft{Kind: ally.RuleAdoption, Share: 0.25}},
		{rule: "share=1", want: ally.RuleDraft{Kind: ally.RuleAdoption, Share: 1}},
		{rule: "none", want: ally.RuleDraft{}},
		{want: ally.RuleDraft{}},
		{rule: "quota=3 unanimity", want: ally.RuleDraft{Kind: ally.RuleUnanimity, Quota: 3}},
		{rule: "unanimity quota=3", want: ally.RuleDraft{Kind: ally.RuleUnanimity, Quota: 3}},
		{rule: "unanimity committee quota=1", want: ally.RuleDraft{Kind: ally.RuleCommittee, Quota: 1}},
		{rule: "none", weights: "Hain=1", want: ally.RuleDraft{Kind: ally.RuleCommittee, Weights: []ally.RuleWeight{{Ref: "Hain", Weight: 1}}}},
		{rule: "quota=Inf", want: ally.RuleDraft{Kind: ally.RuleCommittee, Quota: math.Inf(1)}},

		{rule: "quota=x", msg: `rule: quota "x" is not a number`},
		{rule: "quota", msg: `rule: quota "" is not a number`},
		{rule: "quota=1e400", msg: `rule: quota "1e400" is not a number`},
		{rule: "share=abc%", msg: `rule: share "abc%" is not a number`},
		{rule: "majority", msg: `rule: "majority" is not understood (want committee quota=Q, unanimity, consensus veto=P,…, adoption share=S)`},
		{rule: "committee=3", msg: `rule: "committee=3" is not understood`},
		{rule: "Committee quota=1", msg: `rule: "Committee" is not understood`},
		{rule: "quota=1 weights=Hain=1", msg: `rule: "weights=Hain=1" is not understood`},
		{rule: "quota=1", weights: "Hain", msg: `weights: "Hain" should be PERSON=WEIGHT`},
		{rule: "quota=1", weights: "Hain=1,", msg: `weights: "" should be PERSON=WEIGHT`},
		{rule: "quota=1", weights: ",,", msg: `weights: "" should be PERSON=WEIGHT`},
		{rule: "quota=1", weights: "Hain=x", msg: `weights: weight "x" of Hain is not a number`},
		{rule: "quota=1", weights: "Hain=Inf", msg: `weights: Hain=Inf: a weight must be a number above 0 and at most 1000000`},
		{rule: "quota=1", weights: "Hain=+Inf,Kean=1", msg: `weights: Hain=+Inf: a weight must be`},
		{rule: "quota=1", weights: "Hain=-Inf", msg: `weights: Hain=-Inf: a weight must be`},
		{rule: "quota=1", weights: "Hain=NaN", msg: `weights: Hain=NaN: a weight must be`},
		{rule: "quota=1", weights: "Hain=1e308,Kean=1e308", msg: `weights: Hain=1e308: a weight must be`},
		{rule: "quota=1", weights: "Hain=1e400", msg: `weights: Hain=1e400: a weight must be`},
		{rule: "quota=1", weights: "Hain=1000001", msg: `weights: Hain=1000001: a weight must be`},
		{rule: "quota=1", weights: "Hain=0", msg: `weights: Hain=0: a weight must be`},
		{rule: "quota=1", weights: "Hain=-1", msg: `weights: Hain=-1: a weight must be`},
		// The syntax is checked before anyone is looked up.
		{rule: "quota=1", weights: "Nobody=1,Hain=x", msg: `weights: weight "x" of Hain is not a number`},
	}
	for _, tt := range tests {
		d, err := ally.ParseRule(tt.rule, tt.weights)
		if tt.msg != "" {
			if ally.ErrorCode(err) != ally.EINVALID || !strings.HasPrefix(ally.ErrorMessage(err), tt.msg) {
				t.Errorf("ParseRule(%q, %q) err = %v, want invalid: %s", tt.rule, tt.weights, err, tt.msg)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseRule(%q, %q): %v", tt.rule, tt.weights, err)
			continue
		}
		if !reflect.DeepEqual(d, tt.want) {
			t.Errorf("ParseRule(%q, %q) = %+v, want %+v", tt.rule, tt.weights, d, tt.want)
		}
	}
}

func TestRuleDraftResolve(t *testing.T) {
	tests := []struct {
		rule, weights string
		want          ally.Rule
		code, msg     string // the error, when there is one
		hint          string
	}{
		{rule: "committee quota=3", weights: "Hain=2, Kean=1,me=1",
			want: ally.Rule{Kind: ally.RuleCommittee, Quota: 3, Weights: map[int64]float64{1: 1, 2: 2, 3: 1}}},
		{rule: "consensus veto=Hain,kean,hain", want: ally.Rule{Kind: ally.RuleConsensus, Vetoes: []int64{2, 3, 2}}},
		{rule: "adoption share=75%", want: ally.Rule{Kind: ally.RuleAdoption, Share: 0.75}},
		{rule: "unanimity", want: ally.Rule{Kind: ally.RuleUnanimity}},
		{rule: "none", want: ally.Rule{}},
		// What the kind does not use decides nothing and is left out...
		{rule: "unanimity", weights: "Hain=1", want: ally.Rule{Kind: ally.RuleUnanimity}},
		{rule: "quota=3 veto=Kean adoption share=0.5", want: ally.Rule{Kind: ally.RuleAdoption, Share: 0.5}},
		{rule: "committee quota=1 veto=Kean share=0.5", weights: "Hain=1", want: ally.Rule{Kind: ally.RuleCommittee, Quota: 1, Weights: map[int64]float64{2: 1}}},
		// ... but who it names must still be someone.
		{rule: "committee quota=1 veto=Nobody", weights: "Hain=1", code: ally.ENOTFOUND, msg: `rule: veto: no person matches "Nobody"`},
		{rule: "unanimity", weights: "Hain=1,mary@acme.org=1", code: ally.EINVALID, msg: "weights: Hain and mary@acme.org both name Mary Hain"},

		{rule: "quota=1", weights: "Hain=1,Hain=2", code: ally.EINVALID, msg: "weights: Hain and Hain both name Mary Hain: give each voter once"},
		{rule: "quota=1", weights: "Hain=1,mary@acme.org=2", code: ally.EINVALID, msg: "weights: Hain and mary@acme.org both name Mary Hain: give each voter once"},
		{rule: "quota=1", weights: "Hain=1,Nobody=1", code: ally.ENOTFOUND, msg: `weights: no person matches "Nobody"`},
		{rule: "quota=1", weights: "=1", code: ally.EINVALID, msg: "weights: person reference is empty"},
		{rule: "consensus veto=Hain,Nobody", code: ally.ENOTFOUND, msg: `rule: veto: no person matches "Nobody"`},
		{rule: "quota=1", code: ally.EINVALID, msg: "rule: a committee needs each voter's weight", hint: ally.HintGiveWeights},
		{rule: "quota=1", weights: "", code: ally.EINVALID, msg: "rule: a committee needs each voter's weight"},
		{rule: "quota=5", weights: "Hain=1", code: ally.EINVALID, msg: "rule: quota 5 must be positive and at most the total weight 1"},
		{weights: "Hain=1", code: ally.EINVALID, msg: "rule: quota 0 must be positive and at most the total weight 1"},
		{rule: "none", weights: "Hain=1", code: ally.EINVALID, msg: "rule: quota 0 must be positive"},
		{rule: "quota=Inf", weights: "Hain=1", code: ally.EINVALID, msg: "rule: quota +Inf must be positive"},
		{rule: "quota=NaN", weights: "Hain=1", code: ally.EINVALID, msg: "rule: quota NaN must be positive"},
		{rule: "consensus", code: ally.EINVALID, msg: "rule: consensus needs at least one veto holder (veto=P,…)"},
		{rule: "veto=,", code: ally.EINVALID, msg: "rule: consensus needs at least one veto holder"},
		{rule: "adoption", code: ally.EINVALID, msg: "rule: adoption share 0 must be in (0, 1]"},
		{rule: "share=NaN", code: ally.EINVALID, msg: "rule: adoption share NaN must be in (0, 1]"},
		{rule: "share=200%", code: ally.EINVALID, msg: "rule: adoption share 2 must be in (0, 1]"},
	}
	for _, tt := range tests {
		d, err := ally.ParseRule(tt.rule, tt.weights)
		if err != nil {
			t.Errorf("ParseRule(%q, %q): %v", tt.rule, tt.weights, err)
			continue
		}
		r, err := d.Resolve(people)
		if tt.code != "" {
			if ally.ErrorCode(err) != tt.code || !strings.HasPrefix(ally.ErrorMessage(err), tt.msg) {
				t.Errorf("%q, %q: err = %v (%s), want %s: %s", tt.rule, tt.weights, err, ally.ErrorCode(err), tt.code, tt.msg)
			}
			if h := ally.ErrorHint(err); tt.hint != "" && (h == nil || h.Action != tt.hint) {
				t.Errorf("%q, %q: hint %+v, want %s", tt.rule, tt.weights, h, tt.hint)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q, %q: %v", tt.rule, tt.weights, err)
			continue
		}
		if !reflect.DeepEqual(r, tt.want) {
			t.Errorf("%q, %q = %+v, want %+v", tt.rule, tt.weights, r, tt.want)
		}
	}
}

// TestRuleDraftResolveKeepsTheCause: a resolver's error keeps its code and
// hint behind the prefix, and is the cause.
func TestRuleDraftResolveKeepsTheCause(t *testing.T) {
	busy := ally.Errorf(ally.EUNAVAILABLE, "the database is busy").WithHint(ally.HintRetry)
	d, err := ally.ParseRule("quota=1", "Hain=1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Resolve(func(string) (*ally.Person, error) { return nil, busy })
	if ally.ErrorCode(err) != ally.EUNAVAILABLE || ally.ErrorMessage(err) != "weights: the database is busy" ||
		ally.ErrorHint(err) == nil || ally.ErrorHint(err).Action != ally.HintRetry || !errors.Is(err, busy) {
		t.Errorf("err = %v (%s, %+v)", err, ally.ErrorCode(err), ally.ErrorHint(err))
	}
}

// splitRule cuts a rule's String form into ParseRule's two arguments.
func splitRule(s string) (rule, weights string) {
	rule, weights, _ = strings.Cut(s, " weights=")
	return rule, weights
}

func TestRuleStringReadsBack(t *testing.T) {
	for _, r := range []ally.Rule{
		{Kind: ally.RuleCommittee, Quota: 2.5, Weights: map[int64]float64{7: 1, 3: 1.5, 12: 2}},
		{Kind: ally.RuleCommittee, Quota: 0.1, Weights: map[int64]float64{-4: 0.3, 0: 1e-6}},
		{Kind: ally.RuleConsensus, Vetoes: []int64{4, 2, 4}},
		{Kind: ally.RuleAdoption, Share: 0.75},
		{Kind: ally.RuleAdoption, Share: 1},
		{Kind: ally.RuleUnanimity},
		{},
	} {
		d, err := ally.ParseRule(splitRule(r.String()))
		if err != nil {
			t.Errorf("%q: %v", r.String(), err)
			continue
		}
		back, err := d.Resolve(people)
		if err != nil || !reflect.DeepEqual(back, r) {
			t.Errorf("%q read back as %+v, %v; want %+v", r.String(), back, err, r)
		}
	}
}

// FuzzParseRule: reading a rule never panics and every syntax error is
// EINVALID; resolving the people fails only as the resolver or a rule's
// validity does; a rule read is valid, holds a weight for every entry, and
// its String form (people by id) reads back to the same rule. The seeds
// run as a normal test.
func FuzzParseRule(f *testing.F) {
	for _, s := range [][2]string{
		{"quota=3", "Hain=2,Kean=1,me=1"}, {"quota=1", "Hain=Inf"}, {"quota=1", "Hain=1,Hain=2"},
		{"quota=1", "Hain=1e308,Kean=1e308"}, {"quota=1", "Hain=NaN"}, {"quota=Inf", "Hain=1"}, {"", "Hain=1"},
		{"committee quota=2", "Hain=1, mary@acme.org=1"}, {"quota=1", "Nobody=1"}, {"quota=1", "an=1"},
		{"quota=1", "Hain"}, {"quota=1", ",,"}, {"quota=1", "Hain=1,"}, {"unanimity", ""}, {"consensus veto=Hain", ""},
		{"adoption share=60%", ""}, {"quota=1", "=1"}, {"quota=0.5", "me=0.25,2=0.25"}, {"quota=1", "Hain=1000001"},
		{"quota=1", "Hain=0x1p-2"}, {"quota=1", "Hain=1e400"}, {"quota=1 adoption", "Hain=1"},
		{"committee quota=58", "1=31,2=31,3=28,4=21,5=2,6=2"}, {"consensus veto=4,-2,4", ""}, {"share=100", ""},
		{"none", ""}, {"", ""}, {"unanimity quota=3 veto=1 share=5%", "7=1"}, {"x=y=z", ""}, {"quota=0x10", "3=16"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, rule, weights string) {
		input := rule + " | " + weights
		d, err := ally.ParseRule(rule, weights)
		if err != nil {
			if ally.ErrorCode(err) != ally.EINVALID {
				t.Fatalf("%s: error %v is %s, not invalid", input, err, ally.ErrorCode(err))
			}
			return
		}
		for _, w := range d.Weights {
			if !ally.ValidVoteWeight(w.Weight) {
				t.Fatalf("%s: weight %v of %q", input, w.Weight, w.Ref)
			}
		}
		r, err := d.Resolve(people)
		if err != nil {
			if c := ally.ErrorCode(err); c != ally.EINVALID && c != ally.ENOTFOUND {
				t.Fatalf("%s: error %v is %s", input, err, c)
			}
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("%s: read as an invalid rule %+v: %v", input, r, err)
		}
		if math.IsNaN(r.Quota) || math.IsInf(r.Quota, 0) || math.IsNaN(r.Share) || math.IsInf(r.Share, 0) {
			t.Fatalf("%s: quota %v, share %v", input, r.Quota, r.Share)
		}
		if r.Kind == ally.RuleCommittee && len(r.Weights) != len(d.Weights) {
			t.Fatalf("%s: %d entries read as %d weights", input, len(d.Weights), len(r.Weights))
		}
		s := r.String()
		d2, err := ally.ParseRule(splitRule(s))
		if err != nil {
			t.Fatalf("%s: %q does not read back: %v", input, s, err)
		}
		back, err := d2.Resolve(people)
		if err != nil {
			t.Fatalf("%s: %q does not resolve back: %v", input, s, err)
		}
		if !reflect.DeepEqual(back, r) {
			t.Fatalf("%s: %+v → %q → %+v", input, r, s, back)
		}
	})
}
