package coalition

import (
	"math"
	"strconv"

	"github.com/allyhq/ally"
)

// Game is a weighted voting game [q; w₁, …, wₙ]: a coalition S of players
// wins when Σ_{i∈S} wᵢ ≥ q. Players are indices into Weights; Names, when
// set, is parallel to Weights and is used only in messages.
type Game struct {
	Quota   int64
	Weights []int64
	Names   []string
}

// Limits of the exact power-index methods. The dynamic programme keeps a
// table of (players × quota) multi-word counts, so the limits bound its
// memory; beyond them use [EstimatePowerIndices].
const (
	MaxExactPlayers = 400
	// MaxExactWords bounds the Shapley–Shubik counting table (players ×
	// quota × 64-bit words per count): 1<<24 words is 128 MiB.
	MaxExactWords = 1 << 24
	// MaxWeight bounds the total weight so sums never overflow and the
	// quota-wide tables stay meaningful.
	MaxWeight = 1 << 40
)

// NewGame returns the game [quota; weights] after checking it with Validate.
func NewGame(quota int64, weights []int64) (Game, error) {
	g := Game{Quota: quota, Weights: append([]int64(nil), weights...)}
	return g, g.Validate()
}

// NewGameFloat builds a game from non-integer weights by scaling the quota
// and every weight by the smallest power of ten, 10⁰ … 10⁶, that makes them
// all integers (within 1e-9 relative). Power indices are invariant under
// such scaling. Weights that need more than six decimals are rejected with
// EINVALID rather than silently rounded, because rounding can change who is
// pivotal.
func NewGameFloat(quota float64, weights []float64) (Game, error) {
	all := append([]float64{quota}, weights...)
	for _, x := range all {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return Game{}, ally.Errorf(ally.EINVALID, "weights and quota must be finite numbers")
		}
	}
	scale := 1.0
	for d := 0; d <= 6; d++ {
		ok := true
		for _, x := range all {
			y := x * scale
			if math.Abs(y-math.Round(y)) > 1e-9*math.Max(1, math.Abs(y)) || math.Abs(y) > MaxWeight {
				ok = false
				break
			}
		}
		if ok {
			w := make([]int64, len(weights))
			for i, x := range weights {
				w[i] = int64(math.Round(x * scale))
			}
			return NewGame(int64(math.Round(quota*scale)), w)
		}
		scale *= 10
	}
	return Game{}, ally.Errorf(ally.EINVALID, "weights need more than six decimal places (or exceed %d when scaled); round them to at most six decimals", int64(MaxWeight))
}

// Total returns Σ wᵢ.
func (g Game) Total() int64 {
	var t int64
	for _, w := range g.Weights {
		t += w
	}
	return t
}

// Validate reports EINVALID unless the game has at least one player, every
// weight is non-negative, the total is at most MaxWeight, and 0 < quota ≤
// total (a quota above the total means nobody can ever win; a non-positive
// one means the empty coalition wins).
func (g Game) Validate() error {
	if len(g.Weights) == 0 {
		return ally.Errorf(ally.EINVALID, "a voting game needs at least one voter")
	}
	if g.Names != nil && len(g.Names) != len(g.Weights) {
		return ally.Errorf(ally.EINVALID, "%d names for %d weights", len(g.Names), len(g.Weights))
	}
	var t int64
	for i, w := range g.Weights {
		if w < 0 {
			return ally.Errorf(ally.EINVALID, "weight of %s is %d: weights must not be negative", g.name(i), w)
		}
		if w > MaxWeight || t+w > MaxWeight {
			return ally.Errorf(ally.EINVALID, "total weight exceeds %d", int64(MaxWeight))
		}
		t += w
	}
	if g.Quota <= 0 {
		return ally.Errorf(ally.EINVALID, "quota is %d: it must be positive", g.Quota)
	}
	if g.Quota > t {
		return ally.Errorf(ally.EINVALID, "quota %d is above the total weight %d: no coalition could win", g.Quota, t)
	}
	return nil
}

func (g Game) name(i int) string {
	if i < len(g.Names) && g.Names[i] != "" {
		return strconv.Quote(g.Names[i])
	}
	return "voter " + strconv.Itoa(i)
}

// Weight returns the total weight of the players in s.
func (g Game) Weight(s []int) int64 {
	var t int64
	for _, i := range s {
		t += g.Weights[i]
	}
	return t
}
