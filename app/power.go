package app

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/allyhq/ally"
	"github.com/allyhq/ally/coalition"
)

// Voting power of any weighted game.

// PowerInput is a weighted voting game [quota; weights] to analyse.
type PowerInput struct {
	Quota   float64
	Weights []float64
	Names   []string // optional, one per weight
	// Sample > 0 estimates the indices from that many samples instead of
	// counting exactly (for games beyond the exact method).
	Sample int
	Seed   uint64
}

// PowerView is the a priori voting power of every voter of a game.
type PowerView struct {
	Quota   float64        `json:"quota"`
	Total   float64        `json:"total"`
	Method  string         `json:"method"` // "exact" or "sampled"
	Samples int            `json:"samples,omitempty"`
	Swings  *big.Int       `json:"total_swings,omitempty"`
	Voters  []*PlayerPower `json:"voters"`
	Notes   []string       `json:"notes"`
}

// PlayerPower is one voter's power. Swings is Banzhaf's count of coalitions
// that the voter turns from losing to winning; BanzhafAbs = swings/2ⁿ⁻¹,
// Banzhaf = swings/Σ swings, ShapleyShubik the share of orderings in which
// the voter is pivotal. The CI fields are 95 % half-widths of sampled
// estimates.
type PlayerPower struct {
	Name            string   `json:"name"`
	Weight          float64  `json:"weight"`
	Swings          *big.Int `json:"swings,omitempty"`
	BanzhafAbs      float64  `json:"banzhaf_abs"`
	BanzhafAbsCI    float64  `json:"banzhaf_abs_ci95,omitempty"`
	Banzhaf         float64  `json:"banzhaf"`
	ShapleyShubik   float64  `json:"shapley_shubik"`
	ShapleyShubikCI float64  `json:"shapley_shubik_ci95,omitempty"`
	Dummy           bool     `json:"dummy,omitempty"` // never decisive
	Veto            bool     `json:"veto,omitempty"`  // no coalition wins without them
}

// Power computes the Banzhaf and Shapley–Shubik power of every voter of the
// weighted voting game [quota; weights], exactly by counting coalitions, or
// by sampling when in.Sample > 0. EINVALID for a non-positive quota, a quota
// above the total weight, negative weights, or a game beyond the exact
// method's limits (its hint offers sampling).
func Power(in PowerInput) (*PowerView, error) {
	n := len(in.Weights)
	if n == 0 {
		return nil, ally.Errorf(ally.EINVALID, "give the voters' weights: one number per voter")
	}
	if in.Names != nil && len(in.Names) != n {
		return nil, ally.Errorf(ally.EINVALID, "%d names for %d weights: give one name per weight", len(in.Names), n)
	}
	names := make([]string, n)
	for i := range names {
		if in.Names != nil && strings.TrimSpace(in.Names[i]) != "" {
			names[i] = strings.TrimSpace(in.Names[i])
		} else {
			names[i] = "voter " + strconv.Itoa(i+1)
		}
	}
	total := 0.0
	for i, w := range in.Weights {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, ally.Errorf(ally.EINVALID, "weight of %s is not a finite number", names[i])
		}
		if w < 0 {
			return nil, ally.Errorf(ally.EINVALID, "weight of %s is %g: weights must not be negative", names[i], w)
		}
		total += w
	}
	if math.IsNaN(in.Quota) || !(in.Quota > 0) {
		return nil, ally.Errorf(ally.EINVALID, "quota %g must be positive: it is the weight a coalition needs to win", in.Quota)
	}
	if in.Quota > total {
		return nil, ally.Errorf(ally.EINVALID, "quota %g is above the total weight %g: no coalition could ever win", in.Quota, total)
	}
	if in.Sample < 0 {
		return nil, ally.Errorf(ally.EINVALID, "a sample of %d: the sample size must be positive", in.Sample)
	}
	g, err := coalition.NewGameFloat(in.Quota, in.Weights)
	if err != nil {
		return nil, err
	}
	g.Names = names
	v := &PowerView{Quota: in.Quota, Total: total, Voters: make([]*PlayerPower, n), Notes: []string{}}
	for i := range n {
		v.Voters[i] = &PlayerPower{Name: names[i], Weight: in.Weights[i]}
	}
	if in.Sample > 0 {
		e, err := coalition.EstimatePowerIndices(g, in.Sample, in.Seed)
		if err != nil {
			return nil, err
		}
		v.Method, v.Samples = "sampled", e.Samples
		for i, p := range v.Voters {
			p.BanzhafAbs, p.BanzhafAbsCI, p.Banzhaf = e.BanzhafAbs[i], e.BanzhafAbsCI[i], e.Banzhaf[i]
			p.ShapleyShubik, p.ShapleyShubikCI = e.ShapleyShubik[i], e.ShapleyShubikCI[i]
		}
		v.Notes = append(v.Notes, fmt.Sprintf("sampled estimate from %d random coalitions and orderings: ± is the 95%% interval", e.Samples))
	} else {
		p, err := coalition.PowerIndices(g)
		if err != nil {
			// The game is valid, so the only refusal left is its size.
			return nil, ally.Errorf(ally.EINVALID, "%d voters with quota %g is more than the exact method supports (up to %d voters and a counting table of %d words); a sampled estimate gives 95%% intervals",
				n, in.Quota, coalition.MaxExactPlayers, coalition.MaxExactWords).WithHint(ally.HintSample, "sample", "100000")
		}
		v.Method, v.Swings = "exact", p.TotalSwings
		for i, pp := range v.Voters {
			pp.Swings, pp.BanzhafAbs, pp.Banzhaf, pp.ShapleyShubik = p.Swings[i], p.BanzhafAbs[i], p.Banzhaf[i], p.ShapleyShubik[i]
			pp.Dummy = p.Swings[i].Sign() == 0
		}
		v.Notes = append(v.Notes, fmt.Sprintf("exact: counted over all %s coalitions", new(big.Int).Lsh(big.NewInt(1), uint(n)).String()))
	}
	var dummies, vetoes []string
	for i, pp := range v.Voters {
		// A veto player: the others together fall short of the quota.
		if float64(g.Total()-g.Weights[i]) < float64(g.Quota) {
			pp.Veto = true
			vetoes = append(vetoes, pp.Name)
		}
		if pp.Dummy {
			dummies = append(dummies, pp.Name)
		}
	}
	if len(vetoes) > 0 {
		v.Notes = append(v.Notes, "veto: no coalition wins without "+strings.Join(vetoes, ", "))
	}
	if len(dummies) > 0 {
		v.Notes = append(v.Notes, "no power: "+strings.Join(dummies, ", ")+" never turn a losing coalition into a winning one, whatever their weight")
	}
	return v, nil
}
