// Package coalition holds the pure algorithms behind an initiative's coalition:
// turning "I need buy-in for X" into a plan.
//
// It answers five questions, each with an explained result (score parts and
// reasons, never a bare number):
//
//   - How deep is the base? [Assess] counts supporters and champions, the
//     departments and levels they span, the concentration of support
//     (Herfindahl index), the Mendelow power–interest grid, and flags a
//     shallow base with what would deepen it.
//   - Who decides, and how much does each vote weigh? A [Rule] (committee
//     with weighted votes and a quota, unanimity, consensus with vetoes,
//     broad adoption) becomes a weighted voting [Game]; [PowerIndices]
//     computes exact Banzhaf and Shapley–Shubik indices by counting, and
//     [EstimatePowerIndices] samples them when the game is too large.
//     [AnalyzeVote] finds the pivotal members given today's stances, the
//     minimal winning coalitions reachable from them and the nearest one
//     (least total [Effort]; the faces call it the smallest set of yes votes
//     within reach, and effort "how far each one is").
//   - What next? [NextMoves] ranks the moves (who and why, as [Reason]
//     values); the caller adds what Me owes each person first and the
//     win-win from what they value.
//   - Who else could help? [FindAllies] ranks candidates by BM25 text match,
//     reachability, influence, diversity and reliability.
//   - How do I reach them? [WarmPaths] returns the k strongest loopless chains
//     of ties (Yen over Dijkstra on −log strengths).
//   - Whom should I enlist so the idea spreads? [IMM] selects seeds under the
//     independent cascade model with the (1 − 1/e − ε) guarantee of Tang, Shi
//     and Xiao (2015); [GreedyCELF], [DegreeSeeds], [RandomSeeds] and
//     [EstimateSpread] are the baselines and the independent check.
//
// [NextMoves] combines these into a ranked list of moves, each with who, why,
// the win-win to offer and the ask.
//
// The package is pure: no database, no clock (time is passed in), no global
// randomness (every random algorithm takes a seed and is deterministic for it).
// People are integer indices into slices the caller owns. It imports only the
// standard library and the root package ally for its error type.
package coalition
