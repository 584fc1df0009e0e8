package ally

import "time"

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

// Initiative is a goal that needs a coalition.
type Initiative struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	Purpose string    `json:"purpose,omitempty"`
	WinWin  string    `json:"win_win,omitempty"`
	Rule    Rule      `json:"rule"`
	Target  time.Time `json:"target,omitzero"`
	Outcome Outcome   `json:"outcome"`
	// Decided is when the outcome was recorded (zero while open, and for
	// outcomes recorded before ally kept the date): the return-on-alliances
	// view weighs the support an initiative had then.
	Decided time.Time `json:"decided,omitzero"`
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
	if !g.Decided.IsZero() {
		if g.Outcome == OutcomeOpen {
			return Errorf(EINVALID, "decided: an open initiative has no decision date")
		}
		if err := checkDate("decided", g.Decided); err != nil {
			return err
		}
		if g.Decided.Before(g.Created) {
			return Errorf(EINVALID, "decided: %s is before the initiative was created (%s)", g.Decided.Format(time.DateOnly), g.Created.Format(time.DateOnly))
		}
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
