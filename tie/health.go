package tie

import (
	"fmt"
	"math"
	"time"

	"github.com/allyhq/ally"
)

// Label names the state of a relationship.
type Label string

// Health labels. Ended is not computed: it is the user's status, shown as is.
const (
	LabelThriving Label = "thriving"
	LabelSteady   Label = "steady"
	LabelCooling  Label = "cooling"
	LabelStrained Label = "strained"
	LabelDormant  Label = "dormant"
	// LabelNew: no contact with Me recorded yet. Not dormant (nothing went
	// quiet) and not cooling: the move is to introduce oneself (today's
	// agenda suggests it, with a purpose), not to reconnect.
	LabelNew   Label = "new"
	LabelEnded Label = "ended"
)

// Health part names and their maximum points; the maxima sum to 100.
const (
	PartRecency     = "recency"
	PartReciprocity = "reciprocity"
	PartReliability = "reliability"
	PartTrust       = "trust"

	MaxRecency     = 30
	MaxReciprocity = 20
	MaxReliability = 30
	MaxTrust       = 20
)

// Thresholds of the labels: see Health.
const (
	ThrivingAt = 75 // total at or above, and contact within the cadence
	SteadyAt   = 55
	// DormantCadences: no contact for this many cadences (or for the
	// active window when the tier has no cadence) is dormant.
	DormantCadences = 3
)

// HealthInput is what Health needs about Me and one person: the
// relationship the user recorded, the pair aggregate of their interactions,
// the workspace normaliser, and the exchanges and commitments between them
// (others in the slices are ignored). Every part is O(1) or linear in the
// pair's own ledger and commitments, so health needs no workspace scan.
type HealthInput struct {
	MeID         int64             `json:"me_id"`
	PersonID     int64             `json:"person_id"`
	Relationship ally.Relationship `json:"relationship"`
	Pair         PairAgg           `json:"pair"` // zero when they have never interacted
	Norm         Normaliser        `json:"norm"`
	Exchanges    []ally.Exchange   `json:"exchanges"`
	Commitments  []ally.Commitment `json:"commitments"`
}

// HealthPart is one visible part of the health score.
type HealthPart struct {
	Name     string  `json:"name"`
	Points   int     `json:"points"`   // round(Fraction · Max)
	Max      int     `json:"max"`      // the part's weight
	Fraction float64 `json:"fraction"` // 0–1
	Explain  string  `json:"explain"`
}

// HealthResult is the explained health of Me's relationship with a person.
// Total is exactly the sum of the parts' points.
type HealthResult struct {
	PersonID    int64          `json:"person_id"`
	Total       int            `json:"total"` // 0–100
	Parts       []HealthPart   `json:"parts"`
	Label       Label          `json:"label"`
	LabelReason string         `json:"label_reason"`
	Tier        ally.Tier      `json:"tier"`
	Status      ally.RelStatus `json:"status"`
	Cadence     time.Duration  `json:"cadence"`               // 0: the tier has none
	LastContact time.Time      `json:"last_contact,omitzero"` // zero: never
	Since       time.Duration  `json:"since"`                 // now − LastContact (0 when never)
	Strength    StrengthParts  `json:"strength"`
	Scaled      float64        `json:"scaled"` // strength normalised to 0–1
	Balance     Balance        `json:"balance"`
	Mine        Reliability    `json:"mine"`   // Me's commitments to the person
	Theirs      Reliability    `json:"theirs"` // the person's commitments to Me
}

// Cooling reports whether Me's relationship needs reconnecting: Health
// labels it cooling (the last contact is older than the tier's cadence, or
// the score is under SteadyAt) or dormant (no contact at all, or none for
// DormantCadences cadences). It is the one definition of a cooling tie:
// today's agenda asks Me to reconnect with the key allies and allies for
// whom it holds, and goal plan with the supporters. The cadences are the
// tier's (Params.Cadence, `ally config tie.cadence.*`); a strained or
// ended relationship is not cooling, it has a label of its own, and so has
// a new one (LabelNew: no contact yet), which asks for an introduction.
func (h HealthResult) Cooling() bool { return h.Label == LabelCooling || h.Label == LabelDormant }

// Strained reports whether the relationship is strained, by the user's
// status or by its health (trust 1–2, unreliable promises, a one-sided
// ledger): such a tie gets its repair step first and no asks (Debts).
func (h HealthResult) Strained() bool { return h.Label == LabelStrained }

// Part returns the part with the name, or a zero part.
func (h HealthResult) Part(name string) HealthPart {
	for _, p := range h.Parts {
		if p.Name == name {
			return p
		}
	}
	return HealthPart{}
}

// Health scores Me's relationship with one person at now, 0–100, as the sum
// of four parts the user can see:
//
//   - recency (30): 1 while the last contact is within the tier's cadence,
//     then halving every further cadence, 2^(−(since − cadence)/cadence);
//     0 without any contact; 0.5 (neutral) for a tier with no cadence.
//   - reciprocity (20): 1 − |Net|/(Given + Received + 2) of the decayed,
//     size-weighted ledger (the +2 keeps one small favour from swinging
//     it); 0.5 when nothing was exchanged yet.
//   - reliability (30): the mean of the Beta-smoothed reliability both
//     ways, Me's to them and theirs to Me (see Reliability).
//   - trust (20): (trust − 1)/4 for the user's 1–5 rating; 0.5 unrated.
//
// Each part's points are round(fraction · max) and Total is their sum.
//
// Label, first rule that applies: status ended or strained set by the user
// (it overrides); new with no contact recorded yet; dormant with none for DormantCadences
// cadences (the active window for a tier without cadence); strained with
// trust 1–2, a reliability either way under 0.5 or a reciprocity fraction
// under 0.3; cooling when the last contact is older than the cadence;
// thriving from ThrivingAt points, steady from SteadyAt, cooling below.
func Health(in HealthInput, now time.Time, p Params) HealthResult {
	rel := in.Relationship
	if rel.Tier == "" {
		rel.Tier = ally.TierNetwork
	}
	if rel.Status == "" {
		rel.Status = ally.StatusEngaged
	}
	h := HealthResult{PersonID: in.PersonID, Tier: rel.Tier, Status: rel.Status}
	cad, hasCad := p.CadenceOf(rel.Tier)
	if hasCad {
		h.Cadence = cad
	}
	pair := in.Pair
	if pair.Count > 0 && pair.A != 0 && !isPairOf(pair, in.MeID, in.PersonID) {
		pair = PairAgg{} // not theirs: treat as no contact
	}
	h.Strength = Strength(pair, now, p)
	h.Scaled = in.Norm.Scale(h.Strength.Raw)
	contacted := pair.Count > 0
	if contacted {
		h.LastContact = pair.Last
		if now.After(pair.Last) {
			h.Since = now.Sub(pair.Last)
		}
	}

	// Recency.
	rec := HealthPart{Name: PartRecency, Max: MaxRecency}
	switch {
	case !contacted:
		rec.Fraction, rec.Explain = 0, "no contact recorded"
	case !hasCad:
		rec.Fraction = 0.5
		rec.Explain = fmt.Sprintf("last contact %s ago; the %s tier has no cadence, so recency is neutral", days(h.Since), rel.Tier)
	case h.Since <= cad:
		rec.Fraction = 1
		rec.Explain = fmt.Sprintf("last contact %s ago, within the %s cadence of %s", days(h.Since), rel.Tier, days(cad))
	default:
		rec.Fraction = math.Exp2(-float64(h.Since-cad) / float64(cad))
		rec.Explain = fmt.Sprintf("last contact %s ago, %s past the %s cadence of %s (halves every further cadence)",
			days(h.Since), days(h.Since-cad), rel.Tier, days(cad))
	}

	// Reciprocity.
	h.Balance = Ledger(in.MeID, in.PersonID, in.Exchanges, now, p)
	rcp := HealthPart{Name: PartReciprocity, Max: MaxReciprocity}
	if h.Balance.GaveCount+h.Balance.GotCount == 0 {
		rcp.Fraction, rcp.Explain = 0.5, "nothing exchanged yet (neutral)"
	} else {
		b := h.Balance
		rcp.Fraction = 1 - math.Abs(b.Net)/(b.Given+b.Received+2)
		rcp.Explain = b.Explain()
	}

	// Reliability.
	h.Mine = ReliabilityOf(in.Commitments, in.MeID, in.PersonID, now, p)
	h.Theirs = ReliabilityOf(in.Commitments, in.PersonID, in.MeID, now, p)
	rlb := HealthPart{Name: PartReliability, Max: MaxReliability,
		Fraction: (h.Mine.Score + h.Theirs.Score) / 2,
		Explain:  fmt.Sprintf("mine %s; theirs %s", h.Mine.Explain(), h.Theirs.Explain())}

	// Trust.
	tr := HealthPart{Name: PartTrust, Max: MaxTrust}
	if rel.Trust >= 1 && rel.Trust <= 5 {
		tr.Fraction = float64(rel.Trust-1) / 4
		tr.Explain = fmt.Sprintf("rated %d of 5", rel.Trust)
	} else {
		tr.Fraction, tr.Explain = 0.5, "not rated (neutral)"
	}

	h.Parts = []HealthPart{rec, rcp, rlb, tr}
	for i := range h.Parts {
		pt := &h.Parts[i]
		pt.Fraction = math.Max(0, math.Min(1, pt.Fraction))
		pt.Points = int(math.Round(pt.Fraction * float64(pt.Max)))
		h.Total += pt.Points
	}
	h.Label, h.LabelReason = label(h, rel, hasCad, contacted, rcp.Fraction, p)
	return h
}

func isPairOf(a PairAgg, x, y int64) bool {
	return (a.A == x && a.B == y) || (a.A == y && a.B == x)
}

func label(h HealthResult, rel ally.Relationship, hasCad, contacted bool, rcp float64, p Params) (Label, string) {
	switch rel.Status {
	case ally.StatusEnded:
		return LabelEnded, "ended by you"
	case ally.StatusStrained:
		return LabelStrained, "marked strained by you"
	}
	if !contacted {
		return LabelNew, "no contact recorded yet: introduce yourself"
	}
	if hasCad && h.Since > DormantCadences*h.Cadence {
		return LabelDormant, fmt.Sprintf("no contact for %s, over %d cadences of %s", days(h.Since), DormantCadences, days(h.Cadence))
	}
	if !hasCad && h.Since > p.ActiveWindow {
		return LabelDormant, fmt.Sprintf("no contact for %s, beyond the active window of %s", days(h.Since), days(p.ActiveWindow))
	}
	switch {
	case rel.Trust >= 1 && rel.Trust <= 2:
		return LabelStrained, fmt.Sprintf("trust rated %d of 5", rel.Trust)
	case h.Mine.Score < 0.5:
		return LabelStrained, fmt.Sprintf("my reliability to them is %.2f", h.Mine.Score)
	case h.Theirs.Score < 0.5:
		return LabelStrained, fmt.Sprintf("their reliability to me is %.2f", h.Theirs.Score)
	case rcp < 0.3:
		return LabelStrained, "the ledger is one-sided: " + h.Balance.Explain()
	}
	if hasCad && h.Since > h.Cadence {
		return LabelCooling, fmt.Sprintf("last contact %s ago, beyond the cadence of %s", days(h.Since), days(h.Cadence))
	}
	switch {
	case h.Total >= ThrivingAt:
		return LabelThriving, fmt.Sprintf("%d points, at least %d, and in touch", h.Total, ThrivingAt)
	case h.Total >= SteadyAt:
		return LabelSteady, fmt.Sprintf("%d points, at least %d", h.Total, SteadyAt)
	}
	return LabelCooling, fmt.Sprintf("%d points, under %d", h.Total, SteadyAt)
}
