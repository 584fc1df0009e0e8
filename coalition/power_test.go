package coalition

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/allyhq/ally"
)

// brutePower enumerates all 2ⁿ coalitions: the definition, for cross-checks.
func brutePower(g Game) (swings []int64, ss []*big.Rat) {
	n := len(g.Weights)
	swings = make([]int64, n)
	ssNum := make([]*big.Int, n)
	for i := range ssNum {
		ssNum[i] = new(big.Int)
	}
	fact := func(k int) *big.Int { return new(big.Int).MulRange(1, int64(max(k, 1))) }
	for mask := 0; mask < 1<<n; mask++ {
		var w int64
		size := 0
		for i := range n {
			if mask&(1<<i) != 0 {
				w += g.Weights[i]
				size++
			}
		}
		for i := range n {
			if mask&(1<<i) == 0 && w < g.Quota && w+g.Weights[i] >= g.Quota {
				swings[i]++
				t := new(big.Int).Mul(fact(size), fact(n-1-size))
				ssNum[i].Add(ssNum[i], t)
			}
		}
	}
	ss = make([]*big.Rat, n)
	for i := range n {
		ss[i] = new(big.Rat).SetFrac(ssNum[i], fact(n))
	}
	return swings, ss
}

// Classic games with published values.
//
//   - EEC Council of Ministers 1958 [12; 4,4,4,2,2,1] (France, Germany,
//     Italy, Belgium, Netherlands, Luxembourg): Felsenthal & Machover, "The
//     Measurement of Voting Power" (1998), §2.3 and Table 2.3.4: Banzhaf
//     swings 10,10,10,6,6,0 (β = 5/21, 5/21, 5/21, 1/7, 1/7, 0) and
//     Shapley–Shubik 7/30, 7/30, 7/30, 3/20, 3/20, 0; Luxembourg is a dummy.
//   - UN Security Council since 1965 [39; 7×5, 1×10]: Shapley–Shubik
//     421/2145 ≈ 0.1963 for each permanent member and 4/2145 ≈ 0.00186 for
//     each elected one; Banzhaf swings 848 and 84 (β ≈ 0.1669 and 0.0165).
//     Felsenthal & Machover 1998, §2.3 (also Straffin, "Game Theory and
//     Strategy", 1993, ch. 8).
//   - Nassau County Board of Supervisors 1964 [58; 31,31,28,21,2,2]:
//     Banzhaf, "Weighted Voting Doesn't Work: A Mathematical Analysis",
//     Rutgers Law Review 19 (1965) 317–343: the three largest have equal
//     power and North Hempstead (21) and the two small towns are dummies.
func TestPowerIndicesClassic(t *testing.T) {
	tests := []struct {
		name   string
		quota  int64
		w      []int64
		swings []int64
		ss     []string // exact rationals
	}{
		{"EEC 1958", 12, []int64{4, 4, 4, 2, 2, 1},
			[]int64{10, 10, 10, 6, 6, 0},
			[]string{"7/30", "7/30", "7/30", "3/20", "3/20", "0"}},
		{"UN Security Council", 39, []int64{7, 7, 7, 7, 7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
			[]int64{848, 848, 848, 848, 848, 84, 84, 84, 84, 84, 84, 84, 84, 84, 84},
			[]string{"421/2145", "421/2145", "421/2145", "421/2145", "421/2145",
				"4/2145", "4/2145", "4/2145", "4/2145", "4/2145", "4/2145", "4/2145", "4/2145", "4/2145", "4/2145"}},
		{"Nassau County 1964", 58, []int64{31, 31, 28, 21, 2, 2},
			[]int64{16, 16, 16, 0, 0, 0},
			[]string{"1/3", "1/3", "1/3", "0", "0", "0"}},
		{"dictator", 5, []int64{5, 1, 1}, []int64{4, 0, 0}, []string{"1", "0", "0"}},
		{"unanimity", 3, []int64{1, 1, 1}, []int64{1, 1, 1}, []string{"1/3", "1/3", "1/3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := NewGame(tt.quota, tt.w)
			if err != nil {
				t.Fatal(err)
			}
			p, err := PowerIndices(g)
			if err != nil {
				t.Fatal(err)
			}
			bz, err := BanzhafSwings(g)
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.w {
				if p.Swings[i].Int64() != tt.swings[i] || bz[i].Int64() != tt.swings[i] {
					t.Errorf("swings[%d] = %v / %v, want %d", i, p.Swings[i], bz[i], tt.swings[i])
				}
				want, _ := new(big.Rat).SetString(tt.ss[i])
				if p.ShapleyShubikExact[i].Cmp(want) != 0 {
					t.Errorf("SS[%d] = %v, want %v", i, p.ShapleyShubikExact[i], want)
				}
			}
		})
	}
	// Published decimals for the UN Security Council.
	g, _ := NewGame(39, []int64{7, 7, 7, 7, 7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
	p, _ := PowerIndices(g)
	for _, c := range []struct{ got, want, tol float64 }{
		{p.ShapleyShubik[0], 0.1963, 5e-5}, {p.ShapleyShubik[5], 0.00186, 5e-6},
		{p.Banzhaf[0], 0.1669, 5e-5}, {p.Banzhaf[5], 0.0165, 5e-5},
	} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("UNSC: got %.6f, want %.4g", c.got, c.want)
		}
	}
}

// TestPowerIndicesBruteForce is a property test: on random small games the
// counting method equals enumeration of all 2ⁿ coalitions, exactly.
func TestPowerIndicesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := 1 + rng.IntN(12)
		w := make([]int64, n)
		var tot int64
		for i := range w {
			w[i] = int64(rng.IntN(20))
			if trial%3 == 0 {
				w[i] = int64(rng.IntN(4)) // many ties, zero weights
			}
			tot += w[i]
		}
		if tot == 0 {
			w[0], tot = 1, 1
		}
		q := 1 + rng.Int64N(tot)
		g, err := NewGame(q, w)
		if err != nil {
			t.Fatal(err)
		}
		p, err := PowerIndices(g)
		if err != nil {
			t.Fatal(err)
		}
		bz, _ := BanzhafSwings(g)
		sw, ss := brutePower(g)
		for i := range n {
			if p.Swings[i].Int64() != sw[i] || bz[i].Int64() != sw[i] || p.ShapleyShubikExact[i].Cmp(ss[i]) != 0 {
				t.Fatalf("game %v q=%d player %d: got swings %v/%v SS %v, want %d %v", w, q, i, p.Swings[i], bz[i], p.ShapleyShubikExact[i], sw[i], ss[i])
			}
		}
		var sum big.Rat
		for _, r := range p.ShapleyShubikExact {
			sum.Add(&sum, r)
		}
		if sum.Cmp(big.NewRat(1, 1)) != 0 {
			t.Fatalf("SS sums to %v", &sum)
		}
	}
}

// TestPowerIndicesLarge checks a 100-player game with counts far beyond
// 2⁵³ against closed forms: in the symmetric majority game [51; 1×100]
// each player swings C(99,50) coalitions and has Shapley–Shubik power 1/100.
// A second check: [q; 2 big + many small] against an independent formula.
func TestPowerIndicesLarge(t *testing.T) {
	w := make([]int64, 100)
	for i := range w {
		w[i] = 1
	}
	g, _ := NewGame(51, w)
	p, err := PowerIndices(g)
	if err != nil {
		t.Fatal(err)
	}
	want := new(big.Int).Binomial(99, 50)
	for i := range w {
		if p.Swings[i].Cmp(want) != 0 {
			t.Fatalf("swings %v, want %v", p.Swings[i], want)
		}
		if p.ShapleyShubikExact[i].Cmp(big.NewRat(1, 100)) != 0 {
			t.Fatalf("SS %v", p.ShapleyShubikExact[i])
		}
		wantAbs, _ := new(big.Rat).SetFrac(want, new(big.Int).Lsh(big.NewInt(1), 99)).Float64()
		if math.Abs(p.BanzhafAbs[i]-wantAbs) > 1e-15*wantAbs {
			t.Fatalf("β′ %v, want %v", p.BanzhafAbs[i], wantAbs)
		}
	}
	// 130 players needs three words per count.
	w = make([]int64, 130)
	for i := range w {
		w[i] = int64(1 + i%7)
	}
	g = Game{Weights: w}
	g.Quota = g.Total()/2 + 1
	p, err = PowerIndices(g)
	if err != nil {
		t.Fatal(err)
	}
	bz, _ := BanzhafSwings(g)
	var sum big.Rat
	for i := range w {
		if p.Swings[i].Cmp(bz[i]) != 0 {
			t.Fatalf("130 players: methods disagree at %d", i)
		}
		sum.Add(&sum, p.ShapleyShubikExact[i])
	}
	if sum.Cmp(big.NewRat(1, 1)) != 0 {
		t.Fatalf("SS sums to %v", &sum)
	}
}

func TestGameValidate(t *testing.T) {
	tests := []struct {
		name string
		q    int64
		w    []int64
	}{
		{"quota above total", 10, []int64{3, 3}},
		{"zero quota", 0, []int64{3, 3}},
		{"negative quota", -1, []int64{3, 3}},
		{"negative weight", 2, []int64{3, -1}},
		{"no voters", 1, nil},
	}
	for _, tt := range tests {
		if _, err := NewGame(tt.q, tt.w); ally.ErrorCode(err) != ally.EINVALID {
			t.Errorf("%s: err = %v, want invalid", tt.name, err)
		}
	}
	big := make([]int64, MaxExactPlayers+1)
	for i := range big {
		big[i] = 1
	}
	g, _ := NewGame(int64(len(big)/2+1), big)
	if _, err := PowerIndices(g); ally.ErrorCode(err) != ally.EINVALID {
		t.Errorf("too many players: err = %v", err)
	}
}

func TestNewGameFloat(t *testing.T) {
	g, err := NewGameFloat(5.5, []float64{2.5, 2, 1.25})
	if err != nil {
		t.Fatal(err)
	}
	if g.Quota != 550 || g.Weights[0] != 250 || g.Weights[2] != 125 {
		t.Errorf("scaled = %+v", g)
	}
	if _, err := NewGameFloat(1, []float64{math.Pi, 1}); ally.ErrorCode(err) != ally.EINVALID {
		t.Errorf("pi: err = %v", err)
	}
	if _, err := NewGameFloat(math.NaN(), []float64{1}); ally.ErrorCode(err) != ally.EINVALID {
		t.Errorf("NaN: err = %v", err)
	}
}

func TestEstimatePowerIndices(t *testing.T) {
	g, _ := NewGame(12, []int64{4, 4, 4, 2, 2, 1})
	exact, _ := PowerIndices(g)
	est, err := EstimatePowerIndices(g, 200000, 7)
	if err != nil {
		t.Fatal(err)
	}
	for i := range g.Weights {
		// Within 4 half-widths (≈8σ) plus a floor for zero-variance players.
		if d := math.Abs(est.ShapleyShubik[i] - exact.ShapleyShubik[i]); d > 2*est.ShapleyShubikCI[i]+1e-3 {
			t.Errorf("SS[%d] = %v ± %v, exact %v", i, est.ShapleyShubik[i], est.ShapleyShubikCI[i], exact.ShapleyShubik[i])
		}
		if d := math.Abs(est.BanzhafAbs[i] - exact.BanzhafAbs[i]); d > 2*est.BanzhafAbsCI[i]+1e-3 {
			t.Errorf("β′[%d] = %v ± %v, exact %v", i, est.BanzhafAbs[i], est.BanzhafAbsCI[i], exact.BanzhafAbs[i])
		}
	}
}

// BenchmarkPowerIndices100 is the performance anchor: 100 players, total
// weight 10,000 (distinct random weights), simple-majority quota.
func BenchmarkPowerIndices100(b *testing.B) {
	g := bench100Game()
	for b.Loop() {
		if _, err := PowerIndices(g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBanzhafSwings100(b *testing.B) {
	g := bench100Game()
	for b.Loop() {
		if _, err := BanzhafSwings(g); err != nil {
			b.Fatal(err)
		}
	}
}

func bench100Game() Game {
	rng := rand.New(rand.NewPCG(100, 10000))
	w := make([]int64, 100)
	var tot int64
	for i := range w {
		w[i] = 1 + rng.Int64N(199)
		tot += w[i]
	}
	// Rescale so the total is exactly 10,000.
	w[0] += 10000 - tot
	for w[0] < 1 {
		panic("bad bench weights")
	}
	g, _ := NewGame(5001, w)
	return g
}
