package ally

import "time"

// RepairPlan is a plan to mend a strained relationship: its cause, dated
// steps (check-ins that appear in the agenda) and, once closed, its outcome.
type RepairPlan struct {
	ID       int64        `json:"id"`
	PersonID int64        `json:"person_id"`
	Cause    string       `json:"cause"`
	Opened   time.Time    `json:"opened"`
	Steps    []RepairStep `json:"steps,omitempty"`
	Outcome  string       `json:"outcome,omitempty"` // "" while open: repaired, ended, …
	Closed   time.Time    `json:"closed,omitzero"`
}

// RepairStep is one dated step of a repair plan.
type RepairStep struct {
	Due  time.Time `json:"due"`
	What string    `json:"what"`
	Done time.Time `json:"done,omitzero"`
}

// Validate reports the first invalid field of the plan.
func (r *RepairPlan) Validate() error {
	r.Cause = unixLines(r.Cause)
	if err := requireText("cause", r.Cause, 10_000, manyLines); err != nil {
		return err
	}
	if err := checkDate("opened", r.Opened); err != nil {
		return err
	}
	if err := limitText("outcome", r.Outcome, 200, oneLine); err != nil {
		return err
	}
	for i := range r.Steps {
		if err := requireText("step", r.Steps[i].What, 1000, oneLine); err != nil {
			return err
		}
		if err := checkDate("step due", r.Steps[i].Due); err != nil {
			return err
		}
	}
	return nil
}

// Snapshot records the metrics of the network and of each initiative at a
// date, for the return-on-alliances view. Metrics is a flat map of named
// figures so that later metrics need no migration.
type Snapshot struct {
	ID          int64               `json:"id"`
	At          time.Time           `json:"at"`
	Metrics     map[string]float64  `json:"metrics"`
	Initiatives []InitiativeSupport `json:"initiatives,omitempty"`
}

// InitiativeSupport is an initiative's state in a snapshot.
type InitiativeSupport struct {
	InitiativeID int64   `json:"initiative_id"`
	Outcome      Outcome `json:"outcome"`
	Support      float64 `json:"support"` // power-weighted support, 0–1
	Supporters   int     `json:"supporters"`
}
