// Package tie is ally's pure relationship engine: tie strength between any
// two people, the health of Me's relationship with one person, the
// reciprocity ledger and reliability behind it, today's ranked agenda, the
// coverage map of Me's network and the return-on-alliances trend.
//
// # Tie strength and the aggregate trick
//
// Each interaction gives every pair of its participants a weight w (the
// channel weight, scaled down by the number of participants and for copied
// participants, see [Contributions]). The pair's decayed volume at now is
//
//	V(now) = Σᵢ wᵢ · 2^(−(now−tᵢ)/h)            (h: the half-life)
//	       = 2^(−(now−t₀)/h) · Σᵢ wᵢ · 2^((tᵢ−t₀)/h)
//
// for any fixed epoch t₀ ([Epoch], 2000-01-01 UTC). The sum on the right does
// not depend on now, so the store keeps it per unordered pair in a [PairAgg],
// updates it in O(1) when an interaction is written ([PairAgg.Add]) and
// evaluates the strength at any now in O(1) ([Strength]). The sum is kept in
// the log domain (log₂ of it) so that it can neither overflow nor underflow
// for any half-life and any date ally accepts (1900 to 2199).
//
// The raw strength multiplies the volume by a reciprocity factor (both
// sides initiate) and a multiplexity factor (several channels); a
// [Normaliser], computed once over the workspace's pairs and cached by the
// caller, maps raw strength to 0–1.
//
// # Explainable scores
//
// Every score comes with its parts: [StrengthParts], the four
// [HealthPart]s of a [HealthResult] (whose points sum to the total),
// the importance × urgency of each [AgendaItem] with its explanation, the
// findings of a [CoverageResult].
//
// # Purity
//
// The package imports only the standard library and package ally. It has no
// clock (now is always a parameter) and no randomness; results are sorted
// with ties broken by id, so the same input and now give the same output.
package tie
