package ally_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally"
)

// day is a date at midnight UTC.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// checkErr fails unless err has the wanted code and, when want is not empty,
// a message containing want. An empty code means no error is expected.
func checkErr(t *testing.T, err error, code, want string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("want %s error containing %q, got nil", code, want)
	}
	if got := ally.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q (error: %v)", got, code, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q does not contain %q", err, want)
	}
}

func TestPersonValidate(t *testing.T) {
	tests := []struct {
		name   string
		p      ally.Person
		code   string
		msg    string
		emails []string // after normalisation, when valid
	}{
		{name: "minimal", p: ally.Person{Name: "Ana"}},
		{name: "name trimmed", p: ally.Person{Name: "  Ana  "}},
		{name: "empty name", p: ally.Person{Name: "  "}, code: ally.EINVALID, msg: "name is required"},
		{name: "long name", p: ally.Person{Name: strings.Repeat("x", 201)}, code: ally.EINVALID, msg: "limit is 200"},
		{name: "name at limit", p: ally.Person{Name: strings.Repeat("é", 200)}},
		{name: "invalid utf8 title", p: ally.Person{Name: "Ana", Title: "\xff"}, code: ally.EINVALID, msg: "title is not valid UTF-8"},
		{
			name:   "emails normalised and deduplicated",
			p:      ally.Person{Name: "Ana", Emails: []string{" Ana@Example.COM ", "ana@example.com", "", "a2@x.org", "A2@X.org"}},
			emails: []string{"ana@example.com", "a2@x.org"},
		},
		{name: "display-name email", p: ally.Person{Name: "Ana", Emails: []string{"Ana <ana@example.com>"}}, code: ally.EINVALID, msg: "not a valid address"},
		{name: "no at", p: ally.Person{Name: "Ana", Emails: []string{"ana.example.com"}}, code: ally.EINVALID, msg: `"ana.example.com" is not a valid address`},
		{name: "no domain", p: ally.Person{Name: "Ana", Emails: []string{"ana@"}}, code: ally.EINVALID, msg: "not a valid address"},
		{name: "no local part", p: ally.Person{Name: "Ana", Emails: []string{"@example.com"}}, code: ally.EINVALID, msg: "not a valid address"},
		{name: "two addresses", p: ally.Person{Name: "Ana", Emails: []string{"a@x.org, b@x.org"}}, code: ally.EINVALID, msg: "not a valid address"},
		{name: "inner space", p: ally.Person{Name: "Ana", Emails: []string{"a b@x.org"}}, code: ally.EINVALID, msg: "not a valid address"},
		{name: "level too high", p: ally.Person{Name: "Ana", Level: 51}, code: ally.EINVALID, msg: "level 51"},
		{name: "level negative", p: ally.Person{Name: "Ana", Level: -1}, code: ally.EINVALID, msg: "level -1"},
		{name: "level 50", p: ally.Person{Name: "Ana", Level: 50}},
		{name: "override", p: ally.Person{Name: "Ana", DirOverride: ally.DirUp}},
		{name: "bad override", p: ally.Person{Name: "Ana", DirOverride: "sideways"}, code: ally.EINVALID, msg: `direction "sideways"`},
		{name: "own manager", p: ally.Person{ID: 7, Name: "Ana", ManagerID: 7}, code: ally.EINVALID, msg: "own manager"},
		{name: "manager of new person", p: ally.Person{Name: "Ana", ManagerID: 7}},
		{name: "notes too long", p: ally.Person{Name: "Ana", Notes: strings.Repeat("n", 100_001)}, code: ally.EINVALID, msg: "notes is 100001"},
		{name: "good tags", p: ally.Person{Name: "Ana", Tags: []ally.Tag{{Kind: ally.TagSkill, Value: " Go "}, {Kind: ally.TagCurrency, Value: "Recognition"}}}},
		{name: "bad tag kind", p: ally.Person{Name: "Ana", Tags: []ally.Tag{{Kind: "hobby", Value: "chess"}}}, code: ally.EINVALID, msg: `tag kind "hobby"`},
		{name: "bad currency tag", p: ally.Person{Name: "Ana", Tags: []ally.Tag{{Kind: ally.TagCurrency, Value: "money"}}}, code: ally.EINVALID, msg: `currency "money"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			err := p.Validate()
			checkErr(t, err, tt.code, tt.msg)
			if err != nil {
				return
			}
			if p.Name != strings.TrimSpace(tt.p.Name) {
				t.Errorf("name = %q, want it trimmed", p.Name)
			}
			if tt.emails != nil && !reflect.DeepEqual(p.Emails, tt.emails) {
				t.Errorf("emails = %q, want %q", p.Emails, tt.emails)
			}
		})
	}
}

// Validate must not rewrite the caller's email slice in place.
func TestPersonValidateKeepsInputSlice(t *testing.T) {
	in := []string{"B@X.ORG", "b@x.org"}
	p := ally.Person{Name: "Bo", Emails: in}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if in[0] != "B@X.ORG" || in[1] != "b@x.org" {
		t.Errorf("input slice changed to %q", in)
	}
	if !reflect.DeepEqual(p.Emails, []string{"b@x.org"}) {
		t.Errorf("emails = %q", p.Emails)
	}
}

func TestTagValidate(t *testing.T) {
	tests := []struct {
		tag   ally.Tag
		code  string
		msg   string
		value string
	}{
		{tag: ally.Tag{Kind: ally.TagInterest, Value: " Sailing "}, value: "sailing"},
		{tag: ally.Tag{Kind: ally.TagGoal, Value: "Promotion"}, value: "promotion"},
		{tag: ally.Tag{Kind: ally.TagSkill, Value: "SQL"}, value: "sql"},
		{tag: ally.Tag{Kind: ally.TagCurrency, Value: "Visibility"}, value: "visibility"},
		{tag: ally.Tag{Kind: ally.TagCurrency, Value: "position"}, value: "position"}, // a family is its own currency
		{tag: ally.Tag{Kind: ally.TagCurrency, Value: "cash"}, code: ally.EINVALID, msg: `currency "cash" is not one of`},
		{tag: ally.Tag{Kind: ally.TagSkill, Value: "  "}, code: ally.EINVALID, msg: "skill is required"},
		{tag: ally.Tag{Kind: ally.TagSkill, Value: strings.Repeat("s", 101)}, code: ally.EINVALID, msg: "limit is 100"},
		{tag: ally.Tag{Kind: "", Value: "x"}, code: ally.EINVALID, msg: "tag kind"},
		{tag: ally.Tag{Kind: "Skill", Value: "x"}, code: ally.EINVALID, msg: `tag kind "Skill"`},
	}
	for _, tt := range tests {
		t.Run(string(tt.tag.Kind)+"/"+tt.tag.Value, func(t *testing.T) {
			tag := tt.tag
			err := tag.Validate()
			checkErr(t, err, tt.code, tt.msg)
			if err == nil && tag.Value != tt.value {
				t.Errorf("value = %q, want %q", tag.Value, tt.value)
			}
		})
	}
}

func TestCurrencyFamily(t *testing.T) {
	for c, want := range map[string]string{
		"recognition": "position", "help": "task", "vision": "inspiration", "gratitude": "personal",
		"understanding": "relationship", "task": "task", "money": "", "": "",
	} {
		if got := ally.CurrencyFamily(c); got != want {
			t.Errorf("CurrencyFamily(%q) = %q, want %q", c, got, want)
		}
	}
}

func TestInteractionValidate(t *testing.T) {
	at := day(2024, 3, 1)
	two := func() []ally.Participant {
		return []ally.Participant{{PersonID: 1, Role: ally.RoleInitiator}, {PersonID: 2, Role: ally.RoleTo}}
	}
	tests := []struct {
		name string
		in   ally.Interaction
		code string
		msg  string
	}{
		{name: "valid", in: ally.Interaction{Kind: ally.ChanEmail, At: at, Participants: two()}},
		{name: "no initiator", in: ally.Interaction{Kind: ally.ChanMeeting, At: at, Participants: []ally.Participant{{PersonID: 1, Role: ally.RoleTo}, {PersonID: 2, Role: ally.RoleCC}}}},
		{name: "bad kind", in: ally.Interaction{Kind: "fax", At: at, Participants: two()}, code: ally.EINVALID, msg: `kind "fax"`},
		{name: "no date", in: ally.Interaction{Kind: ally.ChanCall, Participants: two()}, code: ally.EINVALID, msg: "at is required"},
		{name: "date out of range", in: ally.Interaction{Kind: ally.ChanCall, At: day(1899, 12, 31), Participants: two()}, code: ally.EINVALID, msg: "out of range"},
		{name: "bad source", in: ally.Interaction{Kind: ally.ChanCall, At: at, Source: "pigeon", Participants: two()}, code: ally.EINVALID, msg: `source "pigeon"`},
		{name: "one participant", in: ally.Interaction{Kind: ally.ChanCall, At: at, Participants: two()[:1]}, code: ally.EINVALID, msg: "at least one other"},
		{name: "person twice", in: ally.Interaction{Kind: ally.ChanCall, At: at, Participants: []ally.Participant{{PersonID: 1, Role: ally.RoleInitiator}, {PersonID: 1, Role: ally.RoleTo}}}, code: ally.EINVALID, msg: "person 1 is listed twice"},
		{name: "zero person", in: ally.Interaction{Kind: ally.ChanCall, At: at, Participants: []ally.Participant{{PersonID: 1, Role: ally.RoleInitiator}, {Role: ally.RoleTo}}}, code: ally.EINVALID, msg: "participant without a person"},
		{name: "two initiators", in: ally.Interaction{Kind: ally.ChanCall, At: at, Participants: []ally.Participant{{PersonID: 1, Role: ally.RoleInitiator}, {PersonID: 2, Role: ally.RoleInitiator}}}, code: ally.EINVALID, msg: "at most one initiator"},
		{name: "bad role", in: ally.Interaction{Kind: ally.ChanCall, At: at, Participants: []ally.Participant{{PersonID: 1, Role: ally.RoleInitiator}, {PersonID: 2, Role: "bcc"}}}, code: ally.EINVALID, msg: `participant role "bcc"`},
		{name: "long subject", in: ally.Interaction{Kind: ally.ChanCall, At: at, Participants: two(), Subject: strings.Repeat("s", 1001)}, code: ally.EINVALID, msg: "subject is 1001"},
		{name: "long external id", in: ally.Interaction{Kind: ally.ChanCall, At: at, Participants: two(), ExternalID: strings.Repeat("e", 501)}, code: ally.EINVALID, msg: "external id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			err := in.Validate()
			checkErr(t, err, tt.code, tt.msg)
			if err == nil && in.Source != ally.SourceManual {
				t.Errorf("source = %q, want the default %q", in.Source, ally.SourceManual)
			}
		})
	}
}

func TestInteractionInitiator(t *testing.T) {
	in := ally.Interaction{Participants: []ally.Participant{{PersonID: 4, Role: ally.RoleTo}, {PersonID: 9, Role: ally.RoleInitiator}}}
	if got := in.Initiator(); got != 9 {
		t.Errorf("Initiator() = %d, want 9", got)
	}
	in.Participants[1].Role = ally.RoleCC
	if got := in.Initiator(); got != 0 {
		t.Errorf("Initiator() without one = %d, want 0", got)
	}
}

func TestExchangeValidate(t *testing.T) {
	at := day(2024, 3, 1)
	tests := []struct {
		name string
		e    ally.Exchange
		code string
		msg  string
	}{
		{name: "defaults", e: ally.Exchange{At: at, FromID: 1, ToID: 2, What: "review"}},
		{name: "full", e: ally.Exchange{At: at, FromID: 1, ToID: 2, What: "intro", Kind: ally.GaveIntroduction, Size: ally.SizeLarge, Currency: "contacts"}},
		{name: "no what", e: ally.Exchange{At: at, FromID: 1, ToID: 2}, code: ally.EINVALID, msg: "what is required"},
		{name: "bad kind", e: ally.Exchange{At: at, FromID: 1, ToID: 2, What: "x", Kind: "money"}, code: ally.EINVALID, msg: `kind "money"`},
		{name: "bad size", e: ally.Exchange{At: at, FromID: 1, ToID: 2, What: "x", Size: "huge"}, code: ally.EINVALID, msg: `size "huge"`},
		{name: "bad currency", e: ally.Exchange{At: at, FromID: 1, ToID: 2, What: "x", Currency: "cash"}, code: ally.EINVALID, msg: `currency "cash"`},
		{name: "same person", e: ally.Exchange{At: at, FromID: 1, ToID: 1, What: "x"}, code: ally.EINVALID, msg: "two different people"},
		{name: "no receiver", e: ally.Exchange{At: at, FromID: 1, What: "x"}, code: ally.EINVALID, msg: "two different people"},
		{name: "no date", e: ally.Exchange{FromID: 1, ToID: 2, What: "x"}, code: ally.EINVALID, msg: "at is required"},
		{name: "far future", e: ally.Exchange{At: day(2200, 1, 1), FromID: 1, ToID: 2, What: "x"}, code: ally.EINVALID, msg: "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.e
			err := e.Validate()
			checkErr(t, err, tt.code, tt.msg)
			if err == nil && (e.Kind == "" || e.Size == "") {
				t.Errorf("defaults not applied: kind %q size %q", e.Kind, e.Size)
			}
		})
	}
	e := ally.Exchange{At: at, FromID: 1, ToID: 2, What: "x"}
	if err := e.Validate(); err != nil || e.Kind != ally.GaveHelp || e.Size != ally.SizeSmall {
		t.Errorf("defaults: kind %q size %q err %v, want help, small", e.Kind, e.Size, err)
	}
}

func TestSizeWeight(t *testing.T) {
	for s, w := range map[ally.Size]float64{ally.SizeSmall: 1, ally.SizeMedium: 2, ally.SizeLarge: 4, "": 1} {
		if got := s.Weight(); got != w {
			t.Errorf("%q.Weight() = %g, want %g", s, got, w)
		}
	}
}

func TestCommitmentValidate(t *testing.T) {
	due, created := day(2024, 3, 10), day(2024, 3, 1)
	tests := []struct {
		name string
		c    ally.Commitment
		code string
		msg  string
	}{
		{name: "open", c: ally.Commitment{FromID: 1, ToID: 2, What: "deck", Due: due, Created: created}},
		{name: "kept", c: ally.Commitment{FromID: 1, ToID: 2, What: "deck", Due: due, Created: created, Status: ally.CommitKept, Closed: due}},
		{name: "kept without closed", c: ally.Commitment{FromID: 1, ToID: 2, What: "deck", Due: due, Created: created, Status: ally.CommitKept}, code: ally.EINVALID, msg: "closed is required"},
		{name: "late is derived, not stored", c: ally.Commitment{FromID: 1, ToID: 2, What: "deck", Due: due, Created: created, Status: ally.CommitLate}, code: ally.EINVALID, msg: `status "late"`},
		{name: "no what", c: ally.Commitment{FromID: 1, ToID: 2, Due: due, Created: created}, code: ally.EINVALID, msg: "what is required"},
		{name: "same person", c: ally.Commitment{FromID: 2, ToID: 2, What: "x", Due: due, Created: created}, code: ally.EINVALID, msg: "two different people"},
		{name: "no due", c: ally.Commitment{FromID: 1, ToID: 2, What: "x", Created: created}, code: ally.EINVALID, msg: "due is required"},
		{name: "no created", c: ally.Commitment{FromID: 1, ToID: 2, What: "x", Due: due}, code: ally.EINVALID, msg: "created is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c
			err := c.Validate()
			checkErr(t, err, tt.code, tt.msg)
			if err == nil && c.Status == "" {
				t.Error("status left empty")
			}
		})
	}
}

func TestCommitmentState(t *testing.T) {
	due := day(2024, 3, 10)
	tests := []struct {
		name   string
		status ally.CommitmentStatus
		now    time.Time
		want   ally.CommitmentStatus
	}{
		{"open before due", ally.CommitOpen, day(2024, 3, 9), ally.CommitOpen},
		{"open at start of due day", ally.CommitOpen, due, ally.CommitOpen},
		{"open late on due day", ally.CommitOpen, due.Add(23*time.Hour + 59*time.Minute + 59*time.Second), ally.CommitOpen},
		{"open in last second of due day", ally.CommitOpen, due.Add(24*time.Hour - time.Millisecond), ally.CommitOpen},
		{"open next day", ally.CommitOpen, day(2024, 3, 11), ally.CommitLate},
		{"open a month later", ally.CommitOpen, day(2024, 4, 10), ally.CommitLate},
		{"kept stays kept", ally.CommitKept, day(2024, 4, 10), ally.CommitKept},
		{"broken stays broken", ally.CommitBroken, day(2024, 4, 10), ally.CommitBroken},
		{"released stays released", ally.CommitReleased, day(2024, 4, 10), ally.CommitReleased},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ally.Commitment{Due: due, Status: tt.status}
			if got := c.State(tt.now); got != tt.want {
				t.Errorf("State(%s) = %q, want %q", tt.now.Format(time.RFC3339Nano), got, tt.want)
			}
		})
	}
}

func TestCommitmentOnTime(t *testing.T) {
	due := day(2024, 3, 10)
	tests := []struct {
		name   string
		status ally.CommitmentStatus
		closed time.Time
		want   bool
	}{
		{"kept early", ally.CommitKept, day(2024, 3, 2), true},
		{"kept on due day evening", ally.CommitKept, due.Add(22 * time.Hour), true},
		{"kept in last second of due day", ally.CommitKept, due.Add(24*time.Hour - time.Millisecond), true},
		{"kept next day", ally.CommitKept, day(2024, 3, 11), false},
		{"broken before due", ally.CommitBroken, day(2024, 3, 2), false},
		{"open", ally.CommitOpen, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ally.Commitment{Due: due, Status: tt.status, Closed: tt.closed}
			if got := c.OnTime(); got != tt.want {
				t.Errorf("OnTime() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRelationshipValidate(t *testing.T) {
	tests := []struct {
		name string
		r    ally.Relationship
		code string
		msg  string
	}{
		{name: "defaults", r: ally.Relationship{PersonID: 1}},
		{name: "full", r: ally.Relationship{PersonID: 1, Tier: ally.TierKeyAlly, Status: ally.StatusAlly, Roles: []ally.RelRole{ally.RoleMentor, ally.RoleSponsor}, Trust: 5}},
		{name: "bad tier", r: ally.Relationship{PersonID: 1, Tier: "vip"}, code: ally.EINVALID, msg: `tier "vip"`},
		{name: "bad status", r: ally.Relationship{PersonID: 1, Status: "friends"}, code: ally.EINVALID, msg: `status "friends"`},
		{name: "bad role", r: ally.Relationship{PersonID: 1, Roles: []ally.RelRole{"boss"}}, code: ally.EINVALID, msg: `role "boss"`},
		{name: "role twice", r: ally.Relationship{PersonID: 1, Roles: []ally.RelRole{ally.RoleMentor, ally.RoleMentor}}, code: ally.EINVALID, msg: "listed twice"},
		{name: "trust 6", r: ally.Relationship{PersonID: 1, Trust: 6}, code: ally.EINVALID, msg: "trust 6 is out of range (1 to 5)"},
		{name: "trust negative", r: ally.Relationship{PersonID: 1, Trust: -1}, code: ally.EINVALID, msg: "trust -1"},
		{name: "long note", r: ally.Relationship{PersonID: 1, Note: strings.Repeat("n", 10_001)}, code: ally.EINVALID, msg: "note is 10001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			err := r.Validate()
			checkErr(t, err, tt.code, tt.msg)
			if err == nil && (r.Tier == "" || r.Status == "") {
				t.Errorf("defaults not applied: tier %q status %q", r.Tier, r.Status)
			}
		})
	}
	r := ally.Relationship{PersonID: 1}
	if err := r.Validate(); err != nil || r.Tier != ally.TierNetwork || r.Status != ally.StatusEngaged {
		t.Errorf("defaults: %q %q %v, want network, engaged", r.Tier, r.Status, err)
	}
	r.Roles = []ally.RelRole{ally.RolePartner}
	if !r.HasRole(ally.RolePartner) || r.HasRole(ally.RoleMentor) {
		t.Error("HasRole is wrong")
	}
}

func TestRuleValidate(t *testing.T) {
	tests := []struct {
		name string
		r    ally.Rule
		code string
		msg  string
	}{
		{name: "none", r: ally.Rule{}},
		{name: "unanimity", r: ally.Rule{Kind: ally.RuleUnanimity}},
		{name: "committee", r: ally.Rule{Kind: ally.RuleCommittee, Quota: 3, Weights: map[int64]float64{1: 1, 2: 2}}},
		{name: "committee quota equals total", r: ally.Rule{Kind: ally.RuleCommittee, Quota: 3, Weights: map[int64]float64{1: 1.5, 2: 1.5}}},
		{name: "committee quota above total", r: ally.Rule{Kind: ally.RuleCommittee, Quota: 3.5, Weights: map[int64]float64{1: 1, 2: 2}}, code: ally.EINVALID, msg: "quota 3.5 must be positive and at most the total weight 3"},
		{name: "committee zero quota", r: ally.Rule{Kind: ally.RuleCommittee, Weights: map[int64]float64{1: 1}}, code: ally.EINVALID, msg: "quota 0"},
		{name: "committee NaN quota", r: ally.Rule{Kind: ally.RuleCommittee, Quota: math.NaN(), Weights: map[int64]float64{1: 1}}, code: ally.EINVALID, msg: "quota NaN"},
		{name: "committee without weights", r: ally.Rule{Kind: ally.RuleCommittee, Quota: 1}, code: ally.EINVALID, msg: "a committee needs each voter's weight"},
		{name: "committee zero weight", r: ally.Rule{Kind: ally.RuleCommittee, Quota: 1, Weights: map[int64]float64{1: 1, 2: 0}}, code: ally.EINVALID, msg: "weight of person 2 must be positive, got 0"},
		{name: "committee negative weight", r: ally.Rule{Kind: ally.RuleCommittee, Quota: 1, Weights: map[int64]float64{5: -2, 2: 4}}, code: ally.EINVALID, msg: "weight of person 5 must be positive, got -2"},
		{name: "committee NaN weight", r: ally.Rule{Kind: ally.RuleCommittee, Quota: 1, Weights: map[int64]float64{3: math.NaN()}}, code: ally.EINVALID, msg: "weight of person 3"},
		{name: "committee infinite weight", r: ally.Rule{Kind: ally.RuleCommittee, Quota: 1, Weights: map[int64]float64{3: math.Inf(1)}}, code: ally.EINVALID, msg: "weight of person 3 is +Inf: weights are at most 1000000"},
		{name: "committee huge weights", r: ally.Rule{Kind: ally.RuleCommittee, Quota: 3, Weights: map[int64]float64{1: 1e308, 2: 1e308}}, code: ally.EINVALID, msg: "is 1e+308: weights are at most 1000000"},
		{name: "committee weight above the range", r: ally.Rule{Kind: ally.RuleCommittee, Quota: 3, Weights: map[int64]float64{1: 1_000_001}}, code: ally.EINVALID, msg: "weight of person 1 is 1.000001e+06"},
		{name: "committee weight at the range's end", r: ally.Rule{Kind: ally.RuleCommittee, Quota: 3, Weights: map[int64]float64{1: 1_000_000}}},
		{name: "committee infinite quota", r: ally.Rule{Kind: ally.RuleCommittee, Quota: math.Inf(1), Weights: map[int64]float64{1: 1}}, code: ally.EINVALID, msg: "quota +Inf"},
		{name: "consensus", r: ally.Rule{Kind: ally.RuleConsensus, Vetoes: []int64{4}}},
		{name: "consensus without veto", r: ally.Rule{Kind: ally.RuleConsensus}, code: ally.EINVALID, msg: "at least one veto"},
		{name: "adoption", r: ally.Rule{Kind: ally.RuleAdoption, Share: 0.6}},
		{name: "adoption everyone", r: ally.Rule{Kind: ally.RuleAdoption, Share: 1}},
		{name: "adoption zero", r: ally.Rule{Kind: ally.RuleAdoption}, code: ally.EINVALID, msg: "share 0 must be in (0, 1]"},
		{name: "adoption percent", r: ally.Rule{Kind: ally.RuleAdoption, Share: 60}, code: ally.EINVALID, msg: "share 60"},
		{name: "adoption negative", r: ally.Rule{Kind: ally.RuleAdoption, Share: -0.1}, code: ally.EINVALID, msg: "share -0.1"},
		{name: "unknown kind", r: ally.Rule{Kind: "dictator"}, code: ally.EINVALID, msg: `rule "dictator"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			checkErr(t, r.Validate(), tt.code, tt.msg)
		})
	}
}

func TestRuleString(t *testing.T) {
	tests := []struct {
		r    ally.Rule
		want string
	}{
		{ally.Rule{Kind: ally.RuleCommittee, Quota: 2.5, Weights: map[int64]float64{7: 1, 3: 1.5, 12: 2}}, "committee quota=2.5 weights=3=1.5,7=1,12=2"},
		{ally.Rule{Kind: ally.RuleConsensus, Vetoes: []int64{4, 2}}, "consensus veto=4,2"},
		{ally.Rule{Kind: ally.RuleAdoption, Share: 0.75}, "adoption share=0.75"},
		{ally.Rule{Kind: ally.RuleUnanimity}, "unanimity"},
		{ally.Rule{}, ""},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestInitiativeValidate(t *testing.T) {
	created := day(2024, 1, 1)
	tests := []struct {
		name string
		g    ally.Initiative
		code string
		msg  string
	}{
		{name: "minimal", g: ally.Initiative{Name: "Platform", Created: created}},
		{name: "with target and rule", g: ally.Initiative{Name: "Platform", Created: created, Target: day(2024, 6, 1), Rule: ally.Rule{Kind: ally.RuleAdoption, Share: 0.5}}},
		{name: "no name", g: ally.Initiative{Created: created}, code: ally.EINVALID, msg: "name is required"},
		{name: "bad outcome", g: ally.Initiative{Name: "P", Created: created, Outcome: "tied"}, code: ally.EINVALID, msg: `outcome "tied"`},
		{name: "target out of range", g: ally.Initiative{Name: "P", Created: created, Target: day(2300, 1, 1)}, code: ally.EINVALID, msg: "target 2300-01-01 is out of range"},
		{name: "no created", g: ally.Initiative{Name: "P"}, code: ally.EINVALID, msg: "created is required"},
		{name: "long purpose", g: ally.Initiative{Name: "P", Created: created, Purpose: strings.Repeat("p", 10_001)}, code: ally.EINVALID, msg: "purpose is 10001"},
		{name: "bad rule", g: ally.Initiative{Name: "P", Created: created, Rule: ally.Rule{Kind: ally.RuleCommittee, Quota: 9, Weights: map[int64]float64{1: 1}}}, code: ally.EINVALID, msg: "quota 9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.g
			err := g.Validate()
			checkErr(t, err, tt.code, tt.msg)
			if err == nil && g.Outcome != ally.OutcomeOpen {
				t.Errorf("outcome = %q, want the default open", g.Outcome)
			}
		})
	}
}

func TestStakeValidate(t *testing.T) {
	tests := []struct {
		name string
		s    ally.Stake
		code string
		msg  string
	}{
		{name: "defaults stance", s: ally.Stake{Power: 3, Interest: 3}},
		{name: "bounds", s: ally.Stake{Stance: ally.StanceBlocker, Power: 1, Interest: 5}},
		{name: "power 0", s: ally.Stake{Power: 0, Interest: 3}, code: ally.EINVALID, msg: "power 0 is out of range (1 to 5)"},
		{name: "power 6", s: ally.Stake{Power: 6, Interest: 3}, code: ally.EINVALID, msg: "power 6"},
		{name: "interest 0", s: ally.Stake{Power: 3, Interest: 0}, code: ally.EINVALID, msg: "interest 0"},
		{name: "interest 6", s: ally.Stake{Power: 3, Interest: 6}, code: ally.EINVALID, msg: "interest 6"},
		{name: "bad stance", s: ally.Stake{Stance: "hostile", Power: 3, Interest: 3}, code: ally.EINVALID, msg: `stance "hostile"`},
		{name: "long ask", s: ally.Stake{Power: 3, Interest: 3, Ask: strings.Repeat("a", 10_001)}, code: ally.EINVALID, msg: "ask is 10001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.s
			err := s.Validate()
			checkErr(t, err, tt.code, tt.msg)
			if err == nil && s.Stance == "" {
				t.Error("stance left empty")
			}
		})
	}
	s := ally.Stake{Power: 2, Interest: 2}
	if err := s.Validate(); err != nil || s.Stance != ally.StanceUnknown {
		t.Errorf("default stance = %q (%v), want unknown", s.Stance, err)
	}
}

func TestStanceScoreAndSupport(t *testing.T) {
	want := map[ally.Stance]struct {
		score    int
		supports bool
	}{
		ally.StanceChampion: {2, true}, ally.StanceSupporter: {1, true}, ally.StanceNeutral: {0, false},
		ally.StanceUnknown: {0, false}, ally.StanceSkeptic: {-1, false}, ally.StanceBlocker: {-2, false},
	}
	if len(ally.Stances) != len(want) {
		t.Fatalf("Stances has %d entries, want %d", len(ally.Stances), len(want))
	}
	for i, s := range ally.Stances {
		if s.Score() != want[s].score || s.Supports() != want[s].supports {
			t.Errorf("%s: score %d supports %v, want %+v", s, s.Score(), s.Supports(), want[s])
		}
		if i > 0 && s.Score() > ally.Stances[i-1].Score() {
			t.Errorf("Stances not ordered from most to least supportive at %s", s)
		}
	}
}

func TestRepairPlanValidate(t *testing.T) {
	opened := day(2024, 2, 1)
	tests := []struct {
		name string
		r    ally.RepairPlan
		code string
		msg  string
	}{
		{name: "valid", r: ally.RepairPlan{PersonID: 1, Cause: "missed launch", Opened: opened, Steps: []ally.RepairStep{{Due: day(2024, 2, 8), What: "coffee"}}}},
		{name: "no cause", r: ally.RepairPlan{PersonID: 1, Opened: opened}, code: ally.EINVALID, msg: "cause is required"},
		{name: "no opened", r: ally.RepairPlan{PersonID: 1, Cause: "x"}, code: ally.EINVALID, msg: "opened is required"},
		{name: "empty step", r: ally.RepairPlan{PersonID: 1, Cause: "x", Opened: opened, Steps: []ally.RepairStep{{Due: opened}}}, code: ally.EINVALID, msg: "step is required"},
		{name: "step without due", r: ally.RepairPlan{PersonID: 1, Cause: "x", Opened: opened, Steps: []ally.RepairStep{{What: "call"}}}, code: ally.EINVALID, msg: "step due is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			checkErr(t, r.Validate(), tt.code, tt.msg)
		})
	}
}

func TestWorkspaceValidate(t *testing.T) {
	checkErr(t, (&ally.Workspace{Name: "team"}).Validate(), "", "")
	checkErr(t, (&ally.Workspace{Name: " "}).Validate(), ally.EINVALID, "workspace name is required")
}

func TestEnumValidators(t *testing.T) {
	for _, d := range ally.Directions {
		checkErr(t, d.Validate(), "", "")
	}
	for _, c := range ally.Channels {
		checkErr(t, c.Validate(), "", "")
	}
	checkErr(t, ally.Direction("Up").Validate(), ally.EINVALID, "up, down, across, outside")
	checkErr(t, ally.Tier("ally").Validate(), "", "")
	checkErr(t, ally.Tier("friend").Validate(), ally.EINVALID, `tier "friend"`)
	checkErr(t, ally.RelStatus("ended").Validate(), "", "")
	checkErr(t, ally.RelRole("mentee").Validate(), "", "")
	checkErr(t, ally.Channel("").Validate(), ally.EINVALID, `kind ""`)
}

func TestValidEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"ana@example.com":       true,
		"ana.lima+ally@ex.co":   true,
		"Ana <ana@example.com>": false,
		"ana@":                  false,
		"@example.com":          false,
		"ana":                   false,
		"ana@exa mple.com":      false,
		" ana@example.com":      false,
		"":                      false,
	} {
		if got := ally.ValidEmail(s); got != want {
			t.Errorf("ValidEmail(%q) = %v, want %v", s, got, want)
		}
	}
	if got := ally.NormalizeEmail("  Ana@Example.COM "); got != "ana@example.com" {
		t.Errorf("NormalizeEmail = %q", got)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-03-01", day(2024, 3, 1)},
		{"  2024-03-01\n", day(2024, 3, 1)},
		{"2024-03-01T09:30:00Z", time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"2024-03-01T09:30:00+02:00", time.Date(2024, 3, 1, 7, 30, 0, 0, time.UTC)},
		{"2024-03-01T23:30:00-05:00", time.Date(2024, 3, 2, 4, 30, 0, 0, time.UTC)},
		{"2024-03-01T09:30", time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"1900-01-01", day(1900, 1, 1)},
		{"2199-12-31", day(2199, 12, 31)},
		{"2024-02-29", day(2024, 2, 29)},
	}
	for _, tt := range tests {
		got, err := ally.ParseDate("due", tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v, want %v in UTC", tt.in, got, tt.want)
		}
	}

	bad := []struct{ in, msg string }{
		{"", `due "" is not a date`},
		{"tomorrow", `due "tomorrow" is not a date`},
		{"2024-13-01", "is not a date"},
		{"2023-02-29", "is not a date"},
		{"01/03/2024", "is not a date"},
		{"2024-3-1", "is not a date"},
		{"2024-03-01 09:30", "is not a date"},
		{"1899-12-31", "due 1899-12-31 is out of range (1900 to 2199)"},
		{"2200-01-01", "due 2200-01-01 is out of range"},
		{"0000-01-01", "out of range"},
		{"9999-12-31T00:00:00Z", "out of range"},
		{"2199-12-31T23:00:00-05:00", "out of range"}, // 2200-01-01 in UTC
		{"1900-01-01T00:30:00+01:00", "out of range"}, // 1899-12-31 in UTC
		{"2200-01-01T00:00", "out of range"},
	}
	for _, tt := range bad {
		_, err := ally.ParseDate("due", tt.in)
		if err == nil {
			t.Errorf("ParseDate(%q) succeeded, want an error", tt.in)
			continue
		}
		if ally.ErrorCode(err) != ally.EINVALID || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("ParseDate(%q) = %v (%s), want EINVALID containing %q", tt.in, err, ally.ErrorCode(err), tt.msg)
		}
	}
}

// FuzzParseDate checks that ParseDate never panics, fails only with
// EINVALID, and returns only dates in the sane range, in UTC.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2024-03-01", "2024-03-01T09:30:00Z", "2024-03-01T09:30:00+02:00", "2024-03-01T09:30",
		"1900-01-01", "2199-12-31", "1899-12-31", "2200-01-01", "0000-01-01", "9999-12-31T23:59:59-23:59",
		"2199-12-31T23:59:59-23:59", "", " ", "x", "2024-02-30", "2024-03-01T24:00:00Z", "\xff\xfe",
	} {
		f.Add(s)
	}
	lo, hi := day(1900, 1, 1), day(2200, 1, 1)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ally.ParseDate("date", s)
		if err != nil {
			var e *ally.Error
			if !errors.As(err, &e) || e.Code != ally.EINVALID {
				t.Fatalf("ParseDate(%q) error %v is not EINVALID", s, err)
			}
			return
		}
		if got.Before(lo) || !got.Before(hi) {
			t.Fatalf("ParseDate(%q) = %v, outside 1900 to 2199", s, got)
		}
		if got.Location() != time.UTC {
			t.Fatalf("ParseDate(%q) = %v, not in UTC", s, got)
		}
	})
}

func TestErrorCodeAndMessage(t *testing.T) {
	plain := errors.New("disk on fire")
	tests := []struct {
		name string
		err  error
		code string
		msg  string
	}{
		{"nil", nil, "", ""},
		{"plain error", plain, ally.EINTERNAL, "disk on fire"},
		{"internal", ally.Errorf(ally.EINTERNAL, "oops"), ally.EINTERNAL, "oops"},
		{"usage", ally.Errorf(ally.EUSAGE, "bad flag"), ally.EUSAGE, "bad flag"},
		{"not found", ally.Errorf(ally.ENOTFOUND, "no %s", "ana"), ally.ENOTFOUND, "no ana"},
		{"invalid", ally.Errorf(ally.EINVALID, "bad"), ally.EINVALID, "bad"},
		{"conflict", ally.Errorf(ally.ECONFLICT, "dup"), ally.ECONFLICT, "dup"},
		{"forbidden", ally.Errorf(ally.EFORBIDDEN, "no"), ally.EFORBIDDEN, "no"},
		{"unauthorized", ally.Errorf(ally.EUNAUTHORIZED, "who"), ally.EUNAUTHORIZED, "who"},
		{"interrupted", ally.Errorf(ally.EINTERRUPTED, "stopped"), ally.EINTERRUPTED, "stopped"},
		{"unknown code", ally.Errorf("weird", "w"), "weird", "w"},
		{"wrapped", fmt.Errorf("open: %w", ally.Errorf(ally.ENOTFOUND, "missing")), ally.ENOTFOUND, "missing"},
		{"joined", errors.Join(plain, ally.Errorf(ally.ECONFLICT, "dup")), ally.ECONFLICT, "dup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ally.ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := ally.ErrorMessage(tt.err); got != tt.msg {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.msg)
			}
		})
	}
}
