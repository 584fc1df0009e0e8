package coalition

import (
	"slices"
)

// MovesInput is the state of an initiative that NextMoves plans from. All
// person indices are indices into Members.
type MovesInput struct {
	Members []Member
	Ask     string // the initiative's general ask, used when a member has none
	// Vote and Players (game player → member index, from RuleGame) are
	// optional: without them no pivotal moves are made.
	Vote    *VoteAnalysis
	Players []int
	Base    BaseDepth
	// PathsToBlockers maps a blocker or skeptic to warm paths whose Nodes
	// are member indices (the caller maps graph nodes to members).
	PathsToBlockers map[int][]WarmPath
	// Cooling lists supporters whose tie with Me is cooling.
	Cooling []int
}

// MoveKind names a kind of move.
type MoveKind string

// Kinds of moves, in the order of their base priority.
const (
	ShoreUp    MoveKind = "shore-up"    // a critical yes-voter whose tie is cooling
	WinSwing   MoveKind = "win-swing"   // an undecided voter whose yes alone wins
	WinLeast   MoveKind = "win-least"   // part of the least-effort winning set
	Reconnect  MoveKind = "reconnect"   // a supporter whose tie is cooling
	Approach   MoveKind = "approach"    // a blocker, through a warm path
	Deepen     MoveKind = "deepen"      // a candidate that deepens a shallow base
	EngageHigh MoveKind = "engage-high" // high power and interest, not yet yes
)

var movePriority = map[MoveKind]float64{
	ShoreUp: 100, WinSwing: 90, WinLeast: 80, Reconnect: 70, Approach: 60, Deepen: 50, EngageHigh: 40,
}

// ReasonKind names one reason for a move.
type ReasonKind string

// Kinds of reasons; the fields of [Reason] each uses are named in brackets.
const (
	ReasonCriticalCooling ReasonKind = "critical-cooling" // critical to the vote, and the tie is cooling
	ReasonSwing           ReasonKind = "swing"            // their vote alone closes the gap [Deficit]
	ReasonLeastEffort     ReasonKind = "least-effort"     // in the least-effort winning coalition [Size, Effort]
	ReasonCooling         ReasonKind = "cooling"          // a supporter whose tie is cooling
	ReasonWarmPath        ReasonKind = "warm-path"        // opposes, and a warm path reaches them [Strength, Via]
	ReasonShallowBase     ReasonKind = "shallow-base"     // would deepen a shallow base [Flag]
	ReasonManageClosely   ReasonKind = "manage-closely"   // high power and high interest, not yet yes
)

// Reason is one reason for a move as a kind and the parameters its kind
// uses; the faces put it into words. Callers decide on Kind, never on
// words.
type Reason struct {
	Kind     ReasonKind
	Deficit  int64   // swing: the weight the yes-voters lack, in the game's units
	Size     int     // least-effort: people in the coalition
	Effort   float64 // least-effort: its total effort
	Strength float64 // warm-path: the chain's strength
	Via      []int   // warm-path: the members in between
	Flag     string  // shallow-base: the Code of the base's Flag
}

// Move is one recommended action.
type Move struct {
	Person  int
	Kind    MoveKind
	Score   float64  // priority of the kind + the person's power (1–5)
	Reasons []Reason // by the priority of their kinds, strongest first
	Ask     string
	Via     []int // intermediaries, for an approach through a warm path
}

// NextMoves returns a ranked list of moves for an initiative: who, why and
// the ask (the win-win to offer is the caller's to compose, from what the
// person values). One move per person (the strongest reason
// wins; the others are kept in Reasons). Ranking: the base priority of the kind
// (shore up a critical supporter > win a swing voter > join the
// least-effort set > reconnect a cooling supporter > approach a blocker
// through a warm path > deepen a shallow base > engage a high-power,
// high-interest undecided) plus the person's power; ties by index.
// Cost O(n log n).
func NextMoves(in MovesInput) []Move {
	byPerson := map[int]*Move{}
	add := func(p int, k MoveKind, why Reason, via []int) {
		if p < 0 || p >= len(in.Members) {
			return
		}
		s := movePriority[k] + float64(in.Members[p].power())
		if m, ok := byPerson[p]; ok {
			m.Reasons = append(m.Reasons, why)
			if s > m.Score {
				m.Kind, m.Score = k, s
			}
			if m.Via == nil {
				m.Via = via
			}
			return
		}
		byPerson[p] = &Move{Person: p, Kind: k, Score: s, Reasons: []Reason{why}, Via: via}
	}
	cooling := map[int]bool{}
	for _, p := range in.Cooling {
		cooling[p] = true
	}
	member := func(player int) int {
		if player >= 0 && player < len(in.Players) {
			return in.Players[player]
		}
		return -1
	}
	if v := in.Vote; v != nil {
		for _, pl := range v.Critical {
			p := member(pl)
			if cooling[p] {
				add(p, ShoreUp, Reason{Kind: ReasonCriticalCooling}, nil)
			}
		}
		for _, pl := range v.Swing {
			add(member(pl), WinSwing, Reason{Kind: ReasonSwing, Deficit: v.Deficit}, nil)
		}
		if le := v.LeastEffort; le != nil {
			for _, pl := range le.Players {
				add(member(pl), WinLeast, Reason{Kind: ReasonLeastEffort, Size: len(le.Players), Effort: le.Effort}, nil)
			}
		}
	}
	for _, p := range in.Cooling {
		if p >= 0 && p < len(in.Members) && in.Members[p].Stance.Supports() {
			add(p, Reconnect, Reason{Kind: ReasonCooling}, nil)
		}
	}
	blockers := make([]int, 0, len(in.PathsToBlockers))
	for p := range in.PathsToBlockers {
		blockers = append(blockers, p)
	}
	slices.Sort(blockers)
	for _, p := range blockers {
		paths := in.PathsToBlockers[p]
		if len(paths) == 0 || len(paths[0].Nodes) < 2 {
			continue
		}
		best := paths[0]
		via := slices.Clone(best.Nodes[1 : len(best.Nodes)-1])
		add(p, Approach, Reason{Kind: ReasonWarmPath, Strength: best.Strength, Via: slices.Clone(via)}, via)
	}
	for _, f := range in.Base.Flags {
		for _, p := range f.Candidates {
			add(p, Deepen, Reason{Kind: ReasonShallowBase, Flag: f.Code}, nil)
		}
	}
	for i, m := range in.Members {
		if !m.Stance.Supports() && m.Stance != Blocker && QuadrantOf(m) == ManageClosely {
			add(i, EngageHigh, Reason{Kind: ReasonManageClosely}, nil)
		}
	}
	out := make([]Move, 0, len(byPerson))
	for _, m := range byPerson {
		mem := in.Members[m.Person]
		m.Ask = mem.Ask
		if m.Ask == "" {
			m.Ask = in.Ask
		}
		if m.Kind == Reconnect || m.Kind == ShoreUp {
			m.Ask = "keep them close: a check-in, no new ask"
		}
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b Move) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return a.Person - b.Person
	})
	return out
}
