package coalition

import (
	"math"
	"math/big"
	"math/bits"
	"math/rand/v2"

	"github.com/allyhq/ally"
)

// PowerIndex holds the a priori voting power of every player of a [Game].
//
// Swings[i] (Banzhaf's η_i) is the number of coalitions S ∌ i that lose
// without i and win with it: q − wᵢ ≤ w(S) < q.
//
//	BanzhafAbs[i]    = η_i / 2ⁿ⁻¹        (Penrose–Banzhaf absolute index β′)
//	Banzhaf[i]       = η_i / Σⱼ ηⱼ       (normalised Banzhaf index β)
//	ShapleyShubik[i] = Σ_S |S|!(n−|S|−1)!/n! over the same swing coalitions S
//
// The float64 fields are the exact rationals (ShapleyShubikExact, Swings)
// correctly rounded, so they are accurate to half an ulp (≈1.1e-16 relative)
// whatever the size of the game.
type PowerIndex struct {
	Swings             []*big.Int
	TotalSwings        *big.Int
	BanzhafAbs         []float64
	Banzhaf            []float64
	ShapleyShubik      []float64
	ShapleyShubikExact []*big.Rat
}

// PowerIndices computes the exact Banzhaf and Shapley–Shubik indices of g by
// counting coalitions with a generating-function dynamic programme
// (Brams & Affuso 1976; Matsui & Matsui 2000, "A survey of algorithms for
// calculating power indices of weighted majority games"):
//
//	C[k][s] = number of coalitions of k players with weight s  (s < q)
//
// built by adding one player at a time, then "removing" each player i by the
// inverse recurrence C₋ᵢ[k][s] = C[k][s] − C₋ᵢ[k−1][s−wᵢ]. Counts reach 2ⁿ,
// so they are kept exactly in ⌈(n+1)/64⌉ 64-bit words each. Players with
// equal weights share one removal.
//
// Cost: O(n²·q) word operations and O(n·q·⌈n/64⌉) words of memory, with q the
// quota; about 0.1 s for 100 players and total weight 10,000. Games with more
// than MaxExactPlayers players or a table above MaxExactWords words return an
// EINVALID error naming [EstimatePowerIndices] as the alternative.
func PowerIndices(g Game) (PowerIndex, error) {
	if err := g.Validate(); err != nil {
		return PowerIndex{}, err
	}
	n := len(g.Weights)
	if err := checkExactSize(g); err != nil {
		return PowerIndex{}, err
	}
	q := int(g.Quota)
	L := n/64 + 1
	tab := newCountTable(n, q, L)
	for j, w := range g.Weights {
		tab.add(j, capWeight(w, q))
	}

	// n! and k!(n−1−k)! for the Shapley–Shubik weights.
	fact := make([]*big.Int, n+1)
	fact[0] = big.NewInt(1)
	for k := 1; k <= n; k++ {
		fact[k] = new(big.Int).Mul(fact[k-1], big.NewInt(int64(k)))
	}

	type result struct {
		swings *big.Int
		ss     *big.Rat
	}
	byWeight := map[int]result{}
	removed := newCountTable(n, q, L)
	count := make([]uint64, L)
	term := new(big.Int)
	res := PowerIndex{
		Swings:             make([]*big.Int, n),
		TotalSwings:        new(big.Int),
		BanzhafAbs:         make([]float64, n),
		Banzhaf:            make([]float64, n),
		ShapleyShubik:      make([]float64, n),
		ShapleyShubikExact: make([]*big.Rat, n),
	}
	for i, w64 := range g.Weights {
		w := capWeight(w64, q)
		r, ok := byWeight[w]
		if !ok {
			r = result{swings: new(big.Int), ss: new(big.Rat)}
			if w > 0 {
				tab.remove(removed, w)
				num := new(big.Int)
				for k := 0; k < n; k++ {
					clear(count)
					for s := max(0, q-w); s < q; s++ {
						addWords(count, removed.cell(k, s))
					}
					c := wordsToBig(count)
					if c.Sign() == 0 {
						continue
					}
					r.swings.Add(r.swings, c)
					term.Mul(fact[k], fact[n-1-k])
					term.Mul(term, c)
					num.Add(num, term)
				}
				r.ss.SetFrac(num, fact[n])
			}
			byWeight[w] = r
		}
		res.Swings[i] = new(big.Int).Set(r.swings)
		res.ShapleyShubikExact[i] = new(big.Rat).Set(r.ss)
		res.ShapleyShubik[i], _ = r.ss.Float64()
		res.TotalSwings.Add(res.TotalSwings, r.swings)
	}
	half := new(big.Int).Lsh(big.NewInt(1), uint(n-1))
	for i := range n {
		res.BanzhafAbs[i], _ = new(big.Rat).SetFrac(res.Swings[i], half).Float64()
		if res.TotalSwings.Sign() > 0 {
			res.Banzhaf[i], _ = new(big.Rat).SetFrac(res.Swings[i], res.TotalSwings).Float64()
		}
	}
	return res, nil
}

// BanzhafSwings returns the exact Banzhaf swing counts η_i of g with the
// one-dimensional generating function C[s] (coalitions of weight s < q),
// removing each distinct weight by C₋ᵢ[s] = C[s] − C₋ᵢ[s−wᵢ]. It is the
// cheaper method when only Banzhaf power is needed: O(n·q) word operations,
// O(q·⌈n/64⌉) words. It also serves as an independent check of PowerIndices.
func BanzhafSwings(g Game) ([]*big.Int, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	n := len(g.Weights)
	if n > MaxExactPlayers {
		return nil, tooLarge(g)
	}
	q := int(g.Quota)
	L := n/64 + 1
	c := make([]uint64, q*L)
	c[0] = 1
	for _, w64 := range g.Weights {
		w := capWeight(w64, q)
		for s := q - 1; s >= w; s-- {
			addWords(c[s*L:(s+1)*L], c[(s-w)*L:(s-w+1)*L])
		}
	}
	out := make([]*big.Int, n)
	byWeight := map[int]*big.Int{}
	r := make([]uint64, q*L)
	sum := make([]uint64, L)
	for i, w64 := range g.Weights {
		w := capWeight(w64, q)
		if v, ok := byWeight[w]; ok {
			out[i] = new(big.Int).Set(v)
			continue
		}
		v := new(big.Int)
		if w > 0 {
			copy(r, c)
			for s := w; s < q; s++ {
				subWords(r[s*L:(s+1)*L], r[(s-w)*L:(s-w+1)*L])
			}
			clear(sum)
			for s := max(0, q-w); s < q; s++ {
				addWords(sum, r[s*L:(s+1)*L])
			}
			v = wordsToBig(sum)
		}
		byWeight[w] = v
		out[i] = new(big.Int).Set(v)
	}
	return out, nil
}

// capWeight caps a weight at the quota: any weight ≥ q makes a lone winner,
// and the tables only track sums below q.
func capWeight(w int64, q int) int {
	if w >= int64(q) {
		return q
	}
	return int(w)
}

func checkExactSize(g Game) error {
	n := len(g.Weights)
	if n > MaxExactPlayers {
		return tooLarge(g)
	}
	words := float64(n+1) * float64(g.Quota) * float64(n/64+1)
	if words > MaxExactWords {
		return tooLarge(g)
	}
	return nil
}

func tooLarge(g Game) error {
	return ally.Errorf(ally.EINVALID,
		"game with %d voters and quota %d is too large for exact power indices (limit %d voters and %d table words); use the sampled estimate (EstimatePowerIndices), which reports a confidence interval",
		len(g.Weights), g.Quota, MaxExactPlayers, MaxExactWords)
}

// countTable is C[k][s] for k ≤ n, s < q, each count L little-endian words.
type countTable struct {
	n, q, L int
	w       []uint64
	players int // players added so far (bounds k)
}

func newCountTable(n, q, L int) *countTable {
	t := &countTable{n: n, q: q, L: L, w: make([]uint64, (n+1)*q*L)}
	t.w[0] = 1 // the empty coalition
	return t
}

func (t *countTable) row(k int) []uint64 { return t.w[k*t.q*t.L : (k+1)*t.q*t.L] }

func (t *countTable) cell(k, s int) []uint64 {
	i := (k*t.q + s) * t.L
	return t.w[i : i+t.L]
}

// add folds a player of weight w into the table:
// C[k][s] += C[k−1][s−w], k descending so C[k−1] is still the old row.
func (t *countTable) add(_ int, w int) {
	t.players++
	L := t.L
	for k := t.players; k >= 1; k-- {
		if w >= t.q {
			continue
		}
		dst := t.row(k)[w*L:]
		src := t.row(k - 1)[:(t.q-w)*L]
		addRow(dst, src, L)
	}
}

// remove writes into out the table without one player of weight w:
// C₋[0] = C[0]; C₋[k][s] = C[k][s] − C₋[k−1][s−w].
func (t *countTable) remove(out *countTable, w int) {
	copy(out.w, t.w)
	L := t.L
	if w >= t.q {
		// A lone winner never changes counts below q except through size:
		// C₋[k][s] = C[k][s] for all s < q because no coalition with the
		// player has weight below q.
		return
	}
	for k := 1; k <= t.n; k++ {
		dst := out.row(k)[w*L:]
		src := out.row(k - 1)[:(t.q-w)*L]
		subRow(dst, src, L)
	}
}

// addRow adds src into dst cell by cell (L words per cell).
func addRow(dst, src []uint64, L int) {
	switch L {
	case 1:
		dst = dst[:len(src)]
		for i, v := range src {
			dst[i] += v
		}
	case 2:
		dst = dst[:len(src)]
		for i := 0; i+1 < len(src); i += 2 {
			lo, c := bits.Add64(dst[i], src[i], 0)
			dst[i] = lo
			dst[i+1] += src[i+1] + c
		}
	default:
		for i := 0; i < len(src); i += L {
			addWords(dst[i:i+L], src[i:i+L])
		}
	}
}

func subRow(dst, src []uint64, L int) {
	switch L {
	case 1:
		dst = dst[:len(src)]
		for i, v := range src {
			dst[i] -= v
		}
	case 2:
		dst = dst[:len(src)]
		for i := 0; i+1 < len(src); i += 2 {
			lo, b := bits.Sub64(dst[i], src[i], 0)
			dst[i] = lo
			dst[i+1] -= src[i+1] + b
		}
	default:
		for i := 0; i < len(src); i += L {
			subWords(dst[i:i+L], src[i:i+L])
		}
	}
}

func addWords(dst, src []uint64) {
	var c uint64
	for i := range dst {
		dst[i], c = bits.Add64(dst[i], src[i], c)
	}
}

func subWords(dst, src []uint64) {
	var b uint64
	for i := range dst {
		dst[i], b = bits.Sub64(dst[i], src[i], b)
	}
}

func wordsToBig(w []uint64) *big.Int {
	v := new(big.Int)
	for i := len(w) - 1; i >= 0; i-- {
		v.Lsh(v, 64)
		v.Or(v, new(big.Int).SetUint64(w[i]))
	}
	return v
}

// PowerEstimate is a sampled estimate of the power indices with the
// half-width of a 95 % normal-approximation confidence interval for each
// (1.96·√(p(1−p)/m) with m samples).
type PowerEstimate struct {
	Samples         int
	BanzhafAbs      []float64
	BanzhafAbsCI    []float64
	Banzhaf         []float64 // normalised: β′ᵢ / Σ β′ (ratio estimator; no CI)
	ShapleyShubik   []float64
	ShapleyShubikCI []float64
}

// MaxSampleDraws bounds EstimatePowerIndices' work, samples × voters: one
// draw takes about 20 ns, so the largest sample runs in about 2 s. It
// still allows 1,000,000 samples (±0.001 at 95 %) of a 100-voter game.
const MaxSampleDraws = 100_000_000

// EstimatePowerIndices estimates Banzhaf and Shapley–Shubik power by Monte
// Carlo (Mann & Shapley 1960; Bachrach et al. 2010, "Approximating power
// indices: theoretical and empirical analysis"): for Shapley–Shubik it draws
// random orderings and credits the player whose arrival first reaches the
// quota; for Banzhaf it draws random coalitions (each player in with
// probability ½) and, for every player, records whether the others in the
// coalition form a swing for it. The error falls as 1/√samples: 10⁵ samples
// give ±0.003 at 95 %. Use it for games beyond the exact limits.
//
// Cost: O(samples·n), bounded by MaxSampleDraws. Deterministic for a given
// seed.
func EstimatePowerIndices(g Game, samples int, seed uint64) (PowerEstimate, error) {
	if err := g.Validate(); err != nil {
		return PowerEstimate{}, err
	}
	if samples <= 0 {
		return PowerEstimate{}, ally.Errorf(ally.EINVALID, "samples must be positive")
	}
	n := len(g.Weights)
	if samples > MaxSampleDraws/n {
		return PowerEstimate{}, ally.Errorf(ally.EINVALID, "a sample of %d for %d voters is beyond the limit of %d voter draws (a few seconds of work): sample at most %d",
			samples, n, MaxSampleDraws, MaxSampleDraws/n)
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	ssHits := make([]int, n)
	bzHits := make([]int, n)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	in := make([]bool, n)
	for range samples {
		rng.Shuffle(n, func(a, b int) { perm[a], perm[b] = perm[b], perm[a] })
		var sum int64
		for _, p := range perm {
			sum += g.Weights[p]
			if sum >= g.Quota {
				ssHits[p]++
				break
			}
		}
		sum = 0
		for i := range in {
			in[i] = rng.Uint64()&1 == 1
			if in[i] {
				sum += g.Weights[i]
			}
		}
		for i, w := range g.Weights {
			if in[i] {
				if sum >= g.Quota && sum-w < g.Quota {
					bzHits[i]++
				}
			} else if sum < g.Quota && sum+w >= g.Quota {
				bzHits[i]++
			}
		}
	}
	m := float64(samples)
	e := PowerEstimate{Samples: samples,
		BanzhafAbs: make([]float64, n), BanzhafAbsCI: make([]float64, n), Banzhaf: make([]float64, n),
		ShapleyShubik: make([]float64, n), ShapleyShubikCI: make([]float64, n)}
	var tot float64
	for i := range n {
		p := float64(bzHits[i]) / m
		e.BanzhafAbs[i], e.BanzhafAbsCI[i] = p, 1.96*math.Sqrt(p*(1-p)/m)
		tot += p
		p = float64(ssHits[i]) / m
		e.ShapleyShubik[i], e.ShapleyShubikCI[i] = p, 1.96*math.Sqrt(p*(1-p)/m)
	}
	if tot > 0 {
		for i := range n {
			e.Banzhaf[i] = e.BanzhafAbs[i] / tot
		}
	}
	return e, nil
}
