package tie

import (
	"fmt"
	"time"

	"github.com/allyhq/ally"
)

// Reliability is how well one person keeps their commitments to another,
// at now, smoothed by a Beta prior:
//
//	Score = (OnTime + LateCredit·KeptLate + PriorKept) / (n + PriorKept + PriorMissed)
//	n     = OnTime + KeptLate + Broken + Overdue
//
// A commitment kept by its due day counts 1, kept late LateCredit (0.5),
// broken 0, and one still open past its due day (Overdue) 0 until it is
// closed. Open commitments not yet due and released ones are not counted.
// With the default prior (4, 1) a person with no record scores 0.8, and
// one promise moves the score by at most 0.17. Keeping a commitment never
// lowers the score (an overdue 0 becomes LateCredit; a pending one adds a
// 1); a commitment going overdue or broken lowers it.
//
// A commitment closed after now is taken as still open at now.
type Reliability struct {
	OnTime   int     `json:"on_time"`
	KeptLate int     `json:"kept_late"`
	Broken   int     `json:"broken"`
	Overdue  int     `json:"overdue"` // open past due at now
	Pending  int     `json:"pending"` // open, not yet due
	Released int     `json:"released"`
	Score    float64 `json:"score"` // in (0, 1)
}

// N is the number of commitments that count.
func (r Reliability) N() int { return r.OnTime + r.KeptLate + r.Broken + r.Overdue }

// Explain renders the record, e.g. "0.82: 5 kept on time, 1 late, 0 broken, 1 overdue (prior 0.80)".
func (r Reliability) Explain() string {
	if r.N() == 0 {
		return fmt.Sprintf("%.2f: no commitments due yet (the prior)", r.Score)
	}
	return fmt.Sprintf("%.2f: %d kept on time, %d kept late, %d broken, %d overdue", r.Score, r.OnTime, r.KeptLate, r.Broken, r.Overdue)
}

// ReliabilityOf scores the commitments from → to in cs (to = 0: to anyone)
// at now. Cost: O(len(cs)).
func ReliabilityOf(cs []ally.Commitment, from, to int64, now time.Time, p Params) Reliability {
	var r Reliability
	for i := range cs {
		c := &cs[i]
		if c.FromID != from || (to != 0 && c.ToID != to) {
			continue
		}
		if c.Created.After(now) {
			continue
		}
		st := c.Status
		if st != ally.CommitOpen && c.Closed.After(now) {
			st = ally.CommitOpen
		}
		switch st {
		case ally.CommitKept:
			if c.OnTime() {
				r.OnTime++
			} else {
				r.KeptLate++
			}
		case ally.CommitBroken:
			r.Broken++
		case ally.CommitReleased:
			r.Released++
		default: // open
			open := *c
			open.Status = ally.CommitOpen
			if open.State(now) == ally.CommitLate {
				r.Overdue++
			} else {
				r.Pending++
			}
		}
	}
	credit := float64(r.OnTime) + p.LateCredit*float64(r.KeptLate)
	r.Score = (credit + p.PriorKept) / (float64(r.N()) + p.PriorKept + p.PriorMissed)
	return r
}
