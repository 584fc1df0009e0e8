package coalition

import "github.com/allyhq/ally"

// Stance is the domain's stake stance (ally.Stance): champion, supporter,
// neutral, unknown, skeptic, blocker. The alias keeps one enumeration.
type Stance = ally.Stance

// Short names for the stances, from most to least favourable.
const (
	Champion  = ally.StanceChampion
	Supporter = ally.StanceSupporter
	Neutral   = ally.StanceNeutral
	Unknown   = ally.StanceUnknown
	Skeptic   = ally.StanceSkeptic
	Blocker   = ally.StanceBlocker
)

// StanceValue is the signed weight of a stance in the net support score:
// champion +1, supporter +½, neutral and unknown 0, skeptic −½, blocker −1.
// A champion advocates, a supporter only agrees, hence the halves.
func StanceValue(s Stance) float64 {
	switch s {
	case Champion:
		return 1
	case Supporter:
		return 0.5
	case Skeptic:
		return -0.5
	case Blocker:
		return -1
	}
	return 0
}

// StanceDistance is how many "steps" separate s from a supporter: 0 for
// champion and supporter, 1 neutral, 1.5 unknown (we first have to learn
// where they stand), 3 skeptic, 6 blocker. The steps grow faster than
// linearly because turning active opposition costs far more than informing
// a neutral.
func StanceDistance(s Stance) float64 {
	switch s {
	case Champion, Supporter:
		return 0
	case Neutral:
		return 1
	case Unknown:
		return 1.5
	case Skeptic:
		return 3
	case Blocker:
		return 6
	}
	return 1.5
}

// Member is one person with a stake in an initiative, as the algorithms see
// them. Index i in a []Member is the person's identity inside this package;
// ID is the caller's key, carried through untouched.
type Member struct {
	ID         int64
	Name       string
	Department string
	Level      int    // level in the organisation (ally.Person.Level: 1 = top; 0 unknown); compared only for equality
	Stance     Stance // today's stance
	Power      int    // 1–5 (0 unknown, treated as 1)
	Interest   int    // 1–5 (0 unknown, treated as 1)
	// Currencies are what the person values (Cohen and Bradford), e.g.
	// "recognition", "help"; used to suggest the win-win.
	Currencies []string
	// WhatsInIt is what the initiative offers them, in the user's words.
	WhatsInIt string
	// Ask is what we want from them, in the user's words.
	Ask string
	// Tie is the strength of Me's tie with the person in [0,1]; 0 if none.
	Tie float64
}

// power returns Power clamped to at least 1, so unknown power still counts.
func (m Member) power() int {
	if m.Power < 1 {
		return 1
	}
	return m.Power
}

func (m Member) interest() int {
	if m.Interest < 1 {
		return 1
	}
	return m.Interest
}
