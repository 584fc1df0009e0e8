package ally

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Stance is a person's position on an initiative.
type Stance string

// Stances, from most to least supportive.
const (
	StanceChampion  Stance = "champion"
	StanceSupporter Stance = "supporter"
	StanceNeutral   Stance = "neutral"
	StanceUnknown   Stance = "unknown"
	StanceSkeptic   Stance = "skeptic"
	StanceBlocker   Stance = "blocker"
)

// Stances lists the stances from most to least supportive.
var Stances = []Stance{StanceChampion, StanceSupporter, StanceNeutral, StanceUnknown, StanceSkeptic, StanceBlocker}

var stanceEnum = enum{"stance", []string{"champion", "supporter", "neutral", "unknown", "skeptic", "blocker"}}

// Validate reports an error unless s is a known stance.
func (s Stance) Validate() error { return stanceEnum.check(string(s)) }

// Supports reports whether the stance counts as support.
func (s Stance) Supports() bool { return s == StanceChampion || s == StanceSupporter }

// Score places the stance on a scale from +2 (champion) to -2 (blocker);
// unknown counts as neutral.
func (s Stance) Score() int {
	switch s {
	case StanceChampion:
		return 2
	case StanceSupporter:
		return 1
	case StanceSkeptic:
		return -1
	case StanceBlocker:
		return -2
	}
	return 0
}

// Outcome is how an initiative ended.
type Outcome string

// Outcomes.
const (
	OutcomeOpen      Outcome = "open"
	OutcomeWon       Outcome = "won"
	OutcomeLost      Outcome = "lost"
	OutcomeAbandoned Outcome = "abandoned"
)

var outcomeEnum = enum{"outcome", []string{"open", "won", "lost", "abandoned"}}

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
			return Errorf(EINVALID, "rule: a committee needs --weights P=W,…")
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

// String renders the rule in the syntax ParseRule reads, with person ids.
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

// Initiative is a goal that needs a coalition.
type Initiative struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	Purpose string    `json:"purpose,omitempty"`
	WinWin  string    `json:"win_win,omitempty"`
	Rule    Rule      `json:"rule"`
	Target  time.Time `json:"target,omitzero"`
	Outcome Outcome   `json:"outcome"`
	Created time.Time `json:"created"`
	Example bool      `json:"example,omitempty"`
}

// Validate reports the first invalid field of the initiative.
func (g *Initiative) Validate() error {
	g.Purpose, g.WinWin = unixLines(g.Purpose), unixLines(g.WinWin)
	if err := requireText("name", g.Name, 200, oneLine); err != nil {
		return err
	}
	if err := limitText("purpose", g.Purpose, 10_000, manyLines); err != nil {
		return err
	}
	if err := limitText("win-win", g.WinWin, 10_000, manyLines); err != nil {
		return err
	}
	if g.Outcome == "" {
		g.Outcome = OutcomeOpen
	}
	if err := outcomeEnum.check(string(g.Outcome)); err != nil {
		return err
	}
	if !g.Target.IsZero() {
		if err := checkDate("target", g.Target); err != nil {
			return err
		}
	}
	if err := checkDate("created", g.Created); err != nil {
		return err
	}
	return g.Rule.Validate()
}

// Stake is a person's place in an initiative.
type Stake struct {
	InitiativeID int64          `json:"initiative_id"`
	PersonID     int64          `json:"person_id"`
	Stance       Stance         `json:"stance"`
	Power        int            `json:"power"`    // 1–5
	Interest     int            `json:"interest"` // 1–5
	WIIFM        string         `json:"wiifm,omitempty"`
	Ask          string         `json:"ask,omitempty"`
	Next         string         `json:"next,omitempty"`
	History      []StanceChange `json:"history,omitempty"`
	Updated      time.Time      `json:"updated"`
}

// StanceChange records one change of stance.
type StanceChange struct {
	At   time.Time `json:"at"`
	From Stance    `json:"from,omitempty"` // "" for the first recorded stance
	To   Stance    `json:"to"`
}

// Validate reports the first invalid field of the stake.
func (s *Stake) Validate() error {
	if s.Stance == "" {
		s.Stance = StanceUnknown
	}
	if err := s.Stance.Validate(); err != nil {
		return err
	}
	if err := checkRating("power", s.Power, 1, 5); err != nil {
		return err
	}
	if err := checkRating("interest", s.Interest, 1, 5); err != nil {
		return err
	}
	// The ask and the next step are shown in the stakeholder table, so
	// they are one line; what is in it for them is prose.
	s.WIIFM = unixLines(s.WIIFM)
	for _, f := range []struct {
		n, v      string
		multiline bool
	}{{"wiifm", s.WIIFM, manyLines}, {"ask", s.Ask, oneLine}, {"next", s.Next, oneLine}} {
		if err := limitText(f.n, f.v, 10_000, f.multiline); err != nil {
			return err
		}
	}
	return nil
}
